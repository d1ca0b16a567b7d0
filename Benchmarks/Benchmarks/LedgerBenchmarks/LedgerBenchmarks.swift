import BaomiDomain
import BaomiPersistence
import Benchmark
import FluentKit
import Foundation
import SQLKit

// Issue #3: the copy ledger's filtered first page and a 3-character title search at 1,000,000 copies, p50 and
// p99, on SQLite (and PostgreSQL with BAOMI_BENCH_DATABASE_URL). DESIGN.md budgets: ledger page p99 ≤ 10 ms,
// Chinese substring search p99 ≤ 30 ms. Issue #4: the same first page as a person sees it, through the SQL twin of
// the access decision (`CarrierLedgerQuery.Viewer`): a 重要 staff member whose distribution scope covers ~1 % of
// carriers, and a secrecy officer who looks after one department.

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock], timeUnits: .microseconds, warmupIterations: 3, maxDuration: .seconds(20),
        maxIterations: 300)
    for engine in LedgerFixture.engines {
        Benchmark("\(engine) copy ledger, first page, unfiltered", configuration: configuration) { benchmark in
            let database = try await LedgerFixture.shared(engine)
            for _ in benchmark.scaledIterations { blackHole(try await CarrierLedgerQuery().copies(on: database)) }
        }
        Benchmark("\(engine) copy ledger, first page, level + state", configuration: configuration) { benchmark in
            let database = try await LedgerFixture.shared(engine)
            var query = CarrierLedgerQuery()
            query.levels = ["secret"]
            query.states = ["stored"]
            for _ in benchmark.scaledIterations { blackHole(try await query.copies(on: database)) }
        }
        Benchmark("\(engine) copy ledger, first page, one department (a secrecy officer)", configuration: configuration)
        { benchmark in
            let database = try await LedgerFixture.shared(engine)
            var query = CarrierLedgerQuery()
            query.departments = [try await LedgerFixture.department(engine)]
            for _ in benchmark.scaledIterations { blackHole(try await query.copies(on: database)) }
        }
        Benchmark("\(engine) copy ledger, 3-character title search", configuration: configuration) { benchmark in
            let database = try await LedgerFixture.shared(engine)
            var query = CarrierLedgerQuery()
            query.search = "总体技"
            for _ in benchmark.scaledIterations { blackHole(try await query.copies(on: database)) }
        }
        Benchmark("\(engine) copy ledger, search matching one carrier", configuration: configuration) { benchmark in
            let database = try await LedgerFixture.shared(engine)
            var query = CarrierLedgerQuery()
            query.search = "第31684号"
            for _ in benchmark.scaledIterations { blackHole(try await query.copies(on: database)) }
        }
        Benchmark("\(engine) carrier ledger, 3-character title search", configuration: configuration) { benchmark in
            let database = try await LedgerFixture.shared(engine)
            var query = CarrierLedgerQuery()
            query.search = "总体技"
            for _ in benchmark.scaledIterations { blackHole(try await query.carriers(on: database)) }
        }
        Benchmark("\(engine) carrier ledger, first page", configuration: configuration) { benchmark in
            let database = try await LedgerFixture.shared(engine)
            for _ in benchmark.scaledIterations { blackHole(try await CarrierLedgerQuery().carriers(on: database)) }
        }
        Benchmark(
            "\(engine) copy ledger, first page, staff member with a narrow scope", configuration: configuration
        ) { benchmark in
            let database = try await LedgerFixture.shared(engine)
            var query = CarrierLedgerQuery()
            query.viewer = try await LedgerFixture.viewer(engine, .staff)
            let firstPage = try await query.copies(on: database)
            precondition(firstPage.rows.count == 50, "the viewer sees a full first page")
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try await query.copies(on: database)) }
        }
        Benchmark(
            "\(engine) copy ledger, first page, secrecy officer with a narrow scope (one department)",
            configuration: configuration
        ) { benchmark in
            let database = try await LedgerFixture.shared(engine)
            var query = CarrierLedgerQuery()
            query.viewer = try await LedgerFixture.viewer(engine, .officer)
            let firstPage = try await query.copies(on: database)
            precondition(firstPage.rows.count == 50, "the viewer sees a full first page")
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try await query.copies(on: database)) }
        }
        overviewBenchmarks(engine, configuration: configuration)
    }
}

