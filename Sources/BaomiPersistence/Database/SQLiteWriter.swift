import FluentKit
import Logging
import NIOCore
import NIOPosix

/// SQLite write transactions run whole on a thread of their own.
///
/// SQLite takes one writer at a time (`WriteGate`), so how long a transaction holds the gate bounds how many writes
/// a second the whole server makes. Through SQLiteNIO every statement crosses threads at least twice — to its
/// SQLite thread and back through an event loop — and is parsed anew: 130 µs a statement with nothing else running,
/// 280 µs when the requests being read compete for the cores, 2.5 ms a hand-over holding the gate (issue #4). Here a
/// transaction's statements run on one event loop thread, one after another, through SQLite's C API with their
/// prepared statements kept (`SynchronousSQLiteConnection`), and the transaction's own code runs on that thread too
/// (a task executor preference): no statement waits for another thread.
public final class SQLiteWriter: Sendable {
    private let group: MultiThreadedEventLoopGroup
    let eventLoop: any EventLoop
    /// An `EventLoopTaskExecutor` where task executors exist (not on macOS 14).
    private let executor: (any Sendable)?
    /// Opened and used on `eventLoop` only.
    private let connection: SynchronousSQLiteConnection
    private let context: DatabaseContext

    /// Opens the writer's connection to the SQLite file at `path` (a path or a `file:` URI), which the server's
    /// other connections have already put in WAL mode. `groupCommit` as for `DatabaseTuning.apply`.
    public init(path: String, groupCommit: Bool) async throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        eventLoop = group.next()
        if #available(macOS 15, *) {
            executor = EventLoopTaskExecutor(eventLoop: eventLoop)
        } else {
            executor = nil
        }
        do {
            connection = try await eventLoop.submit {
                try SynchronousSQLiteConnection(path: path, groupCommit: groupCommit)
            }.get()
        } catch {
            try await group.shutdownGracefully()
            throw error
        }
        var logger = Logger(label: "baomi.writer")
        logger.logLevel = .error
        context = DatabaseContext(configuration: SynchronousSQLiteConfiguration(), logger: logger, eventLoop: eventLoop)
    }

    /// Runs `body` with its code on the writer's event loop.
    private func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if #available(macOS 15, *), let executor = executor as? EventLoopTaskExecutor {
            return try await withTaskExecutorPreference(executor) { try await body() }
        }
        return try await body()
    }

    /// Runs `body` as one transaction on the writer's connection: committed if it returns, rolled back if it throws.
    /// The caller holds the write gate.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await run {
            // Where task executors are missing the body may resume elsewhere; the connection is then used from one
            // thread at a time still (the gate), which SQLite allows.
            let transaction = SynchronousSQLiteDatabase(source: .transaction(connection), context: context)
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
    }

    public func shutdown() async throws {
        try await group.shutdownGracefully()
    }
}

/// Runs Swift tasks' jobs on one NIO event loop.
@available(macOS 15, *)
private final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
