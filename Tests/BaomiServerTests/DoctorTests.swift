import BaomiDomain
import BaomiPersistence
import Foundation
import SQLKit
import Testing
import Vapor

@testable import BaomiServer

@Suite("baomi doctor and the installation's figures on /metrics (S2, #17)", .serialized)
struct DoctorTests {
    func report(_ test: TestApp) async throws -> Doctor.Report {
        try await Doctor.run(
            Doctor.Installation(
                dataDirectory: test.configuration.dataDirectory, database: test.configuration.database,
                journal: test.configuration.checkpointJournalFile, tlsCertificate: nil, now: test.clock()),
            on: test.db, thorough: true)
    }

    func status(_ report: Doctor.Report, _ name: String) -> Doctor.Status? {
        report.checks.first { $0.name == name }?.status
    }

    @Test("S2 a healthy installation passes; a key readable by others, a missing trigger and no backup are named")
    func namesEachProblem() async throws {
        try await withTestApp { test in
            let healthy = try await report(test)
            #expect(status(healthy, "migrations") == .ok)
            #expect(status(healthy, "audit-triggers") == .ok)
            #expect(status(healthy, "clock") == .ok)
            #expect(status(healthy, "backup") == .warning)
            if case .sqlite = test.configuration.database {
                #expect(status(healthy, "permissions") == .ok)
                #expect(status(healthy, "integrity") == .ok)
            }
            // A throwaway test PostgreSQL runs with fsync off, which the durability check rightly names.
            let baseline = healthy.checks.filter { $0.status == .problem }.map(\.name)
            #expect(baseline.isEmpty || baseline == ["durability"], "\(baseline)")
            // Damage: the key readable by everyone, and (with the triggers dropped) an audit log open to edits.
            let key = test.configuration.dataDirectory.appendingPathComponent(CheckpointSigner.fileName)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key.path)
            let triggers = try await AppendOnlyTriggers.missing(on: test.db)
            #expect(triggers.isEmpty)
            switch test.configuration.database {
            case .sqlite:
                try await test.db.sql.raw("DROP TRIGGER audit_records_no_update").run()
            case .postgres:
                try await test.db.sql.raw("DROP TRIGGER audit_records_no_change ON audit_records").run()
            }
            let damaged = try await report(test)
            #expect(status(damaged, "permissions") == .problem)
            #expect(status(damaged, "audit-triggers") == .problem)
            #expect(damaged.worst == .problem)
            // The same figures on /metrics.
            let metrics = try await Client(app: test.app).send(.GET, "/metrics")
            #expect(metrics.body.contains("baomi_migrations_pending 0"))
            #expect(metrics.body.contains("baomi_disk_free_bytes"))
            #expect(metrics.body.contains("baomi_doctor_problems \(baseline.count + 2)"))
        }
    }
}
