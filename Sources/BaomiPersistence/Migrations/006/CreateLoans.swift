import FluentKit
import SQLKit

/// Borrowings and carryings-out (借阅、外带; A6, C4, L1.9): one row per request, open from submission until the copy
/// is back or the request ends. The partial unique index lets only one open loan name a copy, so of two simultaneous
/// requests — on one server or several sharing PostgreSQL — exactly one wins.
struct CreateLoans: AsyncMigration {
    var name: String { "006-CreateLoans" }

    func prepare(on database: any Database) async throws {
        try await database.schema(LoanModel.schema)
            .id()
            .field("request_id", .uuid, .required, .references(RequestModel.schema, "id", onDelete: .restrict))
            .field("copy_id", .uuid, .required, .references(CopyModel.schema, "id", onDelete: .restrict))
            .field("kind", .string, .required)
            .field("borrower_person_id", .uuid, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("borrower_account_id", .uuid, .required)
            .field("borrower_name", .string, .required)
            .field("use_place_id", .uuid, .references(StoragePlaceModel.schema, "id", onDelete: .restrict))
            .field("destination", .string, .required)
            .field("return_date", .string, .required)
            .field("home_place_id", .uuid)
            .field("issued_at", .datetime)
            .field("issued_by", .string)
            .field("returned_at", .datetime)
            .field("returned_by", .string)
            .field("forced", .bool, .required)
            .field("is_open", .bool, .required)
            .unique(on: "request_id")
            .create()
        let sql = try database.sql
        try await sql.raw("CREATE UNIQUE INDEX loans_one_open_per_copy ON loans (copy_id) WHERE is_open = true").run()
        try await sql.raw("CREATE INDEX loans_by_borrower ON loans (borrower_person_id, is_open)").run()
        try await sql.raw("CREATE INDEX loans_open_by_return_date ON loans (is_open, return_date)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoanModel.schema).delete()
    }
}
