import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// The copy ledger (涉密载体份号台账) and carrier ledger (涉密载体台账) of LEDGERS.md: filtered, searchable, paged,
/// one SQL query each, so a page of 50 rows stays cheap at a million copies.
public struct CarrierLedgerQuery: Sendable, Hashable {
    public var levels: [String] = []
    public var states: [String] = []
    /// nil: every department; otherwise only these (a secrecy officer's own, T5.2).
    public var departments: Set<UUID>?
    public var placeID: UUID?
    public var source: String?
    /// `YYYY-MM-DD`, inclusive, on the registration date.
    public var from: String?
    public var until: String?
    public var search: String?
    /// Who is looking: the SQL twin of the access decision (A2, A3). nil only for callers that are not a person
    /// (benchmarks, the office's command-line export).
    public var viewer: Viewer?
    /// Copy ledger only: copies in transit to `departments` (or to any department when nil), to be signed for (C2).
    public var awaitingReceipt = false
    public var offset: Int = 0
    public var limit: Int = 50
    /// Counting stops here: "more than 10,000" is all a ledger page needs to say, and counting a million rows is
    /// what would make the page slow.
    public static let countCap = 10_000
    /// Above this many carriers matching a search, walking copies in ledger order finds a page sooner than sorting
    /// every copy of every match (SQLite; see `copyJoinPlan`).
    var walkCopiesAbove = 1_000
    /// Above this many copies visible to a narrow viewer, the page walks copies newest first instead of sorting them.
    var walkVisibleAbove = 10_000
    /// Visibility through the viewer's own department only (a secrecy officer's lower bound, `ownDepartmentCount`).
    private var countingOwnDepartment = false

    public init() {}

    /// What a person may see, as SQL can test it: the levels their clearance dominates, the projects they hold, the
    /// departments they look after (nil: all, the security office) and the ids that put them in a scope.
    public struct Viewer: Sendable, Hashable {
        public var levels: [String]
        public var projects: Set<UUID>
        public var stewardOf: Set<UUID>?
        public var scopeIDs: Set<UUID>

        public init(subject: AccessSubject, levels catalogue: LevelCatalogue) {
            let barred = subject.barred != nil || !subject.roles.isDisjoint(with: Role.administrators)
            levels =
                barred
                ? []
                : catalogue.levels.filter { level in
                    (subject.clearance.rank(in: level.regime) ?? Int.min) >= level.rank
                }.map(\.id.rawValue)
            projects = Set(subject.clearance.compartments.compactMap(UUID.init(uuidString:)))
            if subject.roles.contains(.securityOffice) {
                stewardOf = nil
            } else if subject.roles.contains(.secrecyOfficer), let department = subject.departmentID {
                stewardOf = [department]
            } else {
                stewardOf = []
            }
            scopeIDs = Set([subject.personID, subject.departmentID].compactMap { $0 }).union(subject.projects)
        }
    }

