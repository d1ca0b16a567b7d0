import FluentKit
import SQLKit

/// The SQL dialects Baomi runs on; the few statements that differ (triggers, locks) branch on this.
public enum SQLDialectKind: Sendable {
    case sqlite
    case postgres

    public init(_ database: any Database) throws {
        guard let sql = database as? any SQLDatabase else { throw PersistenceError.notSQL }
        self = sql.dialect.name == "sqlite" ? .sqlite : .postgres
    }
}

public enum PersistenceError: Error, CustomStringConvertible {
    case notSQL
    case corrupt(String)

    public var description: String {
        switch self {
        case .notSQL: "The database driver does not speak SQL"
        case .corrupt(let detail): detail
        }
    }
}

extension Database {
    /// This database as SQLKit sees it; every driver Baomi configures is an SQL database.
    public var sql: any SQLDatabase {
        get throws {
            guard let sql = self as? any SQLDatabase else { throw PersistenceError.notSQL }
            return sql
        }
    }
}

/// Settings that belong to the database file rather than to a connection.
public enum DatabaseTuning {
    /// SQLite: write-ahead logging, so readers never wait for the writer and a committed transaction survives
    /// `kill -9` (its WAL frames are on disk before COMMIT returns, with `synchronous=FULL`).
    public static func apply(to database: any Database) async throws {
        guard try SQLDialectKind(database) == .sqlite else { return }
        let sql = try database.sql
        try await sql.raw("PRAGMA journal_mode=WAL").run()
        try await sql.raw("PRAGMA synchronous=FULL").run()
    }
}
