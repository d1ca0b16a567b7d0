import BaomiDomain
import FluentKit
import Foundation

/// 涉密岗位任用 (A2, A4, T8, T9, E6.6(3), A7): on submission every precondition of the post is asked without writing
/// (`PostAssignments.checkGates`: standing, the post's agreements, the pre-post training); on the last approval
/// `PostAssignments.assign` asks them again, in the approval's transaction, and puts the person on the post.
struct SecretPostEffect: RequestKindEffect {
    typealias Kind = SecretPostAppointment

    func check(
        _ submission: inout Submission<SecretPostAppointment.Payload>, repository: RequestRepository,
        on database: any Database
    ) async throws {
        guard let personID = submission.payload.personID,
            let person = try await PersonModel.find(personID, on: database)
        else {
            throw DomainError.invalid(field: "personID", rule: RuleID("A2"), zh: "人员不存在", en: "No such person")
        }
        let assignments = PostAssignments(store: repository.store, clock: repository.clock)
        let post = try await assignments.activePost(
            code: submission.payload.postCode ?? "", field: "postCode", on: database)
        if let open = try await Self.openAppointment(of: personID, excluding: submission.resubmitting, on: database) {
            throw DomainError.conflict(
                LocalizedText(
                    zh: "\(person.name)的上岗申请 \(open) 尚在审批", en: "\(person.name)'s appointment \(open) is under way"),
                rule: RuleID("A2"))
        }
        do {
            try await assignments.checkGates(person, for: post, on: database)
        } catch DomainError.invalid(let errors) {
            // The form has the person and the post: a refusal about the class or the agreements is the post's.
            throw DomainError.invalid(
                errors.map {
                    FieldError(
                        field: $0.field == "personID" ? "personID" : "postCode", rule: $0.rule, message: $0.message)
                })
        }
        submission.payload.personName = person.name
        submission.payload.postName = post.name
        submission.payload.postClass = post.postClass
        submission.payload.fromClass = person.postClass
        submission.level = try await Self.chainLevel(
            of: post.secretPostClass, catalogue: submission.catalogue, store: repository.store, on: database)
    }

    func apply(
        _ request: RequestModel, payload: SecretPostAppointment.Payload, catalogue: LevelCatalogue,
        actor: RequestActor, repository: RequestRepository, on database: any Database
    ) async throws {
        guard let personID = payload.personID, let code = payload.postCode else { return }
        try await PostAssignments(store: repository.store, clock: repository.clock).assign(
            personID: personID, postCode: code, reason: request.reason, requestNumber: request.number,
            by: actor.audit, on: database)
        request.state = RequestState.done.rawValue
        request.closedAt = repository.clock()
    }

    /// The number of another appointment of the person still being decided.
    static func openAppointment(of personID: UUID, excluding: UUID?, on database: any Database) async throws -> String?
    {
        let open = try await RequestModel.query(on: database).filter(\.$kind == RequestKind.secretPost.rawValue)
            .filter(\.$state ~~ [RequestState.submitted, .inReview, .returned].map(\.rawValue)).all()
        return open.first {
            $0.id != excluding && SecretPostAppointment.concerning(json: Data($0.payload.utf8)) == personID
        }?.number
    }

    /// The chain is the one for the highest level the post's class clears (A2), or the lowest configured level.
    static func chainLevel(
        of postClass: SecretPostClass, catalogue: LevelCatalogue, store: Store, on database: any Database
    ) async throws -> LevelDefinition {
        let maxima = try await SettingsRepository(store: store).snapshot(on: database).postClasses.maxima(of: postClass)
        if let level = (maxima[.state] ?? maxima[.commercial] ?? maxima[.work]).flatMap(catalogue.definition) {
            return level
        }
        guard let lowest = catalogue.levels.min(by: { $0.protectionWeight < $1.protectionWeight }) else {
            throw DomainError.conflict(LocalizedText(zh: "密级未配置", en: "No level is configured"), rule: nil)
        }
        return lowest
    }
}
