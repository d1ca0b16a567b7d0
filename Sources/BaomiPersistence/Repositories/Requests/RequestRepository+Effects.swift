import BaomiDomain
import FluentKit
import Foundation

extension RequestRepository {
    /// What a fully approved request does, in the same transaction as its last approval (DESIGN principle 5): its
    /// kind's effect (`RequestKindEffects`).
    func applyEffect(
        _ request: RequestModel, kind: RequestKind, catalogue: LevelCatalogue, actor: RequestActor,
        on database: any Database
    ) async throws {
        try await apply(
            try RequestKindEffects.effect(for: kind), request, catalogue: catalogue, actor: actor, on: database)
    }

    private func apply<Effect: RequestKindEffect>(
        _ effect: Effect, _ request: RequestModel, catalogue: LevelCatalogue, actor: RequestActor,
        on database: any Database
    ) async throws {
        try await effect.apply(
            request, payload: try effect.payload(of: request), catalogue: catalogue, actor: actor, repository: self,
            on: database)
    }

    /// What a refused or withdrawn request gives back (a loan's reservation, a batch's copies).
    func releaseEffect(
        _ request: RequestModel, kind: RequestKind, actor: AuditActor, on database: any Database
    ) async throws {
        try await RequestKindEffects.effect(for: kind).release(request, actor: actor, repository: self, on: database)
    }

    /// A supervisor confirms with their own account that the batch was destroyed (C8). When enough different
    /// supervisors have confirmed, every copy is destroyed and the batch is done; nothing can change them again.
    public func confirmDestruction(
        _ requestID: UUID, catalogue: LevelCatalogue, by actor: RequestActor, on database: any Database
    ) async throws {
        try await store.perform(
            on: database, by: actor.audit, .destructionConfirm,
            subject: AuditSubject(type: "request", id: requestID.uuidString)
        ) { transaction, trail in
            let request = try await locked(requestID, on: transaction)
            trail.subject = AuditSubject(type: "request", id: requestID.uuidString, label: request.number)
            guard request.kind == RequestKind.destroy.rawValue, request.state == RequestState.approved.rawValue else {
                throw DomainError.conflict(
                    LocalizedText(zh: "只有已批准的销毁批次才能监销确认", en: "Only an approved destruction batch can be confirmed"),
                    rule: RuleID("C8"))
            }
            if request.requesterID == actor.accountID {
                throw Refusal(
                    rule: RuleID("C8"), zh: "申请人不能担任监销人", en: "The requester cannot supervise the destruction")
            }
            let existing = try await DestructionConfirmationModel.query(on: transaction).filter(
                \.$request.$id == requestID
            ).all()
            // Once per account (409: the confirmation is there already, whether it came a minute or a moment ago).
            let confirmedAlready = DomainError.conflict(
                LocalizedText(
                    zh: "同一账号只能确认一次，监销须由两名以上不同人员分别确认",
                    en: "Each supervisor confirms once with their own account; two different people are needed"),
                rule: RuleID("C8"))
            if existing.contains(where: { $0.accountID == actor.accountID }) { throw confirmedAlready }
            let confirmation = DestructionConfirmationModel()
            confirmation.$request.id = requestID
            confirmation.accountID = actor.accountID
            confirmation.name = actor.displayName
            confirmation.confirmedAt = clock()
            do {
                try await confirmation.create(on: transaction)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                throw confirmedAlready
            }
            let needed =
                request.items.compactMap {
                    catalogue.definition(LevelID(rawValue: $0.copy.carrier.level))?.destructionSupervisors
                }.max() ?? 2
            trail.note("confirmations", "\(existing.count + 1)/\(max(2, needed))")
            if existing.count + 1 >= max(2, needed) {
                for item in request.items {
                    try await move(
                        item.copy, .confirmDestroyed, actor: actor.audit, counterpart: request.number, on: transaction)
                }
                request.state = RequestState.done.rawValue
                request.closedAt = clock()
                try await saveState(request, on: transaction)
            }
        }
    }
}
