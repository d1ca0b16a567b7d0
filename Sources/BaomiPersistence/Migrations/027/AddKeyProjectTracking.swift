import FluentKit
import SQLKit

/// Key projects (T10), issue #16: a project's last day, and the tracking files (专档) of members who left one before
/// it ended, with their dated follow-up entries. Entries are evidence: the database refuses to change or remove one.
struct AddKeyProjectTracking: AsyncMigration {
    var name: String { "027-AddKeyProjectTracking" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ProjectModel.schema).field("ends_on", .string).update()
        try await database.schema(TrackingFileModel.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("project_id", .uuid, .required, .references(ProjectModel.schema, "id", onDelete: .restrict))
            .field("reason", .string, .required)
            .field("request_id", .uuid)
            .field("occurred_on", .string, .required)
            .field("account", .string, .required)
            .field("person_name", .string, .required)
            .field("project_code", .string, .required)
            .field("project_name", .string, .required)
            .field("opened_by", .string, .required)
            .field("opened_at", .datetime, .required)
            .field("closed_by", .string)
            .field("closed_at", .datetime)
            .field("close_note", .string)
            .create()
        try await database.schema(TrackingEntryModel.schema)
            .id()
            .field("file_id", .uuid, .required, .references(TrackingFileModel.schema, "id", onDelete: .restrict))
            .field("entered_on", .string, .required)
            .field("text", .string, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        let sql = try database.sql
        try await sql.raw("CREATE INDEX tracking_files_by_person ON tracking_files (person_id, project_id)").run()
        try await sql.raw("CREATE INDEX tracking_files_open ON tracking_files (closed_at, opened_at)").run()
        try await sql.raw("CREATE INDEX tracking_entries_by_file ON tracking_entries (file_id, entered_on)").run()
        switch try SQLDialectKind(database) {
        case .sqlite:
            for event in ["UPDATE", "DELETE"] {
                try await sql.raw(
                    """
                    CREATE TRIGGER tracking_entries_no_\(unsafeRaw: event.lowercased()) BEFORE \(unsafeRaw: event)
                    ON tracking_entries BEGIN SELECT RAISE(ABORT, 'tracking file entries are append-only (T10)'); END
                    """
                ).run()
            }
        case .postgres:
            try await sql.raw(
                """
                CREATE OR REPLACE FUNCTION baomi_tracking_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'tracking file entries are append-only (T10)'; END $$
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER tracking_entries_no_change BEFORE UPDATE OR DELETE ON tracking_entries
                FOR EACH ROW EXECUTE FUNCTION baomi_tracking_entries_append_only()
                """
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TrackingEntryModel.schema).delete()
        try await database.schema(TrackingFileModel.schema).delete()
        try await database.schema(ProjectModel.schema).deleteField("ends_on").update()
    }
}
