import BaomiDomain
import BaomiPersistence
import Benchmark
import FluentKit
import Foundation
import SQLKit

// Issue #15: 50,000 people in 20 departments (three in four in a secret post, each with a pre-post credit), and
// 500 sessions a year with 30 attendees each (15,000 attendances and credits). Issue #16 adds to each cleared person
// the agreements in force (知识产权保护协议; the 保密承诺书 too for core posts) and a re-review, and to every fifth a
// passport held by the unit, so the 台账's agreement, passport and re-review columns read real rows. Budgets on
// SQLite: the training-coverage report and the 涉密人员台账's first page (50 rows with all its columns) p99 ≤ 10 ms.

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock], timeUnits: .microseconds, warmupIterations: 3, maxDuration: .seconds(20),
        maxIterations: 1_000)
    Benchmark("SQLite training coverage of a year, 500 sessions, per department", configuration: configuration) {
        benchmark in
        let database = try await TrainingFixture.shared()
        for _ in benchmark.scaledIterations {
            blackHole(
                try await TrainingCoverage().rows(year: TrainingFixture.year, today: "2026-12-31", on: database))
        }
    }
    Benchmark("SQLite 涉密人员台账, first page of 50 with training columns", configuration: configuration) {
        benchmark in
        let database = try await TrainingFixture.shared()
        for _ in benchmark.scaledIterations {
            blackHole(
                try await SecretPostPersonnel(departments: nil, today: "2026-12-31", limit: 51).entries(on: database))
        }
    }
    Benchmark("SQLite 保密教育培训台账 of a year (500 rows with attendees)", configuration: configuration) { benchmark in
        let database = try await TrainingFixture.shared()
        for _ in benchmark.scaledIterations {
            blackHole(try await TrainingLedger().rows(year: TrainingFixture.year, on: database))
        }
    }
}

