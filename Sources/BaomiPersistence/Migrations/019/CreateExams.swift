import FluentKit
import SQLKit

/// The question bank, exams and attempts (E6.2, #15).
struct CreateExams: AsyncMigration {
    var name: String { "019-CreateExams" }

    func prepare(on database: any Database) async throws {
        try await database.schema(QuestionModel.schema)
            .id()
            .field("type", .string, .required)
            .field("stem", .string, .required)
            .field("options", .string, .required)
            .field("correct", .string, .required)
            .field("accepted", .string, .required)
            .field("areas", .string, .required)
            .field("difficulty", .string, .required)
            .field("explanation", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema(ExamModel.schema)
            .id()
            .field("title", .string, .required)
            .field("purpose", .string, .required)
            .field("opens_at", .datetime, .required)
            .field("closes_at", .datetime, .required)
            .field("contest", .bool, .required)
            .field("definition", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(ExamAttemptModel.schema)
            .id()
            .field("exam_id", .uuid, .required, .references(ExamModel.schema, "id", onDelete: .restrict))
            .field("person_id", .uuid, .required, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("person_name", .string, .required)
            .field("department_id", .uuid)
            .field("department_name", .string, .required)
            .field("number", .int, .required)
            .field("seed", .int64, .required)
            .field("started_at", .datetime, .required)
            .field("deadline", .datetime, .required)
            .field("paper", .string, .required)
            .field("answers", .string, .required)
            .field("submitted_at", .datetime)
            .field("score", .int)
            .field("max_score", .int, .required)
            .field("passed", .bool)
            .unique(on: "exam_id", "person_id", "number")
            .create()
        try await database.sql.raw("CREATE INDEX questions_by_difficulty ON questions (difficulty, type)").run()
        try await database.sql.raw("CREATE INDEX exams_by_window ON exams (closes_at, opens_at)").run()
        try await database.sql.raw("CREATE INDEX exam_attempts_by_person ON exam_attempts (person_id, exam_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ExamAttemptModel.schema).delete()
        try await database.schema(ExamModel.schema).delete()
        try await database.schema(QuestionModel.schema).delete()
    }
}
