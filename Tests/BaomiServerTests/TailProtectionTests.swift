import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import BaomiServer

/// No vanishing tail (S2, issue #12), through the configured application: every write under a signed, journaled
/// checkpoint within the settle time and at shutdown, verification that names a deleted tail and dropped triggers,
/// start-up that restores them, and files kept private.
@Suite("No vanishing tail (S2)", .serialized)
struct TailProtectionTests {
    @Test("S2 a write through the API is under a signed checkpoint in the journal within the settle time, unasked")
    func writesAreSealed() async throws {
        try await withTestApp { test in
            // setup
            let client = Client(app: test.app)
            let sysadmin = try await client.token("sysadmin")
            // act
            let created = try await client.send(
                .POST, "/api/v1/org-units", token: sysadmin, json: ["name": "某研究所", "code": "SEAL", "kind": "unit"])
            #expect(created.status == .created)
            await test.app.baomi.sealer?.idle()
            // check: nobody asked for a checkpoint, and the newest covers every record
            let size = try await test.app.baomi.store.audit.size(on: test.db)
            let newest = try #require(try await AuditCheckpoints.all(on: test.db).last)
            #expect(newest.treeSize == size)
            let journal = try #require(try test.app.baomi.checkpoints.journal?.read())
            #expect(journal.entries.last?.checkpoint == newest)
        }
    }

    @Test("S2 a clean stop signs a final checkpoint of everything, before the database closes")
    func finalCheckpoint() async throws {
        try await withTestLocation { location in
            // setup: no sealing after bursts, so only the stop can sign the last records
            var configuration = location.configuration
            configuration.checkpointSettle = nil
            let size = try await withConfiguredApp(configuration) { app in
                for _ in 0..<3 {
                    try await app.baomi.store.record([AuditEvent(action: .signIn)], by: .system, on: app.db)
                }
                let size = try await app.baomi.store.audit.size(on: app.db)
                #expect(try await AuditCheckpoints.all(on: app.db).last?.treeSize != size)
                return size
            }
            // check: signed and journaled on the way out
            let newest = try await location.read { try await AuditCheckpoints.all(on: $0).last }
            #expect(newest?.treeSize == size)
            let journal = try #require(try CheckpointJournal(file: configuration.checkpointJournalFile).read())
            #expect(journal.entries.last?.checkpoint == newest)
        }
    }

    @Test("S2 a command that stops at a refusal still leaves the refusal under a journaled checkpoint")
    func commandLineSeals() async throws {
        try await withTestLocation { location in
            // act: the auditor may not read reports (S1): the refusal is recorded, then the command fails
            await #expect(throws: CommandLineFailure.self) {
                _ = try await ReportCommands.export(
                    .init(name: "carrierLedger", year: nil, level: nil, departmentCode: nil, username: "auditor"),
                    to: location.directory.appendingPathComponent("out.csv"), configuration: location.configuration)
            }
            // check
            let (size, newest, refused) = try await location.read { database in
                (
                    try await AuditLog().size(on: database), try await AuditCheckpoints.all(on: database).last,
                    try await AuditQuery(actorKinds: [.administrator], action: "access.denied").run(on: database)
                )
            }
            #expect(refused.count == 1)
            #expect(newest?.treeSize == size)
            let journal = try CheckpointJournal(file: location.configuration.checkpointJournalFile).read()
            #expect(journal?.entries.last?.checkpoint == newest)
        }
    }

    @Test("S2 the auditor's verification names a deleted tail and the dropped triggers")
    func verificationNamesTheGap() async throws {
        try await withTestApp { test in
            // setup: signed in before, so no record is written between the deletion and the verification
            let client = Client(app: test.app)
            let sysadmin = try await client.token("sysadmin")
            let auditor = try await client.token("auditor")
            for code in ["G1", "G2", "G3"] {
                let created = try await client.send(
                    .POST, "/api/v1/org-units", token: sysadmin, json: ["name": code, "code": code, "kind": "unit"])
                #expect(created.status == .created)
            }
            let signed = try await test.app.baomi.checkpoints.current(on: test.db)
            // act: with the triggers dropped, the last two records and every checkpoint over them deleted
            try await dropTriggers(test.db)
            let kept = signed.treeSize - 2
            try await test.db.sql.raw("DELETE FROM audit_records WHERE leaf_index >= \(bind: kept)").run()
            try await test.db.sql.raw("DELETE FROM audit_checkpoints WHERE tree_size > \(bind: kept)").run()
            let reply = try await client.send(.POST, "/api/v1/audit/verify", token: auditor)
            // check
            #expect(reply.status == .ok)
            let messages = try #require(try reply.json()["problems"] as? [[String: Any]]).compactMap {
                $0["message"] as? String
            }
            #expect(
                messages.first?.contains("has a checkpoint of \(signed.treeSize) records signed at \(signed.signedAt)")
                    == true, "\(messages)")
            #expect(messages.first?.contains("the database holds \(kept)") == true, "\(messages)")
            #expect(messages.contains { $0.contains("append-only triggers missing") }, "\(messages)")
        }
    }

    @Test("S2 start-up (and baomi migrate) restores dropped triggers and records the repair")
    func startRestoresTriggers() async throws {
        try await withTestLocation { location in
            // setup: Baomi ran; then somebody dropped the triggers
            try await withConfiguredApp(location.configuration) { _ in }
            try await location.read { database in
                try await dropTriggers(database)
                #expect(try await AppendOnlyTriggers.missing(on: database).count == 4)
            }
            // act
            try await withConfiguredApp(location.configuration) { _ in }
            // check
            try await location.read { database in
                #expect(try await AppendOnlyTriggers.missing(on: database).isEmpty)
                let repairs = try await AuditQuery(
                    actorKinds: [.system], action: AuditAction.auditProtectionRestore.rawValue
                ).run(on: database)
                #expect(repairs.count == 1)
                #expect(repairs.first?.rule == "S2")
            }
        }
    }

    @Test("S2 the data folder Baomi creates is 0700 and its database, WAL, shm, key and journal 0600")
    func privateDataFolder() async throws {
        try await withTestLocation { location in
            // act: Baomi creates the folder
            #expect(!FileManager.default.fileExists(atPath: location.directory.path))
            try await withConfiguredApp(location.configuration) { app in
                try await app.baomi.store.record([AuditEvent(action: .signIn)], by: .system, on: app.db)
                // check, while the database is open
                var files = [CheckpointSigner.fileName, CheckpointJournal.fileName]
                if !location.isPostgres {
                    files += ["baomi.sqlite", "baomi.sqlite-wal", "baomi.sqlite-shm"]
                }
                #expect(try mode(location.directory.path) == 0o700)
                for file in files {
                    #expect(try mode(location.directory.appendingPathComponent(file).path) == 0o600, "\(file)")
                }
            }
            // a key left readable by others (an older Baomi, a careless copy) is narrowed at the next start
            let key = location.directory.appendingPathComponent(CheckpointSigner.fileName).path
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)
            try await withConfiguredApp(location.configuration) { _ in }
            #expect(try mode(key) == 0o600)
        }
    }

    private func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1) & 0o777
    }
}

