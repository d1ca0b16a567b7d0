import BaomiDomain
import Crypto
import FluentKit
import Foundation
import SQLKit
import SQLiteNIO
import Testing

@testable import BaomiPersistence

/// SQLite write transactions on the writer's own connection and thread (`SQLiteWriter`, issue #4): what they commit
/// is what every other connection reads, a failure leaves nothing behind, and the audit chain stays whole when many
/// write at once (A5, DESIGN principle 2).
@Suite(
    "SQLite writer: write transactions on a connection of their own (A5)",
    .enabled(if: testsRunOnSQLite, "the SQLite writer; PostgreSQL writes through Fluent"))
struct SQLiteWriterTests {
    let actor = AuditActor(accountID: UUID(), name: "officer", kind: .user, ip: "10.0.0.7")

    /// Runs `body` with the test database's store and the writer its writes go through, as the server's do.
    func withWriter(_ body: (TestDatabase, Store, SQLiteWriter) async throws -> Void) async throws {
        try await withTestDatabase { test in
            try await body(test, test.store, try #require(test.writer))
        }
    }

    @Test("A5 a change and its audit record commit through the writer and the other connections read them")
    func commitsAreReadEverywhere() async throws {
        try await withWriter { test, store, writer in
            let name = try await store.perform(on: test.database, by: actor, .settingsChange) { transaction, trail in
                trail.note("key", "value")
                #expect(transaction.inTransaction)
                try await transaction.sql.raw(
                    "INSERT INTO settings (key, value, updated_at) VALUES ('writerTest', '1', \(bind: Date()))"
                ).run()
                // Inside, the transaction sees its own write; the caller's pool does not yet.
                let inside = try await transaction.sql.raw("SELECT value FROM settings WHERE key = 'writerTest'")
                    .first()?.decode(column: "value", as: String.self)
                let outside = try await test.database.sql.raw("SELECT value FROM settings WHERE key = 'writerTest'")
                    .first()?.decode(column: "value", as: String.self)
                #expect(inside == "1" && outside == nil)
                return "done"
            }
            #expect(name == "done")
            let stored = try await test.database.sql.raw("SELECT value FROM settings WHERE key = 'writerTest'")
                .first()?.decode(column: "value", as: String.self)
            #expect(stored == "1")
            let records = try await AuditQuery(actorKinds: Set(AuditActorKind.allCases)).run(on: test.database)
            #expect(records.map(\.action) == [AuditAction.settingsChange.rawValue])
        }
    }

    @Test("A5 Fluent's model queries run inside the writer's transaction: create, find, filter, update, delete")
    func modelQueries() async throws {
        try await withWriter { test, store, _ in
            let id = try await store.perform(on: test.database, by: actor, .settingsChange) { transaction, _ in
                let unit = OrgUnitModel(name: "试验部", code: "D-W", kind: "department", parentID: nil)
                try await unit.create(on: transaction)
                let id = try unit.requireID()
                let found = try #require(try await OrgUnitModel.find(id, on: transaction))
                #expect(found.name == "试验部" && found.code == "D-W")
                found.name = "试验二部"
                try await found.save(on: transaction)
                let filtered = try await OrgUnitModel.query(on: transaction).filter(\.$code == "D-W").all()
                #expect(filtered.map(\.name) == ["试验二部"])
                let spare = OrgUnitModel(name: "临时", code: "D-X", kind: "department", parentID: nil)
                try await spare.create(on: transaction)
                try await spare.delete(on: transaction)
                return id
            }
            let stored = try await OrgUnitModel.query(on: test.database).filter(\.$code ~~ ["D-W", "D-X"]).all()
            #expect(stored.map(\.id) == [id])
            #expect(stored.first?.name == "试验二部")
        }
    }

    @Test("A5 a unique constraint broken through the writer is a constraint failure, as Fluent's driver reports it")
    func constraintFailure() async throws {
        try await withWriter { test, store, _ in
            var failure: (any Error)?
            do {
                try await store.perform(on: test.database, by: actor, .settingsChange) { transaction, _ in
                    try await OrgUnitModel(name: "甲", code: "D-U", kind: "department", parentID: nil).create(
                        on: transaction)
                    try await OrgUnitModel(name: "乙", code: "D-U", kind: "department", parentID: nil).create(
                        on: transaction)
                }
            } catch {
                failure = error
            }
            #expect((failure as? any DatabaseError)?.isConstraintFailure == true)
            let stored = try await OrgUnitModel.query(on: test.database).filter(\.$code == "D-U").count()
            #expect(stored == 0)
        }
    }

    @Test("the writer's connection keeps a bounded number of prepared statements and steps nested uses apart")
    func preparedStatements() async throws {
        try await withTestDatabase { test in
            let path = test.directory.appendingPathComponent("baomi.sqlite").path
            let connection = try SynchronousSQLiteConnection(path: path, groupCommit: false)
            for value in 0..<(SynchronousSQLiteConnection.keptStatements + 50) {
                var seen: [Int] = []
                try connection.execute("SELECT \(value) AS n", []) {
                    seen.append(try $0.decode(column: "n", as: Int.self))
                }
                #expect(seen == [value])
            }
            #expect(connection.keptStatementCount == SynchronousSQLiteConnection.keptStatements)
            // The same SQL run again while its statement is being stepped gets a statement of its own.
            let sql = "SELECT value AS n FROM (SELECT 1 AS value UNION ALL SELECT 2) ORDER BY n"
            var pairs: [[Int]] = []
            try connection.execute(sql, []) { outer in
                var inner: [Int] = []
                try connection.execute(sql, []) { inner.append(try $0.decode(column: "n", as: Int.self)) }
                pairs.append([try outer.decode(column: "n", as: Int.self)] + inner)
            }
            #expect(pairs == [[1, 1, 2], [2, 1, 2]])
        }
    }

    @Test("A5 after shutdown the writer refuses a transaction and nothing is written")
    func closedWriterRefuses() async throws {
        try await withTestDatabase { test in
            let writer = try SQLiteWriter(
                path: test.directory.appendingPathComponent("baomi.sqlite").path, groupCommit: true)
            writer.shutdown()
            let store = test.store(writer: writer)
            await #expect(throws: SynchronousSQLiteError.self) {
                try await store.perform(on: test.database, by: actor, .settingsChange) { transaction, _ in
                    try await transaction.sql.raw("INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', 0)")
                        .run()
                }
            }
            let stored = try await test.database.sql.raw("SELECT COUNT(*) AS n FROM settings WHERE key = 'x'").first()?
                .decode(column: "n", as: Int.self)
            #expect(stored == 0)
        }
    }

