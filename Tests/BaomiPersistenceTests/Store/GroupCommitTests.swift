import BaomiDomain
import FluentKit
import Foundation
import SQLKit
import Synchronization
import Testing

@testable import BaomiPersistence

/// Group commit on SQLite (DESIGN principle 2): commits skip their own fsync, and nobody hears of a write before an
/// fsync of the WAL that began after it committed has completed.
@Suite("Group commit: acknowledged writes are durable (A5, C4)")
struct GroupCommitTests {
    let actor = AuditActor(accountID: UUID(), name: "officer", kind: .user, ip: "10.0.0.7")

    /// What a counting barrier saw: how many audit records were committed when each fsync began, in order.
    final class SyncLog: Sendable {
        private let state = Mutex<(started: Int, completed: [Int64], notes: [String])>((0, [], []))

        var started: Int { state.withLock { $0.started } }
        var completed: [Int64] { state.withLock { $0.completed } }
        var notes: [String] { state.withLock { $0.notes } }
        /// The most records any completed fsync is known to cover.
        var covered: Int64 { completed.max() ?? -1 }

        func start() { state.withLock { $0.started += 1 } }
        func complete(covering size: Int64) {
            state.withLock {
                $0.completed.append(size)
                $0.notes.append("fsync covering \(size)")
            }
        }
        func note(_ text: String) { state.withLock { $0.notes.append(text) } }
    }

    /// A barrier whose "fsync" reads how many audit records are committed.
    static func countingBarrier(_ log: SyncLog, on database: any Database) -> DurabilityBarrier {
        DurabilityBarrier(sync: {
            log.start()
            log.complete(covering: try await AuditLog().size(on: database))
        })
    }

    @Test(
        "A5 a write is acknowledged only after a barrier fsync that began after its commit has completed",
        .enabled(if: testsRunOnSQLite, "SQLite's group commit; PostgreSQL fsyncs inside COMMIT, no barrier there"))
    func acknowledgedAfterSync() async throws {
        try await withTestDatabase { test in
            let log = SyncLog()
            let store = test.store(durability: Self.countingBarrier(log, on: test.database))
            try await store.record([AuditEvent(action: .signIn)], by: actor, on: test.database)
            log.note("acknowledged")
            let size = try await store.perform(on: test.database, by: actor, .signOut) { transaction, _ in
                try await AuditLog().size(on: transaction)
            }
            log.note("acknowledged")
            #expect(size == 1)
            #expect(log.notes == ["fsync covering 1", "acknowledged", "fsync covering 2", "acknowledged"])
        }
    }

