import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import NIOCore
import SQLKit
import Synchronization
import Testing
import Vapor
import VaporTesting

@testable import BaomiServer

/// A clock tests can move, for idle timeouts and lockouts.
final class TestClock: Sendable {
    private let now = Mutex(Date(timeIntervalSince1970: 1_795_000_000))

    func callAsFunction() -> Date { now.withLock { $0 } }

    func advance(minutes: Double) {
        now.withLock { $0 = $0.addingTimeInterval(minutes * 60) }
    }
}

/// Whether this run's server suites use PostgreSQL (`BAOMI_TEST_DATABASE_URL`); known before any test starts, so a
/// test that only means something on one database is reported skipped on the other (`.enabled(if:)`).
let testsRunOnPostgres = !(ProcessInfo.processInfo.environment["BAOMI_TEST_DATABASE_URL"] ?? "").isEmpty
let testsRunOnSQLite = !testsRunOnPostgres

/// A configured Baomi on a fresh database (SQLite, or PostgreSQL with `BAOMI_TEST_DATABASE_URL`).
struct TestApp {
    static let initialPassword = "Initial-Pass-2026"
    static let newPassword = "Changed-Pass-2026!"

    let app: Application
    let clock: TestClock
    let configuration: BaomiConfiguration
    let announcements: [String]

    var db: any Database { app.db }
}

func withTestApp(
    initialPassword: String? = TestApp.initialPassword, _ body: (TestApp) async throws -> Void
) async throws {
    try await PostgresTestSlots.run { try await withTestAppHoldingSlot(initialPassword: initialPassword, body) }
}

private func withTestAppHoldingSlot(
    initialPassword: String?, _ body: (TestApp) async throws -> Void
) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "baomi-server-test-\(UUID().uuidString)")
    var postgres: (admin: String, name: String)?
    var location = DatabaseLocation.sqlite(path: directory.appendingPathComponent("baomi.sqlite").path)
    if let adminURL = ProcessInfo.processInfo.environment["BAOMI_TEST_DATABASE_URL"], !adminURL.isEmpty {
        let name = "baomi_s_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let admin = try StandaloneDatabase(.postgres(url: adminURL))
        try await admin.database.sql.raw("CREATE DATABASE \(unsafeRaw: String(name))").run()
        await admin.shutdown()
        var components = URLComponents(string: adminURL)
        components?.path = "/" + name
        location = .postgres(url: components?.string ?? adminURL)
        postgres = (adminURL, String(name))
    }
    let box = AnnouncementBox()
    let configuration = BaomiConfiguration(
        dataDirectory: directory, database: location, initialPassword: initialPassword, bcryptCost: 4,
        checkpointInterval: nil,
        announce: { box.add($0) })
    let clock = TestClock()
    let app = try await Application.make(.testing)
    app.logger.logLevel = .error
    app.storage[TestClockKey.self] = clock
    do {
        try await BaomiServer.configure(app, configuration, clock: { clock() })
        try await body(TestApp(app: app, clock: clock, configuration: configuration, announcements: box.all))
    } catch {
        try? await app.asyncShutdown()
        await cleanUp(directory: directory, postgres: postgres)
        throw error
    }
    try await app.asyncShutdown()
    await cleanUp(directory: directory, postgres: postgres)
}

struct TestClockKey: StorageKey {
    typealias Value = TestClock
}

/// The second factors the test client enrolled, by user name, so it can sign the administrators in again (S3).
final class TOTPSecrets: Sendable {
    private let secrets = Mutex<[String: [UInt8]]>([:])
    subscript(username: String) -> [UInt8]? {
        get { secrets.withLock { $0[username] } }
        set { secrets.withLock { $0[username] = newValue } }
    }
}

struct TOTPSecretsKey: StorageKey {
    typealias Value = TOTPSecrets
}

final class AnnouncementBox: Sendable {
    private let announcements = Mutex<[String]>([])
    func add(_ text: String) { announcements.withLock { $0.append(text) } }
    var all: [String] { announcements.withLock { $0 } }
}

private func cleanUp(directory: URL, postgres: (admin: String, name: String)?) async {
    if let postgres, let admin = try? StandaloneDatabase(.postgres(url: postgres.admin)) {
        try? await admin.database.sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: postgres.name) WITH (FORCE)").run()
        await admin.shutdown()
    }
    try? FileManager.default.removeItem(at: directory)
}

/// A minimal HTTP client over Vapor's in-memory tester.
struct Client {
    let app: Application

    struct Reply {
        let status: HTTPStatus
        let headers: HTTPHeaders
        let body: String