/// Built once in `$TMPDIR/baomi-training-bench-50000/` and reused by the next process.
actor TrainingFixture {
    static let people = Int(ProcessInfo.processInfo.environment["BAOMI_BENCH_PEOPLE"] ?? "") ?? 50_000
    static let sessions = 500
    static let attendeesPerSession = 30
    static let year = 2026
    private static let instance = TrainingFixture()
    private var opened: StandaloneDatabase?

    static func shared() async throws -> any Database { try await instance.open().database }

    private func open() async throws -> StandaloneDatabase {
        if let opened { return opened }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "baomi-personnel-bench-\(Self.people)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let standalone = try StandaloneDatabase(.sqlite(path: folder.appendingPathComponent("baomi.sqlite").path))
        try await standalone.migrate()
        let existing =
            try await standalone.database.sql.raw("SELECT COUNT(*) AS n FROM people").first()?
            .decode(column: "n", as: Int.self) ?? 0
        if existing != Self.people {
            precondition(existing == 0, "the training benchmark database holds another fixture; delete \(folder.path)")
            try await Self.fill(standalone.database)
        }
        opened = standalone
        return standalone
    }

    private static func insert(_ prefix: String, _ rows: [SQLQueryString], on sql: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        var statement = SQLQueryString(prefix)
        for (offset, row) in rows.enumerated() {
            if offset > 0 { statement.appendLiteral(", ") }
            statement.appendInterpolation(row)
        }
        try await sql.raw(statement).run()
    }

    private static func fill(_ database: any Database) async throws {
        let started = ContinuousClock.now
        let sql = try database.sql
        let departments = (0..<20).map { _ in UUID() }
        let at = Date(timeIntervalSince1970: 1_780_000_000)
        try await insert(
            "INSERT INTO org_units (id, name, code, kind, parent_id, is_key_department, is_managing_department, sort_order) VALUES ",
            departments.enumerated().map { index, id in
                "(\(bind: id), \(bind: "部门\(index)"), \(bind: "D\(index)"), 'department', NULL, \(bind: index % 5 == 0), false, \(bind: index))"
            }, on: sql)
        var texts: [String: UUID] = [:]
        for row in try await sql.raw("SELECT id, kind FROM agreement_texts WHERE version = 1").all() {
            texts[try row.decode(column: "kind", as: String.self)] = try row.decode(column: "id", as: UUID.self)
        }
        var people: [UUID] = []
        let batch = 500
        for first in stride(from: 0, to: Self.people, by: batch) {
            var personRows: [SQLQueryString] = []
            var creditRows: [SQLQueryString] = []
            var agreementRows: [SQLQueryString] = []
            var reviewRows: [SQLQueryString] = []
            var passportRows: [SQLQueryString] = []
            for n in first..<min(first + batch, Self.people) {
                let id = UUID()
                people.append(id)
                let postClass = n % 4 == 3 ? "nonSecret" : ["core", "important", "general"][n % 3]
                personRows.append(
                    """
                    (\(bind: id), \(bind: "人员\(n)"), \(bind: String(format: "E%06d", n)), \(bind: departments[n % 20]),
                     '工程师', false, 'active', \(bind: postClass), '[]', '[]', \(bind: at), \(bind: at))
                    """)
                if postClass != "nonSecret" {
                    creditRows.append(
                        """
                        (\(bind: UUID()), \(bind: id), 'prePost', 'session', \(bind: UUID()), '上岗前保密专项培训',
                         \(bind: "2026-0\(1 + n % 9)-15"), 2, \(bind: at))
                        """)
                    for kind in postClass == "core" ? ["ipProtection", "commitment"] : ["ipProtection"] {
                        agreementRows.append(
                            """
                            (\(bind: UUID()), \(bind: id), \(bind: kind), \(bind: texts[kind] ?? UUID()), 1, 'inForce',
                             '2026-01-10', '2026-01-11', '2026-01-11', 'bench', \(bind: at), \(bind: at))
                            """)
                    }
                    reviewRows.append(
                        """
                        (\(bind: UUID()), \(bind: id), \(bind: "2026-0\(1 + n % 9)-20"), 'confirmed', \(bind: postClass),
                         'bench', \(bind: at))
                        """)
                }
                if n % 5 == 0 {
                    passportRows.append(
                        """
                        (\(bind: UUID()), \(bind: id), 'passport', \(bind: String(format: "E%08d", n)), '2030-12-31', true, 1,
                         \(bind: at))
                        """)
                }
            }
            let (personBatch, creditBatch) = (personRows, creditRows)
            let (agreementBatch, reviewBatch, passportBatch) = (agreementRows, reviewRows, passportRows)
            try await database.transaction { transaction in
                let sql = try transaction.sql
                try await insert(
                    "INSERT INTO people (id, name, employee_number, department_id, post, is_leader, status, post_class, "
                        + "compartments, access_groups, created_at, updated_at) VALUES ", personBatch, on: sql)
                try await insert(
                    "INSERT INTO training_credits (id, person_id, purpose, source_type, source_id, title, earned_on, "
                        + "hours, recorded_at) VALUES ", creditBatch, on: sql)
                try await insert(
                    "INSERT INTO person_agreements (id, person_id, kind, text_id, version, state, person_signed_on, "
                        + "unit_signed_on, in_force_from, created_by_name, created_at, updated_at) VALUES ",
                    agreementBatch, on: sql)
                try await insert(
                    "INSERT INTO clearance_reviews (id, person_id, reviewed_on, outcome, post_class, reviewed_by, "
                        + "recorded_at) VALUES ", reviewBatch, on: sql)
                try await insert(
                    "INSERT INTO travel_documents (id, person_id, kind, number, expires_on, held_by_unit, version, "
                        + "registered_at) VALUES ", passportBatch, on: sql)
            }
        }
        let everyone = people
        let areas = ContentArea.allCases.map(\.rawValue)
        for first in stride(from: 0, to: Self.sessions, by: 50) {
            try await database.transaction { transaction in
                let sql = try transaction.sql
                var sessionRows: [SQLQueryString] = []
                var attendanceRows: [SQLQueryString] = []
                var creditRows: [SQLQueryString] = []
                for n in first..<min(first + 50, Self.sessions) {
                    let id = UUID()
                    let day = "\(Self.year)-\(String(format: "%02d", 1 + n % 12))-\(String(format: "%02d", 1 + n % 28))"
                    let department: UUID? = n % 3 == 0 ? nil : departments[n % 20]
                    sessionRows.append(
                        """
                        (\(bind: id), \(bind: "保密教育第\(n)期"), 'lecture', 'general', \(bind: day), '会议室', '保密办',
                         \(bind: "\(areas[n % 10]),\(areas[(n + 3) % 10])"), 2, \(bind: department), NULL, NULL, NULL,
                         \(bind: Self.attendeesPerSession), 'bench', \(bind: at))
                        """)
                    for k in 0..<Self.attendeesPerSession {
                        let person = everyone[(n * Self.attendeesPerSession + k) % everyone.count]
                        attendanceRows.append(
                            "(\(bind: UUID()), \(bind: id), \(bind: person), 'list', 'bench', \(bind: at))")
                        creditRows.append(
                            """
                            (\(bind: UUID()), \(bind: person), 'general', 'session', \(bind: id), \(bind: "保密教育第\(n)期"),
                             \(bind: day), 2, \(bind: at))
                            """)
                    }
                }
                try await insert(
                    "INSERT INTO training_sessions (id, title, form, purpose, held_on, place, trainer, areas, hours, "
                        + "department_id, planned_session_id, calendar_event_id, exam_note, attendees, recorded_by, "
                        + "recorded_at) VALUES ", sessionRows, on: sql)
                try await insert(
                    "INSERT INTO training_attendances (id, session_id, person_id, source, recorded_by, recorded_at) VALUES ",
                    attendanceRows, on: sql)
                try await insert(
                    "INSERT INTO training_credits (id, person_id, purpose, source_type, source_id, title, earned_on, "
                        + "hours, recorded_at) VALUES ", creditRows, on: sql)
            }
        }
        try await sql.raw("ANALYZE").run()
        print("training fixture: \(Self.people) people, \(Self.sessions) sessions in \(ContinuousClock.now - started)")
    }
}
