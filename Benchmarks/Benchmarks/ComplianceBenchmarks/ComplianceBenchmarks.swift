import BaomiDomain
import BaomiPersistence
import Benchmark
import FluentKit
import Foundation
import SQLKit

// Issue #5: the compliance engine at 1,000,000 copies and 50,000 people on SQLite. DESIGN/issue budgets: a full
// evaluation of every check ≤ 5 s; a re-evaluation after one change ≤ 50 ms.
//
// The fixture starts from the ledger benchmarks' million copies (run `--target LedgerBenchmarks` once first) and
// adds what the checks read: 50,000 people with leavers among them, storage places and a stored copy in two thousand
// kept below its level, a history event per copy (a few without), 5,000 open borrowings (some due, some overdue),
// periods ending soon, departments without a secrecy officer, an inventory for half of the departments.

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock], timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(60),
        maxIterations: 20)
    Benchmark("Compliance: every check, read and decide (1M copies, 50k people)", configuration: configuration) {
        benchmark in
        let fixture = try await ComplianceFixture.shared()
        for _ in benchmark.scaledIterations {
            blackHole(
                try await fixture.engine.currentFindings(levels: .nationalDefault, on: fixture.database.database))
        }
    }
    Benchmark("Compliance: full evaluation, findings stored (steady state)", configuration: configuration) {
        benchmark in
        let fixture = try await ComplianceFixture.shared()
        for _ in benchmark.scaledIterations {
            blackHole(try await fixture.engine.evaluate(levels: .nationalDefault, on: fixture.database.database))
        }
    }
    Benchmark(
        "Compliance: re-evaluation after one change (a copy's level raised above its place, then back)",
        configuration: .init(
            metrics: [.wallClock], timeUnits: .milliseconds, warmupIterations: 2, maxDuration: .seconds(20),
            maxIterations: 200)
    ) { benchmark in
        let fixture = try await ComplianceFixture.shared()
        let sql = try fixture.database.database.sql
        let copy = fixture.probeCopy
        for _ in benchmark.scaledIterations {
            benchmark.stopMeasurement()
            try await sql.raw(
                """
                UPDATE copies SET level = CASE level WHEN 'topSecret' THEN 'internal' ELSE 'topSecret' END
                WHERE id = \(bind: copy)
                """
            ).run()
            benchmark.startMeasurement()
            let summary = try await fixture.engine.evaluate(
                scope: .copies([copy]), levels: .nationalDefault, on: fixture.database.database)
            precondition(summary.opened + summary.closed >= 1, "the change opens or closes a finding")
        }
    }
}

