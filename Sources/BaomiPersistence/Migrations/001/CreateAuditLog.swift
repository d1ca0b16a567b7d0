import FluentKit
import SQLKit

/// The append-only audit log and its signed checkpoints (S2, A5). Written in SQL rather than Fluent's schema
/// builder because the triggers that refuse UPDATE and DELETE differ between SQLite and PostgreSQL.
struct CreateAuditLog: AsyncMigration {
    var name: String { "001-CreateAuditLog" }

    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        try await sql.raw(
            """
            CREATE TABLE audit_records (
                leaf_index BIGINT PRIMARY KEY,
                recorded_at TEXT NOT NULL,
                actor_id TEXT,
                actor_name TEXT NOT NULL,
                actor_kind TEXT NOT NULL,
                ip TEXT,
                action TEXT NOT NULL,
                object_type TEXT,
                object_id TEXT,
                object_label TEXT,
                outcome TEXT NOT NULL,
                rule TEXT,
                details TEXT NOT NULL,
                leaf_hash TEXT NOT NULL
            )
            """
        ).run()
        try await sql.raw("CREATE INDEX audit_records_by_actor_kind ON audit_records (actor_kind, leaf_index)").run()
        try await sql.raw("CREATE INDEX audit_records_by_action ON audit_records (action, leaf_index)").run()
        try await sql.raw(
            """
            CREATE TABLE audit_checkpoints (
                tree_size BIGINT PRIMARY KEY,
                root_hash TEXT NOT NULL,
                signed_at TEXT NOT NULL,
                key_id TEXT NOT NULL,
                signature TEXT NOT NULL,
                frontier TEXT NOT NULL
            )
            """
        ).run()
        for table in ["audit_records", "audit_checkpoints"] {
            try await AppendOnlyTriggers.install(on: table, database: database)
        }
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        try await sql.raw("DROP TABLE audit_checkpoints").run()
        try await sql.raw("DROP TABLE audit_records").run()
    }
}
