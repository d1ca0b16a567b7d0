import FluentKit

/// Where an account's daily compliance digest goes (REMIND): an optional e-mail address, empty for everyone until
/// they or the system administrator set one. Adding a nullable column is an in-place change on SQLite too.
struct AddAccountEmail: AsyncMigration {
    var name: String { "009-AddAccountEmail" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AccountModel.schema).field("email", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccountModel.schema).deleteField("email").update()
    }
}
