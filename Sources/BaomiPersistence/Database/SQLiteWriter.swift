import FluentKit
import Logging
import NIOCore
import NIOPosix
import Synchronization

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
///
/// Because that thread is an event loop, it never waits inside SQLite for the file's write lock, which another
/// process (`baomi import carriers`, holding it for the whole file) may hold for minutes: the connection has no busy
/// timeout, and `begin` tries `BEGIN IMMEDIATE` again after short sleeps that give the thread back to its other
/// connections, until the write's deadline (`lockWait` after it asked to write); then the write fails with
/// `DatabaseBusy` having written nothing. In-process writers never meet the lock held: they queue at the write gate.
public final class SQLiteWriter: Sendable {
    /// How long the server's writes wait for another process's write lock before they answer 503: long enough for any
    /// of its own transactions or a short command, short enough that a client is not left hanging.
    public static let serverLockWait: Duration = .seconds(3)
    /// How long a command-line command waits: it has no one else to answer, so it waits out a long import or a busy
    /// server, and gives up only when something holds the file far longer than any of Baomi's writes.
    public static let commandLineLockWait: Duration = .seconds(600)
    /// The longest sleep between two attempts: how late a waiting write notices the lock is free.
    static let longestPause: Duration = .milliseconds(20)

    /// Used by whoever holds the write gate, one at a time (SQLite allows a connection to move between threads).
    private let connection: SynchronousSQLiteConnection
    private let configuration = SynchronousSQLiteConfiguration()
    private let logger: Logger
    private let lockLogger = Logger(label: "baomi.writer.lock")
    /// How long a write waits for the write lock while another connection holds it (see `Store.write`).
    public let lockWait: Duration
    private let busyAttempts = Atomic<Int>(0)
    /// Whether the last attempt to begin found the lock held (read on every write, so an atomic), and when.
    private let heldElsewhere = Atomic<Bool>(false)
    private let lastFoundHeld = Mutex<ContinuousClock.Instant>(.now)

    /// Opens the writer's connection to the SQLite file at `path` (a path or a `file:` URI), which the server's
    /// other connections have already put in WAL mode. `groupCommit` as for `DatabaseTuning.apply`.
    public init(path: String, groupCommit: Bool, lockWait: Duration = SQLiteWriter.serverLockWait) throws {
        connection = try SynchronousSQLiteConnection(path: path, groupCommit: groupCommit)
        var logger = Logger(label: "baomi.writer")
        logger.logLevel = .error
        self.logger = logger
        self.lockWait = lockWait
    }

    /// Attempts to begin a transaction that found the write lock held by another connection, since the writer
    /// opened: zero unless another process writes to the file.
    public var lockBusyCount: Int { busyAttempts.load(ordering: .relaxed) }

    /// Whether the last attempt to begin found the write lock held by another connection, none has begun since, and
    /// that attempt was less than `recently` ago: a write that need not happen now (a session's touch) then skips
    /// instead of queueing behind writes that wait. Past `recently` it tries again (once), so a lock let go while no
    /// other write came along is noticed.
    public func isHeldElsewhere(recently: Duration = .seconds(1)) -> Bool {
        heldElsewhere.load(ordering: .relaxed) && ContinuousClock.now - lastFoundHeld.withLock { $0 } < recently
    }

    /// Runs `body` as one transaction on the writer's connection: committed if it returns, rolled back if it throws.
    /// The caller holds the write gate; it waits for another connection's write lock until `deadline`, then throws
    /// `DatabaseBusy`.
    func transaction<T: Sendable>(
        until deadline: ContinuousClock.Instant, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        try await begin(until: deadline)
        // Futures the transaction makes complete on the caller's event loop, so awaiting them stays on this thread.
        let eventLoop = MultiThreadedEventLoopGroup.currentEventLoop ?? MultiThreadedEventLoopGroup.singleton.any()
        let transaction = SynchronousSQLiteDatabase(
            source: .transaction(connection),
            context: DatabaseContext(configuration: configuration, logger: logger, eventLoop: eventLoop))
        do {
            let result = try await body(transaction)
            try connection.execute("COMMIT", []) { _ in }
            return result
        } catch {
            try? connection.execute("ROLLBACK", []) { _ in }
            throw error
        }
    }

    /// `BEGIN IMMEDIATE`, which takes the write lock or fails at once with SQLITE_BUSY while another connection holds
    /// it; tried again after sleeps of 1, 2, 4 … 20 ms (the task sleeps, the thread serves others) until `deadline`.
    /// Only BEGIN waits: in WAL mode a transaction that holds the write lock needs no other lock to commit, and the
    /// checkpoint after a commit is passive (it never waits for readers or for another checkpointer).
    private func begin(until deadline: ContinuousClock.Instant) async throws {
        let start = ContinuousClock.now
        var pause = Duration.milliseconds(1)
        while true {
            do {
                try connection.execute("BEGIN IMMEDIATE", []) { _ in }
                if heldElsewhere.load(ordering: .relaxed), heldElsewhere.exchange(false, ordering: .relaxed) {
                    lockLogger.notice("SQLite's write lock is free again; writes proceed")
                }
                return
            } catch let error as SynchronousSQLiteError where error.isBusy {
                busyAttempts.add(1, ordering: .relaxed)
                lastFoundHeld.withLock { $0 = .now }
                if !heldElsewhere.exchange(true, ordering: .relaxed) {
                    lockLogger.warning(
                        "Another process holds SQLite's write lock; writes wait up to \(lockWait) for it, then fail")
                }
                let now = ContinuousClock.now
                guard now < deadline else { throw DatabaseBusy(waited: now - start) }
                try await Task.sleep(until: min(now + pause, deadline), clock: .continuous)
                pause = min(pause * 2, Self.longestPause)
            }
        }
    }

    /// Closes the connection; a transaction after this fails.
    public func shutdown() {
        connection.close()
    }
}
