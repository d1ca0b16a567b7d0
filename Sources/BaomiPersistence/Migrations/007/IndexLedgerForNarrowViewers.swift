import FluentKit
import SQLKit

/// The copy ledger as most people see it — a narrow distribution scope, or one department's copies — within the
/// page budget at a million copies (A3, issue #4):
///
/// - `copies.project_id`: the carrier's project (its compartment, A2), copied like `copies.level` so the ledger's
///   visibility test reads only `copies` and never joins every candidate copy to its carrier. A carrier's project is
///   fixed at registration, so the copy takes it when made.
/// - `copies_by_carrier`: from the carriers in a person's scope to their copies, covering the visibility test and
///   the page order, so counting and sorting them never reads a copy row.
/// - `copies_by_receiving`: the copies on their way to a department (C2), for its secrecy officer.
/// - PostgreSQL: a trigram index on the carrier number, the one searched column that had none.
struct IndexLedgerForNarrowViewers: AsyncMigration {
    var name: String { "007-IndexLedgerForNarrowViewers" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CopyModel.schema)
            .field("project_id", .uuid, .references(ProjectModel.schema, "id", onDelete: .restrict))
            .update()
        let sql = try database.sql
        try await sql.raw(
            """
            UPDATE copies SET project_id = (SELECT c.project_id FROM carriers c WHERE c.id = copies.carrier_id)
            WHERE carrier_id IN (SELECT id FROM carriers WHERE project_id IS NOT NULL)
            """
        ).run()
        try await sql.raw(
            "CREATE INDEX copies_by_carrier ON copies (carrier_id, level, project_id, last_changed_at, id)"
        ).run()
        try await sql.raw(
            """
            CREATE INDEX copies_by_receiving ON copies (receiving_department_id)
            WHERE receiving_department_id IS NOT NULL
            """
        ).run()
        if try SQLDialectKind(database) == .postgres {
            try await sql.raw("CREATE INDEX carriers_number_trgm ON carriers USING gin (number gin_trgm_ops)").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        if try SQLDialectKind(database) == .postgres {
            try await sql.raw("DROP INDEX carriers_number_trgm").run()
        }
        try await sql.raw("DROP INDEX copies_by_receiving").run()
        try await sql.raw("DROP INDEX copies_by_carrier").run()
        try await database.schema(CopyModel.schema).deleteField("project_id").update()
    }
}
