import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// The one approval engine (DESIGN principle 5): a request is submitted with its chain, each step decided by a
/// different account than the requester's, and the effect applied in the same transaction as the final approval.
public struct RequestRepository: Sendable {
    static let numberingLockKey: Int64 = 0x0BA0_5E01
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    // MARK: Submitting

    /// Submits a request of any kind; `payload` is the kind's (`RequestKindDefinition.Payload`), typed or as the
    /// JSON an API body carried. The copies it names are checked, then the payload by its kind's rules, then against
    /// the register by the kind's effect. A destruction batch's copies stay stored until it is approved (C8): only
    /// the approval makes them "pending destruction".
    @discardableResult
    public func submit(
        _ kind: RequestKind, carrierID: UUID?, copyIDs: [UUID], reason: String, payload: some Encodable & Sendable,
        catalogue: LevelCatalogue, by actor: RequestActor, on database: any Database
    ) async throws -> RequestModel {
        try await submit(
            kind, carrierID: carrierID, copyIDs: copyIDs, reason: reason,
            payloadJSON: try JSONEncoder().encode(payload), catalogue: catalogue, by: actor, on: database)
    }

    @discardableResult
    public func submit(
        _ kind: RequestKind, carrierID: UUID?, copyIDs: [UUID], reason: String, payloadJSON: Data,
        catalogue: LevelCatalogue, by actor: RequestActor, on database: any Database
    ) async throws -> RequestModel {
        let effect = try RequestKindEffects.effect(for: kind)
        return try await store.perform(
            on: database, by: actor.audit, .requestSubmit, subject: AuditSubject(type: "request", label: kind.title.zh)
        ) { transaction, trail in
            try await submit(
                effect, carrierID: carrierID, copyIDs: copyIDs, reason: reason, payloadJSON: payloadJSON,
                catalogue: catalogue, actor: actor, trail: trail, on: transaction)
        }
    }

