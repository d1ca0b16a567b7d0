import BaomiDomain
import FluentKit
import Foundation

/// 重点项目人员调离 (T10): the member and the running key project are checked against the register and named in the
/// stored payload as they are now (principle 12); the chain is the one for the project's level. The last approval
/// opens the tracking file, takes the project out of the member's clearance through `ClearanceRepository.set` (the
/// one way a clearance changes, with its gates) and drafts a new 保密承诺书 for signature.
struct KeyProjectTransferEffect: RequestKindEffect {
    typealias Kind = KeyProjectTransfer

    func check(
        _ submission: inout Submission<KeyProjectTransfer.Payload>, repository: RequestRepository,
        on database: any Database
    ) async throws {
        let rule = KeyProjectRules.rule
        guard let personID = submission.payload.personID,
            let person = try await PersonModel.find(personID, on: database)
        else { throw DomainError.invalid(field: "personID", rule: rule, zh: "人员不存在", en: "No such person") }
        guard let projectID = submission.payload.projectID,
            let project = try await ProjectModel.find(projectID, on: database)
        else { throw DomainError.invalid(field: "projectID", rule: rule, zh: "涉密项目不存在", en: "No such project") }
        guard project.isKeyProject, ClearanceRepository.ids(person.compartments).contains(projectID) else {
            throw DomainError.invalid(
                field: "projectID", rule: rule, zh: "\(person.name)不是重点项目 \(project.code) 的成员",
                en: "\(person.name) is not a member of the key project \(project.code)")
        }
        guard KeyProjectRules.isRunning(endsOn: project.endsOn, today: ClearanceRepository.today(repository.clock()))
        else {
            throw DomainError.invalid(
                field: "projectID", rule: rule, zh: "项目 \(project.code) 已于 \(project.endsOn ?? "") 结束：直接调整涉密等级即可",
                en: "\(project.code) ended on \(project.endsOn ?? ""): change the clearance directly")
        }
        if let open = try await openTransfer(
            of: personID, projectID: projectID, except: submission.resubmitting, on: database)
        {
            throw DomainError.conflict(
                LocalizedText(
                    zh: "\(person.name)调离 \(project.code) 的申请 \(open) 尚在办理",
                    en: "\(person.name)'s transfer out of \(project.code), \(open), is under way"), rule: rule)
        }
        submission.payload.personName = person.name
        submission.payload.projectCode = project.code
        submission.payload.projectName = project.name
        submission.payload.projectEndsOn = project.endsOn
        if let level = submission.catalogue.definition(LevelID(rawValue: project.level)) {
            submission.level = level
        } else {
            submission.level = try await PersonKinds.chainLevel(
                of: person, catalogue: submission.catalogue, store: repository.store, on: database)
        }
    }

    func apply(
        _ request: RequestModel, payload: KeyProjectTransfer.Payload, catalogue: LevelCatalogue, actor: RequestActor,
        repository: RequestRepository, on database: any Database
    ) async throws {
        guard let personID = payload.personID, let projectID = payload.projectID else { return }
        try await RowLock.take(PersonModel.schema, id: personID, on: database)
        guard let person = try await PersonModel.find(personID, on: database),
            let project = try await ProjectModel.find(projectID, on: database)
        else { throw DomainError.notFound(zh: "人员或项目不存在", en: "No such person or project") }
        let held = ClearanceRepository.ids(person.compartments)
        let today = ClearanceRepository.today(repository.clock())
        if held.contains(projectID) {
            let fact = KeyProjectFact(id: projectID, code: project.code, name: project.name, endsOn: project.endsOn)
            // The file first: the clearance change below finds the leaving on record (`KeyProjectGate`).
            try await KeyProjectLeaving(repository: repository).approved(
                person, projects: [fact], reason: .transfer, request: request, on: today, agreement: .commitment,
                actor: actor, on: database)
            try await ClearanceRepository(store: repository.store, clock: repository.clock).set(
                ClearanceDraft(
                    postClass: SecretPostClass(rawValue: person.postClass) ?? .nonSecret,
                    compartments: held.filter { $0 != projectID }, groups: ClearanceRepository.ids(person.groups),
                    separationUntil: person.separationUntil,
                    reason: "重点项目人员调离 \(request.number)：调离 \(project.code)（T10）"),
                for: personID, by: actor.audit, on: database)
        }
        request.state = RequestState.done.rawValue
        request.closedAt = repository.clock()
    }

    /// The number of another transfer of the same member out of the same project still under way.
    private func openTransfer(
        of personID: UUID, projectID: UUID, except: UUID?, on database: any Database
    ) async throws -> String? {
        let open = [RequestState.submitted, .inReview, .returned, .approved].map(\.rawValue)
        let requests = try await RequestModel.query(on: database)
            .filter(\.$kind == KeyProjectTransfer.kind.rawValue).filter(\.$state ~~ open).all()
        return requests.first { request in
            guard request.id != except, let payload = KeyProjectTransfer.decodePayload(Data(request.payload.utf8))
            else { return false }
            return payload.personID == personID && payload.projectID == projectID
        }?.number
    }
}