        func json() throws -> [String: Any] {
            (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
        }

        func jsonArray() throws -> [[String: Any]] {
            (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]]) ?? []
        }

        var isProblem: Bool { headers.contentType?.description.hasPrefix("application/problem+json") == true }
    }

    func send(
        _ method: HTTPMethod, _ path: String, token: String? = nil, json: Any? = nil, rawBody: String? = nil,
        form: [(String, String)]? = nil, cookies: [String: String] = [:], headers extra: [(String, String)] = []
    ) async throws -> Reply {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        var body = ByteBuffer()
        if let json {
            headers.contentType = .json
            body = ByteBuffer(bytes: Array(try JSONSerialization.data(withJSONObject: json)))
        } else if let rawBody {
            headers.contentType = .json
            body = ByteBuffer(string: rawBody)
        } else if let form {
            headers.contentType = .urlEncodedForm
            let encoded = form.map { key, value in
                "\(key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)"
            }.joined(separator: "&")
            body = ByteBuffer(string: encoded)
        }
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        for (name, value) in extra { headers.add(name: name, value: value) }
        let response = try await app.testing().performTest(
            request: TestingHTTPRequest(method: method, url: URI(path: path), headers: headers, body: body))
        return Reply(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }

    /// Signs in through the API and returns the token; changes the initial password on the way when asked, and
    /// enrols an administrator's second factor when the policy asks for one (S3), as an integrator would.
    func token(
        _ username: String, password: String = TestApp.initialPassword,
        changeTo newPassword: String? = TestApp.newPassword
    ) async throws -> String {
        var credentials: [String: Any] = ["username": username, "password": password]
        if let code = nextTOTPCode(for: username) { credentials["totp"] = code }
        let reply = try await send(.POST, "/api/v1/auth/login", json: credentials)
        guard reply.status == .ok, let token = try reply.json()["token"] as? String else {
            throw TestFailure("login of \(username) failed: \(reply.status) \(reply.body)")
        }
        if let newPassword, try reply.json()["mustChangePassword"] as? Bool == true {
            let change = try await send(
                .POST, "/api/v1/auth/password", token: token,
                json: ["currentPassword": password, "newPassword": newPassword])
            guard change.status == .noContent else { throw TestFailure("password change failed: \(change.body)") }
        }
        if try reply.json()["totpEnrolmentRequired"] as? Bool == true {
            try await enrolTOTP(username, token: token)
        }
        return token
    }

    /// Enrols a second factor through `/api/v1/me/totp` and remembers its secret for later sign-ins (S3).
    func enrolTOTP(_ username: String, token: String) async throws {
        let begun = try await send(.POST, "/api/v1/me/totp", token: token)
        guard begun.status == .ok, let text = try begun.json()["secret"] as? String, let secret = Base32.decode(text)
        else { throw TestFailure("TOTP enrolment of \(username) failed: \(begun.body)") }
        let code = TOTP(secret: secret).code(at: app.baomi.clock())
        let confirmed = try await send(.POST, "/api/v1/me/totp/confirm", token: token, json: ["code": code])
        guard confirmed.status == .noContent else {
            throw TestFailure("TOTP confirmation of \(username) failed: \(confirmed.body)")
        }
        totpSecrets[username] = secret
    }

    /// A fresh code for an enrolled account: the test clock moves on one step first, since a code counts once.
    private func nextTOTPCode(for username: String) -> String? {
        guard let secret = totpSecrets[username] else { return nil }
        app.storage[TestClockKey.self]?.advance(minutes: 0.5)
        return TOTP(secret: secret).code(at: app.baomi.clock())
    }

    private var totpSecrets: TOTPSecrets {
        if let secrets = app.storage[TOTPSecretsKey.self] { return secrets }
        let secrets = TOTPSecrets()
        app.storage[TOTPSecretsKey.self] = secrets
        return secrets
    }

    /// Creates an account with roles, as the built-in administrators would, and returns a signed-in token.
    func account(
        _ username: String, roles: [String], sysadmin: String, secadmin: String, personID: String? = nil
    ) async throws -> String {
        var body: [String: Any] = ["username": username, "password": TestApp.initialPassword]
        if let personID { body["personID"] = personID }
        let created = try await send(.POST, "/api/v1/accounts", token: sysadmin, json: body)
        guard created.status == .created, let id = try created.json()["id"] as? String else {
            throw TestFailure("account creation failed: \(created.body)")
        }
        if !roles.isEmpty {
            let assigned = try await send(.PUT, "/api/v1/accounts/\(id)/roles", token: secadmin, json: ["roles": roles])
            guard assigned.status == .ok else { throw TestFailure("role assignment failed: \(assigned.body)") }
        }
        return try await token(username)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
