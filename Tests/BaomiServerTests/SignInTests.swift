import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

@Suite("Sign-in (S3)", .serialized)
struct SignInTests {
    @Test("S1 S3 first start creates the three built-in administrators, who must change their password first")
    func builtInAccountsMustChangePassword() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            for username in ["sysadmin", "secadmin", "auditor"] {
                let login = try await client.send(
                    .POST, "/api/v1/auth/login", json: ["username": username, "password": TestApp.initialPassword])
                #expect(login.status == .ok)
                #expect(try login.json()["mustChangePassword"] as? Bool == true)
                let token = try #require(try login.json()["token"] as? String)
                let blocked = try await client.send(.GET, "/api/v1/org-units", token: token)
                #expect(blocked.status == .forbidden)
                #expect(try blocked.json()["type"] as? String == "/problems/password-change-required")
                let weak = try await client.send(
                    .POST, "/api/v1/auth/password", token: token,
                    json: ["currentPassword": TestApp.initialPassword, "newPassword": "short"])
                #expect(weak.status == .unprocessableEntity)
                #expect(try weak.json()["rule"] as? String == "S3")
            }
            let me = try await client.send(.GET, "/api/v1/me", token: try await client.token("auditor"))
            #expect(try me.json()["roles"] as? [String] == ["auditor"])
            #expect(try me.json()["mustChangePassword"] as? Bool == false)
        }
    }

    @Test("S3 without BAOMI_INITIAL_PASSWORD the initial passwords are random and announced once")
    func randomInitialPasswords() async throws {
        try await withTestApp(initialPassword: nil) { test in
            let text = test.announcements.joined(separator: "\n")
            for username in ["sysadmin", "secadmin", "auditor"] { #expect(text.contains(username)) }
            let line = try #require(text.split(separator: "\n").first { $0.contains("sysadmin") })
            let password = String(try #require(line.split(separator: " ").last))
            #expect(password.count == 16)
            let login = try await Client(app: test.app).send(
                .POST, "/api/v1/auth/login", json: ["username": "sysadmin", "password": password])
            #expect(login.status == .ok)
        }
    }

    @Test("S3 five failures lock the account; the security administrator unlocks it")
    func lockoutAndUnlock() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let sysadmin = try await client.token("sysadmin")
            let secadmin = try await client.token("secadmin")
            _ = try await client.account("wang.wu", roles: ["staff"], sysadmin: sysadmin, secadmin: secadmin)
            for _ in 0..<5 {
                let wrong = try await client.send(
                    .POST, "/api/v1/auth/login", json: ["username": "wang.wu", "password": "Wrong-Password-1"])
                #expect(wrong.status == .unauthorized)
                #expect(try wrong.json()["rule"] as? String == "S3")
            }
            let locked = try await client.send(
                .POST, "/api/v1/auth/login", json: ["username": "wang.wu", "password": TestApp.newPassword])
            #expect(locked.status == .unauthorized)
            #expect(try locked.json()["zh"] as? String ?? "" == "账号已锁定（连续登录失败），30 分钟后自动解锁，或请安全保密管理员解锁 (S3)")
            let accounts = try await client.send(.GET, "/api/v1/accounts", token: secadmin).jsonArray()
            let id = try #require(accounts.first { $0["username"] as? String == "wang.wu" }?["id"] as? String)
            #expect(accounts.first { $0["username"] as? String == "wang.wu" }?["isLocked"] as? Bool == true)
            // the system administrator may not unlock (S1)
            let refused = try await client.send(.POST, "/api/v1/accounts/\(id)/unlock", token: sysadmin)
            #expect(refused.status == .forbidden)
            #expect(try refused.json()["rule"] as? String == "S1")
            let unlocked = try await client.send(.POST, "/api/v1/accounts/\(id)/unlock", token: secadmin)
            #expect(unlocked.status == .ok)
            let again = try await client.send(
                .POST, "/api/v1/auth/login", json: ["username": "wang.wu", "password": TestApp.newPassword])
            #expect(again.status == .ok)
        }
    }

    @Test("S3 a lockout lifts by itself after the configured time")
    func lockoutExpires() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            for _ in 0..<5 {
                _ = try await client.send(
                    .POST, "/api/v1/auth/login", json: ["username": "auditor", "password": "Wrong-Password-1"])
            }
            #expect(
                try await client.send(
                    .POST, "/api/v1/auth/login", json: ["username": "auditor", "password": TestApp.initialPassword]
                ).status == .unauthorized)
            test.clock.advance(minutes: 31)
            #expect(
                try await client.send(
                    .POST, "/api/v1/auth/login", json: ["username": "auditor", "password": TestApp.initialPassword]
                ).status == .ok)
        }
    }

    @Test("S3 a session ends after ten idle minutes")
    func idleTimeout() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let token = try await client.token("sysadmin")
            test.clock.advance(minutes: 9)
            #expect(try await client.send(.GET, "/api/v1/me", token: token).status == .ok)
            test.clock.advance(minutes: 9)
            #expect(try await client.send(.GET, "/api/v1/me", token: token).status == .ok)
            test.clock.advance(minutes: 10.5)
            let expired = try await client.send(.GET, "/api/v1/me", token: token)
            #expect(expired.status == .unauthorized)
            #expect(expired.isProblem)
        }
    }

    @Test("S3 a TOTP second factor is required once enrolled, and a code works only once")
    func totpSecondFactor() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            _ = try await client.token("secadmin")
            let account = try #require(try await test.app.baomi.accounts.find(username: "secadmin", on: test.db))
            let secret = BaomiServer.TOTP.generateSecret()
            try await test.app.baomi.accounts.beginTOTPEnrolment(
                try #require(account.id), secret: Base32.encode(secret), on: test.db)
            try await test.app.baomi.accounts.enableTOTP(try #require(account.id), step: 0, by: .system, on: test.db)
            let missing = try await client.send(
                .POST, "/api/v1/auth/login", json: ["username": "secadmin", "password": TestApp.newPassword])
            #expect(missing.status == .unauthorized)
            let code = BaomiServer.TOTP(secret: secret).code(at: test.clock())
            let good = try await client.send(
                .POST, "/api/v1/auth/login",
                json: ["username": "secadmin", "password": TestApp.newPassword, "totp": code])
            #expect(good.status == .ok)
            let replay = try await client.send(
                .POST, "/api/v1/auth/login",
                json: ["username": "secadmin", "password": TestApp.newPassword, "totp": code])
            #expect(replay.status == .unauthorized)
        }
    }

    @Test("S3 policy can make a second factor mandatory for the three administrators")
    func totpMandatoryForAdministrators() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let sysadmin = try await client.token("sysadmin")
            var policy = try await client.send(.GET, "/api/v1/settings/security", token: sysadmin).json()
            policy["totpRequiredForAdministrators"] = true
            #expect(
                try await client.send(.PUT, "/api/v1/settings/security", token: sysadmin, json: policy).status == .ok)
            let blocked = try await client.send(.GET, "/api/v1/org-units", token: sysadmin)
            #expect(blocked.status == .forbidden)
            #expect(try blocked.json()["type"] as? String == "/problems/totp-required")
        }
    }

    @Test("S3 sign-in page: cookies are HttpOnly and SameSite=Strict, forms need the CSRF token")
    func webSignIn() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let page = try await client.send(.GET, "/login")
            #expect(page.status == .ok)
            #expect(page.body.contains("登录"))
            let csrf = try #require(page.headers.setCookie?["baomi_csrf"]?.string)
            let noToken = try await client.send(
                .POST, "/login", form: [("username", "sysadmin"), ("password", TestApp.initialPassword)],
                cookies: ["baomi_csrf": csrf])
            #expect(noToken.status == .forbidden)
            let signedIn = try await client.send(
                .POST, "/login",
                form: [("csrf", csrf), ("username", "sysadmin"), ("password", TestApp.initialPassword)],
                cookies: ["baomi_csrf": csrf])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers.first(name: .location) == "/profile/password")
            let cookie = try #require(signedIn.headers[.setCookie].first { $0.hasPrefix("baomi_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            let wrong = try await client.send(
                .POST, "/login", form: [("csrf", csrf), ("username", "sysadmin"), ("password", "nope")],
                cookies: ["baomi_csrf": csrf])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.contains("用户名或密码错误"))
        }
    }
}
