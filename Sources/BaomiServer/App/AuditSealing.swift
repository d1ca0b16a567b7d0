import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// Keeps the audit log's tail from vanishing (S2, issue #12): its files private, its triggers in place, and
/// everything written under a signed, journaled checkpoint within about a second and again at shutdown.
enum AuditSealing {
    /// The data folder (0700 when created here), the SQLite file with its `-wal` and `-shm`, the signing key and
    /// the data folder's journal: 0600, narrowed if they exist with wider modes. A journal configured elsewhere is
    /// created 0600 but otherwise left as the operator set it up (several instances may share it).
    static func preparePrivateFiles(_ configuration: BaomiConfiguration) throws {
        try PrivateFiles.createDirectory(configuration.dataDirectory)
        try configuration.database.preparePrivateFiles()
        for name in [CheckpointSigner.fileName, CheckpointJournal.fileName] {
            try PrivateFiles.restrict(path: configuration.dataDirectory.appendingPathComponent(name).path)
        }
    }

    /// Re-creates append-only triggers someone dropped or disabled, with an audit record of the repair.
    static func restoreTriggers(_ app: Application) async throws {
        let restored = try await AppendOnlyTriggers.restore(using: app.baomi.store, on: app.db)
        if !restored.isEmpty {
            app.logger.warning(
                "审计日志保护触发器已恢复 / restored the audit log's append-only triggers (S2): \(restored.joined(separator: ", "))"
            )
        }
    }

    /// Signs (and journals) a checkpoint of whatever the log holds now — what start-up wrote, and anything a
    /// previous run wrote after its last checkpoint — then seals each burst of writes from here on.
    static func begin(_ app: Application) async throws {
        _ = try await app.baomi.checkpoints.current(on: app.db)
        app.baomi.sealer?.start { _ = try await app.baomi.checkpoints.current(on: app.db) }
    }

    /// At shutdown, after the schedules have stopped and before the database closes: stops the sealer and signs the
    /// last checkpoint, so a clean stop leaves nothing unsigned.
    struct FinalCheckpoint: LifecycleHandler {
        func shutdownAsync(_ application: Application) async {
            guard let services = application.storage[ServicesKey.self] else { return }
            await services.sealer?.stop()
            do {
                _ = try await services.checkpoints.current(on: application.db)
            } catch {
                application.logger.error("could not sign the final audit checkpoint: \(String(reflecting: error))")
            }
        }
    }
}
