import FluentKit
import SQLKit

/// 涉密人员复审 (A2) and the duties new hires owe their former employers (T13), issue #16.
struct CreatePostReviews: AsyncMigration {
    var name: String { "025-CreatePostReviews" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ClearanceReviewModel.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("reviewed_on", .string, .required)
            .field("outcome", .string, .required)
            .field("post_class", .string, .required)
            .field("note", .string)
            .field("reviewed_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await database.schema(PriorObligationModel.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("employer", .string, .required)
            .field("kind", .string, .required)
            .field("field", .string, .required)
            .field("ends_on", .string)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        let sql = try database.sql
        try await sql.raw("CREATE INDEX clearance_reviews_by_person ON clearance_reviews (person_id, reviewed_on)")
            .run()
        try await sql.raw("CREATE INDEX prior_obligations_by_person ON prior_obligations (person_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PriorObligationModel.schema).delete()
        try await database.schema(ClearanceReviewModel.schema).delete()
    }
}