    @Test("A5 a refusal rolls the writer's transaction back and is recorded on its own")
    func refusalRollsBack() async throws {
        try await withWriter { test, store, _ in
            await #expect(throws: Refusal.self) {
                try await store.perform(on: test.database, by: actor, .settingsChange) { transaction, _ in
                    try await transaction.sql.raw(
                        "INSERT INTO settings (key, value, updated_at) VALUES ('writerTest', '1', \(bind: Date()))"
                    ).run()
                    throw Refusal(rule: RuleID("C4"), zh: "不可", en: "No")
                }
            }
            let stored = try await test.database.sql.raw("SELECT COUNT(*) AS n FROM settings WHERE key = 'writerTest'")
                .first()?.decode(column: "n", as: Int.self)
            #expect(stored == 0)
            let records = try await AuditQuery(actorKinds: Set(AuditActorKind.allCases)).run(on: test.database)
            #expect(records.map(\.outcome) == [AuditOutcome.refused.rawValue])
            #expect(records.first?.rule == "C4")
        }
    }

    @Test("A5 forty writers at once through the writer leave a dense, verifiable audit chain")
    func concurrentWritersKeepTheChain() async throws {
        try await withWriter { test, store, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await store.perform(on: test.database, by: actor, .settingsChange) { transaction, trail in
                            trail.note("index", String(index))
                            try await transaction.sql.raw(
                                "INSERT INTO settings (key, value, updated_at) VALUES (\(bind: "w\(index)"), '1', \(bind: Date()))"
                            ).run()
                        }
                    }
                }
                try await group.waitForAll()
            }
            let count = try await test.database.sql.raw("SELECT COUNT(*) AS n FROM settings WHERE key LIKE 'w%'")
                .first()?.decode(column: "n", as: Int.self)
            #expect(count == 40)
            #expect(try await AuditLog().size(on: test.database) == 40)
            let report = try await AuditVerifier(publicKey: Curve25519.Signing.PrivateKey().publicKey)
                .verify(on: test.database)
            #expect(report.recordsChecked == 40)
            #expect(report.isIntact)
        }
    }
}

