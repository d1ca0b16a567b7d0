import FluentKit
import Foundation
import SQLKit

/// One row taken for the rest of a write transaction, before the transaction reads it: of two actions on the same
/// object, on however many servers, the second waits for the first to commit and then reads what it left, so its
/// checks see the first one's outcome (DESIGN principle 5: one decision per step).
///
/// PostgreSQL: `SELECT … FOR UPDATE`; at READ COMMITTED every later statement of the transaction then sees what the
/// row's previous holder committed. SQLite: nothing to do — writers take turns at the write gate and in
/// `BEGIN IMMEDIATE`, so a transaction already reads the latest state.
enum RowLock {
    static func take(_ table: String, id: UUID, on database: any Database) async throws {
        guard try SQLDialectKind(database) == .postgres else { return }
        try await database.sql.raw("SELECT id FROM \(ident: table) WHERE id = \(bind: id) FOR UPDATE").run()
    }
}
