import FluentKit

/// Org units, people, secrecy officers and the working group (T4).
struct CreateOrganisation: AsyncMigration {
    var name: String { "001-CreateOrganisation" }

    func prepare(on database: any Database) async throws {
        try await database.schema(OrgUnitModel.schema)
            .id()
            .field("name", .string, .required)
            .field("code", .string, .required)
            .field("kind", .string, .required)
            .field("parent_id", .uuid, .references(OrgUnitModel.schema, "id", onDelete: .restrict))
            .field("is_key_department", .bool, .required)
            .field("is_managing_department", .bool, .required)
            .field("sort_order", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .create()
        try await database.schema(PersonModel.schema)
            .id()
            .field("name", .string, .required)
            .field("employee_number", .string, .required)
            .field("department_id", .uuid, .required, .references(OrgUnitModel.schema, "id", onDelete: .restrict))
            .field("post", .string, .required)
            .field("is_leader", .bool, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "employee_number")
            .create()
        try await database.schema(SecrecyOfficerModel.schema)
            .id()
            .field("org_unit_id", .uuid, .required, .references(OrgUnitModel.schema, "id", onDelete: .restrict))
            .field("person_id", .uuid, .required, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("assigned_at", .datetime)
            .unique(on: "org_unit_id")
            .create()
        try await database.schema(WorkingGroupMemberModel.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("role", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "person_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WorkingGroupMemberModel.schema).delete()
        try await database.schema(SecrecyOfficerModel.schema).delete()
        try await database.schema(PersonModel.schema).delete()
        try await database.schema(OrgUnitModel.schema).delete()
    }
}
