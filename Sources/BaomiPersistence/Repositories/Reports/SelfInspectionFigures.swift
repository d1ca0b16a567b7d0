import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// The year's figures of the annual self-inspection report (保密自查报告, I2): what was registered, copied,
/// received, sent and destroyed, borrowed and overdue (L1.9), inventoried (C6), who holds a secret post (A2) and who
/// left (A7), and the findings of the year (REMIND). Counts only, each bounded by the clearance of the person who
/// asks: items above it are absent from every count (A2).
public struct SelfInspectionFigures: Sendable, Hashable, Codable {
    public struct LevelCount: Sendable, Hashable, Codable {
        public var level: String
        public var count: Int
    }

    public struct ClassCount: Sendable, Hashable, Codable {
        public var postClass: String
        public var count: Int
    }

    public struct RuleCount: Sendable, Hashable, Codable {
        public var check: String
        public var rule: String
        public var count: Int
        public var overdue: Int
    }

    public var year: Int
    /// The levels counted: those the viewer's clearance dominates (A2).
    public var levels: [String]
    /// Carriers registered in the year, by level (C1).
    public var carriersByLevel: [LevelCount] = []
    /// Copies made (registered as made, or copied, C5), received (C2), sent (C3) and destroyed (C8) in the year.
    public var copiesMade = 0
    public var copiesReceived = 0
    public var copiesSent = 0
    public var copiesDestroyed = 0
    /// Borrowings and carryings-out handed over in the year (A6), those of them returned late or still out past
    /// their date (L1.9), and all borrowings past due today.
    public var borrowings = 0
    public var borrowingsOverdue = 0
    public var overdueNow = 0
    /// Inventories closed in the year (C6), the copies they expected and found, and how many of today's live copies
    /// one of them found.
    public var inventoriesClosed = 0
    public var inventoryExpected = 0
    public var inventoryFound = 0
    public var liveCopies = 0
    public var liveCopiesInventoried = 0
    /// People in a secret post today, by class (A2); people in 脱密期 (A7).
    public var peopleByClass: [ClassCount] = []
    public var inSeparationPeriod = 0
    /// Secret posts ended in the year with a 脱密期 (A7), and people now leaving or departed (T22).
    public var postsEnded = 0
    public var leavers = 0
    /// Findings opened and closed in the year, and open today (REMIND).
    public var findingsOpened = 0
    public var findingsClosed = 0
    public var openFindingsByRule: [RuleCount] = []

    public var carriersRegistered: Int { carriersByLevel.reduce(0) { $0 + $1.count } }
    public var openFindings: Int { openFindingsByRule.reduce(0) { $0 + $1.count } }
    /// Live copies found by an inventory of the year, in percent; 100 when nothing is kept.
    public var inventoryCoverage: Int { liveCopies == 0 ? 100 : liveCopiesInventoried * 100 / liveCopies }
    public var peopleInSecretPosts: Int { peopleByClass.reduce(0) { $0 + $1.count } }

    public init(year: Int, levels: [String]) {
        self.year = year
        self.levels = levels
    }
}

/// Computes `SelfInspectionFigures` in a handful of aggregate queries, on SQLite and PostgreSQL alike.
public struct SelfInspectionQuery: Sendable {
    public var year: Int
    /// Who is looking (A2): the levels and projects their clearance covers.
    public var viewer: CarrierLedgerQuery.Viewer
    /// nil: every department; otherwise only these (T5.2).
    public var departments: Set<UUID>?
    /// `YYYY-MM-DD` in the organisation's time zone.
    public var today: String

    public init(year: Int, viewer: CarrierLedgerQuery.Viewer, departments: Set<UUID>?, today: String) {
        self.year = year
        self.viewer = viewer
        self.departments = departments
        self.today = today
    }

    /// The first instant of a year in the organisation's time zone (Asia/Shanghai).
    public static func startOfYear(_ year: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        return calendar.date(from: DateComponents(year: year, month: 1, day: 1)) ?? Date(timeIntervalSince1970: 0)
    }

