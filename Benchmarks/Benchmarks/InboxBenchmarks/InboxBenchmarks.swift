import BaomiDomain
import BaomiPersistence
import Benchmark
import FluentKit
import Foundation
import SQLKit

// Issue #14: the inbox 待办 of an approver with 10,000 waiting requests among 1,000,000, first page of 50 and the
// navigation's capped count, on SQLite. Budget: first page p99 ≤ 10 ms. The approver is a leader (`role:leader`) and
// named on steps in person (`person:…`); the other 990,000 requests wait for 2,000 other people and 20 departments'
// secrecy officers. The page reads each of the approver's keys by the `request_waiting_by_approver` index.

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock], timeUnits: .microseconds, warmupIterations: 3, maxDuration: .seconds(20),
        maxIterations: 1_000)
    Benchmark("SQLite inbox, first page of 50, 10,000 waiting among 1,000,000", configuration: configuration) {
        benchmark in
        let (database, context) = try await InboxFixture.shared()
        let requests = RequestRepository(store: Store())
        for _ in benchmark.scaledIterations {
            blackHole(try await requests.inbox(context, limit: 50, offset: 0, on: database))
        }
    }
    Benchmark("SQLite inbox, page 20 (offset 950)", configuration: configuration) { benchmark in
        let (database, context) = try await InboxFixture.shared()
        let requests = RequestRepository(store: Store())
        for _ in benchmark.scaledIterations {
            blackHole(try await requests.inbox(context, limit: 50, offset: 950, on: database))
        }
    }
    Benchmark("SQLite inbox count for the navigation (capped at 1,000)", configuration: configuration) { benchmark in
        let (database, context) = try await InboxFixture.shared()
        let requests = RequestRepository(store: Store())
        for _ in benchmark.scaledIterations { blackHole(try await requests.inboxCount(context, on: database)) }
    }
}

/// 1,000,000 requests, each waiting for one approver key, built once in `$TMPDIR/baomi-inbox-bench-1000000/`.
actor InboxFixture {
    static let requests = Int(ProcessInfo.processInfo.environment["BAOMI_BENCH_REQUESTS"] ?? "") ?? 1_000_000
    static let mine = 10_000
    private static let instance = InboxFixture()
    private var opened: (StandaloneDatabase, DeciderContext)?

    static func shared() async throws -> (any Database, DeciderContext) {
        let (standalone, context) = try await instance.open()
        return (standalone.database, context)
    }

    private func open() async throws -> (StandaloneDatabase, DeciderContext) {
        if let opened { return opened }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baomi-inbox-bench-\(Self.requests)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let standalone = try StandaloneDatabase(.sqlite(path: folder.appendingPathComponent("baomi.sqlite").path))
        try await standalone.migrate()
        let sql = try standalone.database.sql
        // The approver: fixed ids, so that the fixture is found again by the next process.
        let approver = UUID(uuidString: "00000000-0000-0000-0000-00000000A001") ?? UUID()
        let person = UUID(uuidString: "00000000-0000-0000-0000-00000000B001") ?? UUID()
        let existing =
            try await sql.raw("SELECT COUNT(*) AS n FROM requests").first()?.decode(column: "n", as: Int.self) ?? 0
        if existing != Self.requests {
            precondition(existing == 0, "the inbox benchmark database holds another fixture; delete \(folder.path)")
            try await Self.fill(standalone.database, person: person)
        }
        let context = DeciderContext(
            own: ApproverFacts(accountID: approver, roles: [.leader], personID: person, departmentID: nil),
            standingInFor: [])
        opened = (standalone, context)
        return (standalone, context)
    }

    private static func fill(_ database: any Database, person: UUID) async throws {
        let started = ContinuousClock.now
        let others =
            (0..<2_000).map { _ in "person:\(UUID().uuidString)" }
            + (0..<20).map { _ in "officer:\(UUID().uuidString)" }
        let requesters = (0..<5_000).map { _ in UUID() }
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        let batch = 500
        var index = 0
        while index < requests {
            let first = index
            try await database.transaction { transaction in
                let sql = try transaction.sql
                var requestRows: [SQLQueryString] = []
                var waitingRows: [SQLQueryString] = []
                for n in first..<min(first + batch, requests) {
                    let id = UUID()
                    let at = start.addingTimeInterval(Double(n) * 30)
                    requestRows.append(
                        """
                        (\(bind: id), \(bind: "JY-2026-\(n)"), 'borrow', 'submitted', \(bind: requesters[n % requesters.count]),
                         '申请人', NULL, '阅读', '{}', \(bind: at), 0, 1)
                        """)
                    // Every hundredth request waits for the approver: half for leaders, half for them by name.
                    let key =
                        n % 100 == 0
                        ? (n % 200 == 0 ? "role:leader" : "person:\(person.uuidString)") : others[n % others.count]
                    waitingRows.append(
                        """
                        (\(bind: UUID()), \(bind: id), \(bind: key), \(bind: requesters[n % requesters.count]), \(bind: at))
                        """)
                }
                var insertRequests = SQLQueryString(
                    "INSERT INTO requests (id, number, kind, state, requester_id, requester_name, carrier_id, reason, "
                        + "payload, created_at, version, round) VALUES ")
                for (offset, row) in requestRows.enumerated() {
                    if offset > 0 { insertRequests.appendLiteral(", ") }
                    insertRequests.appendInterpolation(row)
                }
                try await sql.raw(insertRequests).run()
                var insertWaiting = SQLQueryString(
                    "INSERT INTO request_waiting (id, request_id, approver_key, requester_id, since) VALUES ")
                for (offset, row) in waitingRows.enumerated() {
                    if offset > 0 { insertWaiting.appendLiteral(", ") }
                    insertWaiting.appendInterpolation(row)
                }
                try await sql.raw(insertWaiting).run()
            }
            index += batch
        }
        try await database.sql.raw("ANALYZE").run()
        print("inbox fixture: \(requests) requests in \(ContinuousClock.now - started)")
    }
}
