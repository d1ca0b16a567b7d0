import BaomiPersistence
import FluentKit
import Foundation
import SQLKit

/// A fresh, migrated database for one test: a temporary SQLite file, or — when `BAOMI_TEST_DATABASE_URL` names a
/// PostgreSQL server — a database of its own created there and dropped afterwards.
struct TestDatabase {
    let standalone: StandaloneDatabase
    let directory: URL
    private let postgresName: String?
    private let adminURL: String?

    var database: any Database { standalone.database }
    var isPostgres: Bool { postgresName != nil }

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
                standalone: standalone, directory: directory, postgresName: String(name), adminURL: adminURL)
        }
        let standalone = try StandaloneDatabase(.sqlite(path: directory.appendingPathComponent("baomi.sqlite").path))
        try await standalone.migrate()
        return TestDatabase(standalone: standalone, directory: directory, postgresName: nil, adminURL: nil)
    }

    func tearDown() async {
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
    let test = try await TestDatabase.make()
    do {
        try await body(test)
    } catch {
        await test.tearDown()
        throw error
    }
    await test.tearDown()
}
