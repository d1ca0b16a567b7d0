import FluentKit
import SQLKit

/// Training credits (#15): one row per attended session or passed exam, by the duty it meets (E1–E6.7).
struct CreateTrainingCredits: AsyncMigration {
    var name: String { "018-CreateTrainingCredits" }

    func prepare(on database: any Database) async throws {
        try await database.schema(TrainingCreditModel.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("purpose", .string, .required)
            .field("source_type", .string, .required)
            .field("source_id", .uuid, .required)
            .field("title", .string, .required)
            .field("earned_on", .string, .required)
            .field("hours", .double, .required)
            .field("recorded_at", .datetime, .required)
            .unique(on: "person_id", "source_type", "source_id")
            .create()
        try await database.sql.raw(
            "CREATE INDEX training_credits_by_person ON training_credits (person_id, purpose, earned_on)"
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX training_credits_by_person").run()
        try await database.schema(TrainingCreditModel.schema).delete()
    }
}
