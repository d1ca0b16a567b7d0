import FluentKit
import SQLKit

/// Two-person changes of accounts and the notices their owners see at next sign-in (S1). A partial unique index
/// allows one pending change of each kind per account, on both databases.
struct CreateAccountChanges: AsyncMigration {
    var name: String { "011-CreateAccountChanges" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AccountChangeModel.schema)
            .id()
            .field("account_id", .uuid, .required, .references(AccountModel.schema, "id", onDelete: .restrict))
            .field("kind", .string, .required)
            .field("state", .string, .required)
            .field("password_hash", .string)
            .field("old_person_id", .uuid)
            .field("new_person_id", .uuid)
            .field("old_email", .string)
            .field("new_email", .string)
            .field("proposed_by_id", .uuid, .required)
            .field("proposed_by_name", .string, .required)
            .field("proposed_at", .datetime, .required)
            .field("decided_by_id", .uuid)
            .field("decided_by_name", .string)
            .field("decided_at", .datetime)
            .field("comment", .string, .required)
            .create()
        try await database.schema(AccountNoticeModel.schema)
            .id()
            .field("account_id", .uuid, .required, .references(AccountModel.schema, "id", onDelete: .restrict))
            .field("text_zh", .string, .required)
            .field("text_en", .string, .required)
            .field("created_at", .datetime, .required)
            .field("acknowledged_at", .datetime)
            .create()
        let sql = try database.sql
        try await sql.raw(
            """
            CREATE UNIQUE INDEX account_changes_one_pending ON account_changes (account_id, kind)
            WHERE state = 'pending'
            """
        ).run()
        try await sql.raw("CREATE INDEX account_changes_by_state ON account_changes (state, proposed_at)").run()
        try await sql.raw("CREATE INDEX account_notices_open ON account_notices (account_id, acknowledged_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccountNoticeModel.schema).delete()
        try await database.schema(AccountChangeModel.schema).delete()
    }
}
