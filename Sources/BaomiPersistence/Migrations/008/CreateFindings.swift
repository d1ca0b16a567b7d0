import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Findings of the compliance engine (REMIND): one row per finding from the day it opens until the day it closes,
/// kept afterwards as its history. A partial unique index allows one open finding per check and subject.
struct CreateFindings: AsyncMigration {
    var name: String { "008-CreateFindings" }

    func prepare(on database: any Database) async throws {
        try await database.schema(FindingModel.schema)
            .id()
            .field("key", .string, .required)
            .field("check", .string, .required)
            .field("rule", .string, .required)
            .field("severity", .string, .required)
            .field("subject_type", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("subject_label", .string, .required)
            .field("person_id", .uuid)
            .field("department_id", .uuid)
            .field("due", .string)
            .field("explanation_zh", .string, .required)
            .field("explanation_en", .string, .required)
            .field("opened_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("closed_at", .datetime)
            .field("is_open", .bool, .required)
            .create()
        let sql = try database.sql
        try await sql.raw("CREATE UNIQUE INDEX findings_one_open_per_key ON findings (key) WHERE is_open = true").run()
        try await sql.raw("CREATE INDEX findings_open_by_check ON findings (is_open, \"check\")").run()
        try await sql.raw("CREATE INDEX findings_by_department ON findings (department_id, is_open)").run()
        try await sql.raw("CREATE INDEX findings_by_person ON findings (person_id, is_open)").run()
        try await sql.raw("CREATE INDEX findings_by_opened ON findings (opened_at)").run()
        try await addPeriodEnds(on: database)
        try await sql.raw("CREATE INDEX people_by_status ON people (status)").run()
        try await sql.raw("CREATE INDEX tasks_open_by_kind ON tasks (kind, done_at)").run()
        try await sql.raw("CREATE INDEX requests_by_kind_state ON requests (kind, state)").run()
    }

    /// `carriers.period_end`, computed for the carriers already registered (C9).
    private func addPeriodEnds(on database: any Database) async throws {
        let sql = try database.sql
        try await sql.raw("ALTER TABLE carriers ADD COLUMN period_end TEXT").run()
        try await sql.raw("CREATE INDEX carriers_by_period_end ON carriers (period_end)").run()
        let levels = try await SettingsRepository(store: Store()).levelCatalogue(on: database)
        let rows = try await sql.raw(
            "SELECT id, level, period, classified_on, created_at FROM carriers"
        ).all()
        // One transaction: a commit per carrier would cost a disk flush each.
        try await database.transaction { transaction in
            let sql = try transaction.sql
            for row in rows {
                let period =
                    (try? JSONDecoder().decode(
                        SecrecyPeriod.self, from: Data(try row.decode(column: "period", as: String.self).utf8)))
                    ?? .unmarked
                let created = try row.decode(column: "created_at", as: Date?.self) ?? Date()
                let start =
                    try row.decode(column: "classified_on", as: String?.self) ?? ClearanceRepository.today(created)
                let level = levels.definition(LevelID(rawValue: try row.decode(column: "level", as: String.self)))
                guard let end = period.endDay(classifiedOn: start, maximumYears: level?.maximumYears) else { continue }
                try await sql.raw(
                    "UPDATE carriers SET period_end = \(bind: end) WHERE id = \(bind: try row.decode(column: "id", as: UUID.self))"
                ).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FindingModel.schema).delete()
        let sql = try database.sql
        for index in ["people_by_status", "tasks_open_by_kind", "requests_by_kind_state", "carriers_by_period_end"] {
            try await sql.raw("DROP INDEX \(unsafeRaw: index)").run()
        }
        try await sql.raw("ALTER TABLE carriers DROP COLUMN period_end").run()
    }
}
