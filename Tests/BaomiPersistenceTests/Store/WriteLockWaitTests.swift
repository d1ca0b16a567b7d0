import BaomiDomain
import FluentKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import Synchronization
import Testing

@testable import BaomiPersistence

/// Another process (`baomi import carriers`) may hold the SQLite file's write lock for minutes. The server's writes
/// run on its event loops (`Baomi.main`), so they must wait for that lock off the loop, for a bounded time, and then
/// give up having written nothing (S4, issue #12). Here "another process" is another connection to the same file,
/// which SQLite's locks treat alike, and the event loop is a one-thread group the write's task is pinned to.
@Suite(
    "Writes and reads wait for another connection's lock off the event loop, for a bounded time (S4, #12)",
    .enabled(if: testsRunOnSQLite, "SQLite's file locks; PostgreSQL orders writers itself"))
struct WriteLockWaitTests {
    let event = AuditEvent(action: .settingsChange, subject: AuditSubject(type: "setting", id: "lockTest"))

    @Test(
        "S4 a write meeting another connection's write lock leaves its event loop free, then fails busy with nothing written"
    )
    func boundedWaitOffTheLoop() async throws {
        try await withTestDatabase { test in
            let path = test.directory.appendingPathComponent("baomi.sqlite").path
            let writer = try #require(test.writer)
            let store = test.store
            let before = try await AuditLog().size(on: test.database)
            // setup: another connection holds the write lock
            let holder = try SynchronousSQLiteConnection(path: path)
            try holder.execute("BEGIN IMMEDIATE", []) { _ in }

            try await withSingleEventLoop { loop in
                // act: a write on the event loop, as the server makes one
                let finished = Flag()
                let write = Task(executorPreference: loop.executor) {
                    defer { finished.raise() }
                    try await store.record([event], by: .system, on: test.database)
                }
                // Once the write has met the lock it waits for it: the loop it runs on must still run other work.
                while writer.lockBusyCount == 0 { try await Task.sleep(for: .milliseconds(1)) }
                let loopRanMeanwhile = try await loop.eventLoop.submit { !finished.isRaised }.get()

                // check
                #expect(loopRanMeanwhile)
                await #expect(throws: DatabaseBusy.self) { try await write.value }
            }
            #expect(writer.isHeldElsewhere(recently: .seconds(3600)))
            #expect(try await AuditLog().size(on: test.database) == before)
            // Once the lock is free, the same write goes through.
            try holder.execute("ROLLBACK", []) { _ in }
            try await store.record([event], by: .system, on: test.database)
            #expect(try await AuditLog().size(on: test.database) == before + 1)
            #expect(!writer.isHeldElsewhere(recently: .seconds(3600)))
        }
    }

    @Test("S4 a write that meets the lock commits once the other connection lets go within the bound")
    func commitsWhenTheLockIsReleased() async throws {
        try await withTestDatabase { test in
            let path = test.directory.appendingPathComponent("baomi.sqlite").path
            let writer = try SQLiteWriter(path: path, groupCommit: true, lockWait: .seconds(60))
            defer { writer.shutdown() }
            let store = test.store(writer: writer)
            let before = try await AuditLog().size(on: test.database)
            let holder = try SynchronousSQLiteConnection(path: path)
            try holder.execute("BEGIN IMMEDIATE", []) { _ in }

            let write = Task { try await store.record([event], by: .system, on: test.database) }
            while writer.lockBusyCount == 0 { try await Task.sleep(for: .milliseconds(1)) }
            try holder.execute("COMMIT", []) { _ in }

            try await write.value
            #expect(try await AuditLog().size(on: test.database) == before + 1)
        }
    }

