import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Who an account decides as: itself, and each approver it stands in for today (代理). Read once per page, then
/// every request is judged without the database.
public struct DeciderContext: Sendable {
    public var own: ApproverFacts
    /// The delegators' facts, with the delegation's names.
    public var standingInFor: [(delegation: UUID, delegatorName: String, facts: ApproverFacts)]
    /// The level catalogue a request's clearance need is judged by; nil: no need is checked (tests of the chain).
    public var levels: LevelCatalogue?

    public init(
        own: ApproverFacts, standingInFor: [(delegation: UUID, delegatorName: String, facts: ApproverFacts)] = [],
        levels: LevelCatalogue? = nil
    ) {
        self.own = own
        self.standingInFor = standingInFor
        self.levels = levels
    }

    /// Whether the account may decide the request's waiting step now, for itself or for someone it stands in for.
    public func mayDecide(_ request: RequestModel) -> Bool {
        guard let (_, spec) = RequestRepository.waitingStep(of: request) else { return false }
        if own.accountID == request.requesterID { return false }
        // Whoever decides — for themselves or standing in — must be cleared for what they decide (A2).
        if let levels, !own.isCleared(for: ClearanceNeed.of(request, levels: levels)) { return false }
        let keeping = request.keepingDepartments
        let joint = RequestRepository.decidedJointly(spec, in: request)
        let candidates = [own] + (joint.contains(own.accountID) ? [] : standingInFor.map(\.facts))
        return candidates.contains {
            ChainResolution.mayDecide(
                spec, as: $0, requesterID: request.requesterID, keepingDepartments: keeping, decidedJointly: joint
            ).isAllowed
        }
    }

    /// The inbox keys to read, each with the requester it must not be (the account itself, or the delegator).
    var keys: [(key: String, notRequester: UUID)] {
        var keys = ChainResolver.keys(of: own).sorted().map { ($0, own.accountID) }
        for delegator in standingInFor {
            keys += ChainResolver.keys(of: delegator.facts).sorted().map { ($0, delegator.facts.accountID) }
        }
        return keys
    }
}

/// One line of the inbox 待办: a request waiting for the account (or for someone it stands in for).
public struct InboxEntry: Sendable, Hashable {
    public var requestID: UUID
    public var number: String
    public var kind: String
    public var state: String
    public var requesterName: String
    public var carrierID: UUID?
    /// The carrier's number and title as the request recorded them (principle 12); shown only as `CarrierSights`
    /// says (principle 11).
    public var carrierLabel: String
    public var createdAt: Date
    /// Since when the step waits.
    public var since: Date
}

extension RequestRepository {
    /// The account's deciding context today: its own facts and those of whom it stands in for.
    public func deciderContext(for actor: RequestActor, on database: any Database) async throws -> DeciderContext {
        let settings = try await SettingsRepository(store: store).snapshot(on: database)
        let own = try await ownFacts(of: actor, settings: settings, on: database)
        var standingInFor: [(UUID, String, ApproverFacts)] = []
        for delegation in try await Delegations.delegators(
            of: actor.accountID, on: ClearanceRepository.today(clock()), database: database)
        {
            guard let facts = try await ChainResolver.facts(of: delegation.delegatorID, on: database) else { continue }
            standingInFor.append((try delegation.requireID(), delegation.delegatorName, facts))
        }
        return DeciderContext(own: own, standingInFor: standingInFor, levels: settings.levels)
    }

    /// The actor's own facts, with their clearance today (A2).
    func ownFacts(
        of actor: RequestActor, settings: SettingsSnapshot, on database: any Database
    ) async throws -> ApproverFacts {
        var person: PersonModel?
        if let personID = actor.personID { person = try await PersonModel.find(personID, on: database) }
        return ApproverFacts.of(
            accountID: actor.accountID, roles: actor.roles, person: person, settings: settings,
            today: ClearanceRepository.today(clock()))
    }

    /// The accounts that decided other parts of the same 会签 step in this round (for themselves or standing in).
    static func decidedJointly(_ spec: ApprovalStepSpec, in request: RequestModel) -> Set<UUID> {
        guard let joint = spec.jointStep else { return [] }
        return Set(
            request.currentSteps.filter { $0.decision != nil && $0.approvalSpec?.jointStep == joint }
                .flatMap { [$0.decidedByID, $0.onBehalfOfID].compactMap { $0 } })
    }

