import FluentKit
import SQLKit

/// Departures (#16: T22, T12, T11, A7): the returned-items checklist, the delivery of the two letters, and on each
/// person the day they left and the end of their non-compete period (the 脱密期's end is `separation_until`).
struct CreateDepartures: AsyncMigration {
    var name: String { "023-CreateDepartures" }

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one at a time.
        try await database.schema(PersonModel.schema).field("departed_on", .string).update()
        try await database.schema(PersonModel.schema).field("non_compete_until", .string).update()
        try await database.schema(DepartureItemModel.schema)
            .id()
            .field("request_id", .uuid, .required, .references(RequestModel.schema, "id", onDelete: .restrict))
            .field("position", .int, .required)
            .field("category", .string, .required)
            .field("description", .string, .required)
            .field("added_by", .string, .required)
            .field("signed_by_id", .uuid)
            .field("signed_by_name", .string, .required)
            .field("signed_at", .datetime)
            .unique(on: "request_id", "position")
            .create()
        try await database.schema(DepartureLetterModel.schema)
            .id()
            .field("request_id", .uuid, .required, .references(RequestModel.schema, "id", onDelete: .restrict))
            .field("letter", .string, .required)
            .field("delivered_on", .string, .required)
            .field("method", .string, .required)
            .field("delivered_by", .string, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .unique(on: "request_id", "letter")
            .create()
        // The 脱密期 and 竞业限制 lists read people by the end of their periods.
        try await database.sql.raw("CREATE INDEX people_by_separation ON people (separation_until)").run()
        try await database.sql.raw("CREATE INDEX people_by_non_compete ON people (non_compete_until)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX people_by_non_compete").run()
        try await database.sql.raw("DROP INDEX people_by_separation").run()
        try await database.schema(DepartureLetterModel.schema).delete()
        try await database.schema(DepartureItemModel.schema).delete()
        try await database.schema(PersonModel.schema).deleteField("non_compete_until").update()
        try await database.schema(PersonModel.schema).deleteField("departed_on").update()
    }
}