    private func submit<Effect: RequestKindEffect>(
        _ effect: Effect, carrierID: UUID?, copyIDs: [UUID], reason: String, payloadJSON: Data,
        catalogue: LevelCatalogue, actor: RequestActor, trail: AuditTrail, on transaction: any Database
    ) async throws -> RequestModel {
        typealias Kind = Effect.Kind
        let kind = Kind.kind
        if reason.trimmed.isEmpty {
            throw DomainError.invalid(field: "reason", zh: "请写明事由", en: "State the reason")
        }
        var copies: [CopyModel] = []
        var carrierOfRequest: UUID?
        var highest: LevelDefinition?
        if Kind.subject.namesCopies {
            copies = try await CopyModel.query(on: transaction).filter(\.$id ~~ copyIDs).with(\.$carrier).all()
            guard !copyIDs.isEmpty, copies.count == Set(copyIDs).count else {
                throw DomainError.invalid(field: "copyIDs", zh: "请选择载体份", en: "Choose the copies")
            }
            let carriers = Set(copies.map(\.$carrier.id))
            carrierOfRequest = carrierID ?? (carriers.count == 1 ? carriers.first : nil)
            if Kind.subject != .copies, carriers.count != 1 || carrierOfRequest != carriers.first {
                throw DomainError.invalid(
                    field: "copyIDs", zh: "所选载体份须属于同一载体", en: "The copies must belong to one carrier")
            }
            let levels = copies.compactMap { catalogue.definition(LevelID(rawValue: $0.carrier.level)) }
            highest = levels.max(by: { $0.protectionWeight < $1.protectionWeight })
            guard levels.count == copies.count, highest != nil else {
                throw DomainError.conflict(
                    LocalizedText(zh: "载体密级未配置", en: "A carrier's level is not configured"), rule: nil)
            }
        } else if !copyIDs.isEmpty || carrierID != nil {
            throw DomainError.invalid(
                field: "copyIDs", zh: "此类申请不涉及已登记的载体", en: "This kind of request names no registered carrier")
        }
        guard let payload = Kind.decodePayload(payloadJSON) else {
            throw DomainError.invalid(
                field: "payload", zh: "申请内容不符合「\(kind.title.zh)」的格式",
                en: "The payload is not one of a \(kind.title.en.lowercased())")
        }
        let submission = try await checked(
            effect, payload: payload, copies: copies, level: highest, catalogue: catalogue, actor: actor,
            on: transaction)
        let level = try submission.requireLevel()
        // Every step resolves to someone other than the requester, or escalates, or the request is refused (A6).
        let keeping = Set(copies.flatMap { [$0.departmentID, $0.carrier.$department.id] })
        let resolver = ChainResolver(clock: clock)
        let need = ClearanceNeed.of(
            carriers: copies.map(\.carrier), proposed: Kind.proposedLabel(payload), levels: catalogue)
        let chain = try await resolver.steps(
            for: kind, level: level, requester: actor, keepingDepartments: keeping, need: need,
            settings: try await SettingsRepository(store: store).snapshot(on: transaction),
            concerning: Kind.concerning(payload), adding: submission.addedSteps, on: transaction)

        let request = RequestModel()
        request.number = try await nextNumber(kind, on: transaction)
        request.kind = kind.rawValue
        request.state = RequestState.submitted.rawValue
        request.requesterID = actor.accountID
        request.requesterName = actor.displayName
        request.$carrier.id = carrierOfRequest
        request.reason = reason.trimmed
        request.payload = Kind.encodePayload(submission.payload)
        request.createdAt = clock()
        request.version = 0
        request.round = 1
        request.chainVersion = chain.version
        try await request.create(on: transaction)
        let requestID = try request.requireID()
        for copy in copies {
            // The copy as it is now, before the request moves it: the request page shows it so (principle 12).
            let snapshot = try await CopySnapshot.load(copy, on: transaction)
            try await RequestItemModel(requestID: requestID, copyID: try copy.requireID(), snapshot: snapshot)
                .create(on: transaction)
        }
        try await recordRevision(of: request, by: actor, on: transaction)
        request.$steps.value = []
        try await resolver.write(chain.steps, of: request, on: transaction)
        try await resolver.refreshWaiting(request, keepingDepartments: keeping, need: need, on: transaction)
        trail.note("chain", chain.version ?? "\(kind.rawValue)/national/1")
        try await effect.submitted(request, submission, repository: self, on: transaction)
        trail.subject = AuditSubject(
            type: "request", id: requestID.uuidString, label: "\(request.number) \(kind.title.zh)")
        trail.note("copies", String(copies.count))
        return request
    }

    /// The payload checked by its kind's rules, then against the register by the kind's effect: at submission and
    /// again at a resubmission after a return for changes.
    func checked<Effect: RequestKindEffect>(
        _ effect: Effect, payload: Effect.Kind.Payload, copies: [CopyModel], level: LevelDefinition?,
        catalogue: LevelCatalogue, actor: RequestActor, resubmitting: UUID? = nil, on transaction: any Database
    ) async throws -> Submission<Effect.Kind.Payload> {
        let errors = Effect.Kind.validate(payload, catalogue: catalogue)
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        var submission = Submission(
            kind: Effect.Kind.kind, payload: payload, copies: copies, level: level, catalogue: catalogue, actor: actor)
        submission.resubmitting = resubmitting
        try await effect.check(&submission, repository: self, on: transaction)
        return submission
    }

    /// Copies are made only from a stored copy (LIFECYCLE.md "copy"): not from one out on loan, in transit or
    /// awaiting destruction (C5.3).
    static func requireStoredSource(_ copy: CopyModel) throws {
        guard copy.state == CopyState.stored.rawValue else {
            let state = CopyState(rawValue: copy.state)
            throw DomainError.conflict(
                LocalizedText(
                    zh: "第\(copy.serial)份现为「\(state?.title.zh ?? copy.state)」：只能从在库的载体份复制",
                    en:
                        "Copy \(copy.serial) is \(state?.title.en.lowercased() ?? copy.state): copies are made only from a "
                        + "stored copy"),
                rule: RuleID("C5.3"))
        }
    }