    public func run(on database: any Database) async throws -> SelfInspectionFigures {
        let sql = try database.sql
        var figures = SelfInspectionFigures(year: year, levels: viewer.levels)
        let start = Self.startOfYear(year)
        let end = Self.startOfYear(year + 1)
        let period: SQLQueryString = "BETWEEN \(bind: start) AND \(bind: end.addingTimeInterval(-0.001))"

        for row in try await sql.raw(
            """
            SELECT c.level, COUNT(*) AS n FROM carriers c
            WHERE c.created_at \(period) AND \(visible("c", department: "c.department_id")) GROUP BY c.level
            """
        ).all() {
            figures.carriersByLevel.append(
                .init(
                    level: try row.decode(column: "level", as: String.self),
                    count: try row.decode(column: "n", as: Int.self)))
        }
        figures.carriersByLevel.sort { lhs, rhs in
            (viewer.levels.firstIndex(of: lhs.level) ?? 99) < (viewer.levels.firstIndex(of: rhs.level) ?? 99)
        }

        for row in try await sql.raw(
            """
            SELECT e.action, COUNT(*) AS n FROM copy_events e JOIN copies k ON k.id = e.copy_id
            WHERE e.at \(period) AND e.action IN ('make', 'reproduce', 'receive', \(bind: CopyAction.send.rawValue),
                \(bind: CopyAction.confirmDestroyed.rawValue))
                AND \(visible("k", department: "k.department_id"))
            GROUP BY e.action
            """
        ).all() {
            let count = try row.decode(column: "n", as: Int.self)
            switch try row.decode(column: "action", as: String.self) {
            case "make", "reproduce": figures.copiesMade += count
            case "receive": figures.copiesReceived += count
            case CopyAction.send.rawValue: figures.copiesSent += count
            default: figures.copiesDestroyed += count
            }
        }

        // Late is decided per loan in Swift: the due date is a day, the return an instant.
        for row in try await sql.raw(
            """
            SELECT l.return_date, l.returned_at FROM loans l JOIN copies k ON k.id = l.copy_id
            WHERE l.issued_at \(period) AND \(visible("k", department: "k.department_id"))
            """
        ).all() {
            let due = try row.decode(column: "return_date", as: String.self)
            let returned = try row.decode(column: "returned_at", as: Date?.self)
            figures.borrowings += 1
            let returnedOn = returned.map(ClearanceRepository.today) ?? today
            if returnedOn > due { figures.borrowingsOverdue += 1 }
        }
        // Overdue as `LoanRules.isOverdue` decides (handed over, not back, past the date), counted in SQL.
        figures.overdueNow = try await count(
            sql,
            """
            SELECT COUNT(*) AS n FROM loans l JOIN copies k ON k.id = l.copy_id
            WHERE l.issued_at IS NOT NULL AND l.returned_at IS NULL AND l.return_date < \(bind: today)
                AND \(visible("k", department: "k.department_id"))
            """)

        let inventories = try await sql.raw(
            """
            SELECT COUNT(DISTINCT v.id) AS closed, COUNT(i.id) AS expected,
                SUM(CASE WHEN i.found THEN 1 ELSE 0 END) AS found
            FROM inventories v LEFT JOIN inventory_items i ON i.inventory_id = v.id
                LEFT JOIN copies k ON k.id = i.copy_id
            WHERE v.closed_at \(period) AND (i.id IS NULL OR \(visible("k", department: "k.department_id")))
            """
        ).first()
        figures.inventoriesClosed = try inventories?.decode(column: "closed", as: Int?.self) ?? 0
        figures.inventoryExpected = try inventories?.decode(column: "expected", as: Int?.self) ?? 0
        figures.inventoryFound = try inventories?.decode(column: "found", as: Int?.self) ?? 0
        let live = SQLQueryString("k.state NOT IN ('destroyed', 'lost', 'dispatched', 'declassified')")
        figures.liveCopies = try await count(
            sql, "SELECT COUNT(*) AS n FROM copies k WHERE \(live) AND \(visible("k", department: "k.department_id"))")
        figures.liveCopiesInventoried = try await count(
            sql,
            """
            SELECT COUNT(*) AS n FROM copies k WHERE \(live) AND \(visible("k", department: "k.department_id"))
                AND k.id IN (SELECT i.copy_id FROM inventory_items i JOIN inventories v ON v.id = i.inventory_id
                    WHERE i.found = \(bind: true) AND v.closed_at \(period))
            """)

        let people = peopleScope()
        for row in try await sql.raw(
            """
            SELECT p.post_class, COUNT(*) AS n FROM people p
            WHERE p.post_class <> 'nonSecret' AND p.status = 'active' \(people) GROUP BY p.post_class
            """
        ).all() {
            figures.peopleByClass.append(
                .init(
                    postClass: try row.decode(column: "post_class", as: String.self),
                    count: try row.decode(column: "n", as: Int.self)))
        }
        figures.peopleByClass.sort { lhs, rhs in
            (SecretPostClass(rawValue: lhs.postClass).flatMap(SecretPostClass.descending.firstIndex) ?? 9)
                < (SecretPostClass(rawValue: rhs.postClass).flatMap(SecretPostClass.descending.firstIndex) ?? 9)
        }
        figures.inSeparationPeriod = try await count(
            sql,
            """
            SELECT COUNT(*) AS n FROM people p
            WHERE p.post_class = 'nonSecret' AND p.separation_until >= \(bind: today) \(people)
            """)
        figures.postsEnded = try await count(
            sql,
            """
            SELECT COUNT(DISTINCT h.person_id) AS n FROM clearance_changes h JOIN people p ON p.id = h.person_id
            WHERE h.changed_at \(period) AND h.separation_until IS NOT NULL \(people)
            """)
        figures.leavers = try await count(
            sql, "SELECT COUNT(*) AS n FROM people p WHERE p.status IN ('leaving', 'departed') \(people)")

        let findings = findingScope()
        figures.findingsOpened = try await count(
            sql, "SELECT COUNT(*) AS n FROM findings f WHERE f.opened_at \(period) AND \(findings)")
        figures.findingsClosed = try await count(
            sql, "SELECT COUNT(*) AS n FROM findings f WHERE f.closed_at \(period) AND \(findings)")
        var byCheck: [String: SelfInspectionFigures.RuleCount] = [:]
        for row in try await sql.raw(
            """
            SELECT f."check" AS check_name, f.rule, f.severity, COUNT(*) AS n FROM findings f
            WHERE f.is_open = \(bind: true) AND \(findings) GROUP BY f."check", f.rule, f.severity
            """
        ).all() {
            let check = try row.decode(column: "check_name", as: String.self)
            let count = try row.decode(column: "n", as: Int.self)
            let rule = try row.decode(column: "rule", as: String.self)
            var entry = byCheck[check] ?? .init(check: check, rule: rule, count: 0, overdue: 0)
            entry.count += count
            if try row.decode(column: "severity", as: String.self) == FindingSeverity.overdue.rawValue {
                entry.overdue += count
            }
            byCheck[check] = entry
        }
        let order = ComplianceCheck.allCases.map(\.rawValue)
        figures.openFindingsByRule = byCheck.values.sorted { lhs, rhs in
            lhs.rule != rhs.rule
                ? lhs.rule < rhs.rule
                : (order.firstIndex(of: lhs.check) ?? 99) < (order.firstIndex(of: rhs.check) ?? 99)
        }
        return figures
    }

