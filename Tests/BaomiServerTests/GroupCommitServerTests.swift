import BaomiPersistence
import Fluent
import FluentKit
import SQLKit
import Testing
import Vapor

@testable import BaomiServer

@Suite("The server commits SQLite writes in groups (A5)", .serialized)
struct GroupCommitServerTests {
    @Test(
        "A5 on SQLite every connection skips the per-commit fsync and every write over HTTP awaits the barrier",
        .enabled(if: testsRunOnSQLite, "SQLite's group commit; PostgreSQL fsyncs inside COMMIT"))
    func serverWiresTheBarrier() async throws {
        try await withTestApp { test in
            let store = test.app.baomi.store
            let barrier = try #require(store.durability)
            for eventLoop in test.app.databases.eventLoopGroup.makeIterator() {
                let database = try #require(test.app.databases.database(logger: test.app.logger, on: eventLoop))
                let mode = try await database.sql.raw("PRAGMA synchronous").first()?
                    .decode(column: "synchronous", as: Int.self)
                #expect(mode == 1)  // NORMAL
            }
            let before = await barrier.rounds
            let client = Client(app: test.app)
            _ = try await client.token("sysadmin")  // a sign-in: the session and its audit record are writes
            #expect(await barrier.rounds > before)
        }
    }

    @Test(
        "A5 on PostgreSQL the server has no barrier: COMMIT fsyncs",
        .enabled(if: testsRunOnPostgres, "PostgreSQL's durability; SQLite's barrier is checked above"))
    func postgresNeedsNoBarrier() async throws {
        try await withTestApp { test in
            #expect(test.app.baomi.store.durability == nil)
            #expect(test.app.baomi.store.writer == nil)
        }
    }
}
