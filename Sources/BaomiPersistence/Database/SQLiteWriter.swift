import FluentKit
import Logging
import NIOCore
import NIOPosix

/// SQLite write transactions, each run whole on one connection kept for writing, on the thread of its caller.
///
/// SQLite takes one writer at a time (`WriteGate`), so how long a transaction holds the gate bounds how many writes
/// a second the whole server makes. Through SQLiteNIO every statement crosses threads at least twice — to its
/// SQLite thread and back through an event loop — and is parsed anew: 130 µs a statement with nothing else running,
/// 280 µs when the requests being read compete for the cores, 2.5 ms a hand-over holding the gate (issue #4). Here a
/// transaction's statements run through SQLite's C API with their prepared statements kept
/// (`SynchronousSQLiteConnection`), one after another on the thread that holds the gate — in the server an event
/// loop, where Swift's tasks run (`Baomi.main`). A thread of the writer's own cost two thread switches a
/// transaction, and while both cores were busy with requests it waited for one: 1,000 writes a second with it,
/// 1,350 without.
public final class SQLiteWriter: Sendable {
    /// Used by whoever holds the write gate, one at a time (SQLite allows a connection to move between threads).
    private let connection: SynchronousSQLiteConnection
    private let configuration = SynchronousSQLiteConfiguration()
    private let logger: Logger

    /// Opens the writer's connection to the SQLite file at `path` (a path or a `file:` URI), which the server's
    /// other connections have already put in WAL mode. `groupCommit` as for `DatabaseTuning.apply`.
    public init(path: String, groupCommit: Bool) throws {
        connection = try SynchronousSQLiteConnection(path: path, groupCommit: groupCommit)
        var logger = Logger(label: "baomi.writer")
        logger.logLevel = .error
        self.logger = logger
    }

    /// Runs `body` as one transaction on the writer's connection: committed if it returns, rolled back if it throws.
    /// The caller holds the write gate.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        // Futures the transaction makes complete on the caller's event loop, so awaiting them stays on this thread.
        let eventLoop = MultiThreadedEventLoopGroup.currentEventLoop ?? MultiThreadedEventLoopGroup.singleton.any()
        let transaction = SynchronousSQLiteDatabase(
            source: .transaction(connection),
            context: DatabaseContext(configuration: configuration, logger: logger, eventLoop: eventLoop))
        try connection.execute("BEGIN IMMEDIATE", []) { _ in }
        do {
            let result = try await body(transaction)
            try connection.execute("COMMIT", []) { _ in }
            return result
        } catch {
            try? connection.execute("ROLLBACK", []) { _ in }
            throw error
        }
    }

    /// Closes the connection; a transaction after this fails.
    public func shutdown() {
        connection.close()
    }
}
