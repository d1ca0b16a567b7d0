import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Appends records to the audit log and reads them back (S2, A5).
///
/// `append` must run inside the same transaction as the change it records (DESIGN principle 2), so the change and
/// its record commit together or not at all.
public struct AuditLog: Sendable {
    /// PostgreSQL advisory-lock key that orders appends across server instances, so leaf indices stay dense.
    static let appendLockKey: Int64 = 0x0BA0_A0D1
    let clock: @Sendable () -> Date
    /// Told of every append, to sign a checkpoint after the burst (S2); nil: checkpoints only when asked.
    let sealer: CheckpointSealer?

    public init(clock: @escaping @Sendable () -> Date = { Date() }, sealer: CheckpointSealer? = nil) {
        self.clock = clock
        self.sealer = sealer
    }

    /// Appends the events as consecutive leaves and returns the stored records.
    @discardableResult
    public func append(
        _ events: [AuditEvent], by actor: AuditActor, on database: any Database
    ) async throws
        -> [AuditRecord]
    {
        guard !events.isEmpty else { return [] }
        let sql = try database.sql
        if try SQLDialectKind(database) == .postgres {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: Self.appendLockKey))").run()
        }
        var next = try await nextLeafIndex(on: sql)
        let recordedAt = UTCTimestamp.string(from: clock())
        var records: [AuditRecord] = []
        for event in events {
            var record = AuditRecord(
                leafIndex: next, recordedAt: recordedAt, actorID: actor.accountID?.uuidString.lowercased(),
                actorName: actor.name, actorKind: actor.kind.rawValue, ip: actor.ip, action: event.action.rawValue,
                objectType: event.subject?.type, objectID: event.subject?.id, objectLabel: event.subject?.label,
                outcome: event.outcome.rawValue, rule: event.rule?.rawValue,
                details: CanonicalJSON.object(event.details), leafHash: "")
            record.leafHash = MerkleTree.leafHash(record.canonicalBytes).hex
            try await insert(record, on: sql)
            records.append(record)
            next += 1
        }
        sealer?.noteAppend()
        return records
    }

    /// The number of records, i.e. the current tree size.
    public func size(on database: any Database) async throws -> Int64 {
        try await nextLeafIndex(on: database.sql)
    }

    private func nextLeafIndex(on sql: any SQLDatabase) async throws -> Int64 {
        let row = try await sql.raw("SELECT MAX(leaf_index) AS last FROM audit_records").first()
        let last = try row?.decodeNil(column: "last") == false ? try row?.decode(column: "last", as: Int64.self) : nil
        return (last ?? -1) + 1
    }

    private func insert(_ record: AuditRecord, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO audit_records (leaf_index, recorded_at, actor_id, actor_name, actor_kind, ip, action,
                object_type, object_id, object_label, outcome, rule, details, leaf_hash)
            VALUES (\(bind: record.leafIndex), \(bind: record.recordedAt), \(bind: record.actorID),
                \(bind: record.actorName), \(bind: record.actorKind), \(bind: record.ip), \(bind: record.action),
                \(bind: record.objectType), \(bind: record.objectID), \(bind: record.objectLabel),
                \(bind: record.outcome), \(bind: record.rule), \(bind: record.details), \(bind: record.leafHash))
            """
        ).run()
    }
}
