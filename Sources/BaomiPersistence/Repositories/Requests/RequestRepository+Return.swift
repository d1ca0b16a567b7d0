import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// 退回修改 (issue #14): an approver returns a request (`decide` with `.returnForChanges`); its requester changes the
/// reason and the facts of the kind and resubmits it, which starts a new round of review with the chain resolved
/// again. Every round's submission is kept (`request_revisions`) and so is every round's decisions.
extension RequestRepository {
    /// Resubmits with the kind's payload as a value (`RequestKindDefinition.Payload`).
    public func resubmit(
        _ requestID: UUID, reason: String, payload: some Encodable & Sendable, catalogue: LevelCatalogue,
        by actor: RequestActor, on database: any Database
    ) async throws {
        try await resubmit(
            requestID, reason: reason, payloadJSON: try JSONEncoder().encode(payload), catalogue: catalogue,
            by: actor, on: database)
    }

    /// The requester resubmits a request returned for changes: checked again as at submission, a new round of steps.
    /// `payloadJSON` is the kind's payload as changed (`RequestKindDefinition.Payload`); nil keeps it as it was.
    public func resubmit(
        _ requestID: UUID, reason: String, payloadJSON: Data?, catalogue: LevelCatalogue, by actor: RequestActor,
        on database: any Database
    ) async throws {
        try await store.perform(
            on: database, by: actor.audit, .requestResubmit,
            subject: AuditSubject(type: "request", id: requestID.uuidString)
        ) { transaction, trail in
            let request = try await locked(requestID, on: transaction)
            trail.subject = AuditSubject(type: "request", id: requestID.uuidString, label: request.number)
            guard request.requesterID == actor.accountID else {
                throw Refusal(rule: RuleID("A6"), zh: "只有申请人可以重新提交", en: "Only the requester can resubmit")
            }
            guard request.state == RequestState.returned.rawValue else {
                throw DomainError.conflict(
                    LocalizedText(zh: "只有退回修改的申请可以重新提交", en: "Only a request returned for changes is resubmitted"),
                    rule: RuleID("A6"))
            }
            if reason.trimmed.isEmpty {
                throw DomainError.invalid(field: "reason", zh: "请写明事由", en: "State the reason")
            }
            guard let kind = RequestKind(rawValue: request.kind) else { throw Self.unknownKind(request.kind) }
            try await resubmit(
                try RequestKindEffects.effect(for: kind), request, reason: reason,
                payloadJSON: payloadJSON ?? Data(request.payload.utf8), catalogue: catalogue, actor: actor,
                on: transaction)
            trail.note("round", String(request.round))
        }
    }

    private func resubmit<Effect: RequestKindEffect>(
        _ effect: Effect, _ request: RequestModel, reason: String, payloadJSON: Data, catalogue: LevelCatalogue,
        actor: RequestActor, on transaction: any Database
    ) async throws {
        typealias Kind = Effect.Kind
        let requestID = try request.requireID()
        guard let payload = Kind.decodePayload(payloadJSON) else {
            throw DomainError.invalid(
                field: "payload", zh: "申请内容不符合「\(Kind.title.zh)」的格式",
                en: "The payload is not one of a \(Kind.title.en.lowercased())")
        }
        let copies = request.items.map(\.copy)
        let levels = copies.compactMap { catalogue.definition(LevelID(rawValue: $0.carrier.level)) }
        guard levels.count == copies.count else {
            throw DomainError.conflict(
                LocalizedText(zh: "载体密级未配置", en: "A carrier's level is not configured"), rule: nil)
        }
        // A loan's reservation is taken again with the new terms: the old one (never handed over) goes first, so
        // the copy is checked as if it were free.
        if Kind.isLoan {
            try await transaction.sql.raw(
                "DELETE FROM loans WHERE request_id = \(bind: requestID) AND issued_at IS NULL"
            ).run()
        }
        let submission = try await checked(
            effect, payload: payload, copies: copies,
            level: levels.max(by: { $0.protectionWeight < $1.protectionWeight }), catalogue: catalogue, actor: actor,
            resubmitting: requestID, on: transaction)
        let level = try submission.requireLevel()
        request.reason = reason.trimmed
        request.payload = Kind.encodePayload(submission.payload)
        request.round += 1
        request.state = RequestState.submitted.rawValue
        try await transaction.sql.raw(
            """
            UPDATE requests SET reason = \(bind: request.reason), payload = \(bind: request.payload),
                round = \(bind: request.round) WHERE id = \(bind: requestID)
            """
        ).run()
        try await saveState(request, on: transaction)
        try await recordRevision(of: request, by: actor, on: transaction)
        let resolver = ChainResolver(clock: clock)
        let need = ClearanceNeed.of(
            carriers: copies.map(\.carrier), proposed: Kind.proposedLabel(payload), levels: catalogue)
        let chain = try await resolver.steps(
            for: Kind.kind, level: level, requester: actor, keepingDepartments: request.keepingDepartments,
            need: need, settings: try await SettingsRepository(store: store).snapshot(on: transaction),
            concerning: Kind.concerning(payload), adding: submission.addedSteps, on: transaction)
        request.chainVersion = chain.version
        try await transaction.sql.raw(
            "UPDATE requests SET chain_version = \(bind: chain.version) WHERE id = \(bind: requestID)"
        ).run()
        try await resolver.write(chain.steps, of: request, on: transaction)
        try await resolver.refreshWaiting(
            request, keepingDepartments: request.keepingDepartments, need: need, on: transaction)
        try await effect.submitted(request, submission, repository: self, on: transaction)
    }

    static func unknownKind(_ code: String) -> DomainError {
        .conflict(LocalizedText(zh: "未知的申请类型 \(code)", en: "Unknown request kind \(code)"), rule: nil)
    }

    /// Keeps what the requester submitted in the request's current round.
    func recordRevision(of request: RequestModel, by actor: RequestActor, on database: any Database) async throws {
        let revision = RequestRevisionModel()
        revision.$request.id = try request.requireID()
        revision.round = request.round
        revision.reason = request.reason
        revision.payload = request.payload
        revision.submittedBy = actor.displayName
        revision.submittedAt = clock()
        try await revision.create(on: database)
    }

    /// Every round's submission, first to last.
    public func revisions(of requestID: UUID, on database: any Database) async throws -> [RequestRevisionModel] {
        try await RequestRevisionModel.query(on: database).filter(\.$request.$id == requestID).sort(\.$round).all()
    }
}
