import FluentKit
import SQLKit

/// Secret-post clearances with their history (A2, A4, A7) and the reading register (阅知登记, C4).
struct CreateClearances: AsyncMigration {
    var name: String { "005-CreateClearances" }

    func prepare(on database: any Database) async throws {
        // Everyone starts without a secret post: access is granted, never assumed (A2).
        let sql = try database.sql
        for column in [
            "post_class TEXT NOT NULL DEFAULT 'nonSecret'", "compartments TEXT NOT NULL DEFAULT '[]'",
            "access_groups TEXT NOT NULL DEFAULT '[]'", "separation_until TEXT",
        ] {
            try await sql.raw("ALTER TABLE people ADD COLUMN \(unsafeRaw: column)").run()
        }
        try await database.schema(ClearanceChangeModel.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("post_class", .string, .required)
            .field("compartments", .string, .required)
            .field("access_groups", .string, .required)
            .field("separation_until", .string)
            .field("reason", .string, .required)
            .field("changed_by", .string, .required)
            .field("changed_at", .datetime, .required)
            .create()
        try await database.schema(ReadingModel.schema)
            .id()
            .field("carrier_id", .uuid, .required, .references(CarrierModel.schema, "id", onDelete: .restrict))
            .field("copy_id", .uuid, .references(CopyModel.schema, "id", onDelete: .restrict))
            .field("person_id", .uuid, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("account_id", .uuid, .required)
            .field("reader_name", .string, .required)
            .field("kind", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await sql.raw("CREATE INDEX readings_by_carrier ON readings (carrier_id, at)").run()
        try await sql.raw("CREATE INDEX clearance_changes_by_person ON clearance_changes (person_id, changed_at)").run()
        try await sql.raw("CREATE INDEX carrier_scope_by_carrier ON carrier_scope (carrier_id, ref_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReadingModel.schema).delete()
        try await database.schema(ClearanceChangeModel.schema).delete()
        try await database.sql.raw("DROP INDEX carrier_scope_by_carrier").run()
        for field in ["post_class", "compartments", "access_groups", "separation_until"] {
            try await database.schema(PersonModel.schema).deleteField(.string(field)).update()
        }
    }
}
