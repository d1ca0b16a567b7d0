import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// 定密审批 (T5.1, C9): the draft is held to every rule a registration is held to, at submission (so a draft that
/// could never be registered is refused at once) and again at the last approval, which registers it exactly as a
/// direct registration does — number, copies 1…N in the requester's hands, their `make` events, the register's
/// audit record — in the approval's own transaction. Until then nothing of it is in the register.
struct ClassifyEffect: RequestKindEffect {
    typealias Kind = Classify

    func check(
        _ submission: inout Submission<Classify.Payload>, repository: RequestRepository, on database: any Database
    ) async throws {
        let draft = try Classify.draft(submission.payload, catalogue: submission.catalogue)
        submission.level = draft.level
        let carriers = CarrierRepository(store: repository.store, clock: repository.clock)
        try await carriers.checkReferences(draft, on: database)
        // Registered in the requester's name and hands: they must be one who may register it (T5.2, A2, A4).
        _ = try await carriers.checkRegistration(
            draft, holderPersonID: submission.actor.personID, actor: submission.actor.audit, now: repository.clock(),
            on: database)
    }

    func apply(
        _ request: RequestModel, payload: Classify.Payload, catalogue: LevelCatalogue, actor: RequestActor,
        repository: RequestRepository, on database: any Database
    ) async throws {
        let draft = try Classify.draft(payload, catalogue: catalogue)
        guard let requester = try await AccountModel.find(request.requesterID, on: database) else {
            throw DomainError.conflict(
                LocalizedText(zh: "申请人账号已不存在", en: "The requester's account no longer exists"), rule: RuleID("T5.1"))
        }
        let registrar = AuditActor(
            accountID: request.requesterID, name: requester.username, kind: AuditActorKind.of(roles: requester.roles),
            ip: nil)
        let carrier = try await CarrierRepository(store: repository.store, clock: repository.clock).register(
            draft, registrarPersonID: requester.$person.id, registrar: registrar, by: actor.audit, on: database)
        let carrierID = try carrier.requireID()
        // The request now names the carrier it registered and its copies as they were made (principle 12).
        request.$carrier.id = carrierID
        try await database.sql.raw(
            "UPDATE requests SET carrier_id = \(bind: carrierID) WHERE id = \(bind: try request.requireID())"
        ).run()
        let copies = try await CopyModel.query(on: database).filter(\.$carrier.$id == carrierID).with(\.$carrier)
            .sort(\.$serial).all()
        for copy in copies {
            let snapshot = try await CopySnapshot.load(copy, on: database)
            try await RequestItemModel(
                requestID: try request.requireID(), copyID: try copy.requireID(), snapshot: snapshot
            )
            .create(on: database)
        }
        request.state = RequestState.done.rawValue
        request.closedAt = repository.clock()
    }
}