/// Drops every append-only trigger, as a database administrator covering their tracks would.
private func dropTriggers(_ database: any Database) async throws {
    let sql = try database.sql
    for table in ["audit_records", "audit_checkpoints"] {
        if try SQLDialectKind(database) == .postgres {
            try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_no_change ON \(unsafeRaw: table)").run()
            try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_no_truncate ON \(unsafeRaw: table)").run()
        } else {
            try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_no_update").run()
            try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_no_delete").run()
        }
    }
}

/// A data folder and database that outlive one application (SQLite, or PostgreSQL with `BAOMI_TEST_DATABASE_URL`):
/// for tests that stop Baomi and look at what it left behind.
struct TestLocation {
    let directory: URL
    let database: DatabaseLocation
    var isPostgres: Bool { if case .postgres = database { true } else { false } }

    var configuration: BaomiConfiguration {
        BaomiConfiguration(
            dataDirectory: directory, database: database, initialPassword: TestApp.initialPassword, bcryptCost: 4,
            checkpointInterval: nil, announce: { _ in })
    }

    /// Opens the database on its own, runs `body` and closes it.
    func read<T: Sendable>(_ body: (any Database) async throws -> T) async throws -> T {
        let standalone = try StandaloneDatabase(database)
        do {
            let result = try await body(standalone.database)
            await standalone.shutdown()
            return result
        } catch {
            await standalone.shutdown()
            throw error
        }
    }
}

func withTestLocation(_ body: (TestLocation) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baomi-tail-\(UUID().uuidString)")
    var database = DatabaseLocation.sqlite(path: directory.appendingPathComponent("baomi.sqlite").path)
    var postgres: (admin: String, name: String)?
    if let adminURL = ProcessInfo.processInfo.environment["BAOMI_TEST_DATABASE_URL"], !adminURL.isEmpty {
        let name = "baomi_l_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let admin = try StandaloneDatabase(.postgres(url: adminURL))
        try await admin.database.sql.raw("CREATE DATABASE \(unsafeRaw: String(name))").run()
        await admin.shutdown()
        var components = URLComponents(string: adminURL)
        components?.path = "/" + name
        database = .postgres(url: components?.string ?? adminURL)
        postgres = (adminURL, String(name))
    }
    defer { try? FileManager.default.removeItem(at: directory) }
    do {
        try await body(TestLocation(directory: directory, database: database))
    } catch {
        await dropTestDatabase(postgres)
        throw error
    }
    await dropTestDatabase(postgres)
}

/// Configures an application as `baomi serve` does, runs `body`, and shuts it down cleanly.
@discardableResult
func withConfiguredApp<T: Sendable>(
    _ configuration: BaomiConfiguration, _ body: (Application) async throws -> T
) async throws -> T {
    let app = try await Application.make(.testing)
    app.logger.logLevel = .error
    do {
        try await BaomiServer.configure(app, configuration)
        let result = try await body(app)
        try await app.asyncShutdown()
        return result
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}
