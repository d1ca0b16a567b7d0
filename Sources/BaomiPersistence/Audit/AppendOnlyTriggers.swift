import BaomiDomain
import FluentKit
import SQLKit

/// Database triggers that make the audit tables append-only (S2): nobody, administrators included, can change or
/// remove a row through SQL without first dropping a trigger — and then `baomi audit verify` names the trigger that
/// is gone (`missing`) and whatever was changed, and `baomi migrate` or the next start puts it back (`restore`).
public enum AppendOnlyTriggers {
    public static let message = "audit records are append-only (S2)"
    static let tables = ["audit_records", "audit_checkpoints"]
    static let postgresFunction = "baomi_append_only"

    /// One trigger Baomi keeps on an audit table.
    struct Trigger: Sendable, Hashable {
        var table: String
        var name: String
        /// SQLite: the statement that created it, as `sqlite_master` keeps it. PostgreSQL: the trigger's definition.
        var statement: String
        /// PostgreSQL's `pg_trigger.tgtype` bits: ROW 1, BEFORE 2, DELETE 8, UPDATE 16, TRUNCATE 32.
        var postgresType: Int
    }

    static func triggers(_ dialect: SQLDialectKind) -> [Trigger] {
        tables.flatMap { table -> [Trigger] in
            switch dialect {
            case .sqlite:
                return ["UPDATE", "DELETE"].map { event in
                    let name = "\(table)_no_\(event.lowercased())"
                    return Trigger(
                        table: table, name: name,
                        statement: """
                            CREATE TRIGGER \(name)
                            BEFORE \(event) ON \(table)
                            BEGIN SELECT RAISE(ABORT, '\(message)'); END
                            """, postgresType: 0)
                }
            case .postgres:
                return [
                    Trigger(
                        table: table, name: "\(table)_no_change",
                        statement: """
                            CREATE TRIGGER \(table)_no_change BEFORE UPDATE OR DELETE ON \(table)
                            FOR EACH ROW EXECUTE FUNCTION \(postgresFunction)()
                            """, postgresType: 1 | 2 | 8 | 16),
                    Trigger(
                        table: table, name: "\(table)_no_truncate",
                        statement: """
                            CREATE TRIGGER \(table)_no_truncate BEFORE TRUNCATE ON \(table)
                            FOR EACH STATEMENT EXECUTE FUNCTION \(postgresFunction)()
                            """, postgresType: 2 | 32),
                ]
            }
        }
    }

    private static let postgresFunctionStatement = """
        CREATE OR REPLACE FUNCTION \(postgresFunction)() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '\(message)'; END $$
        """

    /// Creates the triggers of `table` (the migration that creates the audit tables).
    static func install(on table: String, database: any Database) async throws {
        let dialect = try SQLDialectKind(database)
        try await create(triggers(dialect).filter { $0.table == table }, dialect: dialect, on: database.sql)
    }

    private static func create(_ triggers: [Trigger], dialect: SQLDialectKind, on sql: any SQLDatabase) async throws {
        if dialect == .postgres { try await sql.raw("\(unsafeRaw: postgresFunctionStatement)").run() }
        for trigger in triggers {
            let drop =
                dialect == .postgres
                ? "DROP TRIGGER IF EXISTS \(trigger.name) ON \(trigger.table)"
                : "DROP TRIGGER IF EXISTS \(trigger.name)"
            try await sql.raw("\(unsafeRaw: drop)").run()
            try await sql.raw("\(unsafeRaw: trigger.statement)").run()
        }
    }

    /// The names of the triggers that are missing, disabled or no longer refuse what they should; empty when the
    /// audit tables are protected.
    public static func missing(on database: any Database) async throws -> [String] {
        let dialect = try SQLDialectKind(database)
        let sql = try database.sql
        let expected = triggers(dialect)
        switch dialect {
        case .sqlite:
            var present: [String: (table: String, statement: String)] = [:]
            for row in try await sql.raw("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'").all() {
                present[try row.decode(column: "name", as: String.self)] = (
                    try row.decode(column: "tbl_name", as: String.self),
                    (try? row.decode(column: "sql", as: String.self)) ?? ""
                )
            }
            return expected.filter { trigger in
                guard let found = present[trigger.name] else { return true }
                return found.table != trigger.table || normalised(found.statement) != normalised(trigger.statement)
            }.map(\.name)
        case .postgres:
            // Disabled ('D') and replica-only ('R') triggers do not fire in an ordinary session.
            let rows = try await sql.raw(
                """
                SELECT t.tgname::text AS name, c.relname::text AS tbl, t.tgtype::int AS type,
                    t.tgenabled::text AS enabled, p.proname::text AS function, p.prosrc AS source
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
                WHERE NOT t.tgisinternal
                    AND t.tgrelid IN (to_regclass('audit_records'), to_regclass('audit_checkpoints'))
                """
            ).all()
            var intact: Set<String> = []
            for row in rows {
                let name = try row.decode(column: "name", as: String.self)
                guard let trigger = expected.first(where: { $0.name == name }),
                    try row.decode(column: "tbl", as: String.self) == trigger.table,
                    try row.decode(column: "type", as: Int.self) == trigger.postgresType,
                    ["O", "A"].contains(try row.decode(column: "enabled", as: String.self)),
                    try row.decode(column: "function", as: String.self) == postgresFunction,
                    try row.decode(column: "source", as: String.self).contains("RAISE EXCEPTION '\(message)'")
                else { continue }
                intact.insert(name)
            }
            return expected.map(\.name).filter { !intact.contains($0) }
        }
    }

    private static func normalised(_ statement: String) -> String {
        statement.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Re-creates every missing or altered trigger and records that it did, in one transaction; the names restored
    /// (none, and nothing written, when all are intact). Safe to run from several instances at once.
    @discardableResult
    public static func restore(using store: Store, on database: any Database) async throws -> [String] {
        guard try await !missing(on: database).isEmpty else { return [] }
        let dialect = try SQLDialectKind(database)
        return try await store.exclusive(on: database) {
            try await database.transaction { transaction in
                let sql = try transaction.sql
                if dialect == .postgres {
                    try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: AuditLog.appendLockKey))").run()
                }
                let missing = try await missing(on: transaction)
                guard !missing.isEmpty else { return [] }
                try await create(triggers(dialect).filter { missing.contains($0.name) }, dialect: dialect, on: sql)
                try await store.audit.append(
                    [
                        AuditEvent(
                            action: .auditProtectionRestore, subject: AuditSubject(type: "auditLog"), rule: .s2,
                            details: ["triggers": missing.joined(separator: ", ")])
                    ], by: .system, on: transaction)
                return missing
            }
        }
    }
}
