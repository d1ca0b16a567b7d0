import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Testing
import Vapor

@testable import BaomiServer

@Suite("No single administrator reaches secrets: two-person account changes (S1, S3)", .serialized)
struct TwoPersonTests {
    static let temporary = "Temp-Reset-2026#"

    func accountID(_ username: String, _ test: TestApp) async throws -> String {
        try #require(try await test.app.baomi.accounts.find(username: username, on: test.db)?.id?.uuidString)
    }

    @Test(
        "S1 resetting a business account's password waits for the security administrator; the temporary password forces a change and the owner is told at sign-in"
    )
    func passwordResetNeedsSecondAdministrator() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let office = try await accountID("bmb", test)
            // The system administrator proposes; nothing changes yet.
            let proposed = try await client.send(
                .POST, "/api/v1/accounts/\(office)/password-reset", token: world.sysadmin,
                json: ["password": Self.temporary])
            #expect(proposed.status == .ok)
            #expect(try proposed.json()["state"] as? String == "pending")
            #expect(!proposed.body.contains(Self.temporary))
            let changeID = try #require(try proposed.json()["id"] as? String)
            let refused = try await client.send(
                .POST, "/api/v1/auth/login", json: ["username": "bmb", "password": Self.temporary])
            #expect(refused.status == .unauthorized)
            #expect(try await client.send(.GET, "/api/v1/me", token: world.office).status == .ok)
            let account = try await client.send(.GET, "/api/v1/accounts/\(office)", token: world.sysadmin).json()
            #expect(account["pendingChanges"] as? [String] == ["passwordReset"])
            // A second proposal of the same kind waits for the first.
            let twice = try await client.send(
                .POST, "/api/v1/accounts/\(office)/password-reset", token: world.sysadmin,
                json: ["password": Self.temporary])
            #expect(twice.status == .conflict)
            // The system administrator cannot approve it; the security administrator can.
            let own = try await client.send(
                .POST, "/api/v1/account-changes/\(changeID)/decision", token: world.sysadmin,
                json: ["verdict": "approve"])
            #expect(own.status == .forbidden)
            let approved = try await client.send(
                .POST, "/api/v1/account-changes/\(changeID)/decision", token: world.secadmin,
                json: ["verdict": "approve", "comment": "本人电话确认"])
            #expect(approved.status == .ok)
            #expect(try approved.json()["state"] as? String == "approved")
            // The owner's sessions ended; the temporary password signs in, must be changed, and the notice says who.
            #expect(try await client.send(.GET, "/api/v1/me", token: world.office).status == .unauthorized)
            let login = try await client.send(
                .POST, "/api/v1/auth/login", json: ["username": "bmb", "password": Self.temporary])
            #expect(login.status == .ok)
            #expect(try login.json()["mustChangePassword"] as? Bool == true)
            let notices = try #require(try login.json()["notices"] as? [[String: Any]])
            #expect(notices.count == 1)
            let text = try #require(notices.first?["zh"] as? String)
            #expect(text.contains("密码已于") && text.contains("sysadmin") && text.contains("secadmin"))
            let token = try #require(try login.json()["token"] as? String)
            #expect(try await client.send(.GET, "/api/v1/copies", token: token).status == .forbidden)
            let noticeID = try #require(notices.first?["id"] as? String)
            #expect(
                try await client.send(.POST, "/api/v1/me/notices/\(noticeID)/acknowledge", token: token).status
                    == .noContent)
            #expect(try await client.send(.GET, "/api/v1/me/notices", token: token).jsonArray().isEmpty)
            // The change cannot be decided twice; all of it is on the record (A5).
            let again = try await client.send(
                .POST, "/api/v1/account-changes/\(changeID)/decision", token: world.secadmin,
                json: ["verdict": "refuse"])
            #expect(again.status == .conflict)
            let auditor = try await client.token("auditor")
            let records = try await client.send(.GET, "/api/v1/audit/records?limit=500", token: auditor).jsonArray()
            let actions = records.compactMap { $0["action"] as? String }
            #expect(actions.contains("account.changePropose"))
            #expect(actions.contains("account.changeDecide"))
            #expect(actions.contains("account.passwordReset"))
        }
    }

    @Test(
        "S1 pointing a business account at another person, or its e-mail elsewhere, waits for the security administrator"
    )
    func personAndEmailNeedSecondAdministrator() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let office = try await accountID("bmb", test)
            let stranger = try #require(
                try await client.send(
                    .POST, "/api/v1/people", token: world.sysadmin,
                    json: ["name": "外来人", "employeeNumber": "E-X", "departmentID": world.department]
                ).json()["id"] as? String)
            let moved = try await client.send(
                .PUT, "/api/v1/accounts/\(office)", token: world.sysadmin,
                json: ["displayName": "保密办（改）", "personID": stranger, "isDisabled": false])
            #expect(moved.status == .ok)
            // The name changed at once; the person waits.
            #expect(try moved.json()["displayName"] as? String == "保密办（改）")
            #expect((try moved.json()["personID"] as? String)?.lowercased() == world.person.lowercased())
            #expect(try moved.json()["pendingChanges"] as? [String] == ["personChange"])
            let mailed = try await client.send(
                .PUT, "/api/v1/accounts/\(office)/email", token: world.sysadmin, json: ["email": "sys@evil.example"])
            #expect(mailed.status == .ok)
            #expect(try mailed.json()["email"] as? String == nil)
            let pending = try await client.send(.GET, "/api/v1/account-changes", token: world.secadmin).jsonArray()
            #expect(Set(pending.compactMap { $0["kind"] as? String }) == ["personChange", "emailChange"])
            for change in pending {
                let id = try #require(change["id"] as? String)
                let refused = try await client.send(
                    .POST, "/api/v1/account-changes/\(id)/decision", token: world.secadmin, json: ["verdict": "refuse"])
                #expect(try refused.json()["state"] as? String == "refused")
            }
            let after = try await client.send(.GET, "/api/v1/accounts/\(office)", token: world.sysadmin).json()
            #expect((after["personID"] as? String)?.lowercased() == world.person.lowercased())
            #expect(after["email"] as? String == nil)
            #expect(after["pendingChanges"] as? [String] == [])
            // The office still works as before: nothing was applied.
            #expect(try await client.send(.GET, "/api/v1/copies", token: world.office).status == .ok)
        }
    }

    @Test(
        "S1 an account without a role is changed at once, with its record; the proposer may withdraw a waiting change")
    func accountsWithoutRolesAndWithdrawal() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let created = try await client.send(
                .POST, "/api/v1/accounts", token: world.sysadmin,
                json: ["username": "newbie", "password": TestApp.initialPassword])
            let newbie = try #require(try created.json()["id"] as? String)
            let reset = try await client.send(
                .POST, "/api/v1/accounts/\(newbie)/password-reset", token: world.sysadmin,
                json: ["password": Self.temporary])
            #expect(try reset.json()["state"] as? String == "applied")
            let login = try await client.send(
                .POST, "/api/v1/auth/login", json: ["username": "newbie", "password": Self.temporary])
            #expect(login.status == .ok)
            #expect((try login.json()["notices"] as? [[String: Any]])?.count == 1)
            let office = try await accountID("bmb", test)
            let proposed = try await client.send(
                .POST, "/api/v1/accounts/\(office)/password-reset", token: world.sysadmin,
                json: ["password": Self.temporary])
            let id = try #require(try proposed.json()["id"] as? String)
            let bySecadmin = try await client.send(
                .POST, "/api/v1/account-changes/\(id)/withdraw", token: world.secadmin)
            #expect(bySecadmin.status == .forbidden)
            let withdrawn = try await client.send(
                .POST, "/api/v1/account-changes/\(id)/withdraw", token: world.sysadmin)
            #expect(try withdrawn.json()["state"] as? String == "withdrawn")
            let late = try await client.send(
                .POST, "/api/v1/account-changes/\(id)/decision", token: world.secadmin, json: ["verdict": "approve"])
            #expect(late.status == .conflict)
            #expect(
                try await client.send(
                    .POST, "/api/v1/auth/login", json: ["username": "bmb", "password": Self.temporary]
                ).status == .unauthorized)
        }
    }

    @Test("S1 principle 5 an approval and a refusal of one change at once: exactly one wins, the other is a 409")
    func oneDecisionPerChange() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let office = try await accountID("bmb", test)
            let secondSecadmin = try await client.account(
                "secadmin2", roles: ["secadmin"], sysadmin: world.sysadmin, secadmin: world.secadmin)
            for round in 0..<5 {
                let proposed = try await client.send(
                    .POST, "/api/v1/accounts/\(office)/password-reset", token: world.sysadmin,
                    json: ["password": Self.temporary + String(round)])
                let id = try #require(try proposed.json()["id"] as? String)
                async let first = client.send(
                    .POST, "/api/v1/account-changes/\(id)/decision", token: world.secadmin, json: ["verdict": "approve"]
                )
                async let second = client.send(
                    .POST, "/api/v1/account-changes/\(id)/decision", token: secondSecadmin, json: ["verdict": "refuse"])
                let statuses = [try await first.status, try await second.status].map(\.code).sorted()
                #expect(statuses == [200, 409], "round \(round)")
            }
        }
    }

    /// A crawl of every operation, on SQLite only (see `SideChannelTests`).
    @Test(
        "S1 every call the system administrator can make, on every account and person, in either order, reaches no carrier data",
        .enabled(if: testsRunOnSQLite)
    )
    func systemAdministratorAloneReachesNoCarrier() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let carrier = try await client.send(
                .POST, "/api/v1/carriers", token: world.office, json: world.carrierBody(title: "单人夺权探针方案")
            ).json()
            let number = try #require(carrier["number"] as? String)
            let staff = try await world.clearedAccount("zhangsan", roles: ["staff"])
            #expect(try await client.send(.GET, "/api/v1/copies", token: staff).json()["total"] as? Int == 2)
            let sysadmin = world.sysadmin
            let evil = "sys@evil.example"

            // Every operation of the API, as the system administrator, on every thing it can name.
            var ids: [String] = []
            for path in ["accounts", "people", "org-units"] {
                ids += try await client.send(.GET, "/api/v1/\(path)", token: sysadmin).jsonArray().compactMap {
                    $0["id"] as? String
                }
            }
            let people = try await client.send(.GET, "/api/v1/people", token: sysadmin).jsonArray().compactMap {
                $0["id"] as? String
            }
            func everyCall(password: String, reversed: Bool) async throws {
                var calls: [(HTTPMethod, String, [String: Any]?)] = []
                // Signing in and out are not the system administrator acting on others.
                for operation in test.app.apiRegistry.all where !["auth/login", "auth/logout"].contains(operation.path)
                {
                    let targets = operation.path.contains("{") ? ids : [""]
                    for target in targets {
                        let path = operation.path.replacingOccurrences(
                            of: #"\{[a-z]+\}"#, with: target, options: .regularExpression)
                        calls.append((operation.method, "/api/v1/" + path, operation.method == .GET ? nil : [:]))
                    }
                }
                // The calls that could make an account the system administrator's, with every target.
                var index = 0
                for person in people {
                    index += 1
                    calls.append(
                        (
                            .POST, "/api/v1/accounts",
                            ["username": "grab\(index)\(password.count)", "personID": person, "password": password]
                        ))
                }
                for account in ids {
                    calls.append((.POST, "/api/v1/accounts/\(account)/password-reset", ["password": password]))
                    calls.append((.PUT, "/api/v1/accounts/\(account)/email", ["email": evil]))
                    for person in people {
                        calls.append(
                            (
                                .PUT, "/api/v1/accounts/\(account)",
                                ["displayName": "x", "personID": person, "isDisabled": false]
                            ))
                    }
                }
                var policy = try await client.send(.GET, "/api/v1/settings/security", token: sysadmin).json()
                policy["totpRequiredForAdministrators"] = false
                calls.append((.PUT, "/api/v1/settings/security", policy))
                for (method, path, body) in reversed ? calls.reversed() : calls {
                    let reply = try await client.send(method, path, token: sysadmin, json: body)
                    #expect(reply.status.code < 500, "\(method) \(path) → \(reply.status)")
                    #expect(!reply.body.contains("单人夺权探针方案") && !reply.body.contains(number), "\(method) \(path)")
                }
            }
            for (round, password) in ["Grab-Pass-2026#", "Grab-Again-2026#"].enumerated() {
                try await everyCall(password: password, reversed: round == 1)
                // Whatever account the system administrator now knows a password of sees no carrier.
                for account in try await client.send(.GET, "/api/v1/accounts", token: sysadmin).jsonArray() {
                    guard let username = account["username"] as? String, username != "sysadmin" else { continue }
                    let login = try await client.send(
                        .POST, "/api/v1/auth/login", json: ["username": username, "password": password])
                    guard login.status == .ok, let token = try login.json()["token"] as? String else { continue }
                    if try login.json()["mustChangePassword"] as? Bool == true {
                        _ = try await client.send(
                            .POST, "/api/v1/auth/password", token: token,
                            json: ["currentPassword": password, "newPassword": password + "x"])
                    }
                    for path in ["/api/v1/copies", "/api/v1/carriers", "/api/v1/loans", "/api/v1/findings"] {
                        let reply = try await client.send(.GET, path, token: token)
                        let total = reply.status == .ok ? (try? reply.json()["total"] as? Int) ?? 0 : 0
                        #expect(total == 0, "\(username) reached \(path)")
                        #expect(!reply.body.contains(number), "\(username) reached \(path)")
                    }
                }
            }
            // No digest goes to an address the system administrator chose for an account that reads carriers.
            let services = test.app.baomi
            let recipients = try await DigestRecipients.load(
                clearances: services.clearances, levels: try await services.settings.levelCatalogue(on: test.db),
                postClasses: try await services.settings.postClasses(on: test.db), on: test.db)
            #expect(!recipients.contains { $0.email == evil })
            // The accounts that read carriers are as they were: the office and the staff member still work.
            #expect(try await client.send(.GET, "/api/v1/copies", token: world.office).status == .ok)
        }
    }

    @Test("S1 pages: the reset is proposed on the account page, decided on 双人复核, and the owner acknowledges the notice")
    func twoPersonPages() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let office = try await accountID("bmb", test)
            let sysadmin = ["baomi_session": world.sysadmin]
            let accountPage = try await client.send(.GET, "/system/accounts/\(office)", cookies: sysadmin)
            let csrf = try #require(csrfToken(in: accountPage.body))
            let proposed = try await client.send(
                .POST, "/system/accounts/\(office)/password-reset",
                form: [("csrf", csrf), ("password", Self.temporary)],
                cookies: sysadmin)
            #expect(proposed.status == .seeOther)
            #expect(proposed.headers.first(name: .location) == "/system/accounts/\(office.lowercased())?proposed=1")
            let shown = try await client.send(.GET, "/system/accounts/\(office)?proposed=1", cookies: sysadmin)
            #expect(shown.body.contains("待安全保密管理员批准后生效 (S1)"))
            #expect(shown.body.contains("id=\"account-changes\""))
            #expect(shown.body.contains("待复核"))
            // The security administrator sees it in 双人复核 and approves it there.
            let secadmin = ["baomi_session": world.secadmin]
            let list = try await client.send(.GET, "/system/account-changes", cookies: secadmin)
            #expect(list.status == .ok)
            #expect(list.body.contains("双人复核"))
            let change = try #require(
                try await test.app.baomi.accountChanges.list(state: .pending, on: test.db).first?.id?.uuidString
                    .lowercased())
            #expect(list.body.contains("/system/account-changes/\(change)/decide"))
            let listCSRF = try #require(csrfToken(in: list.body))
            let approved = try await client.send(
                .POST, "/system/account-changes/\(change)/decide",
                form: [("csrf", listCSRF), ("verdict", "approve"), ("comment", "已电话核实")], cookies: secadmin)
            #expect(approved.status == .ok)
            #expect(approved.body.contains("已批准并生效"))
            // The system administrator may look, but not decide.
            let refused = try await client.send(
                .POST, "/system/account-changes/\(change)/decide", form: [("csrf", csrf), ("verdict", "approve")],
                cookies: sysadmin)
            #expect(refused.status == .forbidden)
            // The owner signs in with the temporary password: the password page tells what was done and by whom.
            let login = try await client.send(
                .POST, "/api/v1/auth/login", json: ["username": "bmb", "password": Self.temporary])
            let owner = ["baomi_session": try #require(try login.json()["token"] as? String)]
            let passwordPage = try await client.send(.GET, "/profile/password", cookies: owner)
            #expect(passwordPage.body.contains("id=\"account-notices\""))
            #expect(passwordPage.body.contains("由 sysadmin 发起、secadmin 批准"))
            let officeID = try #require(UUID(uuidString: office))
            let notice = try #require(
                try await test.app.baomi.accountChanges.notices(of: officeID, on: test.db).first?.id?.uuidString
                    .lowercased())
            let ownerCSRF = try #require(csrfToken(in: passwordPage.body))
            let acknowledged = try await client.send(
                .POST, "/profile/notices/\(notice)/acknowledge", form: [("csrf", ownerCSRF)], cookies: owner)
            #expect(acknowledged.status == .seeOther)
            #expect(
                !(try await client.send(.GET, "/profile/password", cookies: owner).body.contains(
                    "id=\"account-notices\"")))
        }
    }
}
