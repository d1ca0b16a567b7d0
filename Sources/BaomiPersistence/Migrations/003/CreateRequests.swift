import FluentKit

/// The approval engine, destruction confirmations, tasks and inventories (DESIGN principle 5; C5, C6, C8, C9, C10).
struct CreateRequests: AsyncMigration {
    var name: String { "003-CreateRequests" }

    func prepare(on database: any Database) async throws {
        try await database.schema(RequestModel.schema)
            .id()
            .field("number", .string, .required)
            .field("kind", .string, .required)
            .field("state", .string, .required)
            .field("requester_id", .uuid, .required)
            .field("requester_name", .string, .required)
            .field("carrier_id", .uuid, .references(CarrierModel.schema, "id", onDelete: .restrict))
            .field("reason", .string, .required)
            .field("payload", .string, .required)
            .field("created_at", .datetime, .required)
            .field("closed_at", .datetime)
            .field("version", .int, .required)
            .unique(on: "number")
            .create()
        try await database.schema(RequestItemModel.schema)
            .id()
            .field("request_id", .uuid, .required, .references(RequestModel.schema, "id", onDelete: .cascade))
            .field("copy_id", .uuid, .required, .references(CopyModel.schema, "id", onDelete: .restrict))
            .unique(on: "request_id", "copy_id")
            .create()
        try await database.schema(RequestStepModel.schema)
            .id()
            .field("request_id", .uuid, .required, .references(RequestModel.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("spec", .string, .required)
            .field("decision", .string)
            .field("decided_by_id", .uuid)
            .field("decided_by_name", .string, .required)
            .field("comment", .string, .required)
            .field("decided_at", .datetime)
            .unique(on: "request_id", "position")
            .create()
        try await database.schema(DestructionConfirmationModel.schema)
            .id()
            .field("request_id", .uuid, .required, .references(RequestModel.schema, "id", onDelete: .cascade))
            .field("account_id", .uuid, .required)
            .field("name", .string, .required)
            .field("confirmed_at", .datetime, .required)
            .unique(on: "request_id", "account_id")
            .create()
        try await database.schema(TaskModel.schema)
            .id()
            .field("kind", .string, .required)
            .field("person_id", .uuid, .required)
            .field("carrier_id", .uuid, .required, .references(CarrierModel.schema, "id", onDelete: .restrict))
            .field("copy_id", .uuid, .references(CopyModel.schema, "id", onDelete: .restrict))
            .field("text", .string, .required)
            .field("created_at", .datetime, .required)
            .field("done_at", .datetime)
            .create()
        try await database.schema(InventoryModel.schema)
            .id()
            .field("name", .string, .required)
            .field("department_id", .uuid)
            .field("place_id", .uuid)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("closed_at", .datetime)
            .field("unexpected", .string, .required)
            .create()
        try await database.schema(InventoryItemModel.schema)
            .id()
            .field("inventory_id", .uuid, .required, .references(InventoryModel.schema, "id", onDelete: .cascade))
            .field("copy_id", .uuid, .required, .references(CopyModel.schema, "id", onDelete: .restrict))
            .field("found", .bool, .required)
            .field("found_by", .string, .required)
            .field("found_at", .datetime)
            .unique(on: "inventory_id", "copy_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [
            InventoryItemModel.schema, InventoryModel.schema, TaskModel.schema, DestructionConfirmationModel.schema,
            RequestStepModel.schema, RequestItemModel.schema, RequestModel.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}
