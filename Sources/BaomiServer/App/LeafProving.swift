import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// `baomi audit prove LEAF` without starting a server (S2): the leaf a printed form names, proven against the
/// newest checkpoint stored in the database and checked with the data folder's signing key. It writes nothing: a
/// record newer than the newest checkpoint is reported as not yet signed.
public enum LeafProving {
    public static func run(
        _ configuration: BaomiConfiguration, reference: AuditLeafReference
    ) async throws -> LeafProof? {
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
            var proof: LeafProof?
            if let checkpoint = try await AuditCheckpoints.newest(on: app.db) {
                proof = try await AuditCheckpoints.prove(
                    reference, against: checkpoint, key: signer.publicKey, on: app.db)
            }
            try await app.asyncShutdown()
            return proof
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
