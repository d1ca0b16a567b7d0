import FluentKit

/// An internal dispatch names the receiving department, whose secrecy officer signs for it in Baomi; custody of the
/// copy passes to that department on receipt (C2, C3).
struct AddCopyReceivingDepartment: AsyncMigration {
    var name: String { "004-AddCopyReceivingDepartment" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CopyModel.schema)
            .field("receiving_department_id", .uuid, .references(OrgUnitModel.schema, "id", onDelete: .restrict))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CopyModel.schema).deleteField("receiving_department_id").update()
    }
}