    /// The SQL twin of the access decision. For copies it reads only `copies` (level and project are copied there),
    /// so neither the count nor the walk joins each candidate copy to its carrier. `walking`: SQLite, a viewer
    /// with many visible copies — the unary plus keeps the planner off the scope's indexes, so it walks copies newest
    /// first and stops at the page instead of collecting and sorting every visible copy.
    private func visibility(copies: Bool, dialect: SQLDialectKind, walking: Bool) -> SQLQueryString {
        guard let viewer else { return "" }
        if viewer.levels.isEmpty { return " AND 1 = 0" }
        let table = copies ? "k" : "c"
        let plus = walking ? "+" : ""
        // A narrow viewer's copies are found through their carriers (`copies_by_carrier`), where the level is read
        // from the index rather than sought once per level and carrier.
        let levelPlus = copies && dialect == .sqlite && viewer.stewardOf != nil ? "+" : ""
        var query: SQLQueryString = " AND \(unsafeRaw: levelPlus)\(unsafeRaw: table).level IN ("
        query.appendInterpolation(Self.list(viewer.levels))
        query.appendLiteral(") AND (\(table).project_id IS NULL")
        if !viewer.projects.isEmpty {
            query.appendLiteral(" OR \(table).project_id IN (")
            query.appendInterpolation(Self.list(viewer.projects.sorted { $0.uuidString < $1.uuidString }))
            query.appendLiteral(")")
        }
        query.appendLiteral(")")
        guard let stewardOf = viewer.stewardOf else { return query }
        if countingOwnDepartment {
            query.appendLiteral(" AND k.department_id IN (")
            query.appendInterpolation(Self.list(stewardOf.sorted { $0.uuidString < $1.uuidString }))
            query.appendLiteral(")")
            return query
        }
        let carrierID = copies ? "k.carrier_id" : "c.id"
        var alternatives: [SQLQueryString] = []
        if !stewardOf.isEmpty {
            let departments = Self.list(stewardOf.sorted { $0.uuidString < $1.uuidString })
            alternatives.append(
                copies
                    ? "\(unsafeRaw: plus)k.department_id IN (\(departments)) OR \(unsafeRaw: plus)k.receiving_department_id IN (\(departments))"
                    : "c.department_id IN (\(departments)) OR EXISTS (SELECT 1 FROM copies y WHERE y.carrier_id = c.id AND (y.department_id IN (\(departments)) OR y.receiving_department_id IN (\(departments))))"
            )
        }
        if !viewer.scopeIDs.isEmpty {
            let ids = Self.list(viewer.scopeIDs.sorted { $0.uuidString < $1.uuidString })
            // Written as IN over the (kind, ref_id) index: a correlated EXISTS is probed once per copy.
            alternatives.append(
                "\(unsafeRaw: plus)\(unsafeRaw: carrierID) IN (SELECT s.carrier_id FROM carrier_scope s WHERE s.kind IN ('person', 'department', 'project') AND s.ref_id IN (\(ids)))"
            )
        }
        if alternatives.isEmpty { return " AND 1 = 0" }
        query.appendLiteral(" AND (")
        for (index, alternative) in alternatives.enumerated() {
            if index > 0 { query.appendLiteral(" OR ") }
            query.appendInterpolation(alternative)
        }
        query.appendLiteral(")")
        return query
    }

    private static func list<Value: Encodable & Sendable>(_ values: [Value]) -> SQLQueryString {
        var query: SQLQueryString = ""
        for (index, value) in values.enumerated() {
            if index > 0 { query.appendLiteral(", ") }
            query.appendInterpolation(bind: value)
        }
        return query
    }

    public struct CopyRow: Sendable, Hashable {
        public var copyID: UUID
        public var carrierID: UUID
        public var number: String
        public var title: String
        public var serial: Int
        public var copyCount: Int
        public var level: String
        public var state: String
        public var holderName: String?
        public var placeName: String?
        public var counterpart: String
        public var lastChangedAt: Date
    }

    public struct CarrierRow: Sendable, Hashable {
        public var carrierID: UUID
        public var number: String
        public var title: String
        public var documentNumber: String
        public var form: String
        public var category: String
        public var level: String
        public var period: String
        public var copyCount: Int
        public var liveCopies: Int
        public var source: String
        public var createdAt: Date?
        public var departmentName: String
        public var registeredBy: String
        public var notes: String
    }

    private func conditions(
        _ dialect: SQLDialectKind, copies: Bool, searchKey: String = "c.search_key", walking: Bool = false
    ) -> SQLQueryString {
        var query: SQLQueryString = "1 = 1"
        if !levels.isEmpty {
            query.appendLiteral(copies ? " AND k.level IN (" : " AND c.level IN (")
            for (index, level) in levels.enumerated() {
                if index > 0 { query.appendLiteral(", ") }
                query.appendInterpolation(bind: level)
            }
            query.appendLiteral(")")
        }
        if copies && !states.isEmpty {
            query.appendLiteral(" AND k.state IN (")
            for (index, state) in states.enumerated() {
                if index > 0 { query.appendLiteral(", ") }
                query.appendInterpolation(bind: state)
            }
            query.appendLiteral(")")
        }
        if copies && awaitingReceipt {
            query.appendLiteral(" AND k.receiving_department_id IS NOT NULL")
        }
        if let departments {
            if departments.isEmpty { return "1 = 0" }
            let column =
                copies ? (awaitingReceipt ? "k.receiving_department_id" : "k.department_id") : "c.department_id"
            query.appendLiteral(" AND \(column) IN (")
            for (index, department) in departments.sorted(by: { $0.uuidString < $1.uuidString }).enumerated() {
                if index > 0 { query.appendLiteral(", ") }
                query.appendInterpolation(bind: department)
            }
            query.appendLiteral(")")
        }
        if copies, let placeID {
            query.appendLiteral(" AND k.place_id = ")
            query.appendInterpolation(bind: placeID)
        }
        if let source {
            query.appendLiteral(" AND c.source = ")
            query.appendInterpolation(bind: source)
        }
        // Dates are days in the organisation's time zone: the copy ledger filters on the last change, the carrier
        // ledger on the registration.
        let dateColumn = copies ? "k.last_changed_at" : "c.created_at"
        if let start = from.flatMap({ Self.startOfDay($0) }) {
            query.appendLiteral(" AND \(dateColumn) >= ")
            query.appendInterpolation(bind: start)
        }
        if let end = until.flatMap({ Self.startOfDay($0) })?.addingTimeInterval(86_400) {
            query.appendLiteral(" AND \(dateColumn) < ")
            query.appendInterpolation(bind: end)
        }
        if let search = search?.trimmed, !search.isEmpty {
            query.appendLiteral(" AND ")
            query.appendInterpolation(CarrierSearchIndex.condition(search, dialect: dialect, searchKey: searchKey))
        }
        query.appendInterpolation(visibility(copies: copies, dialect: dialect, walking: walking))
        return query
    }

