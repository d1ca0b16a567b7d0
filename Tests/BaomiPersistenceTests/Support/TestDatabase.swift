import BaomiPersistence
import FluentKit
import Foundation
import SQLKit

/// Whether this run's persistence suites use PostgreSQL (`BAOMI_TEST_DATABASE_URL`); known before any test starts, so
/// a test that only means something on one database is reported skipped on the other (`.enabled(if:)`).
let testsRunOnPostgres = !(ProcessInfo.processInfo.environment["BAOMI_TEST_DATABASE_URL"] ?? "").isEmpty
let testsRunOnSQLite = !testsRunOnPostgres

/// A fresh, migrated database for one test: a temporary SQLite file, or — when `BAOMI_TEST_DATABASE_URL` names a
/// PostgreSQL server — a database of its own created there and dropped afterwards.
///
/// Writes run as the server runs them (`configure`): on SQLite with group commit (`synchronous=NORMAL` and a
/// `DurabilityBarrier` every write awaits), through one write gate and the `SQLiteWriter`'s own connection; on
/// PostgreSQL through Fluent. Every test writes through `store` (or a store from `store(audit:durability:)`, which
/// shares the gate and the writer), so the engine tested is the one that runs.
struct TestDatabase {
    let standalone: StandaloneDatabase
    let directory: URL
    /// SQLite: the connection write transactions run on, as in the server; nil on PostgreSQL.
    let writer: SQLiteWriter?
    /// The process's one write gate: every store of this test queues here, as all of the server's writes do.
    let gate = WriteGate()
    private let postgresName: String?
    private let adminURL: String?

    var database: any Database { standalone.database }
    var isPostgres: Bool { postgresName != nil }
    /// The SQLite file, or nil on PostgreSQL.
    var sqlitePath: String? { isPostgres ? nil : directory.appendingPathComponent("baomi.sqlite").path }

    /// The store the server builds on this database.
    var store: Store { store() }

    /// A store writing as the server's does — this database's gate, writer and durability barrier — with its own
    /// audit log (a sealer, a clock) or, for the tests of the write path itself, its own barrier or writer.
    func store(
        audit: AuditLog = AuditLog(), durability: DurabilityBarrier? = nil, writer: SQLiteWriter? = nil
    ) -> Store {
        Store(
            audit: audit, gate: gate, durability: durability ?? standalone.durability, writer: writer ?? self.writer)
    }

    static func make() async throws -> TestDatabase {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baomi-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if let adminURL = ProcessInfo.processInfo.environment["BAOMI_TEST_DATABASE_URL"], !adminURL.isEmpty {
            let name = "baomi_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try StandaloneDatabase(.postgres(url: adminURL))
            try await admin.database.sql.raw("CREATE DATABASE \(unsafeRaw: String(name))").run()
            await admin.shutdown()
            let url = Self.replacingDatabase(in: adminURL, with: String(name))
            let standalone = try StandaloneDatabase(.postgres(url: url))
            try await standalone.migrate()
            return TestDatabase(
                standalone: standalone, directory: directory, writer: nil, postgresName: String(name),
                adminURL: adminURL)
        }
        // As `configure`: group commit, migrations made durable, then the writer opened on the file in WAL mode.
        let path = directory.appendingPathComponent("baomi.sqlite").path
        let standalone = try StandaloneDatabase(.sqlite(path: path), groupCommit: true)
        try await standalone.migrate()
        let writer = try SQLiteWriter(path: path, groupCommit: true)
        return TestDatabase(
            standalone: standalone, directory: directory, writer: writer, postgresName: nil, adminURL: nil)
    }

    func tearDown() async {
        writer?.shutdown()
        await standalone.shutdown()
        if let postgresName, let adminURL, let admin = try? StandaloneDatabase(.postgres(url: adminURL)) {
            try? await admin.database.sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: postgresName)").run()
            await admin.shutdown()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    static func replacingDatabase(in url: String, with name: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + name
        return components.string ?? url
    }
}

/// Runs `body` with a fresh database and always tears it down.
func withTestDatabase(_ body: (TestDatabase) async throws -> Void) async throws {
    try await PostgresTestSlots.run {
        let test = try await TestDatabase.make()
        do {
            try await body(test)
        } catch {
            await test.tearDown()
            throw error
        }
        await test.tearDown()
    }
}
