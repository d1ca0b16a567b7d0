import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// `baomi audit verify` without starting a server: opens the database read-only in spirit (no migrations, no
/// bootstrap, no repair) and checks the log against the data folder's signing key and the checkpoint journal.
public enum AuditVerification {
    public static func run(_ configuration: BaomiConfiguration) async throws -> AuditVerifier.Report {
        let keyFile = configuration.dataDirectory.appendingPathComponent(CheckpointSigner.fileName)
        guard FileManager.default.fileExists(atPath: keyFile.path) else {
            throw PersistenceError.corrupt("No audit signing key at \(keyFile.path): is this Baomi's data folder?")
        }
        let signer = try CheckpointSigner.loadOrCreate(in: configuration.dataDirectory)
        let app = try await Application.make(.production)
        app.logger.logLevel = .error
        do {
            app.databases.use(
                try configuration.database.configurationFactory(), as: .init(string: "baomi"), isDefault: true)
            let report = try await AuditVerifier(publicKey: signer.publicKey).verify(
                on: app.db, journal: CheckpointJournal(file: configuration.checkpointJournalFile))
            try await app.asyncShutdown()
            return report
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
