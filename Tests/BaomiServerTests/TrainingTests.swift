import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Testing
import Vapor

@testable import BaomiServer

/// Secrecy education through the API and the pages (E6.1–E6.7, E6.6(3), A4).
@Suite("Secrecy education through the API and pages (E6.1, E6.6(3), A4)")
struct TrainingTests {
    static func session(heldOn: String, attendees: [String] = [], title: String = "上岗前保密专项培训") -> [String: Any] {
        [
            "title": title, "form": "lecture", "purpose": "prePost", "heldOn": heldOn, "place": "第一会议室",
            "trainer": "保密办", "areas": ["law", "basics"], "hours": 2, "attendees": attendees,
        ]
    }

    static func post(_ postClass: String) -> [String: Any] {
        [
            "postClass": postClass, "compartments": [String](), "groups": [String](), "separationUntil": NSNull(),
            "reason": "上岗审批",
        ]
    }

    static func today(_ test: TestApp) -> String { ClearanceRepository.today(test.app.baomi.clock()) }

    @Test("E6.6(3) A4 the API refuses a secret post without the pre-post training, naming the session that would do")
    func gateThroughTheAPI() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let person = try #require(
                try await client.send(
                    .POST, "/api/v1/people", token: world.sysadmin,
                    json: ["name": "新同志", "employeeNumber": "E-NEW", "departmentID": world.department]
                ).json()["id"] as? String)
            let upcoming = try await client.send(
                .POST, "/api/v1/training/sessions", token: world.office,
                json: Self.session(heldOn: SecrecyPeriod.day(Self.today(test), plus: 7), title: "三月上岗前培训"))
            #expect(upcoming.status == .created, "\(upcoming.body)")
            let refused = try await client.send(
                .PUT, "/api/v1/people/\(person)/clearance", token: world.secadmin, json: Self.post("general"))
            #expect(refused.status == .unprocessableEntity && refused.isProblem)
            let problem = try refused.json()
            #expect(problem["rule"] as? String == "E6.6(3)")
            #expect((problem["zh"] as? String)?.contains("三月上岗前培训") == true, "\(problem)")
            let offerings = try await client.send(
                .GET, "/api/v1/training/offerings?purpose=prePost", token: world.secadmin
            ).jsonArray()
            #expect(offerings.contains { $0["title"] as? String == "三月上岗前培训" })
            // The person sits today's session; the post is then given.
            let held = try await client.send(
                .POST, "/api/v1/training/sessions", token: world.office,
                json: Self.session(heldOn: Self.today(test), attendees: [person]))
            #expect(held.status == .created)
            #expect(try held.json()["attendeeCount"] as? Int == 1)
            let given = try await client.send(
                .PUT, "/api/v1/people/\(person)/clearance", token: world.secadmin, json: Self.post("general"))
            #expect(given.status == .ok, "\(given.body)")
            let record = try await client.send(.GET, "/api/v1/people/\(person)/training", token: world.office).json()
            #expect(record["prePostCurrent"] as? Bool == true)
            #expect((record["credits"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test("E1 E2 E4 E6.1 an attendee confirms on their own page, twice, and keeps one credit; their record lists it")
    func confirmAndRegister() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let staff = try await world.clearedAccount("canxunren", roles: ["staff"])
            let session = try #require(
                try await client.send(
                    .POST, "/api/v1/training/sessions", token: world.office,
                    json: Self.session(heldOn: Self.today(test), title: "节前保密提醒")
                ).json()["id"] as? String)
            for _ in 0..<2 {
                let confirmed = try await client.send(
                    .POST, "/api/v1/training/sessions/\(session)/confirm", token: staff)
                #expect(confirmed.status == .ok)
            }
            let own = try await client.send(.GET, "/api/v1/me/training", token: staff).json()
            let credits = try #require(own["credits"] as? [[String: Any]])
            #expect(credits.filter { $0["sourceID"] as? String == session.uppercased() }.count == 1)
            let detail = try await client.send(
                .GET, "/api/v1/training/sessions/\(session)", token: world.office
            ).json()
            #expect(detail["attendeeCount"] as? Int == 1)
            // Somebody else's record is not a staff member's to read.
            let other = try await client.send(.GET, "/api/v1/people/\(world.person)/training", token: staff)
            #expect(other.status == .forbidden)
            // The 保密教育培训台账 downloads with LEDGERS.md's columns.
            let csv = try await client.send(
                .GET, "/training/ledger/export.csv", cookies: ["baomi_session": world.office])
            #expect(csv.status == .ok)
            let lines = csv.body.replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: "\r\n")
            #expect(lines.first == "日期,主题,内容类别,形式,主讲人,参加人员,人数,学时,考试情况")
            #expect(lines.contains { $0.contains("节前保密提醒") && $0.contains("讲座") })
            let page = try await client.send(.GET, "/training/sessions", cookies: ["baomi_session": world.office])
            #expect(page.status == .ok && page.body.contains("节前保密提醒"))
            // The 涉密人员台账 carries the training columns: last trained, pre-post and refresher current.
            let personnel = try await client.send(
                .GET, "/reports/secretPostPersonnel/export.csv", cookies: ["baomi_session": world.office])
            let personnelLines = personnel.body.split(separator: "\r\n")
            #expect(personnelLines.first?.contains("最近培训日期,上岗前培训有效,年度复训有效,出境证件管理") == true)
            #expect(personnelLines.contains { $0.contains("王主任") && $0.contains("\(Self.today(test)),是,是") })
            let mine = try await client.send(.GET, "/training/me", cookies: ["baomi_session": staff])
            #expect(mine.status == .ok && mine.body.contains("节前保密提醒"))
        }
    }

    @Test(
        "E3 E6.1 E5 E6.5 the office makes a plan, plans a session and adds an activity on the pages; bad input comes back"
    )
    func plansAndActivitiesOnThePages() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let cookies = ["baomi_session": world.office]
            let year = String(Self.today(test).prefix(4))
            let page = try await client.send(.GET, "/training/plans?year=\(year)", cookies: cookies)
            #expect(page.status == .ok && page.body.contains("plan-form"))
            let csrf = try #require(csrfToken(in: page.body))
            let untitled = try await client.send(
                .POST, "/training/plans", form: [("csrf", csrf), ("year", year), ("title", "")], cookies: cookies)
            #expect(untitled.status == .unprocessableEntity && untitled.body.contains("计划名称"))
            let created = try await client.send(
                .POST, "/training/plans",
                form: [("csrf", csrf), ("year", year), ("title", "年度保密教育计划"), ("departmentID", world.department)],
                cookies: cookies)
            #expect(created.status == .seeOther || created.status == .found, "\(created.body)")
            let plan = try #require(try await TrainingPlanModel.query(on: test.app.db).first())
            let path = "/training/plans/\(try plan.requireID().uuidString.lowercased())/sessions"
            let badMonth = try await client.send(
                .POST, path,
                form: [
                    ("csrf", csrf), ("month", "13"), ("title", "保密法专题"), ("purpose", "general"), ("audience", "全体"),
                    ("areas[]", "law"),
                ], cookies: cookies)
            #expect(badMonth.status == .unprocessableEntity && badMonth.body.contains("月份须为 1 到 12"))
            let planned = try await client.send(
                .POST, path,
                form: [
                    ("csrf", csrf), ("month", "3"), ("title", "保密法专题"), ("purpose", "general"), ("audience", "全体"),
                    ("areas[]", "law"),
                ], cookies: cookies)
            #expect(planned.status == .seeOther || planned.status == .found, "\(planned.body)")
            let listed = try await client.send(.GET, "/training/plans?year=\(year)", cookies: cookies)
            #expect(listed.body.contains("年度保密教育计划") && listed.body.contains("3月 保密法专题（全体）"))
            let staff = try await world.clearedAccount("zhaog", roles: ["staff"], postClass: "nonSecret")
            let staffPage = try await client.send(.GET, "/training/plans", cookies: ["baomi_session": staff])
            #expect(!staffPage.body.contains("plan-form"))
            let calendar = try await client.send(.GET, "/training/calendar", cookies: cookies)
            #expect(calendar.body.contains("activity-form"))
            let undated = try await client.send(
                .POST, "/training/calendar/events", form: [("csrf", csrf), ("name", "型号出厂评审"), ("startsOn", "")],
                cookies: cookies)
            #expect(undated.status == .unprocessableEntity && undated.body.contains("型号出厂评审"))
            let added = try await client.send(
                .POST, "/training/calendar/events",
                form: [("csrf", csrf), ("name", "型号出厂评审"), ("startsOn", "2099-05-01")], cookies: cookies)
            #expect(added.status == .seeOther || added.status == .found, "\(added.body)")
            let after = try await client.send(.GET, "/training/calendar", cookies: cookies)
            #expect(after.body.contains("型号出厂评审") && after.body.contains("2099-05-01"))
        }
    }

    @Test(
        "E6.3 E6.4 E6.6(2) E6.7 exhibitions, media campaigns, a class's secrecy lecture, superiors' training: recorded")
    func everyFormOfSession() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let forms: [(form: String, title: String, zh: String)] = [
                ("exhibition", "保密宣传教育展览", "展览"), ("media", "保密宣传月内网专栏", "媒体宣传"),
                ("classLecture", "新任干部培训班保密专题课", "培训班保密课"), ("external", "上级保密局岗位培训", "参加上级培训"),
            ]
            for entry in forms {
                var session = Self.session(heldOn: Self.today(test), attendees: [world.person], title: entry.title)
                session["form"] = entry.form
                session["purpose"] = entry.form == "external" ? "onPost" : "general"
                let recorded = try await world.client.send(
                    .POST, "/api/v1/training/sessions", token: world.office, json: session)
                #expect(recorded.status == .created, "\(recorded.body)")
                #expect(try recorded.json()["form"] as? String == entry.form)
            }
            let csv = try await world.client.send(
                .GET, "/training/ledger/export.csv", cookies: ["baomi_session": world.office])
            for entry in forms {
                #expect(
                    csv.body.split(separator: "\r\n").contains {
                        $0.contains(entry.title) && $0.contains(",\(entry.zh),")
                    }, "\(entry.form)")
            }
            // Superiors' training gives the on-post credit it stands for (E6.7).
            let record = try await world.client.send(
                .GET, "/api/v1/people/\(world.person)/training", token: world.office
            ).json()
            let purposes = (record["credits"] as? [[String: Any]] ?? []).compactMap { $0["purpose"] as? String }
            #expect(purposes.contains("onPost"))
        }
    }
}
