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

    /// Submits a request; the copies it names are checked. A destruction batch's copies stay stored until it is
    /// approved (C8): only the approval makes them "pending destruction".
    @discardableResult
    public func submit(
        _ kind: RequestKind, carrierID: UUID?, copyIDs: [UUID], reason: String, payload: RequestPayload,
        catalogue: LevelCatalogue, by actor: RequestActor, on database: any Database
    ) async throws -> RequestModel {
        try await store.perform(
            on: database, by: actor.audit, .requestSubmit, subject: AuditSubject(type: "request", label: kind.title.zh)
        ) { transaction, trail in
            if reason.trimmed.isEmpty {
                throw DomainError.invalid(field: "reason", zh: "请写明事由", en: "State the reason")
            }
            let copies = try await CopyModel.query(on: transaction).filter(\.$id ~~ copyIDs).with(\.$carrier).all()
            guard !copyIDs.isEmpty, copies.count == Set(copyIDs).count else {
                throw DomainError.invalid(field: "copyIDs", zh: "请选择载体份", en: "Choose the copies")
            }
            let carriers = Set(copies.map(\.$carrier.id))
            let carrierOfRequest = carrierID ?? (carriers.count == 1 ? carriers.first : nil)
            if kind != .destroy, carriers.count != 1 || carrierOfRequest != carriers.first {
                throw DomainError.invalid(
                    field: "copyIDs", zh: "所选载体份须属于同一载体", en: "The copies must belong to one carrier")
            }
            let levels = copies.compactMap { catalogue.definition(LevelID(rawValue: $0.carrier.level)) }
            guard levels.count == copies.count,
                let highest = levels.max(by: { $0.protectionWeight < $1.protectionWeight })
            else {
                throw DomainError.conflict(
                    LocalizedText(zh: "载体密级未配置", en: "A carrier's level is not configured"), rule: nil)
            }
            let parent = try await checkSubmission(
                kind, copies: copies, level: highest, payload: payload, catalogue: catalogue, actor: actor,
                on: transaction)
            if kind == .reproduce, let requester = actor.personID {
                // The new copies will be the requester's to hold (A2).
                try await requireCustody(
                    of: requester, level: highest, field: "copyIDs", catalogue: catalogue, on: transaction)
            }

            // Every step resolves to someone other than the requester, or escalates, or the request is refused (A6).
            let keeping = Set(copies.flatMap { [$0.departmentID, $0.carrier.$department.id] })
            let resolver = ChainResolver(clock: clock)
            let chain = try await resolver.steps(
                for: kind, level: highest, requester: actor, keepingDepartments: keeping, on: transaction)

            let request = RequestModel()
            request.number = try await nextNumber(kind, on: transaction)
            request.kind = kind.rawValue
            request.state = RequestState.submitted.rawValue
            request.requesterID = actor.accountID
            request.requesterName = actor.displayName
            request.$carrier.id = carrierOfRequest
            request.reason = reason.trimmed
            request.payload = payload.json
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
            try await resolver.refreshWaiting(request, keepingDepartments: keeping, on: transaction)
            trail.note("chain", chain.version ?? "\(kind.rawValue)/national/1")
            if kind.isLoan, let copy = copies.first {
                try await openLoan(
                    request, kind: kind, copy: copy, parent: parent, payload: payload, actor: actor, on: transaction)
            }
            trail.subject = AuditSubject(
                type: "request", id: requestID.uuidString, label: "\(request.number) \(kind.title.zh)")
            trail.note("copies", String(copies.count))
            return request
        }
    }

    /// Checks a request before it is written; for a carrying out of a copy on loan, returns the borrowing it comes
    /// back to.
    func checkSubmission(
        _ kind: RequestKind, copies: [CopyModel], level: LevelDefinition, payload: RequestPayload,
        catalogue: LevelCatalogue, actor: RequestActor, resubmitting: UUID? = nil,
        on database: any Database
    ) async throws -> LoanModel? {
        switch kind {
        case .reproduce:
            guard let copy = copies.first, copies.count == 1 else {
                throw DomainError.invalid(field: "copyIDs", zh: "复制须指定一份原件", en: "Copying names one source copy")
            }
            try ReproductionRules.check(
                level: level, copyingAllowed: copy.carrier.copyingAllowed, count: payload.count ?? 0
            ).enforce()
            try Self.requireStoredSource(copy)
        case .destroy:
            for copy in copies {
                try Self.checkJoinsBatch(copy)
                if let batch = try await openDestructionBatch(holding: copy, excluding: resubmitting, on: database) {
                    throw DomainError.conflict(
                        LocalizedText(
                            zh: "\(copy.carrier.number) 第\(copy.serial)份已列入销毁批次 \(batch)，尚在审批",
                            en: "\(copy.carrier.number) copy \(copy.serial) is already in destruction batch \(batch)"),
                        rule: RuleID("C8"))
                }
            }
            let method = payload.method ?? ""
            if method == "facility"
                && ((payload.transportPeople ?? []).filter { !$0.trimmed.isEmpty }.count < 1
                    || (payload.vehicle ?? "").trimmed.isEmpty)
            {
                throw DomainError.invalid(
                    field: "transportPeople", rule: RuleID("C8"), zh: "送销须专人专车押运：请填写押运人和车辆",
                    en: "Transport to the facility needs named escorts and a vehicle")
            }
            if method == "inHouse" && (payload.equipment ?? "").trimmed.isEmpty {
                throw DomainError.invalid(
                    field: "equipment", rule: RuleID("C8"), zh: "自行销毁须使用经检测的销毁设备：请填写设备",
                    en: "In-house destruction needs certified equipment")
            }
            if method != "facility" && method != "inHouse" {
                throw DomainError.invalid(
                    field: "method", rule: RuleID("C8"), zh: "请选择销毁方式", en: "Choose how it is destroyed")
            }
        case .reclassify:
            let change = payload.change ?? ""
            guard ["declassify", "changeLevel", "extend"].contains(change) else {
                throw DomainError.invalid(
                    field: "change", rule: RuleID("C9"), zh: "请选择解密、变更密级或延长期限",
                    en: "Choose declassify, change level or extend")
            }
            if change == "changeLevel" {
                guard let newLevel = catalogue.definition(LevelID(rawValue: payload.newLevel ?? "")),
                    newLevel.regime == level.regime,
                    newLevel.id != level.id
                else {
                    throw DomainError.invalid(
                        field: "newLevel", rule: RuleID("C9"), zh: "请选择同一类别的另一密级",
                        en: "Choose another level of the same regime")
                }
            }
            if change == "extend" || change == "changeLevel" {
                let target = catalogue.definition(LevelID(rawValue: payload.newLevel ?? "")) ?? level
                // The new period runs from the day it was first classified, capped at the level's maximum (C9).
                let carrier = copies.first?.carrier
                let classifiedOn =
                    carrier?.classifiedOn ?? carrier?.createdAt.map(ClearanceRepository.today)
                    ?? ClearanceRepository.today(clock())
                if let refusal = SecrecyPeriod.parse(payload.newPeriod).check(for: target, classifiedOn: classifiedOn)
                    .refusal
                {
                    throw DomainError.invalid([
                        FieldError(field: "newPeriod", rule: refusal.rule, message: refusal.reason)
                    ])
                }
            }
        case .borrow, .carryOut:
            return try await checkLoan(
                kind, copies: copies, level: level, payload: payload, catalogue: catalogue, actor: actor, on: database)
        case .retain:
            guard let copy = copies.first, copies.count == 1, copy.state == CopyState.stored.rawValue else {
                throw DomainError.conflict(
                    LocalizedText(zh: "只能留存在库的一份载体", en: "Only one stored copy can be retained"), rule: RuleID("C10"))
            }
            guard let retainer = payload.retainerID, try await PersonModel.find(retainer, on: database) != nil else {
                throw DomainError.invalid(
                    field: "retainerID", rule: RuleID("C10"), zh: "请选择留存人", en: "Choose who keeps it")
            }
            try await requireCustody(
                of: retainer, level: level, field: "retainerID", catalogue: catalogue, on: database)
            guard let placeID = payload.placeID, let place = try await StoragePlaceModel.find(placeID, on: database),
                let placeLevel = catalogue.definition(LevelID(rawValue: place.maxLevel)),
                let kind = StorageClass(rawValue: place.kind)
            else {
                throw DomainError.invalid(
                    field: "placeID", rule: RuleID("C10"), zh: "请选择个人密码柜", en: "Choose the personal cabinet")
            }
            try CarrierRules.checkPlace(
                copyLevel: level, placeLevel: placeLevel, placeKind: kind, placeName: place.name
            ).enforce()
            guard let until = payload.until, !until.trimmed.isEmpty else {
                throw DomainError.invalid(
                    field: "until", rule: RuleID("C10"), zh: "请写明留存期限（YYYY-MM-DD）", en: "State until when (YYYY-MM-DD)")
            }
            if case .failure(let error) = CalendarDay.parse(
                until, field: "until", label: LocalizedText(zh: "留存期限", en: "Retained until"), rule: RuleID("C10"))
            {
                throw DomainError.invalid([error])
            }
        }
        return nil
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
        let prefix: String =
            switch kind {
            case .reproduce: "FZ"
            case .destroy: "XH"
            case .reclassify: "JM"
            case .retain: "LC"
            case .borrow: "JY"
            case .carryOut: "WD"
            }
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
