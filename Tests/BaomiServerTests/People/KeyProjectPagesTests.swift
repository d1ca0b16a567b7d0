import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

/// A key project ZD-01 running for a year, and 吴成员 on an 重要 post who is a member of it.
struct KeyProjectWorld {
    let world: CarrierWorld
    let project: String
    let member: String
    /// The test app's today (its clock is fixed).
    let today: String

    static func make(_ test: TestApp) async throws -> KeyProjectWorld {
        let world = try await CarrierWorld.make(test)
        let client = world.client
        let project = try #require(
            try await client.send(
                .POST, "/api/v1/projects", token: world.office,
                json: ["code": "ZD-01", "name": "某重大专项", "level": "secret", "isKeyProject": true]
            ).json()["id"] as? String)
        let member = try await world.clearedPerson("吴成员", postClass: "important")
        // 赵所长 heads the department and is its 主管领导 (T4), so the chains have someone besides the office.
        let boss = try #require(
            try await client.send(
                .POST, "/api/v1/people", token: world.sysadmin,
                json: ["name": "赵所长", "employeeNumber": "L001", "departmentID": world.department, "isLeader": true]
            ).json()["id"] as? String)
        try await CarrierWorld.clear(boss, "core", client: client, secadmin: world.secadmin)
        _ = try await client.account(
            "zsz", roles: ["leader"], sysadmin: world.sysadmin, secadmin: world.secadmin, personID: boss)
        let leaders = try await client.send(
            .PUT, "/api/v1/org-units/\(world.department)/leaders", token: world.sysadmin,
            json: ["headID": boss, "leaderInChargeID": boss])
        #expect(leaders.status == .ok)
        let joined = try await client.send(
            .PUT, "/api/v1/people/\(member)/clearance", token: world.secadmin,
            json: [
                "postClass": "important", "compartments": [project], "groups": [String](),
                "separationUntil": NSNull(), "reason": "加入重点项目",
            ])
        #expect(joined.status == .ok, "\(joined.body)")
        return KeyProjectWorld(
            world: world, project: project, member: member, today: ClearanceRepository.today(test.clock()))
    }

    var endsOn: String { SecrecyPeriod.day(today, plus: 365) }
}

@Suite("Key projects and tracking files through the API and pages (T10, T11)", .serialized)
struct KeyProjectPagesTests {
    @Test("T10 the API sets the key flag and end, lists members with joined dates, refuses a direct removal")
    func projectThroughAPI() async throws {
        try await withTestApp { test in
            let setup = try await KeyProjectWorld.make(test)
            let world = setup.world
            let client = world.client
            let path = "/api/v1/projects/\(setup.project)"
            let set = try await client.send(
                .PUT, "\(path)/key-facts", token: world.office, json: ["isKeyProject": true, "endsOn": setup.endsOn])
            #expect(set.status == .ok, "\(set.body)")
            let project = try set.json()
            #expect(project["endsOn"] as? String == setup.endsOn && project["running"] as? Bool == true)
            let members = try #require(project["members"] as? [[String: Any]])
            #expect(members.map { $0["name"] as? String } == ["吴成员"])
            #expect(members.first?["joinedOn"] as? String == setup.today)
            // Bad input: not a day, a field the schema does not know (problem+json, before the handler).
            let badDay = try await client.send(
                .PUT, "\(path)/key-facts", token: world.office, json: ["isKeyProject": true, "endsOn": "明年"])
            #expect(badDay.status == .badRequest && badDay.isProblem)
            #expect(try (badDay.json()["zh"] as? String)?.isEmpty == false)
            #expect(try (badDay.json()["en"] as? String)?.isEmpty == false)
            let unknown = try await client.send(
                .PUT, "\(path)/key-facts", token: world.office, json: ["isKeyProject": true, "leader": "x"])
            #expect(unknown.status == .badRequest && unknown.isProblem)
            // Only the security office.
            let staff = try await world.clearedAccount("kpstaff", roles: ["staff"])
            #expect(try await client.send(.GET, path, token: staff).status == .forbidden)
            // T10: taking the running key project out of the clearance directly is refused, naming the request.
            let removed = try await client.send(
                .PUT, "/api/v1/people/\(setup.member)/clearance", token: world.secadmin,
                json: [
                    "postClass": "important", "compartments": [String](), "groups": [String](),
                    "separationUntil": NSNull(), "reason": "调离",
                ])
            #expect(removed.status == .unprocessableEntity && removed.isProblem)
            #expect(try removed.json()["rule"] as? String == "T10")
            #expect(try (removed.json()["zh"] as? String)?.contains("重点项目人员调离") == true)
            // The list names the end.
            let list = try await client.send(.GET, "/api/v1/projects", token: world.office).jsonArray()
            #expect(list.first?["endsOn"] as? String == setup.endsOn)
        }
    }

