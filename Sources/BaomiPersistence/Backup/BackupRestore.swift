import FluentKit
import Foundation
import SQLKit

/// Puts an archive's parts in place for a new installation: never over existing data (S2). What follows — the
/// migrations of a newer Baomi, a full verification against the manifest's checkpoint — is the caller's.
public enum BackupRestore {
    public struct Target: Sendable {
        public var database: DatabaseLocation
        public var dataDirectory: URL
        public var journal: URL

        public init(database: DatabaseLocation, dataDirectory: URL, journal: URL) {
            self.database = database
            self.dataDirectory = dataDirectory
            self.journal = journal
        }
    }

    /// Checks the archive whole, refuses a target that holds anything, and places every part.
    public static func place(
        _ archive: URL, into target: Target, trustedKey: String? = nil
    ) async throws
        -> BackupManifest
    {
        try await refuseNonEmpty(target)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("baomi-restore-\(UUID().uuidString)")
        try PrivateFiles.createDirectory(work)
        defer { try? FileManager.default.removeItem(at: work) }
        let manifest = try BackupArchive.unpack(archive, into: work, trustedKey: trustedKey)
        guard manifest.database == target.database.kindName else {
            throw BackupError.failed(
                "备份来自 \(manifest.database)，不能恢复到 \(target.database.kindName) / The backup was taken from "
                    + "\(manifest.database) and cannot be restored into \(target.database.kindName)")
        }
        try PrivateFiles.createDirectory(target.dataDirectory)
        func place(_ part: String, at destination: URL) throws {
            let source = work.appendingPathComponent(part)
            guard FileManager.default.fileExists(atPath: source.path) else { return }
            try FileManager.default.createDirectory(
                at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.moveItem(at: source, to: destination)
            try PrivateFiles.restrict(path: destination.path)
        }
        try place(BackupArchive.keyPart, at: target.dataDirectory.appendingPathComponent(BackupArchive.keyPart))
        try place(BackupArchive.journalPart, at: target.journal)
        let attachments = work.appendingPathComponent(BackupArchive.attachmentsFolder)
        if FileManager.default.fileExists(atPath: attachments.path) {
            try FileManager.default.moveItem(
                at: attachments,
                to: target.dataDirectory.appendingPathComponent(BackupArchive.attachmentsFolder))
        }
        switch target.database {
        case .sqlite(let path):
            try place(BackupArchive.sqlitePart, at: URL(fileURLWithPath: path))
        case .postgres(let url):
            try await PostgresTools.run(
                "pg_restore",
                [
                    "--no-owner", "--no-privileges", "--exit-on-error",
                    work.appendingPathComponent(BackupArchive.postgresPart).path,
                ], url: url)
        }
        return manifest
    }

    /// A restore writes only into emptiness: no file in the data folder, no table in the database, no journal.
    private static func refuseNonEmpty(_ target: Target) async throws {
        let folder = target.dataDirectory.path
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: folder), !contents.isEmpty {
            throw BackupError.targetNotEmpty(folder)
        }
        if FileManager.default.fileExists(atPath: target.journal.path) {
            throw BackupError.targetNotEmpty(target.journal.path)
        }
        if case .sqlite(let path) = target.database, FileManager.default.fileExists(atPath: path) {
            throw BackupError.targetNotEmpty(path)
        }
        if case .postgres = target.database {
            let database = try StandaloneDatabase(target.database)
            do {
                let tables =
                    try await database.database.sql.raw(
                        "SELECT COUNT(*) AS n FROM pg_tables WHERE schemaname = current_schema()"
                    ).first()?.decode(column: "n", as: Int.self) ?? 0
                await database.shutdown()
                if tables > 0 { throw BackupError.targetNotEmpty(DatabaseLocation.redacted(targetURL(target))) }
            } catch {
                await database.shutdown()
                throw error
            }
        }
    }

    private static func targetURL(_ target: Target) -> String {
        if case .postgres(let url) = target.database { return url }
        return ""
    }
}
