import FluentKit
import SQLKit

/// Projects, storage places, carriers, their scope, copies and copy events (T6, T7, C0–C10), plus classifier flags
/// on people (T5.1).
struct CreateCarriers: AsyncMigration {
    var name: String { "002-CreateCarriers" }

    func prepare(on database: any Database) async throws {
        try await database.schema(PersonModel.schema)
            .field("classifier_max_level", .string)
            .update()
        try await database.schema(AccountModel.schema)
            .field("previous_sign_in_at", .datetime)
            .update()
        try await database.schema(ProjectModel.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("level", .string, .required)
            .field("is_key_project", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "code")
            .create()
        try await database.schema(StoragePlaceModel.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("max_level", .string, .required)
            .field("custodian_id", .uuid, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("department_id", .uuid, .required, .references(OrgUnitModel.schema, "id", onDelete: .restrict))
            .field("location", .string, .required)
            .field("is_active", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .create()
        try await database.schema(CarrierModel.schema)
            .id()
            .field("number", .string, .required)
            .field("number_year", .int, .required)
            .field("number_sequence", .int, .required)
            .field("title", .string, .required)
            .field("document_number", .string, .required)
            .field("category", .string, .required)
            .field("form", .string, .required)
            .field("source", .string, .required)
            .field("regime", .string, .required)
            .field("level", .string, .required)
            .field("level_rank", .int, .required)
            .field("period", .string, .required)
            .field("copy_count", .int, .required)
            .field("copying_allowed", .bool, .required)
            .field("project_id", .uuid, .references(ProjectModel.schema, "id", onDelete: .restrict))
            .field("department_id", .uuid, .required, .references(OrgUnitModel.schema, "id", onDelete: .restrict))
            .field("classifier_id", .uuid, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("classification_basis", .string, .required)
            .field("classified_on", .string)
            .field("originating_authority", .string, .required)
            .field("is_production_waste", .bool, .required)
            .field("notes", .string, .required)
            .field("registered_by", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "number")
            .unique(on: "number_year", "number_sequence")
            .create()
        try await database.schema(CarrierScopeModel.schema)
            .id()
            .field("carrier_id", .uuid, .required, .references(CarrierModel.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("ref_id", .uuid, .required)
            .unique(on: "carrier_id", "kind", "ref_id")
            .create()
        try await database.schema(CopyModel.schema)
            .id()
            .field("carrier_id", .uuid, .required, .references(CarrierModel.schema, "id", onDelete: .restrict))
            .field("level", .string, .required)
            .field("department_id", .uuid, .required)
            .field("serial", .int, .required)
            .field("copy_of_id", .uuid, .references(CopyModel.schema, "id", onDelete: .restrict))
            .field("state", .string, .required)
            .field("holder_id", .uuid, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("place_id", .uuid, .references(StoragePlaceModel.schema, "id", onDelete: .restrict))
            .field("counterpart", .string, .required)
            .field("last_changed_at", .datetime, .required)
            .field("version", .int, .required)
            .unique(on: "carrier_id", "serial")
            .create()
        try await database.schema(CopyEventModel.schema)
            .id()
            .field("copy_id", .uuid, .required, .references(CopyModel.schema, "id", onDelete: .restrict))
            .field("at", .datetime, .required)
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("from_state", .string)
            .field("to_state", .string, .required)
            .field("place_id", .uuid, .references(StoragePlaceModel.schema, "id", onDelete: .restrict))
            .field("person_id", .uuid, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("counterpart", .string, .required)
            .field("details", .string, .required)
            .create()
        let sql = try database.sql
        for statement in [
            "CREATE INDEX copies_by_state ON copies (state, last_changed_at)",
            "CREATE INDEX copies_by_change ON copies (last_changed_at, id)",
            "CREATE INDEX copies_by_level_state ON copies (level, state, last_changed_at, id)",
            "CREATE INDEX copies_by_department ON copies (department_id, last_changed_at, id)",
            "CREATE INDEX copies_by_place ON copies (place_id)",
            "CREATE INDEX copies_by_holder ON copies (holder_id)",
            "CREATE INDEX copy_events_by_copy ON copy_events (copy_id, at)",
            "CREATE INDEX carriers_by_level ON carriers (level, created_at)",
            "CREATE INDEX carriers_by_department ON carriers (department_id, created_at)",
            "CREATE INDEX carrier_scope_by_ref ON carrier_scope (kind, ref_id)",
        ] {
            try await sql.raw(SQLQueryString(stringLiteral: statement)).run()
        }
        try await CarrierSearchIndex.install(on: database)
    }

    func revert(on database: any Database) async throws {
        for schema in [
            CopyEventModel.schema, CopyModel.schema, CarrierScopeModel.schema, CarrierModel.schema,
            StoragePlaceModel.schema, ProjectModel.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}
