import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

/// The register of secret posts through the pages and the API, and the 岗位履历 (A2, A4, T8, T9).
@Suite("Secret posts through the pages and the API (A2, A4, T8, T9)")
struct PostRegisterAPITests {
    @Test("A2 the office registers posts on /org/posts: bad input redisplayed with the rule, then saved and retired")
    func onThePages() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let cookies = ["baomi_session": world.office]
            let form = try await client.send(.GET, "/org/posts/new", cookies: cookies)
            #expect(form.status == .ok && form.body.contains("post-form"))
            let csrf = try #require(csrfToken(in: form.body))
            let bad = try await client.send(
                .POST, "/org/posts/new",
                form: [("csrf", csrf), ("code", "GW-1"), ("name", ""), ("postClass", "nonSecret")], cookies: cookies)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("涉密岗位等级只能是核心、重要或一般") && bad.body.contains("(A2)"))
            #expect(bad.body.contains("value=\"GW-1\""))
            let saved = try await client.send(
                .POST, "/org/posts/new",
                form: [
                    ("csrf", csrf), ("code", "GW-1"), ("name", "总体设计师"), ("departmentID", world.department),
                    ("postClass", "core"), ("extraAgreements[]", "nonCompete"), ("field", "惯性导航"),
                ], cookies: cookies)
            #expect(saved.status == .seeOther, "\(saved.body)")
            let list = try await client.send(.GET, "/org/posts", cookies: cookies)
            #expect(list.body.contains("总体设计师") && list.body.contains("竞业限制协议") && list.body.contains("惯性导航"))
            let id = try #require(
                try await client.send(.GET, "/api/v1/posts", token: world.office).jsonArray().first?["id"] as? String)
            let edit = try await client.send(.GET, "/org/posts/\(id)", cookies: cookies)
            #expect(edit.body.contains("post-retire") && edit.body.contains("checked"))
            let retired = try await client.send(
                .POST, "/org/posts/\(id)/retire", form: [("csrf", csrf)], cookies: cookies)
            #expect(retired.status == .seeOther)
            let after = try await client.send(.GET, "/org/posts?includeRetired=1", cookies: cookies)
            #expect(after.body.contains("已撤销"))
            // Staff do not see the register; the menu offers it to the office.
            let staff = try await world.clearedAccount("putong", roles: ["staff"], postClass: "nonSecret")
            let refused = try await client.send(.GET, "/org/posts", cookies: ["baomi_session": staff])
            #expect(refused.status == .forbidden)
            #expect(list.body.contains("href=\"/org/posts\""))
        }
    }

    @Test("A2 T8 the API: exact bodies, problem+json with the rule, 人事部门 reads but does not write")
    func throughTheAPI() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let body: [String: Any] = [
                "code": "GW-2", "name": "工艺师", "departmentID": world.department, "postClass": "important",
                "extraAgreements": ["nonCompete"], "field": "雷达",
            ]
            let created = try await client.send(.POST, "/api/v1/posts", token: world.office, json: body)
            #expect(created.status == .created, "\(created.body)")
            let post = try created.json()
            #expect(post["agreementsNeeded"] as? [String] == ["ipProtection", "nonCompete"])
            #expect(post["holders"] as? Int == 0 && post["active"] as? Bool == true)
            let id = try #require(post["id"] as? String)
            let duplicate = try await client.send(.POST, "/api/v1/posts", token: world.office, json: body)
            #expect(duplicate.status == .unprocessableEntity && duplicate.isProblem)
            #expect(try duplicate.json()["rule"] as? String == "A2")
            // An unknown field or class is refused before the handler (the schema is exact).
            var unknown = body
            unknown["colour"] = "red"
            let strict = try await client.send(.POST, "/api/v1/posts", token: world.office, json: unknown)
            #expect(strict.status == .badRequest && strict.isProblem)
            var changed = body
            changed["postClass"] = "core"
            let updated = try await client.send(.PUT, "/api/v1/posts/\(id)", token: world.office, json: changed)
            #expect(try updated.json()["postClass"] as? String == "core")
            let listed = try await client.send(
                .GET, "/api/v1/posts?departmentID=\(world.department)", token: world.office
            ).jsonArray()
            #expect(listed.count == 1)
            let badFilter = try await client.send(.GET, "/api/v1/posts?includeRetired=maybe", token: world.office)
            #expect(badFilter.status == .badRequest && badFilter.isProblem)
            // 人事部门 reads, and does not write (S1).
            let personnel = try await world.clearedAccount("renshi", roles: ["personnel"], postClass: "nonSecret")
            #expect(try await client.send(.GET, "/api/v1/posts", token: personnel).status == .ok)
            let notAllowed = try await client.send(.POST, "/api/v1/posts", token: personnel, json: body)
            #expect(notAllowed.status == .forbidden && notAllowed.isProblem)
            let retired = try await client.send(.POST, "/api/v1/posts/\(id)/retire", token: world.office)
            #expect(try retired.json()["active"] as? Bool == false)
            let again = try await client.send(.POST, "/api/v1/posts/\(id)/retire", token: world.office)
            #expect(again.status == .conflict && again.isProblem)
        }
    }

    @Test("A2 the 岗位履历 on the person's page and GET /people/{id}/posts keeps the classes already recorded")
    func history() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let created = try await client.send(
                .POST, "/api/v1/posts", token: world.office,
                json: ["code": "GW-3", "name": "主任设计师", "departmentID": world.department, "postClass": "core"])
            #expect(created.status == .created)
            let personID = try #require(UUID(uuidString: world.person))
            try await PostAssignments(store: test.app.baomi.store).assign(
                personID: personID, postCode: "GW-3", reason: "任命",
                by: AuditActor(accountID: nil, name: "保密办", kind: .user, ip: nil), on: test.db)
            let history = try await client.send(.GET, "/api/v1/people/\(world.person)/posts", token: world.secadmin)
            #expect(history.status == .ok, "\(history.body)")
            let entries = try history.jsonArray()
            #expect(entries.first?["postCode"] as? String == "GW-3")
            #expect(entries.count >= 2)  // the class the world gave directly stays on record
            let page = try await client.send(
                .GET, "/org/people/\(world.person)", cookies: ["baomi_session": world.office])
            #expect(page.body.contains("post-history") && page.body.contains("主任设计师"))
            let staff = try await world.clearedAccount("putong", roles: ["staff"], postClass: "nonSecret")
            let refused = try await client.send(.GET, "/api/v1/people/\(world.person)/posts", token: staff)
            #expect(refused.status == .forbidden)
        }
    }
}
