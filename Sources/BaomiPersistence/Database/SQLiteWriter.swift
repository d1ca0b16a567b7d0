import FluentKit
import Logging
import NIOCore
import NIOPosix

/// SQLite write transactions on a connection and a thread of their own.
///
/// SQLite takes one writer at a time (`WriteGate`), so how long a transaction holds the gate bounds how many writes a
/// second the whole server makes. Its statements each cross threads several times — SQLite runs on a thread pool, the
/// answer comes back through an event loop, the transaction's code resumes on Swift's shared executor — and on the
/// shared threads every one of those steps waits behind the requests being read meanwhile. Here the writer's
/// connection, its SQLite thread and its event loop serve writes alone, and the transaction's code runs on that
/// event loop too (a task executor preference), so a write's statements follow each other without queueing behind
/// anyone (issue #4: the gate was held 2.7 ms per hand-over under load).
public final class SQLiteWriter: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let threadPool: NIOThreadPool
    private let databases: Databases
    let eventLoop: any EventLoop
    /// An `EventLoopTaskExecutor` where task executors exist (not on macOS 14).
    private let executor: (any Sendable)?

    /// Opens the writer's connection to the same database the server reads (`factory`), tuned as the others are.
    public init(_ factory: DatabaseConfigurationFactory, groupCommit: Bool) async throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        databases = Databases(threadPool: threadPool, on: group)
        databases.use(factory, as: DatabaseID(string: "baomi-writer"), isDefault: true)
        eventLoop = group.next()
        if #available(macOS 15, *) {
            executor = EventLoopTaskExecutor(eventLoop: eventLoop)
        } else {
            executor = nil
        }
        try await DatabaseTuning.apply(to: databases, groupCommit: groupCommit)
    }

    /// The writer's connection.
    var database: any Database {
        var logger = Logger(label: "baomi.writer")
        logger.logLevel = .error
        guard let database = databases.database(logger: logger, on: eventLoop) else {
            preconditionFailure("the writer's database is configured in init")
        }
        return database
    }

    /// Runs `body` with its code on the writer's event loop.
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if #available(macOS 15, *), let executor = executor as? EventLoopTaskExecutor {
            return try await withTaskExecutorPreference(executor) { try await body() }
        }
        return try await body()
    }

    public func shutdown() async throws {
        await databases.shutdownAsync()
        try await threadPool.shutdownGracefully()
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
