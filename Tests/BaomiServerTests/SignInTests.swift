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
            let secret = try #require(test.app.storage[TOTPSecretsKey.self]?["secadmin"])
            let missing = try await client.send(
                .POST, "/api/v1/auth/login", json: ["username": "secadmin", "password": TestApp.newPassword])
            #expect(missing.status == .unauthorized)
            test.clock.advance(minutes: 0.5)
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

    @Test("S3 a second factor is mandatory for the three administrators by default; switching it off is audited")
    func totpMandatoryForAdministrators() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let login = try await client.send(
                .POST, "/api/v1/auth/login", json: ["username": "sysadmin", "password": TestApp.initialPassword])
            #expect(login.status == .ok)
            #expect(try login.json()["totpEnrolmentRequired"] as? Bool == true)
            let token = try #require(try login.json()["token"] as? String)
            let change = try await client.send(
                .POST, "/api/v1/auth/password", token: token,
                json: ["currentPassword": TestApp.initialPassword, "newPassword": TestApp.newPassword])
            #expect(change.status == .noContent)
            // Until enrolled, nothing but the enrolment itself (S3).
            let blocked = try await client.send(.GET, "/api/v1/org-units", token: token)
            #expect(blocked.status == .forbidden)
            #expect(try blocked.json()["type"] as? String == "/problems/totp-required")
            let begun = try await client.send(.POST, "/api/v1/me/totp", token: token)
            #expect(begun.status == .ok)
            #expect((try begun.json()["uri"] as? String)?.hasPrefix("otpauth://totp/Baomi:sysadmin?") == true)
            let secretText = try #require(try begun.json()["secret"] as? String)
            let secret = try #require(Base32.decode(secretText))
            let wrong = try await client.send(
                .POST, "/api/v1/me/totp/confirm", token: token, json: ["code": "000000"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.isProblem)
            let confirmed = try await client.send(
                .POST, "/api/v1/me/totp/confirm", token: token,
                json: ["code": BaomiServer.TOTP(secret: secret).code(at: test.clock())])
            #expect(confirmed.status == .noContent)
            #expect(try await client.send(.GET, "/api/v1/org-units", token: token).status == .ok)
            // While the policy holds, an administrator cannot drop the second factor.
            #expect(try await client.send(.DELETE, "/api/v1/me/totp", token: token).status == .unprocessableEntity)
            var policy = try await client.send(.GET, "/api/v1/settings/security", token: token).json()
            #expect(policy["totpRequiredForAdministrators"] as? Bool == true)
            policy["totpRequiredForAdministrators"] = false
            #expect(try await client.send(.PUT, "/api/v1/settings/security", token: token, json: policy).status == .ok)
            #expect(try await client.send(.DELETE, "/api/v1/me/totp", token: token).status == .noContent)
            let auditor = try await client.token("auditor")
            let records = try await client.send(
                .GET, "/api/v1/audit/records?action=settings.change", token: auditor
            ).jsonArray()
            #expect(
                records.contains {
                    ($0["details"] as? [String: String])?["new"]?.contains("\"totpRequiredForAdministrators\":false")
                        == true
                })
            let refusals = try await client.send(
                .GET, "/api/v1/audit/records?action=auth.totpEnrol&outcome=refused", token: auditor
            ).jsonArray()
            #expect(refusals.count == 1)
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
