import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Logging
import NIOPosix
import SQLKit
import Testing
import Vapor

@testable import BaomiServer

/// An empty place to restore into: a new data folder, and on PostgreSQL a new empty database.
func withRestoreTarget(_ body: (BaomiConfiguration) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baomi-restore-\(UUID().uuidString)")
    var location = DatabaseLocation.sqlite(path: directory.appendingPathComponent("baomi.sqlite").path)
    var postgres: (admin: String, name: String)?
    if let adminURL = ProcessInfo.processInfo.environment["BAOMI_TEST_DATABASE_URL"], !adminURL.isEmpty {
        let name = "baomi_r_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let admin = try StandaloneDatabase(.postgres(url: adminURL))
        try await admin.database.sql.raw("CREATE DATABASE \(unsafeRaw: String(name))").run()
        await admin.shutdown()
        var components = URLComponents(string: adminURL)
        components?.path = "/" + name
        location = .postgres(url: components?.string ?? adminURL)
        postgres = (adminURL, String(name))
    }
    var configuration = BaomiConfiguration(
        dataDirectory: directory, database: location, initialPassword: TestApp.initialPassword, bcryptCost: 4,
        checkpointInterval: nil)
    configuration.announce = { _ in }
    defer { try? FileManager.default.removeItem(at: directory) }
    do {
        try await body(configuration)
    } catch {
        await dropTestDatabase(postgres)
        throw error
    }
    await dropTestDatabase(postgres)
}

/// Rows per table of a database, as a backup's manifest counts them.
private func counts(_ location: DatabaseLocation) async throws -> [String: Int64] {
    let database = try StandaloneDatabase(location)
    defer { Task { await database.shutdown() } }
    let sql = try database.database.sql
    var counts: [String: Int64] = [:]
    for table in ["accounts", "people", "org_units", "carriers", "copies", "copy_events", "storage_places"] {
        counts[table] = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(
            column: "n", as: Int64.self)
    }
    return counts
}

