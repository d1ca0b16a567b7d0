import FluentKit
import SQLKit

/// Secrecy education (#15, E5–E6.7): sessions and who attended them, their materials, the annual plans with their
/// planned sessions, and the calendar of holidays and major activities that briefings are scheduled before.
struct CreateTrainingRecords: AsyncMigration {
    var name: String { "020-CreateTrainingRecords" }

    func prepare(on database: any Database) async throws {
        try await database.schema(TrainingPlanModel.schema)
            .id()
            .field("year", .int, .required)
            .field("department_id", .uuid, .references(OrgUnitModel.schema, "id", onDelete: .restrict))
            .field("title", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(PlannedSessionModel.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(TrainingPlanModel.schema, "id", onDelete: .restrict))
            .field("month", .int, .required)
            .field("title", .string, .required)
            .field("purpose", .string, .required)
            .field("audience", .string, .required)
            .field("areas", .string, .required)
            .create()
        try await database.schema(TrainingSessionModel.schema)
            .id()
            .field("title", .string, .required)
            .field("form", .string, .required)
            .field("purpose", .string, .required)
            .field("held_on", .string, .required)
            .field("place", .string, .required)
            .field("trainer", .string, .required)
            .field("areas", .string, .required)
            .field("hours", .double, .required)
            .field("department_id", .uuid, .references(OrgUnitModel.schema, "id", onDelete: .restrict))
            .field(
                "planned_session_id", .uuid, .references(PlannedSessionModel.schema, "id", onDelete: .restrict)
            )
            .field("calendar_event_id", .uuid)
            .field("exam_note", .string)
            .field("attendees", .int, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await database.schema(TrainingAttendanceModel.schema)
            .id()
            .field("session_id", .uuid, .required, .references(TrainingSessionModel.schema, "id", onDelete: .restrict))
            .field("person_id", .uuid, .required, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("source", .string, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .unique(on: "session_id", "person_id")
            .create()
        try await database.schema(TrainingMaterialModel.schema)
            .id()
            .field("session_id", .uuid, .required, .references(TrainingSessionModel.schema, "id", onDelete: .restrict))
            .field("file_name", .string, .required)
            .field("type", .string, .required)
            .field("size", .int64, .required)
            .field("sha256", .string, .required)
            .field("uploaded_by_name", .string, .required)
            .field("uploaded_at", .datetime, .required)
            .create()
        try await database.schema(CalendarEventModel.schema)
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("starts_on", .string, .required)
            .field("responsible_person_id", .uuid, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("created_by", .string, .required)
            .unique(on: "name", "starts_on")
            .create()
        let indexes: [SQLQueryString] = [
            "CREATE INDEX training_sessions_by_day ON training_sessions (held_on, purpose)",
            "CREATE INDEX training_sessions_by_plan ON training_sessions (planned_session_id)",
            "CREATE INDEX training_attendances_by_person ON training_attendances (person_id)",
            "CREATE INDEX planned_sessions_by_plan ON planned_sessions (plan_id, month)",
            "CREATE INDEX training_plans_by_year ON training_plans (year, department_id)",
        ]
        for statement in indexes { try await database.sql.raw(statement).run() }
    }

    func revert(on database: any Database) async throws {
        for schema in [
            CalendarEventModel.schema, TrainingMaterialModel.schema, TrainingAttendanceModel.schema,
            TrainingSessionModel.schema, PlannedSessionModel.schema, TrainingPlanModel.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}
