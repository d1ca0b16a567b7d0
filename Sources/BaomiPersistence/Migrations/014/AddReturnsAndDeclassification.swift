import FluentKit
import SQLKit

/// The copy lifecycle as LIFECYCLE.md has it (C4, C9, issue #13):
/// - a return is two acts — the holder hands the copy back (`returned_at`, as before), the custodian checks it in
///   (`checked_in_at`, `checked_in_by`); the loan stays open, and the copy reserved, until the check-in;
/// - a copy on loan may be carried out and come back to its loan: the carrying out names its borrowing
///   (`parent_request_id`), so the one-open-loan-per-copy index now counts borrowings and top-level carryings-out,
///   and a second index lets a borrowing have only one carrying out open at a time;
/// - a declassified carrier says so (`declassified_on`), so a copy that was out when it happened comes back
///   declassified, not stored;
/// - the reading register records readings, a reading in place naming where it was read (`readings.place_id`).
/// Nullable columns and index swaps: in place on SQLite too.
struct AddReturnsAndDeclassification: AsyncMigration {
    var name: String { "014-AddReturnsAndDeclassification" }

    func prepare(on database: any Database) async throws {
        try await database.schema(LoanModel.schema).field("checked_in_at", .datetime).update()
        try await database.schema(LoanModel.schema).field("checked_in_by", .string).update()
        try await database.schema(LoanModel.schema)
            .field("parent_request_id", .uuid, .references(RequestModel.schema, "id", onDelete: .restrict)).update()
        try await database.schema(CarrierModel.schema).field("declassified_on", .string).update()
        try await database.schema(ReadingModel.schema)
            .field("place_id", .uuid, .references(StoragePlaceModel.schema, "id", onDelete: .restrict)).update()
        let sql = try database.sql
        // Loans handed back before this version were stored at once: they count as checked in then.
        try await sql.raw("UPDATE loans SET checked_in_at = returned_at, checked_in_by = returned_by").run()
        try await sql.raw("DROP INDEX loans_one_open_per_copy").run()
        try await sql.raw(
            """
            CREATE UNIQUE INDEX loans_one_open_per_copy ON loans (copy_id)
            WHERE is_open = true AND parent_request_id IS NULL
            """
        ).run()
        try await sql.raw(
            "CREATE UNIQUE INDEX loans_one_open_per_parent ON loans (parent_request_id) WHERE is_open = true"
        ).run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        try await sql.raw("DROP INDEX loans_one_open_per_parent").run()
        try await sql.raw("DROP INDEX loans_one_open_per_copy").run()
        try await sql.raw("CREATE UNIQUE INDEX loans_one_open_per_copy ON loans (copy_id) WHERE is_open = true").run()
        try await database.schema(ReadingModel.schema).deleteField("place_id").update()
        try await database.schema(CarrierModel.schema).deleteField("declassified_on").update()
        try await database.schema(LoanModel.schema).deleteField("parent_request_id").update()
        try await database.schema(LoanModel.schema).deleteField("checked_in_by").update()
        try await database.schema(LoanModel.schema).deleteField("checked_in_at").update()
    }
}
