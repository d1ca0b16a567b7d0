import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// A filtered, newest-first page of audit records for the audit pages (S1: each reviewer sees their share).
public struct AuditQuery: Sendable, Hashable {
    public var actorKinds: Set<AuditActorKind>
    public var action: String?
    public var actorName: String?
    public var outcome: AuditOutcome?
    /// Inclusive lower bound, `YYYY-MM-DD` or a full timestamp.
    public var from: String?
    /// Exclusive upper bound.
    public var until: String?
    public var beforeIndex: Int64?
    public var limit: Int

    public init(
        actorKinds: Set<AuditActorKind>, action: String? = nil, actorName: String? = nil,
        outcome: AuditOutcome? = nil, from: String? = nil, until: String? = nil, beforeIndex: Int64? = nil,
        limit: Int = 50
    ) {
        self.actorKinds = actorKinds
        self.action = action
        self.actorName = actorName
        self.outcome = outcome
        self.from = from
        self.until = until
        self.beforeIndex = beforeIndex
        self.limit = limit
    }

    public func run(on database: any Database) async throws -> [AuditRecord] {
        guard !actorKinds.isEmpty else { return [] }
        let sql = try database.sql
        var query = SQLQueryString("SELECT * FROM audit_records WHERE actor_kind IN (")
        for (position, kind) in actorKinds.map(\.rawValue).sorted().enumerated() {
            query.appendInterpolation(unsafeRaw: position == 0 ? "" : ", ")
            query.appendInterpolation(bind: kind)
        }
        query.appendLiteral(")")
        if let action { query.appendLiteral(" AND action = "); query.appendInterpolation(bind: action) }
        if let actorName { query.appendLiteral(" AND actor_name = "); query.appendInterpolation(bind: actorName) }
        if let outcome { query.appendLiteral(" AND outcome = "); query.appendInterpolation(bind: outcome.rawValue) }
        if let from { query.appendLiteral(" AND recorded_at >= "); query.appendInterpolation(bind: from) }
        if let until { query.appendLiteral(" AND recorded_at < "); query.appendInterpolation(bind: until) }
        if let beforeIndex { query.appendLiteral(" AND leaf_index < "); query.appendInterpolation(bind: beforeIndex) }
        query.appendLiteral(" ORDER BY leaf_index DESC LIMIT ")
        query.appendInterpolation(literal: max(1, min(limit, 500)))
        return try await sql.raw(query).all().map(AuditRecord.init(row:))
    }
}

extension AuditRecord {
    init(row: any SQLRow) throws {
        self.init(
            leafIndex: try row.decode(column: "leaf_index", as: Int64.self),
            recordedAt: try row.decode(column: "recorded_at", as: String.self),
            actorID: try row.decode(column: "actor_id", as: String?.self),
            actorName: try row.decode(column: "actor_name", as: String.self),
            actorKind: try row.decode(column: "actor_kind", as: String.self),
            ip: try row.decode(column: "ip", as: String?.self),
            action: try row.decode(column: "action", as: String.self),
            objectType: try row.decode(column: "object_type", as: String?.self),
            objectID: try row.decode(column: "object_id", as: String?.self),
            objectLabel: try row.decode(column: "object_label", as: String?.self),
            outcome: try row.decode(column: "outcome", as: String.self),
            rule: try row.decode(column: "rule", as: String?.self),
            details: try row.decode(column: "details", as: String.self),
            leafHash: try row.decode(column: "leaf_hash", as: String.self)
        )
    }
}
