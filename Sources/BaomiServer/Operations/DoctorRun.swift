import BaomiPersistence
import Foundation

/// `baomi doctor` against a data folder: opens the database without migrating or writing anything.
public enum DoctorRun {
    public static func run(
        _ configuration: BaomiConfiguration, tls: ServerTLS?, thorough: Bool
    ) async throws -> Doctor.Report {
        let database = try StandaloneDatabase(configuration.database)
        do {
            let report = try await Doctor.run(
                Doctor.Installation(
                    dataDirectory: configuration.dataDirectory, database: configuration.database,
                    journal: configuration.checkpointJournalFile, tlsCertificate: tls, now: Date()),
                on: database.database, thorough: thorough)
            await database.shutdown()
            return report
        } catch {
            await database.shutdown()
            throw error
        }
    }
}
