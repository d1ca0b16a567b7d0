import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// The figures of 保密工作总览 (issue #5): carriers and copies by level and state, borrowings out and overdue (L1.9),
/// open findings by check and department (REMIND), inventory coverage (C6) and twelve months of trends. Counts only:
/// no title, number or name of a carrier leaves this type.
public struct OverviewFigures: Sendable, Hashable, Codable {
    public struct LevelCount: Sendable, Hashable, Codable {
        public var level: String
        public var count: Int
    }

    public struct LevelStateCount: Sendable, Hashable, Codable {
        public var level: String
        public var state: String
        public var count: Int
    }

    public struct CheckCount: Sendable, Hashable, Codable {
        public var check: String
        public var rule: String
        public var count: Int
    }

    public struct DepartmentCount: Sendable, Hashable, Codable {
        /// nil: findings no department answers for, which fall to the security office (保密办).
        public var departmentID: UUID?
        public var name: String?
        public var count: Int
    }

    /// Who keeps live copies and how many of them closed an inventory in the last twelve months (C6).
    public struct Coverage: Sendable, Hashable, Codable {
        public var departments = 0
        public var departmentsCovered = 0
        public var places = 0
        public var placesCovered = 0

        /// Covered keepers in percent of all keepers; 100 when nobody keeps anything.
        public var percent: Int {
            let keepers = departments + places
            guard keepers > 0 else { return 100 }
            return (departmentsCovered + placesCovered) * 100 / keepers
        }
    }

    /// One calendar month in the organisation's time zone (Asia/Shanghai).
    public struct Month: Sendable, Hashable, Codable {
        /// `YYYY-MM`.
        public var month: String
        public var carriersRegistered = 0
        public var copiesDestroyed = 0
        public var borrowingsIssued = 0
        public var findingsOpened = 0
    }

    /// The day the figures were taken, `YYYY-MM-DD`.
    public var today: String
    /// The levels counted: those the viewer's clearance dominates (A2); items above them are absent from every count.
    public var levels: [String]
    public var carriersByLevel: [LevelCount] = []
    /// Every copy, live or not, by level and state.
    public var copiesByLevelAndState: [LevelStateCount] = []
    /// Borrowings and carryings-out handed over and not yet back (A6).
    public var loansOut = 0
    /// Of those, the ones past their return date (L1.9).
    public var loansOverdue = 0
    public var openFindingsByCheck: [CheckCount] = []
    public var openFindingsByDepartment: [DepartmentCount] = []
    public var coverage = Coverage()
    /// Oldest first, the current month last.
    public var months: [Month] = []

    public var carriers: Int { carriersByLevel.reduce(0) { $0 + $1.count } }
    public var liveCopies: Int {
        copiesByLevelAndState.filter { CopyState(rawValue: $0.state)?.isLive ?? false }.reduce(0) { $0 + $1.count }
    }
    public var openFindings: Int { openFindingsByCheck.reduce(0) { $0 + $1.count } }

    public func copies(level: String? = nil, state: String? = nil) -> Int {
        copiesByLevelAndState.filter { (level == nil || $0.level == level) && (state == nil || $0.state == state) }
            .reduce(0) { $0 + $1.count }
    }

    public func carriers(level: String) -> Int { carriersByLevel.first { $0.level == level }?.count ?? 0 }
}

/// Computes `OverviewFigures` with a handful of aggregate queries that run unchanged on SQLite and PostgreSQL. Each
/// reads an index: copies by level and state through `copies_by_level_state` (an index-only scan of every copy — the
/// one query whose cost grows with the register), carriers through `carriers_by_level`, open loans through
/// `loans_open_by_return_date`, findings through `findings_open_by_check` and `findings_by_opened`. Two are not
/// served by an index: borrowings issued per month read every loan (no index on `issued_at`), and inventory coverage
/// reads every inventory per keeper — both tables grow with activity, not with the register.
public struct OverviewQuery: Sendable {
    /// The levels counted; nil counts every level (benchmarks and the office's command line only).
    public var levels: [String]?
    public var now: Date

    public init(levels: [String]?, now: Date) {
        self.levels = levels
        self.now = now
    }

    /// The viewer's visible levels, as the ledger's SQL twin of the access decision works them out (A2).
    public init(viewer: CarrierLedgerQuery.Viewer, now: Date) {
        self.init(levels: viewer.levels, now: now)
    }

    static let timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt

    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The starts of the last twelve months and of the next one: thirteen bounds, the current month last but one.
    public static func monthBounds(endingWith now: Date) -> [Date] {
        let calendar = calendar
        let parts = calendar.dateComponents([.year, .month], from: now)
        guard let current = calendar.date(from: DateComponents(year: parts.year, month: parts.month, day: 1)) else {
            return []
        }
        return (-11...1).compactMap { calendar.date(byAdding: .month, value: $0, to: current) }
    }

    public static func monthName(_ start: Date) -> String {
        let parts = calendar.dateComponents([.year, .month], from: start)
        return "\((parts.year ?? 0).zeroPadded(4))-\((parts.month ?? 0).zeroPadded(2))"
    }