/// Reads on the calling thread through read-only connections (`SQLiteReaders`, issue #4).
@Suite(
    "SQLite readers: reads on the calling thread",
    .enabled(if: testsRunOnSQLite, "the SQLite readers; PostgreSQL reads through Fluent"))
struct SQLiteReadersTests {
    @Test("A5 reads see what was committed, raw SQL and Fluent queries alike, and a write through a reader fails")
    func readsAndRefusesWrites() async throws {
        try await withTestDatabase { test in
            let readers = SQLiteReaders(path: test.directory.appendingPathComponent("baomi.sqlite").path)
            let reads = readers.database(on: test.database.eventLoop, logger: test.database.logger)
            try await OrgUnitModel(name: "试验部", code: "D-R", kind: "department", parentID: nil).create(
                on: test.database)
            let raw = try await reads.sql.raw("SELECT name FROM org_units WHERE code = 'D-R'").first()?.decode(
                column: "name", as: String.self)
            #expect(raw == "试验部")
            let units = try await OrgUnitModel.query(on: reads).filter(\.$code == "D-R").all()
            #expect(units.map(\.name) == ["试验部"])
            // Concurrent reads each borrow a connection of their own.
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        try await reads.sql.raw("SELECT COUNT(*) AS n FROM org_units WHERE code = 'D-R'").first()?
                            .decode(column: "n", as: Int.self) ?? 0
                    }
                }
                for try await count in group { #expect(count == 1) }
            }
            var failure: (any Error)?
            do {
                try await reads.sql.raw("DELETE FROM org_units WHERE code = 'D-R'").run()
            } catch {
                failure = error
            }
            #expect(failure != nil)
            let left = try await OrgUnitModel.query(on: test.database).filter(\.$code == "D-R").count()
            #expect(left == 1)
        }
    }

    @Test("a kept statement is compiled once, even one whose plan looks at its bound values (a join)")
    func keptStatementsStayCompiled() async throws {
        try await withTestDatabase { test in
            let path = test.directory.appendingPathComponent("baomi.sqlite").path
            let writer = try SynchronousSQLiteConnection(path: path, groupCommit: true)
            let reader = try SynchronousSQLiteConnection(path: path, readOnly: true)
            let join = """
                SELECT COUNT(*) AS n FROM sessions s JOIN accounts a ON a.id = s.account_id
                LEFT JOIN people p ON p.id = a.person_id WHERE s.token_hash = ?1 AND s.ended_at IS NULL
                """
            let single = "SELECT COUNT(*) AS n FROM settings WHERE key = ?1"
            for index in 0..<20 {
                try writer.execute("BEGIN IMMEDIATE", []) { _ in }
                try writer.execute(
                    "INSERT INTO settings (key, value, updated_at) VALUES (?1, '1', 0)", [.text("k\(index)")]
                ) { _ in }
                try writer.execute("COMMIT", []) { _ in }
                var counts: [Int] = []
                for sql in [join, single] {
                    try reader.execute(sql, [.text("k\(index)")]) {
                        counts.append(try $0.decode(column: "n", as: Int.self))
                    }
                }
                #expect(counts == [0, 1])
            }
            #expect(reader.timesRecompiled(join) == 0)
            #expect(reader.timesRecompiled(single) == 0)
            // Every parameter is bound on every use: a value missing is an error, not the last use's value.
            #expect(throws: SynchronousSQLiteError.self) { try reader.execute(single, []) { _ in } }
        }
    }
}