    /// Whether a copy may join a destruction batch (C8), with the copy named in the refusal.
    static func checkJoinsBatch(_ copy: CopyModel) throws {
        if case .failure(let refusal) = CopyLifecycle.next(
            from: CopyState(rawValue: copy.state) ?? .registered, .addToDestructionBatch)
        {
            throw DomainError.conflict(
                LocalizedText(
                    zh: "\(copy.carrier.number) 第\(copy.serial)份：\(refusal.reason.zh)",
                    en: "\(copy.carrier.number) copy \(copy.serial): \(refusal.reason.en)"), rule: refusal.rule)
        }
    }

    /// The number of a destruction batch still in review that lists the copy, if any (C8).
    func openDestructionBatch(
        holding copy: CopyModel, excluding request: UUID? = nil, on database: any Database
    ) async throws -> String? {
        try await database.sql.raw(
            """
            SELECT r.number FROM request_items i JOIN requests r ON r.id = i.request_id
            WHERE i.copy_id = \(bind: try copy.requireID()) AND r.kind = \(bind: RequestKind.destroy.rawValue)
                AND r.state IN (\(bind: RequestState.submitted.rawValue), \(bind: RequestState.inReview.rawValue),
                    \(bind: RequestState.returned.rawValue))
                AND r.id <> \(bind: request ?? UUID())
            LIMIT 1
            """
        ).first()?.decode(column: "number", as: String.self)
    }

    private func nextNumber(_ kind: RequestKind, on database: any Database) async throws -> String {
        let sql = try database.sql
        if try SQLDialectKind(database) == .postgres {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: Self.numberingLockKey))").run()
        }
        let prefix = kind.definition.numberPrefix
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let stem = "\(prefix)-\(calendar.component(.year, from: clock()))-"
        // Longest first: "XH-2026-1000" sorts before "XH-2026-999" as text.
        let last = try await sql.raw(
            """
            SELECT number AS last FROM requests WHERE number LIKE \(bind: stem + "%")
            ORDER BY LENGTH(number) DESC, number DESC LIMIT 1
            """
        ).first()?.decode(column: "last", as: String?.self)
        let sequence = (last.flatMap { Int($0.dropFirst(stem.count)) } ?? 0) + 1
        return stem + sequence.zeroPadded(3)
    }

    /// One lifecycle step of a copy inside a request's transaction. The write names the version it read, so of two
    /// transactions racing for the same copy (two servers on one PostgreSQL) exactly one changes it (409 for the
    /// other).
    func move(
        _ copy: CopyModel, _ action: CopyAction, actor: AuditActor, counterpart: String, placeID: UUID? = nil,
        holderID: UUID? = nil, clearPlace: Bool = false, declassified: Bool = false, details: [String: String] = [:],
        on database: any Database
    ) async throws {
        let from = copy.state
        switch CopyLifecycle.next(from: CopyState(rawValue: from) ?? .registered, action, declassified: declassified) {
        case .success(let target): copy.state = target.rawValue
        case .failure(let refusal): throw DomainError.conflict(refusal.reason, rule: refusal.rule)
        }
        if action == .confirmDestroyed { copy.$place.id = nil; copy.$holder.id = nil }
        if clearPlace { copy.$place.id = nil }
        if let placeID { copy.$place.id = placeID }
        if let holderID { copy.$holder.id = holderID }
        let read = copy.version
        copy.version += 1
        copy.lastChangedAt = clock()
        let changed = try await database.sql.raw(
            """
            UPDATE copies SET state = \(bind: copy.state), version = \(bind: copy.version),
                place_id = \(bind: copy.$place.id), holder_id = \(bind: copy.$holder.id),
                last_changed_at = \(bind: copy.lastChangedAt)
            WHERE id = \(bind: try copy.requireID()) AND version = \(bind: read) RETURNING id
            """
        ).all()
        guard changed.count == 1 else {
            throw DomainError.conflict(
                LocalizedText(zh: "该载体刚被他人变动，请刷新后重试", en: "Someone else just changed this copy; reload and try again"),
                rule: RuleID("C0"))
        }
        try await CopyEvents.record(
            copy: copy, action: action.rawValue, from: from, actor: actor, at: copy.lastChangedAt,
            counterpart: counterpart,
            details: details, on: database)
    }
}