    public func figures(on database: any Database) async throws -> OverviewFigures {
        let sql = try database.sql
        let catalogue = levels ?? []
        var figures = OverviewFigures(today: ClearanceRepository.today(now), levels: catalogue)
        // A viewer cleared for no level counts no item (A2); findings and coverage are not items and still count.
        let countsItems = !(levels?.isEmpty ?? false)
        if countsItems {
            figures.carriersByLevel = try await carriersByLevel(sql)
            figures.copiesByLevelAndState = try await copiesByLevelAndState(sql)
            (figures.loansOut, figures.loansOverdue) = try await loans(sql, today: figures.today)
        }
        if levels == nil { figures.levels = Array(Set(figures.carriersByLevel.map(\.level))).sorted() }
        figures.openFindingsByCheck = try await findingsByCheck(sql)
        figures.openFindingsByDepartment = try await findingsByDepartment(sql)
        figures.coverage = try await coverage(sql, today: figures.today)
        figures.months = try await months(sql, counting: countsItems)
        return figures
    }

    /// ` AND <column> IN (…)` for the counted levels; nothing when every level counts.
    private func levelCondition(_ column: String) -> SQLQueryString {
        guard let levels else { return "" }
        var query: SQLQueryString = " AND \(unsafeRaw: column) IN ("
        for (index, level) in levels.enumerated() {
            if index > 0 { query.appendLiteral(", ") }
            query.appendInterpolation(bind: level)
        }
        query.appendLiteral(")")
        return query
    }

    private static let live: SQLQueryString = {
        var list: SQLQueryString = ""
        for (index, state) in CopyState.allCases.filter(\.isLive).enumerated() {
            if index > 0 { list.appendLiteral(", ") }
            list.appendLiteral("'\(state.rawValue)'")
        }
        return list
    }()

    private func carriersByLevel(_ sql: any SQLDatabase) async throws -> [OverviewFigures.LevelCount] {
        try await sql.raw(
            """
            SELECT c.level, COUNT(*) AS n FROM carriers c WHERE 1 = 1\(levelCondition("c.level"))
            GROUP BY c.level
            """
        ).all().map { row in
            .init(
                level: try row.decode(column: "level", as: String.self),
                count: try row.decode(column: "n", as: Int.self))
        }
    }

    private func copiesByLevelAndState(_ sql: any SQLDatabase) async throws -> [OverviewFigures.LevelStateCount] {
        try await sql.raw(
            """
            SELECT k.level, k.state, COUNT(*) AS n FROM copies k WHERE 1 = 1\(levelCondition("k.level"))
            GROUP BY k.level, k.state
            """
        ).all().map { row in
            .init(
                level: try row.decode(column: "level", as: String.self),
                state: try row.decode(column: "state", as: String.self),
                count: try row.decode(column: "n", as: Int.self))
        }
    }

    /// Handed over and not back: the same condition as the compliance engine's open loans (L1.9); overdue as
    /// `LoanRules.isOverdue` decides, counted in SQL.
    private func loans(_ sql: any SQLDatabase, today: String) async throws -> (out: Int, overdue: Int) {
        let row = try await sql.raw(
            """
            SELECT COUNT(*) AS n, SUM(CASE WHEN l.return_date < \(bind: today) THEN 1 ELSE 0 END) AS overdue
            FROM loans l JOIN copies k ON k.id = l.copy_id
            WHERE l.is_open = true AND l.issued_at IS NOT NULL AND l.returned_at IS NULL\(levelCondition("k.level"))
            """
        ).first()
        return (
            try row?.decode(column: "n", as: Int.self) ?? 0, try row?.decode(column: "overdue", as: Int?.self) ?? 0
        )
    }

    private func findingsByCheck(_ sql: any SQLDatabase) async throws -> [OverviewFigures.CheckCount] {
        try await sql.raw(
            """
            SELECT f."check" AS check_name, f.rule, COUNT(*) AS n FROM findings f WHERE f.is_open = true
            GROUP BY f."check", f.rule ORDER BY n DESC, check_name
            """
        ).all().map { row in
            .init(
                check: try row.decode(column: "check_name", as: String.self),
                rule: try row.decode(column: "rule", as: String.self), count: try row.decode(column: "n", as: Int.self))
        }
    }

    private func findingsByDepartment(_ sql: any SQLDatabase) async throws -> [OverviewFigures.DepartmentCount] {
        try await sql.raw(
            """
            SELECT f.department_id, d.name, COUNT(*) AS n
            FROM findings f LEFT JOIN org_units d ON d.id = f.department_id
            WHERE f.is_open = true
            GROUP BY f.department_id, d.name ORDER BY n DESC, d.name
            """
        ).all().map { row in
            .init(
                departmentID: try row.decode(column: "department_id", as: UUID?.self),
                name: try row.decode(column: "name", as: String?.self), count: try row.decode(column: "n", as: Int.self)
            )
        }
    }