    @Test(
        "T10 the project's page shows the flag, members and forms; its forms redisplay with errors; a transfer starts")
    func projectPage() async throws {
        try await withTestApp { test in
            let setup = try await KeyProjectWorld.make(test)
            let world = setup.world
            let client = world.client
            let cookies = ["baomi_session": world.office]
            let path = "/carriers/projects/\(setup.project.lowercased())"
            let page = try await client.send(.GET, path, cookies: cookies)
            #expect(page.status == .ok)
            #expect(page.body.contains("吴成员") && page.body.contains("重点项目人员调离") && page.body.contains("T10"))
            let projects = try await client.send(.GET, "/carriers/projects", cookies: cookies)
            #expect(projects.body.contains(path))
            let csrf = try #require(csrfToken(in: page.body))
            let bad = try await client.send(
                .POST, "\(path)/key", form: [("csrf", csrf), ("isKeyProject", "true"), ("endsOn", "明年")],
                cookies: cookies)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("form-errors") && bad.body.contains("明年"))
            let saved = try await client.send(
                .POST, "\(path)/key", form: [("csrf", csrf), ("isKeyProject", "true"), ("endsOn", setup.endsOn)],
                cookies: cookies)
            #expect(saved.status == .seeOther)
            // Leaving without consent with a day in the future: redisplayed on its form.
            let future = try await client.send(
                .POST, "\(path)/without-consent",
                form: [("csrf", csrf), ("personID", setup.member), ("occurredOn", "2099-01-01"), ("account", "擅自离岗")],
                cookies: cookies)
            #expect(future.status == .unprocessableEntity && future.body.contains("擅自离岗"))
            // A transfer goes to the engine; its page shows the leader's step and why (T10).
            let transfer = try await client.send(
                .POST, "\(path)/transfer", form: [("csrf", csrf), ("personID", setup.member), ("reason", "工作需要")],
                cookies: cookies)
            #expect(transfer.status == .seeOther, "\(transfer.body)")
            let location = try #require(transfer.headers.first(name: .location))
            let request = try await client.send(.GET, location, cookies: cookies)
            #expect(request.body.contains("重点项目人员调离") && request.body.contains("ZD-01"))
            #expect(request.body.contains("主管领导审批（重点项目成员在项目结束前调离，T10）"))
            // The printed 审批表 shows the step and why it is there.
            let printed = try await client.send(
                .GET, location.replacingOccurrences(of: "?saved=1", with: "") + "/print", cookies: cookies)
            #expect(printed.status == .ok)
            #expect(printed.body.contains("主管领导审批（重点项目成员在项目结束前调离，T10）"))
        }
    }

    @Test("T10 tracking files through the API and pages: record, entries, close; bad input is problem+json")
    func trackingFiles() async throws {
        try await withTestApp { test in
            let setup = try await KeyProjectWorld.make(test)
            let world = setup.world
            let client = world.client
            let today = setup.today
            let record = "/api/v1/projects/\(setup.project)/left-without-consent"
            let future = try await client.send(
                .POST, record, token: world.office,
                json: ["personID": setup.member, "occurredOn": "2099-01-01", "account": "擅自离岗"])
            #expect(future.status == .unprocessableEntity && future.isProblem)
            #expect(try future.json()["rule"] as? String == "T10")
            let missing = try await client.send(.POST, record, token: world.office, json: ["personID": setup.member])
            #expect(missing.status == .badRequest && missing.isProblem)
            let created = try await client.send(
                .POST, record, token: world.office,
                json: ["personID": setup.member, "occurredOn": today, "account": "未办手续离开"])
            #expect(created.status == .created, "\(created.body)")
            let file = try #require(try created.json()["id"] as? String)
            #expect(try created.json()["reason"] as? String == "withoutConsent")
            let listed = try await client.send(.GET, "/api/v1/tracking-files", token: world.office).jsonArray()
            #expect(listed.map { $0["id"] as? String } == [file])
            let badState = try await client.send(.GET, "/api/v1/tracking-files?state=old", token: world.office)
            #expect(badState.status == .badRequest)

            // Pages: the list, the file, an empty entry redisplayed, an entry added.
            let cookies = ["baomi_session": world.office]
            let filesPage = try await client.send(.GET, "/tracking-files", cookies: cookies)
            #expect(filesPage.body.contains("吴成员") && filesPage.body.contains("未经同意擅自离岗"))
            let filePath = "/tracking-files/\(file.lowercased())"
            let filePage = try await client.send(.GET, filePath, cookies: cookies)
            let csrf = try #require(csrfToken(in: filePage.body))
            let empty = try await client.send(
                .POST, "\(filePath)/entries", form: [("csrf", csrf), ("enteredOn", today), ("text", "")],
                cookies: cookies)
            #expect(empty.status == .unprocessableEntity && empty.body.contains("form-errors"))
            let added = try await client.send(
                .POST, "\(filePath)/entries", form: [("csrf", csrf), ("enteredOn", today), ("text", "已电话联系本人")],
                cookies: cookies)
            #expect(added.status == .seeOther)

            let entry = try await client.send(
                .POST, "/api/v1/tracking-files/\(file)/entries", token: world.office,
                json: ["enteredOn": today, "text": "律师函已寄出"])
            #expect(entry.status == .created)
            #expect((try entry.json()["entries"] as? [[String: Any]])?.count == 2)
            let closed = try await client.send(
                .POST, "/api/v1/tracking-files/\(file)/close", token: world.office, json: ["note": "已和解"])
            #expect(closed.status == .ok)
            #expect(try closed.json()["closedAt"] as? String != nil)
            let again = try await client.send(
                .POST, "/api/v1/tracking-files/\(file)/close", token: world.office, json: ["note": "再关"])
            #expect(again.status == .conflict && again.isProblem)
            #expect(try again.json()["rule"] as? String == "T10")
            // Closed: the page offers no forms.
            let closedPage = try await client.send(.GET, filePath, cookies: cookies)
            #expect(!closedPage.body.contains("entry-form") && closedPage.body.contains("已和解"))
        }
    }
}
