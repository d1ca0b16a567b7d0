import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

/// 涉密人员复审 (A2) and prior duties (T13) on the person's page and through the API.
@Suite("Re-reviews and prior duties through the pages and the API (A2, T13)")
struct PostReviewTests {
    @Test("A2 the office records a re-review on the person's page; bad input comes back; the 涉密人员台账 shows it")
    func reviewOnThePage() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let cookies = ["baomi_session": world.office]
            let page = try await client.send(.GET, "/org/people/\(world.person)", cookies: cookies)
            #expect(page.body.contains("review-form") && page.body.contains("每 12 个月复审一次"))
            let csrf = try #require(csrfToken(in: page.body))
            let today = TrainingTests.today(test)
            let path = "/org/people/\(world.person)/reviews"
            let future = try await client.send(
                .POST, path,
                form: [
                    ("csrf", csrf), ("reviewedOn", SecrecyPeriod.day(today, plus: 3)), ("outcome", "changeNeeded"),
                ], cookies: cookies)
            #expect(future.status == .unprocessableEntity)
            #expect(future.body.contains("复审日期不能晚于今天") && future.body.contains("结论为需调整时须写明原因"))
            // act
            let saved = try await client.send(
                .POST, path, form: [("csrf", csrf), ("reviewedOn", today), ("outcome", "confirmed")], cookies: cookies)
            // check
            #expect(saved.status == .seeOther, "\(saved.body)")
            let after = try await client.send(.GET, "/org/people/\(world.person)", cookies: cookies)
            let nextYear = ReviewPolicy().due(lastReviewedOn: today, postSince: nil) ?? ""
            #expect(after.body.contains("下次复审：\(nextYear)") && after.body.contains("维持"))
            let ledger = try await client.send(.GET, "/reports/secretPostPersonnel/export.csv", cookies: cookies)
            let lines = ledger.body.split(separator: "\r\n")
            #expect(lines.first?.contains("复审日期") == true)
            #expect(lines.contains { $0.contains("王主任") && $0.contains(",\(today),在岗,") })
            // Staff see neither the section nor the API.
            let staff = try await world.clearedAccount("putong", roles: ["staff"], postClass: "nonSecret")
            let staffPage = try await client.send(
                .GET, "/org/people/\(world.person)", cookies: ["baomi_session": staff])
            #expect(!staffPage.body.contains("review-form"))
            let refused = try await client.send(.GET, "/api/v1/people/\(world.person)/reviews", token: staff)
            #expect(refused.status == .forbidden && refused.isProblem)
        }
    }

    @Test("A2 T13 the API: reviews and their cycle, a duty touching the post warns and is a finding; refusals audited")
    func throughTheAPI() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let today = TrainingTests.today(test)
            let policy = try await client.send(
                .PUT, "/api/v1/review-policy", token: world.office, json: ["cycleMonths": 24])
            #expect(policy.status == .ok)
            #expect(try policy.json()["cycleMonths"] as? Int == 24)
            let bad = try await client.send(
                .PUT, "/api/v1/review-policy", token: world.office, json: ["cycleMonths": 0])
            #expect(bad.status == .unprocessableEntity || bad.status == .badRequest)
            let reviewed = try await client.send(
                .POST, "/api/v1/people/\(world.person)/reviews", token: world.secadmin,
                json: ["reviewedOn": today, "outcome": "confirmed", "note": "年度复审"])
            #expect(reviewed.status == .created, "\(reviewed.body)")
            let reviews = try reviewed.json()
            #expect(reviews["cycleMonths"] as? Int == 24)
            #expect(
                reviews["nextDue"] as? String
                    == ReviewPolicy(cycleMonths: 24).due(lastReviewedOn: today, postSince: nil))
            #expect((reviews["reviews"] as? [[String: Any]])?.first?["postClass"] as? String == "core")

            // Somebody in no secret post has nothing to review: refused, and the refusal audited.
            let plain = try #require(
                try await client.send(
                    .POST, "/api/v1/people", token: world.sysadmin,
                    json: ["name": "新同志", "employeeNumber": "E-900", "departmentID": world.department]
                ).json()["id"] as? String)
            let refused = try await client.send(
                .POST, "/api/v1/people/\(plain)/reviews", token: world.office,
                json: ["reviewedOn": today, "outcome": "confirmed"])
            #expect(refused.status == .unprocessableEntity)
            #expect(try refused.json()["rule"] as? String == "A2")
            let plainID = try #require(UUID(uuidString: plain))
            let record = try #require(
                try await test.app.baomi.store.audit.latestRecord(objectType: "person", objectID: plainID, on: test.db))
            #expect(record.action == AuditAction.clearanceReview.rawValue && record.outcome == "refused")

            // T13: a duty to a former employer whose field is the person's department warns, and is a finding.
            let duty = try await client.send(
                .POST, "/api/v1/people/\(plain)/prior-obligations", token: world.office,
                json: [
                    "employer": "某研究院", "kind": "nonCompete", "field": "技术",
                    "endsOn": SecrecyPeriod.day(today, plus: 200),
                ])
            #expect(duty.status == .created, "\(duty.body)")
            let listed = try duty.jsonArray()
            #expect(listed.first?["touchesPost"] as? Bool == true)
            let warning = try #require(listed.first?["warning"] as? [String: Any])
            #expect((warning["zh"] as? String)?.contains("某研究院") == true)
            let invalid = try await client.send(
                .POST, "/api/v1/people/\(plain)/prior-obligations", token: world.office,
                json: ["employer": " ", "kind": "secrecy", "field": "雷达", "endsOn": NSNull()])
            #expect(invalid.status == .unprocessableEntity && invalid.isProblem)
            let badDay = try await client.send(
                .POST, "/api/v1/people/\(plain)/prior-obligations", token: world.office,
                json: ["employer": "甲", "kind": "secrecy", "field": "雷达", "endsOn": "2027-02-30"])
            #expect(badDay.status == .badRequest && badDay.isProblem)
            _ = try await client.send(.POST, "/api/v1/findings/check", token: world.office)
            let findings = try await client.send(
                .GET, "/api/v1/findings?check=priorObligationConflict&state=open", token: world.office
            ).json()
            #expect(findings["total"] as? Int == 1)
            let page = try await client.send(
                .GET, "/org/people/\(plain)", cookies: ["baomi_session": world.office])
            #expect(page.body.contains("alert-warn") && page.body.contains("某研究院"))
        }
    }
}