    static func startOfDay(_ text: String) -> Date? {
        guard SecrecyPeriod.isDate(text) else { return nil }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }

    /// One page of the copy ledger and the number of rows across all pages.
    public func copies(on database: any Database) async throws -> (rows: [CopyRow], total: Int) {
        let sql = try database.sql
        let dialect = try SQLDialectKind(database)
        let plan = try await copyJoinPlan(sql, dialect)
        if plan.noMatches { return ([], 0) }
        let narrow = viewer?.stewardOf != nil
        let pageLimit: SQLQueryString = "LIMIT \(literal: max(1, min(limit, 500))) OFFSET \(literal: max(0, offset))"
        var total: Int
        if narrow, plan.countSource == plan.pageSource {
            // A narrow viewer: the copies they see are counted and the page picked from them in one pass, unless
            // their own department alone holds more than the cap (then the page walks, see below).
            let ownDepartment = try await ownDepartmentCount(plan, sql, dialect)
            if let ownDepartment, ownDepartment > Self.countCap {
                total = ownDepartment
            } else {
                let onePass = try await countedPage(plan, sql, dialect, pageLimit: pageLimit)
                total = onePass.total
                if total <= min(walkVisibleAbove, Self.countCap) {
                    return (try await rows(picked: onePass.picked, sql), total)
                }
            }
        } else {
            total = try await copyCount(plan, sql, dialect)
        }
        let picked: SQLQueryString
        if dialect == .postgres && narrow && total <= Self.countCap {
            // PostgreSQL, up to ten thousand visible copies: collect them through their carriers, then keep the
            // newest fifty (a top-N sort, ~10 ms at the cap). Left to itself the planner walks every copy newest first
            // (a parallel scan, 40 ms) hoping to meet fifty soon; `OFFSET 0` keeps the LIMIT out of the inner query.
            picked = """
                SELECT picked FROM (SELECT k.id AS picked, k.last_changed_at AS changed FROM \(unsafeRaw: plan.pageSource)
                    WHERE \(conditions(dialect, copies: true, searchKey: plan.pageSearchKey)) OFFSET 0) visible
                ORDER BY changed DESC, picked DESC \(pageLimit)
                """
        } else {
            // SQLite, a person who sees more copies than the count cap: walking copies newest first finds a page
            // sooner than collecting them all.
            let walking = dialect == .sqlite && narrow && total > walkVisibleAbove
            picked = """
                SELECT k.id AS picked FROM \(unsafeRaw: plan.pageSource)
                    WHERE \(conditions(dialect, copies: true, searchKey: plan.pageSearchKey, walking: walking))
                ORDER BY k.last_changed_at DESC, k.id DESC \(pageLimit)
                """
        }
        let ids = try await sql.raw(picked).all().map { try $0.decode(column: "picked", as: UUID.self) }
        return (try await rows(picked: ids, sql), total)
    }

    /// Counts a narrow viewer's visible copies, up to `countCap + 1`, and picks the page from them in the same pass:
    /// the visible copies are read once from the covering `copies_by_carrier` index into a temporary table, then
    /// counted and sorted there (SQLite: 8 ms instead of 12 for 7,180 copies of a million). Past the cap the ids are
    /// not the newest; the caller then pages another way.
    private func countedPage(
        _ plan: CopyJoinPlan, _ sql: any SQLDatabase, _ dialect: SQLDialectKind, pageLimit: SQLQueryString
    ) async throws -> (picked: [UUID], total: Int) {
        let rows = try await sql.raw(
            """
            WITH visible AS MATERIALIZED (
                SELECT k.id AS picked, k.last_changed_at AS changed FROM \(unsafeRaw: plan.pageSource)
                WHERE \(conditions(dialect, copies: true, searchKey: plan.pageSearchKey))
                LIMIT \(literal: Self.countCap + 1))
            SELECT (SELECT COUNT(*) FROM visible) AS total, picked FROM visible
            ORDER BY changed DESC, picked DESC \(pageLimit)
            """
        ).all()
        guard let first = rows.first else {
            // An empty page says nothing of the total: past the last page, or nothing visible at all.
            return ([], offset > 0 ? try await copyCount(plan, sql, dialect) : 0)
        }
        return (
            try rows.map { try $0.decode(column: "picked", as: UUID.self) },
            try first.decode(column: "total", as: Int.self)
        )
    }