    /// The keepers of the compliance engine's yearly-inventory check (`ComplianceRecordsLoader`, C6): departments and
    /// storage places holding live copies; a place counts as inventoried by an inventory of the place or of its
    /// department. Covered: such an inventory closed on or after this day a year ago.
    private func coverage(_ sql: any SQLDatabase, today: String) async throws -> OverviewFigures.Coverage {
        let startOfToday = CarrierLedgerQuery.startOfDay(today) ?? now
        let cutoff = Self.calendar.date(byAdding: .year, value: -1, to: startOfToday) ?? startOfToday
        let departments = try await sql.raw(
            """
            SELECT COUNT(*) AS n, SUM(CASE WHEN EXISTS (SELECT 1 FROM inventories i WHERE i.department_id = d.id
                    AND i.closed_at IS NOT NULL AND i.closed_at >= \(bind: cutoff)) THEN 1 ELSE 0 END) AS covered
            FROM org_units d
            WHERE EXISTS (SELECT 1 FROM copies k WHERE k.department_id = d.id AND k.state IN (\(Self.live)))
            """
        ).first()
        let places = try await sql.raw(
            """
            SELECT COUNT(*) AS n, SUM(CASE WHEN EXISTS (SELECT 1 FROM inventories i WHERE i.closed_at IS NOT NULL
                    AND i.closed_at >= \(bind: cutoff) AND (i.place_id = s.id OR i.department_id = s.department_id))
                THEN 1 ELSE 0 END) AS covered
            FROM storage_places s
            WHERE EXISTS (SELECT 1 FROM copies k WHERE k.place_id = s.id AND k.state IN (\(Self.live)))
            """
        ).first()
        return OverviewFigures.Coverage(
            departments: try departments?.decode(column: "n", as: Int.self) ?? 0,
            departmentsCovered: try departments?.decode(column: "covered", as: Int?.self) ?? 0,
            places: try places?.decode(column: "n", as: Int.self) ?? 0,
            placesCovered: try places?.decode(column: "covered", as: Int?.self) ?? 0)
    }

    /// Twelve monthly counts of one timestamp column, in one pass over the rows of the last twelve months: each row's
    /// month is a `CASE` over the month starts, newest first (fewer comparisons than a sum per month), rather than a
    /// dialect's date functions, so the same SQL runs on SQLite and PostgreSQL.
    private func monthly(
        _ sql: any SQLDatabase, _ bounds: [Date], column: String, from source: SQLQueryString,
        where condition: SQLQueryString
    ) async throws -> [Int] {
        guard let first = bounds.first, let last = bounds.last else { return [] }
        var month: SQLQueryString = "CASE"
        for index in stride(from: bounds.count - 2, to: 0, by: -1) {
            month.appendLiteral(" WHEN \(column) >= ")
            month.appendInterpolation(bind: bounds[index])
            month.appendLiteral(" THEN \(index)")
        }
        month.appendLiteral(" ELSE 0 END")
        let rows = try await sql.raw(
            """
            SELECT \(month) AS month_index, COUNT(*) AS n FROM \(source)
            WHERE \(unsafeRaw: column) >= \(bind: first) AND \(unsafeRaw: column) < \(bind: last)\(condition)
            GROUP BY month_index
            """
        ).all()
        var counts = Array(repeating: 0, count: bounds.count - 1)
        for row in rows {
            let index = try row.decode(column: "month_index", as: Int.self)
            if counts.indices.contains(index) { counts[index] = try row.decode(column: "n", as: Int.self) }
        }
        return counts
    }

    private func months(_ sql: any SQLDatabase, counting items: Bool) async throws -> [OverviewFigures.Month] {
        let bounds = Self.monthBounds(endingWith: now)
        guard let first = bounds.first else { return [] }
        var months = bounds.dropLast().map { OverviewFigures.Month(month: Self.monthName($0)) }
        let opened = try await monthly(sql, bounds, column: "f.opened_at", from: "findings f", where: "")
        for index in months.indices { months[index].findingsOpened = opened[index] }
        guard items else { return months }
        let registered = try await monthly(
            sql, bounds, column: "c.created_at", from: "carriers c", where: levelCondition("c.level"))
        // A destroyed copy changed last no earlier than its destruction (destroyed is final), so the range on
        // `copies_by_level_state` narrows to the copies destroyed lately before their events are read by copy.
        let destroyed = try await monthly(
            sql, bounds, column: "e.at", from: "copies k JOIN copy_events e ON e.copy_id = k.id",
            where:
                "\(levelCondition("k.level")) AND k.state = 'destroyed' AND k.last_changed_at >= \(bind: first) AND e.to_state = 'destroyed'"
        )
        let issued = try await monthly(
            sql, bounds, column: "l.issued_at", from: "loans l JOIN copies k ON k.id = l.copy_id",
            where: levelCondition("k.level"))
        for index in months.indices {
            months[index].carriersRegistered = registered[index]
            months[index].copiesDestroyed = destroyed[index]
            months[index].borrowingsIssued = issued[index]
        }
        return months
    }
}