@Suite("Backup and restore (S2, C8: registers kept for decades)", .serialized)
struct BackupTests {
    @Test(
        "S2 a backup taken while writes go on restores into an empty folder with the same rows and a log that verifies")
    func backupUnderLoadRestores() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let archive = FileManager.default.temporaryDirectory.appendingPathComponent(
                "baomi-\(UUID().uuidString).zip")
            defer { try? FileManager.default.removeItem(at: archive) }
            // Twelve registrations run while the backup is taken.
            let manifest = try await withThrowingTaskGroup(of: BackupManifest?.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        let reply = try await world.client.send(
                            .POST, "/api/v1/carriers", token: world.office,
                            json: world.carrierBody(copies: 1, title: "备份期间登记\(index)"))
                        #expect(reply.status == .created)
                        return nil
                    }
                }
                group.addTask { try await Backups.take(test.app, to: archive, actor: .system, trigger: "test") }
                var manifest: BackupManifest?
                for try await result in group { if let result { manifest = result } }
                return try #require(manifest)
            }
            #expect(manifest.isSigned(by: test.app.baomi.signer.publicKey))
            #expect(manifest.parts.map(\.name).contains(CheckpointSigner.fileName))
            #expect(manifest.checkpoint != nil)
            try await withRestoreTarget { target in
                let report = try await Backups.restore(archive, configuration: target)
                #expect(report.verification.isIntact)
                #expect(report.verification.recordsChecked > Int64(manifest.checkpoint?.treeSize ?? 0))
                let restored = try await counts(target.database)
                for (table, count) in restored { #expect(manifest.counts[table] == count, "\(table)") }
                // The restored folder is private, and a second restore into it is refused.
                let attributes = try FileManager.default.attributesOfItem(atPath: target.dataDirectory.path)
                #expect((attributes[.posixPermissions] as? Int) == 0o700)
                await #expect(throws: BackupError.self) { try await Backups.restore(archive, configuration: target) }
            }
        }
    }

    @Test("S2 an archive altered after it was made is refused, naming what was altered")
    func tamperedArchiveRefused() async throws {
        try await withTestApp { test in
            _ = try await CarrierWorld.make(test)
            let archive = FileManager.default.temporaryDirectory.appendingPathComponent(
                "baomi-\(UUID().uuidString).zip")
            defer { try? FileManager.default.removeItem(at: archive) }
            _ = try await Backups.take(test.app, to: archive, actor: .system, trigger: "test")
            // A byte of the database part changed: its CRC or its SHA-256 gives it away.
            var bytes = try Data(contentsOf: archive)
            bytes[bytes.count / 2] ^= 0xFF
            let altered = archive.deletingPathExtension().appendingPathExtension("altered.zip")
            defer { try? FileManager.default.removeItem(at: altered) }
            try bytes.write(to: altered)
            try await withRestoreTarget { target in
                do {
                    _ = try await Backups.restore(altered, configuration: target)
                    Issue.record("an altered archive was restored")
                } catch let error as BackupError {
                    guard case .tampered = error else {
                        Issue.record("expected tampered, got \(error)")
                        return
                    }
                }
                // Nothing was placed.
                #expect(
                    (try? FileManager.default.contentsOfDirectory(atPath: target.dataDirectory.path))?.isEmpty ?? true)
            }
            // Signed by another key than the one the restorer knows: refused too.
            try await withRestoreTarget { target in
                let other = CheckpointSigner(privateKey: .init()).publicKey.rawRepresentation.base64EncodedString()
                await #expect(throws: BackupError.self) {
                    try await Backups.restore(archive, configuration: target, trustedKey: other)
                }
            }
        }
    }

    @Test("S2 an archive of an older release's schema restores: the newer migrations run and the log verifies")
    func olderSchemaRestores() async throws {
        try await withRestoreTarget { source in
            // An installation of the release before this one: every migration but the newest two.
            try FileManager.default.createDirectory(at: source.dataDirectory, withIntermediateDirectories: true)
            let database = try StandaloneDatabase(source.database)
            let migrations = Migrations()
            migrations.add(Array(BaomiMigrations.all.dropLast(2)))
            let migrator = Migrator(
                databases: database.databases, migrations: migrations, logger: Logger(label: "test"),
                on: MultiThreadedEventLoopGroup.singleton.any())
            try await migrator.setupIfNeeded().get()
            try await migrator.prepareBatch().get()
            let signer = try CheckpointSigner.loadOrCreate(in: source.dataDirectory)
            let store = Store()
            try await store.record(
                [AuditEvent(action: .systemSetup, subject: AuditSubject(type: "auditLog"))], by: .system,
                on: database.database)
            _ = try await AuditCheckpoints(signer: signer, store: store).current(on: database.database)
            let archive = FileManager.default.temporaryDirectory.appendingPathComponent(
                "baomi-\(UUID().uuidString).zip")
            defer { try? FileManager.default.removeItem(at: archive) }
            let manifest = try await BackupArchive.make(
                .init(
                    database: source.database, dataDirectory: source.dataDirectory,
                    journal: source.checkpointJournalFile, signer: signer),
                from: database.database, to: archive)
            await database.shutdown()
            #expect(manifest.migrations.count == BaomiMigrations.all.count - 2)
            try await withRestoreTarget { target in
                let report = try await Backups.restore(archive, configuration: target)
                #expect(report.verification.isIntact)
                let restored = try StandaloneDatabase(target.database)
                let applied = try await restored.database.sql.raw("SELECT COUNT(*) AS n FROM _fluent_migrations")
                    .first()?.decode(column: "n", as: Int.self)
                await restored.shutdown()
                #expect(applied == BaomiMigrations.all.count)
            }
        }
    }

    @Test(
        "S2 the scheduled backup keeps the newest few; a failed or day-old backup is a finding for the security office")
    func scheduledBackupsAndFinding() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "baomi-backups-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let backup = BackupConfiguration(directory: folder, hour: 2, keep: 2)
            func findings() async throws -> [[String: Any]] {
                // Signed in afresh each time: the test clock jumps further than a session stays idle.
                let office = try await world.client.token("bmb", password: TestApp.newPassword, changeTo: nil)
                #expect(try await world.client.send(.POST, "/api/v1/findings/check", token: office).status == .ok)
                let page = try await world.client.send(
                    .GET, "/api/v1/findings?check=backupMissing", token: office
                ).json()
                return page["rows"] as? [[String: Any]] ?? []
            }
            // Before any backup was ever taken: nothing to remind of.
            #expect(try await findings().isEmpty)
            for _ in 0..<3 {
                try await BackupSchedule.run(test.app, backup: backup)
                test.clock.advance(minutes: 1)
            }
            let kept = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            #expect(kept.count == 2)
            #expect(kept.allSatisfy { $0.hasPrefix("baomi-backup-") && $0.hasSuffix(".zip") })
            #expect(try await findings().isEmpty)
            // A day and more later without a backup: a finding, citing S2.
            test.clock.advance(minutes: 27 * 60)
            let stale = try await findings()
            #expect(stale.count == 1)
            #expect(stale.first?["rule"] as? String == "S2")
            // A backup that fails (its file exists) is audited as a failure and keeps the finding open.
            try await BackupSchedule.run(test.app, backup: backup)
            #expect(try await findings().isEmpty)
            let existing = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().last)
            await #expect(throws: BackupError.self) {
                try await Backups.take(
                    test.app, to: folder.appendingPathComponent(existing), actor: .system, trigger: "test")
            }
            let failed = try await findings()
            #expect((failed.first?["zh"] as? String)?.contains("最近一次备份失败") == true)
            let auditor = try await world.client.token("auditor")
            let records = try await world.client.send(
                .GET, "/api/v1/audit/records?action=backup.create&limit=10", token: auditor
            ).jsonArray()
            #expect(records.first?["outcome"] as? String == "failure")
        }
    }
}