    /// The ledger rows of the picked copies, newest first: sorting carried only the key, and only the page is joined.
    private func rows(picked: [UUID], _ sql: any SQLDatabase) async throws -> [CopyRow] {
        if picked.isEmpty { return [] }
        let rows = try await sql.raw(
            """
            SELECT k.id AS copy_id, c.id AS carrier_id, c.number, c.title, k.serial, c.copy_count, c.level, k.state,
                p.name AS holder_name, s.name AS place_name, k.counterpart, k.last_changed_at
            FROM copies k JOIN carriers c ON c.id = k.carrier_id
            LEFT JOIN people p ON p.id = k.holder_id LEFT JOIN storage_places s ON s.id = k.place_id
            WHERE k.id IN (\(Self.list(picked)))
            ORDER BY k.last_changed_at DESC, k.id DESC
            """
        ).all()
        return try rows.map { row in
            CopyRow(
                copyID: try row.decode(column: "copy_id", as: UUID.self),
                carrierID: try row.decode(column: "carrier_id", as: UUID.self),
                number: try row.decode(column: "number", as: String.self),
                title: try row.decode(column: "title", as: String.self),
                serial: try row.decode(column: "serial", as: Int.self),
                copyCount: try row.decode(column: "copy_count", as: Int.self),
                level: try row.decode(column: "level", as: String.self),
                state: try row.decode(column: "state", as: String.self),
                holderName: try row.decode(column: "holder_name", as: String?.self),
                placeName: try row.decode(column: "place_name", as: String?.self),
                counterpart: try row.decode(column: "counterpart", as: String.self),
                lastChangedAt: try row.decode(column: "last_changed_at", as: Date.self))
        }
    }

    /// How many copies the page's conditions select, counting no further than `countCap + 1`. A secrecy officer's
    /// own department often holds more than the cap on its own: that subset is counted first through its index,
    /// and only when it falls short is the whole "mine, arriving, or in my scope" condition counted.
    private func copyCount(_ plan: CopyJoinPlan, _ sql: any SQLDatabase, _ dialect: SQLDialectKind) async throws -> Int
    {
        if let ownDepartment = try await ownDepartmentCount(plan, sql, dialect), ownDepartment > Self.countCap {
            return ownDepartment
        }
        return try await count(plan, sql, dialect)
    }

    /// For a secrecy officer: how many of their own department's copies the page's conditions select, up to
    /// `countCap + 1` — a lower bound of the whole count, read from the covering `copies_by_department` alone
    /// (1.4 ms at the cap). Nil for anyone else.
    private func ownDepartmentCount(
        _ plan: CopyJoinPlan, _ sql: any SQLDatabase, _ dialect: SQLDialectKind
    ) async throws -> Int? {
        guard viewer?.stewardOf?.isEmpty == false else { return nil }
        var ownDepartment = self
        ownDepartment.countingOwnDepartment = true
        return try await ownDepartment.count(plan, sql, dialect)
    }