    @Test("S4 a write waiting at the gate behind one that waits for the lock gives up by its own deadline")
    func queuedWritesShareTheBound() async throws {
        try await withTestDatabase { test in
            let path = test.directory.appendingPathComponent("baomi.sqlite").path
            let writer = try SQLiteWriter(path: path, groupCommit: true, lockWait: .milliseconds(300))
            defer { writer.shutdown() }
            let store = test.store(writer: writer)
            let before = try await AuditLog().size(on: test.database)
            let holder = try SynchronousSQLiteConnection(path: path)
            try holder.execute("BEGIN IMMEDIATE", []) { _ in }
            defer { try? holder.execute("ROLLBACK", []) { _ in } }

            // Eight writes queue at the gate. Each waits for the lock only until its own deadline (the bound from when
            // it asked to write), so the last gives up about when the first does, not eight bounds later.
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        do {
                            try await store.record([event], by: .system, on: test.database)
                            return false
                        } catch {
                            return error is DatabaseBusy
                        }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes == Array(repeating: true, count: 8))
            #expect(try await AuditLog().size(on: test.database) == before)
        }
    }

    @Test("S3 a session's touch is skipped while another connection holds the lock, not waited for, and made later")
    func sessionTouchSkips() async throws {
        try await withTestDatabase { test in
            let path = test.directory.appendingPathComponent("baomi.sqlite").path
            let store = test.store
            let account = try await AccountRepository(store: store).create(
                AccountDraft(username: "qian", displayName: "钱", personID: nil), passwordHash: "x", roles: [.staff],
                by: .system, on: test.database)
            let sessions = SessionRepository(store: store)
            let start = Date(timeIntervalSince1970: 1_795_000_000)
            let (token, _) = try await sessions.start(
                account: try account.requireID(), kind: .api, ip: nil, now: start, on: test.database)
            let holder = try SynchronousSQLiteConnection(path: path)
            try holder.execute("BEGIN IMMEDIATE", []) { _ in }

            // act: a request a minute later, due a touch, while the lock is held
            let resumed = try await sessions.resume(
                token: token, idleTimeout: 3600, now: start.addingTimeInterval(60), on: test.database)

            // check: the session goes on, its touch was not written
            #expect(resumed != nil)
            #expect(try await Self.lastSeen(token, on: test.database) == start)
            try holder.execute("ROLLBACK", []) { _ in }
            // Once a write has found the lock free again, the next request's touch is written.
            try await store.record([event], by: .system, on: test.database)
            _ = try await sessions.resume(
                token: token, idleTimeout: 3600, now: start.addingTimeInterval(120), on: test.database)
            #expect(try await Self.lastSeen(token, on: test.database) == start.addingTimeInterval(120))
        }
    }

    static func lastSeen(_ token: String, on database: any Database) async throws -> Date? {
        try await SessionModel.query(on: database).filter(\.$tokenHash == SessionRepository.hash(token)).first()?
            .lastSeenAt
    }

    @Test("S4 a read meeting a lock waits off the event loop, reads once it is free, and fails busy after the bound")
    func readsWaitOffTheLoop() async throws {
        // A rollback-journal file, where a writer's exclusive lock keeps readers out (in WAL mode only a WAL index
        // being recovered does, which a test cannot hold still).
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baomi-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("plain.sqlite").path
        let holder = try SynchronousSQLiteConnection(path: path)
        try holder.execute("CREATE TABLE t (v INTEGER)", []) { _ in }
        try holder.execute("INSERT INTO t VALUES (7)", []) { _ in }
        let logger = Logger(label: "test")
        try await withSingleEventLoop { loop in
            let patient = try SQLiteReaders(path: path, lockWait: .seconds(60)).database(
                on: loop.eventLoop, logger: logger
            ).sql
            try holder.execute("BEGIN EXCLUSIVE", []) { _ in }
            // act: a read on the loop, then other work queued on the same loop behind it
            let finished = Flag()
            let read = Task(executorPreference: loop.executor) {
                defer { finished.raise() }
                return try await patient.raw("SELECT v FROM t").first()?.decode(column: "v", as: Int.self)
            }
            let loopRanMeanwhile = try await loop.eventLoop.submit { !finished.isRaised }.get()
            try holder.execute("COMMIT", []) { _ in }
            // check
            #expect(loopRanMeanwhile)
            #expect(try await read.value == 7)

            let impatient = try SQLiteReaders(path: path, lockWait: .milliseconds(200)).database(
                on: loop.eventLoop, logger: logger
            ).sql
            try holder.execute("BEGIN EXCLUSIVE", []) { _ in }
            let refused = Task(executorPreference: loop.executor) {
                try await impatient.raw("SELECT v FROM t").first()?.decode(column: "v", as: Int.self)
            }
            await #expect(throws: DatabaseBusy.self) { try await refused.value }
            // The future-based path Fluent's model queries take waits the same way.
            let future: EventLoopFuture<Void> = impatient.execute(sql: SQLRaw("SELECT v FROM t"), { _ in })
            await #expect(throws: DatabaseBusy.self) { try await future.get() }
            try holder.execute("COMMIT", []) { _ in }
            #expect(try await impatient.raw("SELECT v FROM t").first()?.decode(column: "v", as: Int.self) == 7)
        }
    }

    @Test("S4 the atomic import's outer transaction is the store's: inner writes join it without taking the gate again")
    func outerWriteHoldsTheGate() async throws {
        try await withTestDatabase { test in
            let store = test.store
            let before = try await AuditLog().size(on: test.database)
            // Two records joined to one outer transaction, then rolled back with it.
            await #expect(throws: CancellationError.self) {
                try await store.write(on: test.database) { transaction in
                    try await store.record([event], by: .system, on: transaction)
                    try await store.record([event], by: .system, on: transaction)
                    throw CancellationError()
                }
            }
            #expect(try await AuditLog().size(on: test.database) == before)
            try await store.write(on: test.database) { transaction in
                try await store.record([event], by: .system, on: transaction)
                try await store.record([event], by: .system, on: transaction)
            }
            #expect(try await AuditLog().size(on: test.database) == before + 2)
        }
    }
}

/// One event loop on a thread of its own, and a task executor that runs a task's jobs there: what the server's tasks
/// run on (`Baomi.main` makes NIO's event loops Swift's global executor), for a test that must see a loop blocked.
struct SingleEventLoop: Sendable {
    let eventLoop: any EventLoop
    var executor: EventLoopTaskExecutor { EventLoopTaskExecutor(eventLoop: eventLoop) }
}

func withSingleEventLoop(_ body: (SingleEventLoop) async throws -> Void) async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    do {
        try await body(SingleEventLoop(eventLoop: group.next()))
    } catch {
        try? await group.shutdownGracefully()
        throw error
    }
    try await group.shutdownGracefully()
}

final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// Set once, read from any thread.
final class Flag: Sendable {
    private let raised = Atomic<Bool>(false)
    var isRaised: Bool { raised.load(ordering: .acquiring) }
    func raise() { raised.store(true, ordering: .releasing) }
}