    @Test(
        "A5 a refused action's audit record is acknowledged only after the barrier too",
        .enabled(if: testsRunOnSQLite, "SQLite's group commit; PostgreSQL fsyncs inside COMMIT, no barrier there"))
    func refusalAfterSync() async throws {
        try await withTestDatabase { test in
            let log = SyncLog()
            let store = test.store(durability: Self.countingBarrier(log, on: test.database))
            await #expect(throws: Refusal.self) {
                try await store.perform(on: test.database, by: actor, .signIn) { _, _ in
                    throw Refusal(rule: RuleID("C4"), zh: "不可", en: "No")
                }
            }
            // The rolled-back attempt and the refusal record each waited for an fsync; the last covers the record.
            let size = try await AuditLog().size(on: test.database)
            #expect(log.covered == 1)
            #expect(size == 1)
        }
    }

    @Test(
        "A5 C4 concurrent writers share fsyncs, every one of them finishes, and each is covered when answered",
        .enabled(if: testsRunOnSQLite, "SQLite's group commit; PostgreSQL fsyncs inside COMMIT, no barrier there"))
    func concurrentWritersShare() async throws {
        try await withTestDatabase { test in
            let log = SyncLog()
            let writers = 32
            let database = test.database
            // The first "fsync" lasts until every writer has committed, as a slow disk would: the others queue up
            // behind it whatever the machine's load.
            let barrier = DurabilityBarrier(sync: {
                log.start()
                let committed = try await AuditLog().size(on: database)
                if log.started == 1 {
                    let deadline = ContinuousClock.now + .seconds(20)
                    while try await AuditLog().size(on: database) < writers, ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(2))
                    }
                }
                log.complete(covering: committed)
            })
            let store = test.store(durability: barrier)
            let uncovered = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<writers {
                    group.addTask { [actor] in
                        let leaf = try await store.perform(on: test.database, by: actor, .signIn) { transaction, _ in
                            try await AuditLog().size(on: transaction)
                        }
                        // The fsyncs completed so far must include one that began after this record committed.
                        return log.covered <= leaf
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(uncovered == 0)
            #expect(try await AuditLog().size(on: test.database) == Int64(writers))
            let rounds = await barrier.rounds
            #expect(rounds < writers)
            #expect(rounds == log.completed.count)
        }
    }

    @Test("A5 a caller arriving while an fsync is in flight waits for the next one")
    func lateCallerWaitsForNextRound() async throws {
        let log = SyncLog()
        let counter = Mutex(Int64(0))
        let barrier = DurabilityBarrier(sync: {
            log.start()
            let round = counter.withLock { value in
                value += 1
                return value
            }
            try await Task.sleep(for: .milliseconds(round == 1 ? 100 : 1))
            log.complete(covering: round)
        })
        let first = Task { try await barrier.sync() }
        while log.started == 0 { try await Task.sleep(for: .milliseconds(1)) }
        try await barrier.sync()
        // Answered by the second round, which began after this call; the first round has finished before it.
        #expect(log.completed == [1, 2])
        try await first.value
        #expect(await barrier.rounds == 2)
    }

    @Test(
        "A5 inside an outer transaction the barrier waits for the outer commit (makeDurable)",
        .enabled(if: testsRunOnSQLite, "SQLite's group commit; PostgreSQL fsyncs inside COMMIT, no barrier there"))
    func outerTransactionSyncsOnce() async throws {
        try await withTestDatabase { test in
            let log = SyncLog()
            let barrier = Self.countingBarrier(log, on: test.database)
            let store = test.store(durability: barrier)
            try await test.database.transaction { transaction in
                for _ in 0..<3 {
                    try await store.record([AuditEvent(action: .signIn)], by: actor, on: transaction)
                }
            }
            #expect(await barrier.rounds == 0)
            try await store.makeDurable(on: test.database)
            #expect(log.notes == ["fsync covering 3"])
        }
    }

    @Test("A5 with group commit every connection runs synchronous=NORMAL, and an acknowledged write survives reopening")
    func fileDatabaseSurvivesReopening() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baomi-group-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("baomi.sqlite").path

        let grouped = try StandaloneDatabase(.sqlite(path: path), groupCommit: true)
        do {
            try await grouped.migrate()
            let barrier = try #require(grouped.durability)
            #expect(try await Self.synchronousModes(grouped) == [1])
            let before = await barrier.rounds
            // A file of its own, not a `TestDatabase`: this store writes through the pool it tunes, as it checks.
            try await Store(durability: barrier).record(
                [AuditEvent(action: .signIn, subject: AuditSubject(type: "account", label: "持久"))], by: actor,
                on: grouped.database)
            #expect(await barrier.rounds > before)
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        } catch {
            await grouped.shutdown()
            throw error
        }
        await grouped.shutdown()

        let reopened = try StandaloneDatabase(.sqlite(path: path))
        do {
            try await reopened.migrate()
            #expect(reopened.durability == nil)
            #expect(try await Self.synchronousModes(reopened) == [2])
            let labels = try await reopened.database.sql.raw("SELECT object_label FROM audit_records").all()
                .map { try $0.decode(column: "object_label", as: String.self) }
            #expect(labels == ["持久"])
        } catch {
            await reopened.shutdown()
            throw error
        }
        await reopened.shutdown()
    }

    @Test("A5 the WAL barrier syncs an existing database and refuses a path with no database behind it")
    func walBarrierOnDisk() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baomi-wal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("baomi.sqlite").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        // No WAL next to the database: everything was checkpointed into the file.
        try await DurabilityBarrier(databasePath: path).sync()
        #expect(FileManager.default.createFile(atPath: path + "-wal", contents: Data([1, 2, 3])))
        try await DurabilityBarrier(databasePath: path).sync()
        await #expect(throws: DurabilityError.self) {
            try await DurabilityBarrier(databasePath: folder.appendingPathComponent("missing.sqlite").path).sync()
        }
        #expect(DatabaseLocation.postgres(url: "postgres://localhost/x").makeDurabilityBarrier() == nil)
    }

    /// `PRAGMA synchronous` on every event loop's connection (0 OFF, 1 NORMAL, 2 FULL), distinct values.
    static func synchronousModes(_ standalone: StandaloneDatabase) async throws -> Set<Int> {
        var modes: Set<Int> = []
        for eventLoop in standalone.databases.eventLoopGroup.makeIterator() {
            let database = try #require(
                standalone.databases.database(logger: standalone.database.logger, on: eventLoop))
            let mode = try await database.sql.raw("PRAGMA synchronous").first()?.decode(
                column: "synchronous", as: Int.self)
            modes.insert(try #require(mode))
        }
        return modes
    }
}

@Suite("Sessions write through the store's gate (S3)")
struct SessionGateTests {
    @Test(
        "S3 a session's touch waits for a write transaction in flight instead of failing 'database is locked'",
        .enabled(if: testsRunOnSQLite, "two SQLite connections are what can collide; PostgreSQL orders writers itself"))
    func touchWaitsForTheGate() async throws {
        try await withTestDatabase { test in
            let loops = Array(test.standalone.databases.eventLoopGroup.makeIterator())
            try #require(loops.count >= 2, "two event loops, so two pool connections")
            let writerDatabase = try #require(
                test.standalone.databases.database(logger: test.database.logger, on: loops[0]))
            let readerDatabase = try #require(
                test.standalone.databases.database(logger: test.database.logger, on: loops[1]))
            let store = test.store
            let account = try await AccountRepository(store: store).create(
                AccountDraft(username: "qian", displayName: "钱", personID: nil), passwordHash: "x", roles: [.staff],
                by: .system, on: writerDatabase)
            let sessions = SessionRepository(store: store)
            let start = Date(timeIntervalSince1970: 1_795_000_000)
            let (token, _) = try await sessions.start(
                account: try account.requireID(), kind: .api, ip: nil, now: start, on: writerDatabase)

            let (snapshotTaken, tookSnapshot) = AsyncStream<Void>.makeStream()
            let (proceed, letProceed) = AsyncStream<Void>.makeStream()
            let writer = Task {
                try await store.perform(on: writerDatabase, by: .system, .signIn) { transaction, _ in
                    _ = try await AuditLog().size(on: transaction)  // a read: the transaction's snapshot is fixed
                    tookSnapshot.yield()
                    for await _ in proceed { break }
                }  // then its audit record is written on that snapshot
            }
            for await _ in snapshotTaken { break }
            let touchedFirst = Mutex(false)
            let toucher = Task {
                let session = try await sessions.resume(
                    token: token, idleTimeout: 3600, now: start.addingTimeInterval(60), on: readerDatabase)
                touchedFirst.withLock { $0 = true }
                return session
            }
            try await Task.sleep(for: .milliseconds(200))
            let early = touchedFirst.withLock { $0 }
            letProceed.yield()
            try await writer.value
            #expect(try await toucher.value != nil)
            #expect(!early)
        }
    }
}
