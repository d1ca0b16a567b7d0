import Foundation
import Synchronization
import Testing
import Vapor

@testable import BaomiPersistence
@testable import BaomiServer

/// While another process (`baomi import carriers`) holds the SQLite file's write lock, the server's writes wait for it
/// off the event loops for a few seconds and then answer 503 with `Retry-After`, having changed nothing; reads,
/// `/healthz` and pages go on being answered (S4, issue #12). Another connection to the file stands in for the other
/// process: SQLite's locks treat them alike.
@Suite(
    "Writes while another process holds the SQLite file (S4, #12)",
    .enabled(if: testsRunOnSQLite, "SQLite's file lock; PostgreSQL orders writers itself"))
struct DatabaseBusyTests {
    @Test(
        "S4 a write meeting another connection's write lock answers 503 problem+json with Retry-After and changes nothing; reads, /healthz and pages are answered meanwhile"
    )
    func busyWriteAnswers503() async throws {
        try await withTestApp { test in
            guard case .sqlite(let path) = test.configuration.database else {
                Issue.record("the suite runs on SQLite only, yet the database is \(test.configuration.database)")
                return
            }
            let client = Client(app: test.app)
            let sysadmin = try await client.token("sysadmin")
            let writer = try #require(test.app.baomi.store.writer)
            let auditBefore = try await AuditLog().size(on: test.db)
            let unit = #"{"name": "某研究所", "code": "ROOT", "kind": "unit"}"#
            // setup: another connection holds the write lock
            let holder = try SynchronousSQLiteConnection(path: path)
            try holder.execute("BEGIN IMMEDIATE", []) { _ in }

            // act: a write, and while it waits for the lock, a health check, an API read and a page; the session is
            // by then due a touch, which is skipped rather than waited for
            let finished = Mutex(false)
            let write = Task {
                defer { finished.withLock { $0 = true } }
                return try await client.send(.POST, "/api/v1/org-units", token: sysadmin, rawBody: unit)
            }
            while writer.lockBusyCount == 0 { try await Task.sleep(for: .milliseconds(1)) }
            test.clock.advance(minutes: 1)
            let health = try await client.send(.GET, "/healthz")
            let units = try await client.send(.GET, "/api/v1/org-units", token: sysadmin)
            let page = try await client.send(.GET, SiteRoute.accounts.path, cookies: ["baomi_session": sysadmin])
            let answeredWhileTheWriteWaited = finished.withLock { !$0 }
            let refused = try await write.value

            // check
            #expect(answeredWhileTheWriteWaited)
            #expect(health.status == .ok)
            #expect(units.status == .ok)
            #expect(try units.jsonArray().isEmpty)
            #expect(page.status == .ok)
            #expect(page.body.contains("sysadmin"))
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.isProblem)
            #expect(refused.headers.first(name: .retryAfter) == String(DatabaseBusy.retryAfterSeconds))
            let problem = try refused.json()
            #expect(problem["rule"] as? String == "S4")
            #expect((problem["zh"] as? String)?.contains("数据库正被另一进程占用") == true)
            #expect((problem["en"] as? String)?.contains("nothing was changed") == true)
            // Nothing was written, not even an audit record: the write never began.
            try holder.execute("ROLLBACK", []) { _ in }
            #expect(try await AuditLog().size(on: test.db) == auditBefore)
            #expect(try await client.send(.GET, "/api/v1/org-units", token: sysadmin).jsonArray().isEmpty)

            // Once the lock is free the same request goes through.
            let created = try await client.send(.POST, "/api/v1/org-units", token: sysadmin, rawBody: unit)
            #expect(created.status == .created)
            // The API's description says so.
            let document = try await client.send(.GET, "/openapi.json").json()
            let paths = document["paths"] as? [String: Any]
            let create = (paths?["/api/v1/org-units"] as? [String: Any])?["post"] as? [String: Any]
            let busy = (create?["responses"] as? [String: Any])?["503"] as? [String: Any]
            #expect((busy?["headers"] as? [String: Any])?["Retry-After"] != nil)
        }
    }

    @Test("S4 a page's write meeting the lock answers a 503 page with Retry-After")
    func busyPageWrite() async throws {
        try await withTestApp { test in
            guard case .sqlite(let path) = test.configuration.database else {
                Issue.record("the suite runs on SQLite only, yet the database is \(test.configuration.database)")
                return
            }
            let client = Client(app: test.app)
            let holder = try SynchronousSQLiteConnection(path: path)
            try holder.execute("BEGIN IMMEDIATE", []) { _ in }
            defer { try? holder.execute("ROLLBACK", []) { _ in } }

            // A sign-in writes its session and audit record.
            let signIn = try await client.send(
                .POST, "/login",
                form: [("csrf", "form-token"), ("username", "sysadmin"), ("password", TestApp.initialPassword)],
                cookies: ["baomi_csrf": "form-token"])

            #expect(signIn.status == .serviceUnavailable)
            #expect(signIn.headers.first(name: .retryAfter) == String(DatabaseBusy.retryAfterSeconds))
            #expect(signIn.headers.contentType == .html)
            #expect(signIn.body.contains("数据库正被另一进程占用"))
        }
    }
}