/// One million copies (100,000 carriers × 10) in 20 departments, built once per engine with batched SQL. Every
/// carrier has a distribution scope (`carrier_scope`): two of 2,000 people by name (each person is named on 0.1 % of
/// carriers), and one department (each department: 1 % of carriers) or one of 40 projects (2 % each).
actor LedgerFixture {
    static let carriers = Int(ProcessInfo.processInfo.environment["BAOMI_BENCH_CARRIERS"] ?? "") ?? 100_000
    static let copiesPerCarrier = 10
    static var engines: [String] {
        ProcessInfo.processInfo.environment["BAOMI_BENCH_DATABASE_URL"].map { _ in ["SQLite", "PostgreSQL"] } ?? [
            "SQLite"
        ]
    }

    static let people = 2_000
    static let projects = 40

    private static let instance = LedgerFixture()
    private var databases: [String: (StandaloneDatabase, UUID)] = [:]

    static func shared(_ engine: String) async throws -> any Database { try await instance.open(engine).0.database }
    static func department(_ engine: String) async throws -> UUID { try await instance.open(engine).1 }

    enum Person: String {
        /// P0000, 重要涉密人员 in department D0, no projects: in the scope of ~1.1 % of carriers (D0's 1 % and the
        /// ~100 that name them), of which the four levels below 绝密 are visible to them.
        case staff = "P0000"
        /// P0001, 重要涉密人员 and the secrecy officer of D1 (whose carriers are all 机密; D0's are all 绝密): D1's
        /// copies (5 %) and the carriers whose scope names D1 or them.
        case officer = "P0001"
    }

    /// What the ledger's SQL twin of the access decision gets for one of the fixture's people (A2, A3).
    static func viewer(_ engine: String, _ person: Person) async throws -> CarrierLedgerQuery.Viewer {
        let sql = try await shared(engine).sql
        guard
            let row = try await sql.raw(
                "SELECT id, department_id FROM people WHERE employee_number = \(bind: person.rawValue)"
            ).first()
        else { throw PersistenceError.corrupt("no person \(person.rawValue) in the ledger fixture") }
        let levels = LevelCatalogue.nationalDefault
        let subject = AccessSubject(
            personID: try row.decode(column: "id", as: UUID.self),
            departmentID: try row.decode(column: "department_id", as: UUID.self),
            roles: person == .officer ? [.staff, .secrecyOfficer] : [.staff], postClass: .important,
            clearance: PostClassCatalogue.nationalDefault.clearance(.important, levels: levels))
        return CarrierLedgerQuery.Viewer(subject: subject, levels: levels)
    }

    private func open(_ engine: String) async throws -> (StandaloneDatabase, UUID) {
        if let existing = databases[engine] { return existing }
        let standalone: StandaloneDatabase
        if engine == "PostgreSQL", let url = ProcessInfo.processInfo.environment["BAOMI_BENCH_DATABASE_URL"] {
            standalone = try StandaloneDatabase(.postgres(url: url))
        } else {
            // package-benchmark runs each benchmark in a process of its own: keep the fixture between them.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "baomi-ledger-bench-\(Self.carriers)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            standalone = try StandaloneDatabase(.sqlite(path: folder.appendingPathComponent("baomi.sqlite").path))
        }
        try await standalone.migrate()
        let database = standalone.database
        let sql = try database.sql
        let existing =
            try await sql.raw("SELECT COUNT(*) AS n FROM carriers").first()?.decode(column: "n", as: Int.self) ?? 0
        let department: UUID
        if existing == Self.carriers {
            let scoped =
                try await sql.raw("SELECT COUNT(*) AS n FROM carrier_scope").first()?.decode(column: "n", as: Int.self)
                ?? 0
            precondition(
                scoped > 0,
                "the benchmark database predates distribution scopes: delete $TMPDIR/baomi-ledger-bench-\(Self.carriers) "
                    + "(or give an empty PostgreSQL database) and run again")
            department =
                try await sql.raw("SELECT id FROM org_units WHERE code = 'D0'").first()?.decode(
                    column: "id", as: UUID.self) ?? UUID()
        } else {
            precondition(existing == 0, "the benchmark database holds another fixture; drop it first")
            department = try await Self.fill(database)
        }
        databases[engine] = (standalone, department)
        return (standalone, department)
    }

    private static let subjects = ["某型号", "新材料", "动力系统", "测控平台", "总体技术", "结构强度", "数据链", "导航算法", "热防护", "软件架构"]
    private static let kinds = ["方案", "试验报告", "图纸", "工艺规程", "计算书", "数据汇编", "评审意见", "总体技术要求"]
    private static let levels = ["topSecret", "secret", "confidential", "coreCommercial", "internal"]
    private static let states = [
        "stored", "stored", "stored", "onLoan", "registered", "destroyed", "dispatched", "underRepair",
    ]

    /// Returns one department's id (for the narrow-scope case).
    private static func fill(_ database: any Database) async throws -> UUID {
        let sql = try database.sql
        let started = ContinuousClock.now
        let root = UUID()
        try await sql.raw(
            """
            INSERT INTO org_units (id, name, code, kind, parent_id, is_key_department, is_managing_department, sort_order)
            VALUES (\(bind: root), '某研究所', 'ROOT', 'unit', NULL, \(bind: false), \(bind: false), 0)
            """
        ).run()
        var departments: [UUID] = []
        for index in 0..<20 {
            let id = UUID()
            departments.append(id)
            try await sql.raw(
                """
                INSERT INTO org_units (id, name, code, kind, parent_id, is_key_department, is_managing_department, sort_order)
                VALUES (\(bind: id), \(bind: "第\(index + 1)研究室"), \(bind: "D\(index)"), 'department', \(bind: root), \(bind: false), \(bind: false), \(bind: index))
                """
            ).run()
        }
        let now = Date()
        var people: [UUID] = []
        var personRows: [SQLQueryString] = []
        for index in 0..<Self.people {
            let id = UUID()
            people.append(id)
            personRows.append(
                """
                (\(bind: id), \(bind: "职工\(index)"), \(bind: String(format: "P%04d", index)), \(bind: departments[index % departments.count]),
                 '工程师', \(bind: false), 'active', 'important', \(bind: now), \(bind: now))
                """)
        }
        for chunk in stride(from: 0, to: personRows.count, by: 500) {
            var insertPeople = SQLQueryString(
                "INSERT INTO people (id, name, employee_number, department_id, post, is_leader, status, post_class, created_at, updated_at) VALUES "
            )
            for (index, row) in personRows[chunk..<min(chunk + 500, personRows.count)].enumerated() {
                if index > 0 { insertPeople.appendLiteral(", ") }
                insertPeople.appendInterpolation(row)
            }
            try await sql.raw(insertPeople).run()
        }
        var projects: [UUID] = []
        for index in 0..<Self.projects {
            let id = UUID()
            projects.append(id)
            try await sql.raw(
                """
                INSERT INTO projects (id, code, name, level, is_key_project, created_at)
                VALUES (\(bind: id), \(bind: "XM\(index)"), \(bind: "型号项目\(index)"), 'secret', \(bind: false), \(bind: now))
                """
            ).run()
        }
        let batch = 500
        var carrierIndex = 0
        let allDepartments = departments
        let allPeople = people
        let allProjects = projects
        while carrierIndex < carriers {
            let first = carrierIndex
            try await database.transaction { transaction in
                let sql = try transaction.sql
                var carrierRows: [SQLQueryString] = []
                var copyRows: [SQLQueryString] = []
                var scopeRows: [SQLQueryString] = []
                for offset in 0..<min(batch, carriers - first) {
                    let n = first + offset
                    let id = UUID()
                    let title = subjects[n % subjects.count] + kinds[(n / subjects.count) % kinds.count] + "（第\(n)号）"
                    let level = levels[n % levels.count]
                    let rank = level == "topSecret" ? 3 : level == "secret" || level == "coreCommercial" ? 2 : 1
                    let regime = level.hasSuffix("Commercial") ? "commercial" : level == "internal" ? "work" : "state"
                    let department = allDepartments[n % allDepartments.count]
                    carrierRows.append(
                        """
                        (\(bind: id), \(bind: String(format: "2026-%03d", n + 1)), 2026, \(bind: n + 1), \(bind: title), \(bind: "技字〔2026〕\(n)号"), 'technicalSolution', 'paper', 'made',
                         \(bind: regime), \(bind: level), \(bind: rank), '{"years":{"_0":10}}', \(bind: copiesPerCarrier), \(bind: false), NULL,
                         \(bind: department), NULL, '', NULL, '', \(bind: false), '', 'bench', \(bind: now), \(bind: now))
                        """)
                    // Two people by name: 7n and 13n + 1 (mod 2,000) never meet, and each person comes up 100 times.
                    for person in [allPeople[(n * 7) % allPeople.count], allPeople[(n * 13 + 1) % allPeople.count]] {
                        scopeRows.append("(\(bind: UUID()), \(bind: id), 'person', \(bind: person))")
                    }
                    // Runs of three carriers share a group: groups 0–19 name a department, 20–99 a project.
                    let group = (n / 3) % 100
                    scopeRows.append(
                        group < allDepartments.count
                            ? "(\(bind: UUID()), \(bind: id), 'department', \(bind: allDepartments[group]))"
                            : "(\(bind: UUID()), \(bind: id), 'project', \(bind: allProjects[group % allProjects.count]))"
                    )
                    for serial in 1...copiesPerCarrier {
                        let changed = now.addingTimeInterval(-Double((n * copiesPerCarrier + serial) % 86_400_0))
                        copyRows.append(
                            "(\(bind: UUID()), \(bind: id), \(bind: level), \(bind: department), \(bind: serial), NULL, \(bind: states[(n + serial) % states.count]), NULL, NULL, '', \(bind: changed), 0)"
                        )
                    }
                }
                var insertCarriers = SQLQueryString(
                    """
                    INSERT INTO carriers (id, number, number_year, number_sequence, title, document_number, category, form, source, regime, level, level_rank, period,
                        copy_count, copying_allowed, project_id, department_id, classifier_id, classification_basis, classified_on,
                        originating_authority, is_production_waste, notes, registered_by, created_at, updated_at) VALUES
                    """)
                for (index, row) in carrierRows.enumerated() {
                    if index > 0 { insertCarriers.appendLiteral(", ") }
                    insertCarriers.appendInterpolation(row)
                }
                try await sql.raw(insertCarriers).run()
                var insertScope = SQLQueryString("INSERT INTO carrier_scope (id, carrier_id, kind, ref_id) VALUES ")
                for (index, row) in scopeRows.enumerated() {
                    if index > 0 { insertScope.appendLiteral(", ") }
                    insertScope.appendInterpolation(row)
                }
                try await sql.raw(insertScope).run()
                for chunk in stride(from: 0, to: copyRows.count, by: 1000) {
                    var insertCopies = SQLQueryString(
                        "INSERT INTO copies (id, carrier_id, level, department_id, serial, copy_of_id, state, holder_id, place_id, counterpart, last_changed_at, version) VALUES "
                    )
                    for (index, row) in copyRows[chunk..<min(chunk + 1000, copyRows.count)].enumerated() {
                        if index > 0 { insertCopies.appendLiteral(", ") }
                        insertCopies.appendInterpolation(row)
                    }
                    try await sql.raw(insertCopies).run()
                }
            }
            carrierIndex += batch
        }
        try await sql.raw("ANALYZE").run()
        let seconds = (ContinuousClock.now - started)
        print(
            "fixture: \(carriers) carriers, \(carriers * copiesPerCarrier) copies, \(carriers * 3) scope rows in \(seconds)"
        )
        return departments[0]
    }
}
