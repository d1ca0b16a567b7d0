import FluentKit
import SQLKit

/// The register of secret posts and each person's spells on them (A2, A4, T9), issue #16.
struct CreatePosts: AsyncMigration {
    var name: String { "026-CreatePosts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PostModel.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("department_id", .uuid, .required, .references(OrgUnitModel.schema, "id", onDelete: .restrict))
            .field("post_class", .string, .required)
            .field("extra_agreements", .string, .required)
            .field("field", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .create()
        try await database.schema(PostAssignmentModel.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("post_id", .uuid, .references(PostModel.schema, "id", onDelete: .restrict))
            .field("post_code", .string, .required)
            .field("post_name", .string, .required)
            .field("post_class", .string, .required)
            .field("department_name", .string, .required)
            .field("from_date", .string, .required)
            .field("until_date", .string)
            .field("request_number", .string)
            .field("reason", .string, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        let sql = try database.sql
        try await sql.raw("CREATE INDEX posts_by_department ON posts (department_id, code)").run()
        try await sql.raw("CREATE INDEX post_assignments_by_person ON post_assignments (person_id, recorded_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PostAssignmentModel.schema).delete()
        try await database.schema(PostModel.schema).delete()
    }
}
