import FluentKit
import SQLKit

/// Events record what they concerned as it was then (DESIGN principle 12). Carriers keep the marking printed on them
/// now, which their events copy; copy events, request items and inventory items keep the carrier's number, title,
/// level and marking, the copies it had, and the holder, place and department by name; decisions keep the approver's
/// role and post; loans the place of use and the borrower's department; readings the marking read; and every change
/// of a carrier's marking gets a row of its own. Existing rows are filled in as well as the records allow
/// (`HistoryBackfill`).
struct RecordHistoryAsItWas: AsyncMigration {
    var name: String { "013-RecordHistoryAsItWas" }

    static let snapshotColumns = [
        "carrier_number TEXT NOT NULL DEFAULT ''", "carrier_title TEXT NOT NULL DEFAULT ''",
        "level TEXT NOT NULL DEFAULT ''", "level_name TEXT NOT NULL DEFAULT ''", "marking TEXT NOT NULL DEFAULT ''",
        "copy_total BIGINT NOT NULL DEFAULT 0", "holder_name TEXT NOT NULL DEFAULT ''",
        "place_name TEXT NOT NULL DEFAULT ''", "department_name TEXT NOT NULL DEFAULT ''",
    ]

    static let columns: [(table: String, columns: [String])] = [
        ("carriers", ["level_name TEXT NOT NULL DEFAULT ''", "marking TEXT NOT NULL DEFAULT ''"]),
        ("copy_events", snapshotColumns), ("request_items", snapshotColumns), ("inventory_items", snapshotColumns),
        ("request_steps", ["decided_by_role TEXT NOT NULL DEFAULT ''", "decided_by_post TEXT NOT NULL DEFAULT ''"]),
        ("loans", ["use_place_name TEXT NOT NULL DEFAULT ''", "borrower_department_name TEXT NOT NULL DEFAULT ''"]),
        ("readings", ["level TEXT NOT NULL DEFAULT ''", "marking TEXT NOT NULL DEFAULT ''"]),
    ]

    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        for (table, columns) in Self.columns {
            for column in columns {
                try await sql.raw("ALTER TABLE \(unsafeRaw: table) ADD COLUMN \(unsafeRaw: column)").run()
            }
        }
        try await database.schema(MarkingChangeModel.schema)
            .id()
            .field("carrier_id", .uuid, .required, .references(CarrierModel.schema, "id", onDelete: .restrict))
            .field("request_id", .uuid, .references(RequestModel.schema, "id", onDelete: .restrict))
            .field("request_number", .string, .required)
            .field("change", .string, .required)
            .field("at", .datetime, .required)
            .field("from_level", .string, .required)
            .field("from_marking", .string, .required)
            .field("to_level", .string, .required)
            .field("to_marking", .string, .required)
            .field("approved_by", .string, .required)
            .create()
        try await sql.raw("CREATE INDEX marking_changes_by_carrier ON marking_changes (carrier_id, at)").run()
        try await HistoryBackfill(database: database).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MarkingChangeModel.schema).delete()
        let sql = try database.sql
        for (table, columns) in Self.columns {
            for column in columns {
                let name = column.prefix { $0 != " " }
                try await sql.raw("ALTER TABLE \(unsafeRaw: table) DROP COLUMN \(unsafeRaw: String(name))").run()
            }
        }
    }
}
