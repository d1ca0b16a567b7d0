import FluentKit
import Logging
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

/// How SQLite is set up: WAL mode (a property of the file) and how each connection syncs.
public enum DatabaseTuning {
    /// Up to 4 GiB of the file mapped per connection: address space only, the pages are the kernel's page cache.
    static let mmapBytes: Int64 = 4 << 30

    /// SQLite: write-ahead logging, so readers never wait for the writer.
    ///
    /// `groupCommit: false` keeps `synchronous=FULL`, SQLite's default: COMMIT fsyncs the WAL, so every commit is
    /// durable on its own (one fsync each). `groupCommit: true` sets `synchronous=NORMAL` on every connection —
    /// COMMIT no longer fsyncs — and is only right when every writer then awaits a `DurabilityBarrier` before it
    /// answers (`Store` does). `synchronous` belongs to a connection, not the file: Fluent keeps one SQLite
    /// connection per event loop for the life of the pool, so one statement on each loop reaches them all. Should
    /// the pool ever open a new one, it starts at FULL: slower, never less durable.
    ///
    /// Reading, each connection maps the file into memory (`mmap_size`) rather than copying every page it touches
    /// through `pread` into its own 2 MB cache: a narrow ledger page touches about a thousand scattered index pages
    /// at a million copies, and copying them was most of its time. Sorts stay in memory (`temp_store`). Both are
    /// speed only: a connection without them reads the same answers.
    ///
    /// `lockWait`: how long a statement on these connections waits for a lock another connection holds (another
    /// process's import), sleeping on SQLiteNIO's thread pool, never on an event loop, before it fails with
    /// SQLITE_BUSY (`DatabaseBusy.matching`). It replaces SQLiteNIO's own busy handler, which retries without
    /// sleeping for as long as the lock is held. In the server these connections only read (every write goes
    /// through `Store.write` and its `SQLiteWriter`), and in WAL mode a read waits only for a WAL index being
    /// recovered; the command line's migrations write here.
    public static func apply(
        to databases: Databases, groupCommit: Bool = false, lockWait: Duration = SQLiteWriter.serverLockWait
    ) async throws {
        var logger = Logger(label: "baomi.database")
        logger.logLevel = .error
        for eventLoop in databases.eventLoopGroup.makeIterator() {
            guard let database = databases.database(logger: logger, on: eventLoop),
                try SQLDialectKind(database) == .sqlite
            else { return }
            let sql = try database.sql
            let milliseconds =
                lockWait.components.seconds * 1000 + lockWait.components.attoseconds / 1_000_000_000_000_000
            try await sql.raw("PRAGMA busy_timeout=\(unsafeRaw: String(milliseconds))").run()
            try await sql.raw("PRAGMA journal_mode=WAL").run()
            try await sql.raw(groupCommit ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL").run()
            try await sql.raw("PRAGMA mmap_size=\(unsafeRaw: String(mmapBytes))").run()
            try await sql.raw("PRAGMA temp_store=MEMORY").run()
        }
    }
}
