import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging

/// Where Baomi keeps its data: the embedded SQLite file in the data folder (the default, nothing to install) or a
/// PostgreSQL server named by `DATABASE_URL` (several server instances can share it).
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// The file name of the embedded database inside the data folder.
    public static let sqliteFileName = "baomi.sqlite"

    /// `DATABASE_URL` when set (postgres://…), otherwise `baomi.sqlite` in the data folder.
    public static func resolve(databaseURL: String?, dataDirectory: URL) -> DatabaseLocation {
        if let databaseURL, !databaseURL.isEmpty {
            if databaseURL.hasPrefix("postgres://") || databaseURL.hasPrefix("postgresql://") {
                return .postgres(url: databaseURL)
            }
            if databaseURL.hasPrefix("sqlite://") {
                return .sqlite(path: String(databaseURL.dropFirst("sqlite://".count)))
            }
        }
        return .sqlite(path: dataDirectory.appendingPathComponent(sqliteFileName).path)
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite \(path)"
        case .postgres(let url): "PostgreSQL \(Self.redacted(url))"
        }
    }

    /// The Fluent configuration for this location. SQLite gets foreign keys on every connection; WAL mode is set
    /// once by `DatabaseTuning.apply` because it is a property of the file.
    public func configurationFactory() throws -> DatabaseConfigurationFactory {
        switch self {
        case .sqlite(let path):
            return .sqlite(
                SQLiteConfiguration(storage: .file(path: path), enableForeignKeys: true),
                sqlLogLevel: nil
            )
        case .postgres(let url):
            var configuration = try SQLPostgresConfiguration(url: url)
            configuration.searchPath = nil
            return .postgres(configuration: configuration, maxConnectionsPerEventLoop: 4, sqlLogLevel: .debug)
        }
    }

    /// SQLite: creates the database file 0600 before SQLite first opens it, so that its `-wal` and `-shm`, which
    /// SQLite creates with the database file's mode, are 0600 too (S2); narrows the three if they exist with wider
    /// modes. Nothing to do for PostgreSQL, an in-memory database or a `file:` URI.
    public func preparePrivateFiles() throws {
        guard case .sqlite(let path) = self, !path.hasPrefix("file:"), path != ":memory:", !path.isEmpty else { return }
        // A missing folder is SQLite's to report, as it always was.
        guard FileManager.default.fileExists(atPath: (path as NSString).deletingLastPathComponent.nonEmpty ?? ".")
        else { return }
        try PrivateFiles.createFile(atPath: path)
        for file in [path, path + "-wal", path + "-shm"] { try PrivateFiles.restrict(path: file) }
    }

    /// Group commit for the SQLite file (`DurabilityBarrier`); nil for PostgreSQL, which fsyncs its own WAL at each
    /// commit and already lets concurrent commits share one flush.
    public func makeDurabilityBarrier() -> DurabilityBarrier? {
        guard case .sqlite(let path) = self else { return nil }
        if path.hasPrefix("file:"), let url = URL(string: path) { return DurabilityBarrier(databasePath: url.path) }
        return DurabilityBarrier(databasePath: path)
    }

    /// A URL safe to print: the password is replaced.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "postgres://…" }
        if components.password != nil { components.password = "****" }
        return components.string ?? "postgres://…"
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
