import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Fills in what the rows written before migration 013 concerned, as well as the records allow (principle 12):
/// - carriers: the level's name and the marking from their level and period, as the catalogue prints them now;
/// - copy events: carrier number and title, holder, place and keeping department by their present names (Baomi kept
///   no older names); the copy count N as it was, counted back from the carrier's copies' creation events;
/// - level and marking of events and readings: the carrier's present ones, except before each completed change of
///   level or period (C9), where the marking is the one that change's re-marking tasks and notices quote
///   (`由「绝密★30年」改为「机密★20年」（JM-2026-001）`), written as Baomi changed it — or, when a change left no task,
///   the marking the previous change quotes as its outcome; each change also becomes a row of the marking history;
/// - request and inventory items: the copy as its last event at or before the request or the inventory recorded it
///   (its first event if none);
/// - decisions: the role from the step's specification, the post the approver's person holds now;
/// - loans: the place of use's and the borrower's department's present names.
struct HistoryBackfill {
    let database: any Database

    func run() async throws {
        let sql = try database.sql
        let levels = try await storedLevels(sql)
        try await fillEventsAsTheyAreNow(sql, levels: levels)
        try await countCopiesBack(sql)
        try await fillDecisions(sql)
        try await replayMarkingChanges(sql, levels: levels)
        try await fillItems(sql)
        try await countItemCopiesBack(sql)
        try await fillLoans(sql)
    }

    private func fillEventsAsTheyAreNow(_ sql: any SQLDatabase, levels: LevelCatalogue) async throws {
        // A carrier's marking depends on its level and period only: one statement per pair in use.
        for row in try await sql.raw("SELECT DISTINCT level, period FROM carriers").all() {
            let level = try row.decode(column: "level", as: String.self)
            let period = try row.decode(column: "period", as: String.self)
            let marking = CopySnapshot.marking(level: level, period: period, levels: levels)
            try await sql.raw(
                """
                UPDATE carriers SET level_name = \(bind: marking.name), marking = \(bind: marking.text)
                WHERE level = \(bind: level) AND period = \(bind: period)
                """
            ).run()
        }
        try await sql.raw(
            """
            UPDATE copy_events SET (carrier_number, carrier_title, level, level_name, marking, copy_total) = (
                    SELECT c.number, c.title, c.level, c.level_name, c.marking, c.copy_count
                    FROM copies k JOIN carriers c ON c.id = k.carrier_id WHERE k.id = copy_events.copy_id),
                holder_name = COALESCE((SELECT p.name FROM people p WHERE p.id = copy_events.person_id), ''),
                place_name = COALESCE((SELECT s.name FROM storage_places s WHERE s.id = copy_events.place_id), ''),
                department_name = COALESCE((
                    SELECT d.name FROM copies k JOIN org_units d ON d.id = k.department_id
                    WHERE k.id = copy_events.copy_id), '')
            """
        ).run()
        try await sql.raw(
            """
            UPDATE readings SET (level, marking) = (
                SELECT c.level, c.marking FROM carriers c WHERE c.id = readings.carrier_id)
            """
        ).run()
    }

