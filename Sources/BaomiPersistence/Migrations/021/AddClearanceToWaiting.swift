import FluentKit
import SQLKit

/// The inbox shows a request only to approvers cleared for it (A2, #14): each waiting row carries the level and
/// project its request concerns. Also dates the rows migration 016 wrote for requests already waiting from the
/// request's last change rather than from that migration, so the waiting-days finding counts their real wait.
struct AddClearanceToWaiting: AsyncMigration {
    var name: String { "021-AddClearanceToWaiting" }

    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        try await sql.raw("ALTER TABLE request_waiting ADD COLUMN need_level TEXT").run()
        try await sql.raw("ALTER TABLE request_waiting ADD COLUMN need_project TEXT").run()
        // Rows already waiting carry their carrier's level; a batch of several carriers, or a draft, is held to the
        // clearance when opened.
        try await sql.raw(
            """
            UPDATE request_waiting SET need_level = (
                SELECT c.level FROM requests r JOIN carriers c ON c.id = r.carrier_id
                WHERE r.id = request_waiting.request_id)
            """
        ).run()
        // The last change that set the request waiting: its submission, a resubmission or a decision.
        try await sql.raw(
            """
            UPDATE request_waiting SET since = (
                SELECT MAX(t) FROM (
                    SELECT r.created_at AS t FROM requests r WHERE r.id = request_waiting.request_id
                    UNION ALL SELECT v.submitted_at FROM request_revisions v
                        WHERE v.request_id = request_waiting.request_id
                    UNION ALL SELECT s.decided_at FROM request_steps s
                        WHERE s.request_id = request_waiting.request_id AND s.decided_at IS NOT NULL
                ) AS changes)
            WHERE since > (SELECT r.created_at FROM requests r WHERE r.id = request_waiting.request_id)
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        try await sql.raw("ALTER TABLE request_waiting DROP COLUMN need_project").run()
        try await sql.raw("ALTER TABLE request_waiting DROP COLUMN need_level").run()
    }
}
