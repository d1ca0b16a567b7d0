import FluentKit

/// Accounts, sessions and settings (S1, S3).
struct CreateAccounts: AsyncMigration {
    var name: String { "001-CreateAccounts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AccountModel.schema)
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("person_id", .uuid, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("password_hash", .string, .required)
            .field("roles", .string, .required)
            .field("must_change_password", .bool, .required)
            .field("failed_sign_ins", .int, .required)
            .field("locked_at", .datetime)
            .field("totp_secret", .string)
            .field("totp_enabled", .bool, .required)
            .field("totp_last_step", .int)
            .field("language", .string, .required)
            .field("is_disabled", .bool, .required)
            .field("is_built_in", .bool, .required)
            .field("last_sign_in_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "username")
            .unique(on: "person_id")
            .create()
        try await database.schema(SessionModel.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("account_id", .uuid, .required, .references(AccountModel.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("csrf_token", .string, .required)
            .field("ip", .string)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("ended_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema(SettingModel.schema)
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SettingModel.schema).delete()
        try await database.schema(SessionModel.schema).delete()
        try await database.schema(AccountModel.schema).delete()
    }
}
