import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import SQLKit
import Vapor

/// Taking and restoring backups with their audit records (S2): the same code for `baomi backup`, `baomi restore`
/// and the server's daily schedule.
public enum Backups {
    /// Takes a backup of the running installation into `output`, audited as `backup.create`.
    static func take(
        _ app: Application, to output: URL, actor: AuditActor, trigger: String
    ) async throws -> BackupManifest {
        let services = app.baomi
        let configuration = services.configuration
        let source = BackupArchive.Source(
            database: configuration.database, dataDirectory: configuration.dataDirectory,
            journal: configuration.checkpointJournalFile, signer: services.signer)
        // A checkpoint of everything so far, so the backup's log ends in a signed, journaled checkpoint.
        _ = try await services.checkpoints.current(on: app.db)
        do {
            let manifest = try await BackupArchive.make(source, from: app.db, to: output, now: services.clock())
            try await services.store.record(
                [
                    AuditEvent(
                        action: .backupCreate, subject: AuditSubject(type: "backup", label: output.lastPathComponent),
                        outcome: .success, rule: .s2, details: details(manifest, output: output, trigger: trigger))
                ], by: actor, on: app.db)
            return manifest
        } catch {
            try? await services.store.record(
                [
                    AuditEvent(
                        action: .backupCreate, subject: AuditSubject(type: "backup", label: output.lastPathComponent),
                        outcome: .failure, rule: .s2,
                        details: ["trigger": trigger, "problem": String(describing: error)])
                ], by: actor, on: app.db)
            throw error
        }
    }

    static func details(_ manifest: BackupManifest, output: URL, trigger: String) -> [String: String] {
        [
            "file": output.path, "trigger": trigger, "records": String(manifest.checkpoint?.treeSize ?? 0),
            "rows": String(manifest.counts.values.reduce(0, +)),
            "bytes": String(manifest.parts.reduce(0) { $0 + $1.bytes }),
        ]
    }

    /// `baomi backup`: a backup of the installation the configuration names, while its server may be running.
    public static func backup(to output: URL, configuration: BaomiConfiguration) async throws -> BackupManifest {
        try await CommandLineSession.run(configuration) { session in
            try await take(session.app, to: output, actor: .system, trigger: "command")
        }
    }

    /// What a restore found.
    public struct RestoreReport: Sendable {
        public var manifest: BackupManifest
        public var verification: AuditVerifier.Report
    }

    /// `baomi restore`: places the archive into an empty data folder (and, on PostgreSQL, an empty database), runs
    /// the migrations a newer Baomi adds, and verifies the whole log: it must still hold the manifest's checkpoint
    /// and verify, or the restore fails loudly (S2).
    public static func restore(
        _ archive: URL, configuration: BaomiConfiguration, trustedKey: String? = nil
    ) async throws -> RestoreReport {
        let manifest = try await BackupRestore.place(
            archive,
            into: BackupRestore.Target(
                database: configuration.database, dataDirectory: configuration.dataDirectory,
                journal: configuration.checkpointJournalFile), trustedKey: trustedKey)
        try await CommandLineSession.run(configuration) { session in
            if let checkpoint = manifest.checkpoint {
                let stored =
                    try await session.database.sql.raw(
                        """
                        SELECT COUNT(*) AS n FROM audit_checkpoints
                        WHERE tree_size = \(bind: checkpoint.treeSize) AND root_hash = \(bind: checkpoint.rootHash)
                            AND signature = \(bind: checkpoint.signature)
                        """
                    ).first()?.decode(column: "n", as: Int.self) ?? 0
                guard stored == 1 else {
                    throw BackupError.tampered("the database does not hold the manifest's checkpoint")
                }
            }
            try await session.services.store.record(
                [
                    AuditEvent(
                        action: .backupRestore, subject: AuditSubject(type: "backup", label: archive.lastPathComponent),
                        outcome: .success, rule: .s2,
                        details: [
                            "createdAt": manifest.createdAt, "records": String(manifest.checkpoint?.treeSize ?? 0),
                            "migrations": String(manifest.migrations.count),
                        ])
                ], by: .system, on: session.database)
        }
        let report = try await AuditVerification.run(configuration)
        guard report.isIntact else {
            throw BackupError.tampered(
                "恢复后的审计日志校验失败 / the restored audit log does not verify: "
                    + (report.problem?.message ?? "unknown"))
        }
        return RestoreReport(manifest: manifest, verification: report)
    }
}