    /// A page of the inbox, newest waiting first: every key read by its index (`request_waiting_by_approver`), at most
    /// `offset + limit` rows each, so the page costs the same among a million requests as among ten.
    public func inbox(
        _ context: DeciderContext, limit: Int, offset: Int, on database: any Database
    ) async throws -> [InboxEntry] {
        let keys = context.keys
        guard !keys.isEmpty else { return [] }
        let sql = try database.sql
        let reach = offset + limit
        let cleared = Self.clearedFilter(context.own)
        var union = SQLQueryString("")
        for (index, key) in keys.enumerated() {
            if index > 0 { union += " UNION ALL " }
            union += """
                SELECT * FROM (SELECT request_id, since FROM request_waiting
                WHERE approver_key = \(bind: key.key) AND requester_id <> \(bind: key.notRequester)
                    AND requester_id <> \(bind: context.own.accountID)\(cleared)
                ORDER BY since DESC LIMIT \(literal: reach)) AS k\(unsafeRaw: String(index))
                """
        }
        let rows = try await sql.raw(
            """
            SELECT r.id, r.number, r.kind, r.state, r.requester_name, r.carrier_id, r.created_at, w.since,
                (SELECT i.carrier_number || ' ' || i.carrier_title FROM request_items i WHERE i.request_id = r.id
                    LIMIT 1) AS label
            FROM (SELECT request_id, MAX(since) AS since FROM (\(union)) AS u GROUP BY request_id
                ORDER BY since DESC, request_id LIMIT \(literal: limit) OFFSET \(literal: offset)) AS w
            JOIN requests r ON r.id = w.request_id
            ORDER BY w.since DESC, r.id
            """
        ).all()
        return try rows.map { row in
            InboxEntry(
                requestID: try row.decode(column: "id", as: UUID.self),
                number: try row.decode(column: "number", as: String.self),
                kind: try row.decode(column: "kind", as: String.self),
                state: try row.decode(column: "state", as: String.self),
                requesterName: try row.decode(column: "requester_name", as: String.self),
                carrierID: try row.decode(column: "carrier_id", as: UUID?.self),
                carrierLabel: try row.decode(column: "label", as: String?.self) ?? "",
                createdAt: try row.decode(column: "created_at", as: Date.self),
                since: try row.decode(column: "since", as: Date.self))
        }
    }

    /// How many requests wait for the account (and whom it stands in for), counted up to `cap`.
    public func inboxCount(_ context: DeciderContext, cap: Int = 1000, on database: any Database) async throws -> Int {
        let keys = context.keys
        guard !keys.isEmpty else { return 0 }
        let cleared = Self.clearedFilter(context.own)
        var union = SQLQueryString("")
        for (index, key) in keys.enumerated() {
            if index > 0 { union += " UNION " }
            union += """
                SELECT * FROM (SELECT request_id FROM request_waiting
                WHERE approver_key = \(bind: key.key) AND requester_id <> \(bind: key.notRequester)
                    AND requester_id <> \(bind: context.own.accountID)\(cleared) LIMIT \(literal: cap)) AS k\(unsafeRaw: String(index))
                """
        }
        let row = try await database.sql.raw(
            "SELECT COUNT(*) AS n FROM (SELECT request_id FROM (\(union)) AS u LIMIT \(literal: cap)) AS c"
        ).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Only requests the account is cleared for (A2): the level and project each waiting row carries.
    static func clearedFilter(_ facts: ApproverFacts) -> SQLQueryString {
        var filter = SQLQueryString(" AND (need_level IS NULL")
        for (index, level) in facts.clearedLevels.map(\.rawValue).sorted().enumerated() {
            filter += index == 0 ? " OR need_level IN (" : ", "
            filter += "\(bind: level)"
            if index == facts.clearedLevels.count - 1 { filter += ")" }
        }
        filter += ") AND (need_project IS NULL"
        for (index, project) in facts.clearedProjects.map(\.uuidString).sorted().enumerated() {
            filter += index == 0 ? " OR need_project IN (" : ", "
            filter += "\(bind: project)"
            if index == facts.clearedProjects.count - 1 { filter += ")" }
        }
        filter += ")"
        return filter
    }
}