actor ComplianceFixture {
    static let people = 50_000
    private static let instance = ComplianceFixture()
    private var opened: ComplianceFixture.Opened?

    struct Opened: Sendable {
        let database: StandaloneDatabase
        let engine: ComplianceRepository
        /// A stored copy in a place rated 内部, whose level the incremental benchmark moves up and down.
        let probeCopy: UUID
    }

    static func shared() async throws -> Opened { try await instance.open() }

    private func open() async throws -> Opened {
        if let opened { return opened }
        let carriers = Int(ProcessInfo.processInfo.environment["BAOMI_BENCH_CARRIERS"] ?? "") ?? 100_000
        let temporary = FileManager.default.temporaryDirectory
        let ledger = temporary.appendingPathComponent("baomi-ledger-bench-\(carriers)/baomi.sqlite")
        let folder = temporary.appendingPathComponent("baomi-compliance-bench-\(carriers)")
        let file = folder.appendingPathComponent("baomi.sqlite")
        if !FileManager.default.fileExists(atPath: file.path) {
            precondition(
                FileManager.default.fileExists(atPath: ledger.path),
                "run `swift package benchmark --target LedgerBenchmarks` once first: this fixture starts from its")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: ledger, to: file)
        }
        let database = try StandaloneDatabase(.sqlite(path: file.path))
        try await database.migrate()
        let sql = try database.database.sql
        let people =
            try await sql.raw("SELECT COUNT(*) AS n FROM people").first()?.decode(column: "n", as: Int.self) ?? 0
        if people < Self.people {
            let started = ContinuousClock.now
            try await Self.augment(database.database)
            print("compliance fixture: augmented in \(ContinuousClock.now - started)")
        }
        guard
            let probe = try await sql.raw(
                """
                SELECT k.id FROM copies k JOIN storage_places s ON s.id = k.place_id JOIN carriers c ON c.id = k.carrier_id
                WHERE s.max_level = 'internal' AND k.state = 'stored' AND c.level = 'internal' ORDER BY k.id LIMIT 1
                """
            ).first()?.decode(column: "id", as: UUID.self)
        else { throw PersistenceError.corrupt("no copy in a 内部 place in the compliance fixture") }
        let engine = ComplianceRepository(store: Store())
        // The first run stores every finding; the benchmarks measure the runs after it.
        let first = ContinuousClock.now
        let summary = try await engine.evaluate(levels: .nationalDefault, on: database.database)
        print("compliance fixture: first evaluation \(ContinuousClock.now - first), \(summary.open) open findings")
        let opened = Opened(database: database, engine: engine, probeCopy: probe)
        self.opened = opened
        return opened
    }

    /// Adds to the ledger fixture what the checks read, in set-based SQL (SQLite).
    private static func augment(_ database: any Database) async throws {
        let sql = try database.sql
        let uuid = """
            upper(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-' || substr(h, 21, 12))
            """
        let now = Date()
        let spring = now.addingTimeInterval(-199 * 86_400)
        let statements: [SQLQueryString] = [
            // 48,000 more people; one in a hundred leaving, one in two hundred departed, most with a secret post.
            """
            WITH RECURSIVE n(i) AS (SELECT 2000 UNION ALL SELECT i + 1 FROM n WHERE i < \(unsafeRaw: String(Self.people - 1))),
                d AS (SELECT id, ROW_NUMBER() OVER (ORDER BY code) - 1 AS k FROM org_units WHERE kind = 'department'),
                h AS (SELECT i, lower(hex(randomblob(16))) AS h FROM n)
            INSERT INTO people (id, name, employee_number, department_id, post, is_leader, status, post_class,
                created_at, updated_at)
            SELECT \(unsafeRaw: uuid), '职工' || i, printf('P%05d', i), (SELECT id FROM d WHERE k = i % 20), '工程师', 0,
                CASE WHEN i % 200 = 7 THEN 'departed' WHEN i % 100 = 3 THEN 'leaving' ELSE 'active' END,
                CASE (i / 100) % 4 WHEN 0 THEN 'core' WHEN 1 THEN 'important' WHEN 2 THEN 'general' ELSE 'nonSecret' END,
                \(bind: now), \(bind: now)
            FROM h
            """,
            // Five places per department: four safes rated 绝密, one file cabinet rated 内部.
            """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99),
                d AS (SELECT id, ROW_NUMBER() OVER (ORDER BY code) - 1 AS k FROM org_units WHERE kind = 'department'),
                h AS (SELECT i, lower(hex(randomblob(16))) AS h FROM n)
            INSERT INTO storage_places (id, code, name, kind, max_level, custodian_id, department_id, location,
                is_active, created_at, updated_at)
            SELECT \(unsafeRaw: uuid), 'BP' || i, CASE WHEN i % 5 = 4 THEN '文件柜' ELSE '保险柜' END || i,
                CASE WHEN i % 5 = 4 THEN 'fileCabinet' ELSE 'safe' END,
                CASE WHEN i % 5 = 4 THEN 'internal' ELSE 'topSecret' END, NULL,
                (SELECT id FROM d WHERE k = i / 5), '楼' || i, 1, \(bind: now), \(bind: now)
            FROM h
            """,
            // Stored copies go to a place of their department: 内部 copies to the cabinet, the rest to the safes —
            // except one stored copy in two thousand of any level, which lands in the cabinet (C6 findings).
            "CREATE TEMP TABLE place_slots AS SELECT id, department_id, max_level, ROW_NUMBER() OVER (PARTITION BY department_id ORDER BY code) - 1 AS slot FROM storage_places",
            """
            UPDATE copies SET place_id = (
                SELECT p.id FROM place_slots p WHERE p.department_id = copies.department_id
                    AND p.slot = CASE WHEN copies.level = 'internal' OR copies.rowid % 2000 = 7 THEN 4 ELSE copies.rowid % 4 END)
            WHERE state = 'stored'
            """,
            // Copies on loan are held by a person of their department.
            """
            UPDATE copies SET holder_id = (SELECT p.id FROM people p WHERE p.employee_number = printf('P%05d', 2000 + copies.rowid % \(unsafeRaw: String(Self.people - 2000))))
            WHERE state IN ('onLoan', 'registered')
            """,
            // One history event per copy, but for every 100,000th.
            """
            WITH h AS (SELECT id AS copy_id, lower(hex(randomblob(16))) AS h, rowid AS r FROM copies WHERE rowid % 100000 <> 5)
            INSERT INTO copy_events (id, copy_id, at, actor_name, action, from_state, to_state, place_id, person_id,
                counterpart, details)
            SELECT \(unsafeRaw: uuid), copy_id, \(bind: now), 'bench', 'make', NULL, 'registered', NULL, NULL, '', '{}' FROM h
            """,
            // Two departments of twenty have no secrecy officer; the others have their first person.
            """
            INSERT INTO department_secrecy_officers (id, org_unit_id, person_id)
            SELECT lower(hex(randomblob(4))) || '-0000-4000-8000-' || lower(hex(randomblob(6))), d.id,
                (SELECT p.id FROM people p WHERE p.department_id = d.id ORDER BY p.employee_number LIMIT 1)
            FROM org_units d WHERE d.kind = 'department' AND d.code NOT IN ('D18', 'D19')
            """,
            // Half of the departments were inventoried in the spring.
            """
            INSERT INTO inventories (id, name, department_id, place_id, created_by, created_at, closed_at, unexpected)
            SELECT lower(hex(randomblob(4))) || '-0000-4000-8000-' || lower(hex(randomblob(6))), '年度清查', id, NULL,
                'bench', \(bind: spring), \(bind: spring), ''
            FROM org_units WHERE kind = 'department' AND CAST(substr(code, 2) AS INTEGER) % 2 = 0
            """,
            // One carrier in a thousand was classified ten years ago this December: its period ends soon (C9).
            """
            UPDATE carriers SET classified_on = '2016-12-20', period_end = '2026-12-20' WHERE rowid % 1000 = 0
            """,
            "ANALYZE",
        ]
        for statement in statements {
            try await sql.raw(statement).run()
        }
        // Open borrowings: 5,000 requests with their loans, due from 40 days ago to 40 days ahead.
        try await database.transaction { transaction in
            let sql = try transaction.sql
            let loaned = try await sql.raw(
                "SELECT id, holder_id, carrier_id FROM copies WHERE state = 'onLoan' AND holder_id IS NOT NULL LIMIT 5000"
            ).all()
            let today = ClearanceRepository.today(Date())
            for (index, row) in loaned.enumerated() {
                let request = UUID()
                let copy = try row.decode(column: "id", as: UUID.self)
                try await sql.raw(
                    """
                    INSERT INTO requests (id, number, kind, state, requester_id, requester_name, carrier_id, reason,
                        payload, created_at, closed_at, version)
                    VALUES (\(bind: request), \(bind: "JY-B-\(index)"), 'borrow', 'approved', \(bind: UUID()), 'bench',
                        \(bind: try row.decode(column: "carrier_id", as: UUID.self)), '查阅', '{}', \(bind: Date()), NULL, 0)
                    """
                ).run()
                try await sql.raw(
                    """
                    INSERT INTO loans (id, request_id, copy_id, kind, borrower_person_id, borrower_account_id,
                        borrower_name, use_place_id, destination, return_date, home_place_id, issued_at, issued_by,
                        returned_at, returned_by, forced, is_open)
                    VALUES (\(bind: UUID()), \(bind: request), \(bind: copy), 'borrow',
                        \(bind: try row.decode(column: "holder_id", as: UUID.self)), \(bind: UUID()), '借阅人', NULL, '',
                        \(bind: SecrecyPeriod.day(today, plus: index % 80 - 40)), NULL, \(bind: Date()), 'bench', NULL,
                        NULL, \(bind: false), \(bind: true))
                    """
                ).run()
            }
        }
    }
}
