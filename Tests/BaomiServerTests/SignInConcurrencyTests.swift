import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor

@testable import BaomiServer

/// Sign-in attempts that arrive together: the lockout and a code's single use hold however many arrive at once (S3).
@Suite("Sign-in under concurrency (S3)", .serialized)
struct SignInConcurrencyTests {
    /// Sends the sign-ins at once and returns their statuses.
    func signInAtOnce(_ client: Client, _ bodies: [[String: String]]) async throws -> [HTTPStatus] {
        try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for body in bodies {
                group.addTask { try await client.send(.POST, "/api/v1/auth/login", json: body).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// The reasons of an account's failed sign-in records, oldest first.
    func failureReasons(_ username: String, on database: any Database) async throws -> [String] {
        try await database.sql.raw(
            """
            SELECT details FROM audit_records WHERE action = 'auth.signIn' AND outcome = 'failure'
                AND object_label = \(bind: username) ORDER BY leaf_index
            """
        ).all().map { row in
            let details = try row.decode(column: "details", as: String.self)
            let object = try JSONSerialization.jsonObject(with: Data(details.utf8)) as? [String: String]
            return object?["reason"] ?? ""
        }
    }

    @Test("S3 30 wrong passwords at once: at most 5 are checked, every one audited, then the right one is locked out")
    func parallelWrongPasswords() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let sysadmin = try await client.token("sysadmin")
            let secadmin = try await client.token("secadmin")
            _ = try await client.account("wang.wu", roles: ["staff"], sysadmin: sysadmin, secadmin: secadmin)
            // act
            let statuses = try await signInAtOnce(
                client, (0..<30).map { ["username": "wang.wu", "password": "Wrong-Password-\($0)"] })
            let right = try await client.send(
                .POST, "/api/v1/auth/login", json: ["username": "wang.wu", "password": TestApp.newPassword])
            // check
            #expect(statuses.allSatisfy { $0 == .unauthorized })
            #expect(right.status == .unauthorized)
            #expect(try right.json()["zh"] as? String ?? "" == "账号已锁定（连续登录失败），30 分钟后自动解锁，或请安全保密管理员解锁 (S3)")
            let reasons = try await failureReasons("wang.wu", on: test.db)
            #expect(reasons.count == 31)
            #expect(reasons.filter { $0 == "wrong password" }.count == 5)
            #expect(reasons.filter { $0 == "locked" }.count == 26)
            let locks = try await test.db.sql.raw(
                "SELECT COUNT(*) AS n FROM audit_records WHERE action = 'account.lock' AND object_label = 'wang.wu'"
            ).first()?.decode(column: "n", as: Int.self)
            #expect(locks == 1)
        }
    }

    @Test("S3 after a lockout has run out, the count starts again: five more checks, then locked again")
    func lockoutRunsOutAndReturns() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let sysadmin = try await client.token("sysadmin")
            let secadmin = try await client.token("secadmin")
            _ = try await client.account("wang.wu", roles: ["staff"], sysadmin: sysadmin, secadmin: secadmin)
            let wrong = (0..<8).map { ["username": "wang.wu", "password": "Wrong-Password-\($0)"] }
            _ = try await signInAtOnce(client, wrong)
            test.clock.advance(minutes: 31)
            // act: once more as many wrong ones, then the right one
            _ = try await signInAtOnce(client, wrong)
            let right = try await client.send(
                .POST, "/api/v1/auth/login", json: ["username": "wang.wu", "password": TestApp.newPassword])
            // check
            #expect(right.status == .unauthorized)
            #expect(try await failureReasons("wang.wu", on: test.db).filter { $0 == "wrong password" }.count == 10)
            test.clock.advance(minutes: 31)
            #expect(
                try await client.send(
                    .POST, "/api/v1/auth/login", json: ["username": "wang.wu", "password": TestApp.newPassword]
                ).status == .ok)
        }
    }

    @Test("S3 a TOTP code sent to sign in several times at once signs in once")
    func totpCodeOnceUnderConcurrency() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let sysadmin = try await client.token("sysadmin")
            let secadmin = try await client.token("secadmin")
            _ = try await client.account("wang.wu", roles: ["staff"], sysadmin: sysadmin, secadmin: secadmin)
            let account = try #require(try await test.app.baomi.accounts.find(username: "wang.wu", on: test.db))
            let secret = BaomiServer.TOTP.generateSecret()
            try await test.app.baomi.accounts.beginTOTPEnrolment(
                try #require(account.id), secret: Base32.encode(secret), on: test.db)
            try await test.app.baomi.accounts.enableTOTP(try #require(account.id), step: 0, by: .system, on: test.db)
            let code = BaomiServer.TOTP(secret: secret).code(at: test.clock())
            // act: within the lockout threshold, so only the code decides
            let statuses = try await signInAtOnce(
                client,
                Array(
                    repeating: ["username": "wang.wu", "password": TestApp.newPassword, "totp": code], count: 4))
            // check
            #expect(statuses.filter { $0 == .ok }.count == 1)
            #expect(statuses.filter { $0 == .unauthorized }.count == 3)
        }
    }
}