    private func count(_ plan: CopyJoinPlan, _ sql: any SQLDatabase, _ dialect: SQLDialectKind) async throws -> Int {
        try await sql.raw(
            """
            SELECT COUNT(*) AS n FROM (SELECT 1 FROM \(unsafeRaw: plan.countSource)
                WHERE \(conditions(dialect, copies: true))
                LIMIT \(literal: Self.countCap + 1)) counted
            """
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// How the copy ledger joins copies and carriers. SQLite's planner cannot see how many carriers a trigram search
    /// matches, so the ledger asks the index first (one index-only count) and fixes the join order itself: a common
    /// search walks copies newest first and stops at the page, a rare one starts from the few matching carriers.
    struct CopyJoinPlan {
        var countSource: String
        var pageSource: String
        var pageSearchKey = "c.search_key"
        var noMatches = false
    }

    private func copyJoinPlan(_ sql: any SQLDatabase, _ dialect: SQLDialectKind) async throws -> CopyJoinPlan {
        let copiesThenCarriers = "copies k JOIN carriers c ON c.id = k.carrier_id"
        guard let search = search?.trimmed, !search.isEmpty else {
            // Without conditions on the carrier (visibility reads only `copies`) the join adds nothing, and skipping
            // it keeps an unfiltered count over a million copies to one index scan.
            let source = source == nil ? "copies k" : copiesThenCarriers
            return CopyJoinPlan(countSource: source, pageSource: source)
        }
        guard CarrierSearchIndex.usesTrigramIndex(search, dialect: dialect) else {
            return CopyJoinPlan(countSource: copiesThenCarriers, pageSource: copiesThenCarriers)
        }
        let matches = try await CarrierSearchIndex.matchingCarriers(
            search, cap: walkCopiesAbove + 1, on: sql)
        // SQLite keeps the left table of a CROSS JOIN as the outer loop. Walking copies, the key is looked up per
        // copy: written as a join condition, SQLite would first build a Bloom filter over every carrier.
        let carriersFirst = "carriers c CROSS JOIN copies k ON k.carrier_id = c.id"
        guard matches > walkCopiesAbove else {
            return CopyJoinPlan(countSource: carriersFirst, pageSource: carriersFirst, noMatches: matches == 0)
        }
        return CopyJoinPlan(
            countSource: carriersFirst, pageSource: "copies k CROSS JOIN carriers c ON c.id = k.carrier_id",
            pageSearchKey: "(SELECT w.search_key FROM carriers w WHERE w.id = k.carrier_id)")
    }

    /// One page of the carrier ledger and the number of rows across all pages.
    public func carriers(on database: any Database) async throws -> (rows: [CarrierRow], total: Int) {
        let sql = try database.sql
        let dialect = try SQLDialectKind(database)
        var searchKey = "c.search_key"
        if let search = search?.trimmed, CarrierSearchIndex.usesTrigramIndex(search, dialect: dialect) {
            let matches = try await CarrierSearchIndex.matchingCarriers(search, cap: walkCopiesAbove + 1, on: sql)
            if matches == 0 { return ([], 0) }
            // Many matches: walk carriers newest first and stop at the page (the unary plus keeps SQLite off the
            // key's index, which would fetch and sort every match).
            if matches > walkCopiesAbove { searchKey = "+c.search_key" }
        }
        let whereClause = conditions(dialect, copies: false, searchKey: searchKey)
        let total =
            try await sql.raw(
                "SELECT COUNT(*) AS n FROM (SELECT 1 FROM carriers c WHERE \(conditions(dialect, copies: false)) LIMIT \(literal: Self.countCap + 1)) counted"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw(
            """
            SELECT c.id, c.number, c.title, c.document_number, c.form, c.category, c.level, c.period, c.copy_count,
                c.source, c.created_at, c.registered_by, c.notes, d.name AS department_name,
                (SELECT COUNT(*) FROM copies k WHERE k.carrier_id = c.id
                    AND k.state NOT IN ('destroyed', 'lost', 'dispatched', 'declassified')) AS live_copies
            FROM carriers c JOIN org_units d ON d.id = c.department_id
            WHERE \(whereClause)
            ORDER BY c.number_year DESC, c.number_sequence DESC
            LIMIT \(literal: max(1, min(limit, 500))) OFFSET \(literal: max(0, offset))
            """
        ).all()
        return (
            try rows.map { row in
                CarrierRow(
                    carrierID: try row.decode(column: "id", as: UUID.self),
                    number: try row.decode(column: "number", as: String.self),
                    title: try row.decode(column: "title", as: String.self),
                    documentNumber: try row.decode(column: "document_number", as: String.self),
                    form: try row.decode(column: "form", as: String.self),
                    category: try row.decode(column: "category", as: String.self),
                    level: try row.decode(column: "level", as: String.self),
                    period: try row.decode(column: "period", as: String.self),
                    copyCount: try row.decode(column: "copy_count", as: Int.self),
                    liveCopies: try row.decode(column: "live_copies", as: Int.self),
                    source: try row.decode(column: "source", as: String.self),
                    createdAt: try row.decode(column: "created_at", as: Date?.self),
                    departmentName: try row.decode(column: "department_name", as: String.self),
                    registeredBy: try row.decode(column: "registered_by", as: String.self),
                    notes: try row.decode(column: "notes", as: String.self))
            }, total
        )
    }
}