    private func count(_ sql: any SQLDatabase, _ query: SQLQueryString) async throws -> Int {
        try await sql.raw(query).first()?.decode(column: "n", as: Int?.self) ?? 0
    }

    /// The SQL twin of "the viewer's clearance covers it" for a table with `level` and `project_id` (A2), limited
    /// to the departments looked after (T5.2).
    private func visible(_ table: String, department: String) -> SQLQueryString {
        guard !viewer.levels.isEmpty else { return "1 = 0" }
        var query: SQLQueryString =
            "\(unsafeRaw: table).level IN (\(Self.list(viewer.levels))) AND (\(unsafeRaw: table).project_id IS NULL"
        if !viewer.projects.isEmpty {
            query.appendLiteral(" OR \(table).project_id IN (")
            query.appendInterpolation(Self.list(viewer.projects.sorted { $0.uuidString < $1.uuidString }))
            query.appendLiteral(")")
        }
        query.appendLiteral(")")
        if let departments {
            guard !departments.isEmpty else { return "1 = 0" }
            query.appendLiteral(" AND \(department) IN (")
            query.appendInterpolation(Self.list(departments.sorted { $0.uuidString < $1.uuidString }))
            query.appendLiteral(")")
        }
        return query
    }

    private func peopleScope() -> SQLQueryString {
        guard let departments else { return "" }
        guard !departments.isEmpty else { return " AND 1 = 0" }
        return " AND p.department_id IN (\(Self.list(departments.sorted { $0.uuidString < $1.uuidString })))"
    }

    /// Findings about a carrier, copy or loan above the viewer's clearance are not counted (A2); an officer counts
    /// their departments' (T5.2).
    private func findingScope() -> SQLQueryString {
        var query: SQLQueryString = """
            (f.subject_type NOT IN ('carrier', 'copy', 'loan')
                OR (f.subject_type = 'carrier' AND f.subject_id IN (SELECT c.id FROM carriers c WHERE \(visible("c", department: "c.department_id"))))
                OR (f.subject_type = 'copy' AND f.subject_id IN (SELECT k.id FROM copies k WHERE \(visible("k", department: "k.department_id"))))
                OR (f.subject_type = 'loan' AND f.subject_id IN (SELECT l.id FROM loans l JOIN copies k ON k.id = l.copy_id WHERE \(visible("k", department: "k.department_id")))))
            """
        if let departments {
            guard !departments.isEmpty else { return "1 = 0" }
            query.appendLiteral(" AND f.department_id IN (")
            query.appendInterpolation(Self.list(departments.sorted { $0.uuidString < $1.uuidString }))
            query.appendLiteral(")")
        }
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
}