    /// N grows when a carrier is copied (C5.3): an event before the copying counts the copies that existed then.
    private func countCopiesBack(_ sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            UPDATE copy_events SET copy_total = COALESCE((
                    SELECT MAX(m.serial) FROM copies m JOIN copy_events f ON f.copy_id = m.id
                    WHERE m.carrier_id = (SELECT k.carrier_id FROM copies k WHERE k.id = copy_events.copy_id)
                        AND f.action IN ('make', 'receive', 'reproduce') AND f.at <= copy_events.at), copy_total)
            WHERE copy_id IN (
                SELECT k.id FROM copies k
                WHERE k.carrier_id IN (SELECT o.carrier_id FROM copies o WHERE o.copy_of_id IS NOT NULL))
            """
        ).run()
    }

    private func fillDecisions(_ sql: any SQLDatabase) async throws {
        for row in try await sql.raw("SELECT DISTINCT spec FROM request_steps WHERE decision IS NOT NULL").all() {
            let text = try row.decode(column: "spec", as: String.self)
            let spec = try? JSONDecoder().decode(ApprovalStepSpec.self, from: Data(text.utf8))
            try await sql.raw(
                """
                UPDATE request_steps SET decided_by_role = \(bind: RequestStepModel.role(of: spec))
                WHERE spec = \(bind: text) AND decision IS NOT NULL
                """
            ).run()
        }
        try await sql.raw(
            """
            UPDATE request_steps SET decided_by_post = COALESCE((
                    SELECT p.post FROM accounts a JOIN people p ON p.id = a.person_id
                    WHERE a.id = request_steps.decided_by_id), '')
            WHERE decision IS NOT NULL AND decided_by_role <> \(bind: RequestStepModel.recordedRole)
            """
        ).run()
    }

    /// One completed reclassification, with the markings its tasks quote.
    private struct Change {
        var requestID: UUID
        var number: String
        var change: String
        var at: Date
        var before: String?
        var after: String?
    }

    /// Each completed change of a carrier's marking becomes a row of its history, and the events and readings before
    /// it get the marking it replaced.
    private func replayMarkingChanges(_ sql: any SQLDatabase, levels: LevelCatalogue) async throws {
        let rows = try await sql.raw(
            """
            SELECT id, number, carrier_id, payload, closed_at FROM requests
            WHERE kind = 'reclassify' AND state = 'done' AND carrier_id IS NOT NULL AND closed_at IS NOT NULL
            ORDER BY closed_at
            """
        ).all()
        var byCarrier: [UUID: [Change]] = [:]
        for row in rows {
            byCarrier[try row.decode(column: "carrier_id", as: UUID.self), default: []].append(
                Change(
                    requestID: try row.decode(column: "id", as: UUID.self),
                    number: try row.decode(column: "number", as: String.self),
                    change: Reclassify.decodePayload(Data(try row.decode(column: "payload", as: String.self).utf8))?
                        .change ?? "",
                    at: try row.decode(column: "closed_at", as: Date.self)))
        }
        for (carrierID, found) in byCarrier {
            guard
                let carrier = try await sql.raw("SELECT level, period FROM carriers WHERE id = \(bind: carrierID)")
                    .first()
            else { continue }
            let current = CopySnapshot.marking(
                level: try carrier.decode(column: "level", as: String.self),
                period: try carrier.decode(column: "period", as: String.self), levels: levels
            ).text
            let tasks = try await sql.raw("SELECT text FROM tasks WHERE carrier_id = \(bind: carrierID)").all().map {
                try $0.decode(column: "text", as: String.self)
            }
            var changes = found.map { change in
                var change = change
                (change.before, change.after) = Self.quoted(in: tasks, request: change.number)
                return change
            }
            // What a change left unquoted, its neighbours tell: one's outcome is the next one's start.
            for index in changes.indices {
                if changes[index].before == nil, index > 0 { changes[index].before = changes[index - 1].after }
                if changes[index].after == nil {
                    changes[index].after =
                        changes[index].change == "declassify"
                        ? "已解密" : index == changes.count - 1 ? current : changes[index + 1].before
                }
            }
            var since: Date?
            for change in changes {
                try await record(change, carrierID: carrierID, levels: levels)
                if let before = change.before {
                    try await mark(carrierID, before: change.at, since: since, as: before, levels: levels, sql)
                }
                since = change.at
            }
        }
    }

    private func record(_ change: Change, carrierID: UUID, levels: LevelCatalogue) async throws {
        let steps = try await RequestStepModel.query(on: database).filter(\.$request.$id == change.requestID)
            .sort(\.$position).all()
        let fromLevel = change.before.flatMap { Self.level(of: $0, in: levels) } ?? ""
        let entry = MarkingChangeModel()
        entry.$carrier.id = carrierID
        entry.requestID = change.requestID
        entry.requestNumber = change.number
        entry.change = change.change
        entry.at = change.at
        entry.fromLevel = fromLevel
        entry.fromMarking = change.before ?? ""
        entry.toLevel =
            change.change == "declassify" ? fromLevel : change.after.flatMap { Self.level(of: $0, in: levels) } ?? ""
        entry.toMarking = change.after ?? ""
        entry.approvedBy = steps.filter { $0.decision == "approve" }.map { $0.approver(in: .zh) }.joined(separator: "、")
        try await entry.create(on: database)
    }

    /// Events and readings of the carrier in `[since, before)` get `marking` and the level it names.
    private func mark(
        _ carrierID: UUID, before: Date, since: Date?, as marking: String, levels: LevelCatalogue,
        _ sql: any SQLDatabase
    ) async throws {
        let level = Self.level(of: marking, in: levels)
        let name = level.flatMap { levels.definition(LevelID(rawValue: $0))?.name.zh }
        var range: SQLQueryString = " AND at < \(bind: before)"
        if let since { range.appendInterpolation(unsafeRaw: " AND at >= "); range.appendInterpolation(bind: since) }
        var events: SQLQueryString = "UPDATE copy_events SET marking = \(bind: marking)"
        var readings: SQLQueryString = "UPDATE readings SET marking = \(bind: marking)"
        if let level, let name {
            events.appendInterpolation(unsafeRaw: ", level = ")
            events.appendInterpolation(bind: level)
            events.appendInterpolation(unsafeRaw: ", level_name = ")
            events.appendInterpolation(bind: name)
            readings.appendInterpolation(unsafeRaw: ", level = ")
            readings.appendInterpolation(bind: level)
        }
        events.appendInterpolation(unsafeRaw: " WHERE copy_id IN (SELECT id FROM copies WHERE carrier_id = ")
        events.appendInterpolation(bind: carrierID)
        events.appendInterpolation(unsafeRaw: ")")
        events.appendInterpolation(range)
        readings.appendInterpolation(unsafeRaw: " WHERE carrier_id = ")
        readings.appendInterpolation(bind: carrierID)
        readings.appendInterpolation(range)
        try await sql.raw(events).run()
        try await sql.raw(readings).run()
    }

    /// Request and inventory items: the copy as its last event at or before the request was made or the inventory
    /// opened recorded it, else as its first event did.
    private func fillItems(_ sql: any SQLDatabase) async throws {
        let columns =
            "carrier_number, carrier_title, level, level_name, marking, copy_total, holder_name, place_name, "
            + "department_name"
        let fromEvent =
            "e.carrier_number, e.carrier_title, e.level, e.level_name, e.marking, e.copy_total, e.holder_name, "
            + "e.place_name, e.department_name"
        for (items, opened) in Self.itemTables {
            for (condition, order) in [("e.at <= \(opened)", "DESC"), ("1 = 1", "ASC")] {
                try await sql.raw(
                    """
                    UPDATE \(unsafeRaw: items) SET (\(unsafeRaw: columns)) = (
                        SELECT \(unsafeRaw: fromEvent)
                        FROM copy_events e WHERE e.copy_id = \(unsafeRaw: items).copy_id AND \(unsafeRaw: condition)
                        ORDER BY e.at \(unsafeRaw: order) LIMIT 1)
                    WHERE carrier_number = '' AND EXISTS (
                        SELECT 1 FROM copy_events e
                        WHERE e.copy_id = \(unsafeRaw: items).copy_id AND \(unsafeRaw: condition))
                    """
                ).run()
            }
        }
    }

    /// N as it was when the request was made or the inventory opened, for carriers copied since: the event an item
    /// was filled from may be older still.
    private func countItemCopiesBack(_ sql: any SQLDatabase) async throws {
        for (items, opened) in Self.itemTables {
            try await sql.raw(
                """
                UPDATE \(unsafeRaw: items) SET copy_total = COALESCE((
                        SELECT MAX(m.serial) FROM copies m JOIN copy_events f ON f.copy_id = m.id
                        WHERE m.carrier_id = (SELECT k.carrier_id FROM copies k WHERE k.id = \(unsafeRaw: items).copy_id)
                            AND f.action IN ('make', 'receive', 'reproduce') AND f.at <= \(unsafeRaw: opened)),
                    copy_total)
                WHERE copy_id IN (
                    SELECT k.id FROM copies k
                    WHERE k.carrier_id IN (SELECT o.carrier_id FROM copies o WHERE o.copy_of_id IS NOT NULL))
                """
            ).run()
        }
    }

    /// The tables of items that keep a copy as it was, each with when its request was made or its inventory opened.
    private static let itemTables = [
        ("request_items", "(SELECT r.created_at FROM requests r WHERE r.id = request_items.request_id)"),
        ("inventory_items", "(SELECT i.created_at FROM inventories i WHERE i.id = inventory_items.inventory_id)"),
    ]

    private func fillLoans(_ sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            UPDATE loans SET
                use_place_name = COALESCE((SELECT s.name FROM storage_places s WHERE s.id = loans.use_place_id), ''),
                borrower_department_name = COALESCE((
                    SELECT d.name FROM people p JOIN org_units d ON d.id = p.department_id
                    WHERE p.id = loans.borrower_person_id), '')
            """
        ).run()
    }

    /// The organisation's level catalogue as stored (the national defaults until changed).
    private func storedLevels(_ sql: any SQLDatabase) async throws -> LevelCatalogue {
        let text = try await sql.raw(
            "SELECT value FROM settings WHERE key = \(bind: SettingsRepository.levelCatalogueKey)"
        ).first()?.decode(column: "value", as: String.self)
        return text.flatMap { try? JSONDecoder().decode(LevelCatalogue.self, from: Data($0.utf8)) } ?? .nationalDefault
    }

    /// The markings a re-marking task or notice of `request` quotes: `…由「绝密★30年」改为「机密★20年」（JM-2026-001）`.
    static func quoted(in tasks: [String], request number: String) -> (before: String?, after: String?) {
        for text in tasks where text.hasSuffix("（\(number)）") {
            guard let from = text.range(of: "由「"),
                let fromEnd = text.range(of: "」", range: from.upperBound..<text.endIndex),
                let to = text.range(of: "为「", range: fromEnd.upperBound..<text.endIndex),
                let toEnd = text.range(of: "」", range: to.upperBound..<text.endIndex)
            else { continue }
            return (String(text[from.upperBound..<fromEnd.lowerBound]), String(text[to.upperBound..<toEnd.lowerBound]))
        }
        return (nil, nil)
    }

    /// The level a printed marking names (`机密★20年` → `secret`), nil when none does.
    static func level(of marking: String, in levels: LevelCatalogue) -> String? {
        let name = marking.prefix { $0 != "★" }
        return levels.levels.first { $0.name.zh == name }?.id.rawValue
    }
}
