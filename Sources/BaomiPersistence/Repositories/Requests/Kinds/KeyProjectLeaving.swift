import BaomiDomain
import FluentKit
import Foundation

/// What T10 asks once a key member's early departure or transfer is approved, in the approving transaction: a new
/// agreement drafted for signature and a tracking file (专档) per project, each audited as its own record.
struct KeyProjectLeaving {
    let repository: RequestRepository

    func approved(
        _ person: PersonModel, projects: [KeyProjectFact], reason: TrackingFileReason, request: RequestModel,
        on day: String, agreement kind: AgreementKind, actor: RequestActor, on database: any Database
    ) async throws {
        guard !projects.isEmpty else { return }
        let personID = try person.requireID()
        let agreements = AgreementRepository(store: repository.store, clock: repository.clock)
        // One open agreement of a kind at a time (T15): an open one of the kind already awaits or binds the person,
        // and the file says so rather than the approval failing.
        let open = try await PersonAgreementModel.query(on: database).filter(\.$person.$id == personID)
            .filter(\.$kind == kind.rawValue)
            .filter(\.$state ~~ AgreementState.allCases.filter { !$0.isClosed }.map(\.rawValue)).first()
        let agreementNote: String
        if let open {
            agreementNote = "已有「\(open.agreementState?.title.zh ?? open.state)」的《\(kind.title.zh)》，须重新确认签订"
        } else {
            try await agreements.draft(kind, for: personID, by: actor.audit, on: database)
            agreementNote = "已起草《\(kind.title.zh)》待本人与单位签订"
        }
        let kindTitle = RequestKind(rawValue: request.kind)?.title.zh ?? request.kind
        let account = "经 \(request.number)「\(kindTitle)」批准，在项目结束前离开（T10）；\(agreementNote)"
        for fact in projects {
            guard let project = try await ProjectModel.find(fact.id, on: database) else { continue }
            try await repository.store.perform(
                on: database, by: actor.audit, .trackingOpen,
                subject: AuditSubject(type: "person", id: personID.uuidString, label: person.name)
            ) { transaction, trail in
                _ = try await TrackingFileRepository.open(
                    person: person, project: project, reason: reason, requestID: try request.requireID(),
                    occurredOn: day, account: account, by: actor.displayName, at: repository.clock(), trail: trail,
                    on: transaction)
            }
        }
    }
}
