import BaomiDomain
import Foundation
import Testing
import Vapor

@testable import BaomiServer

@Suite("定密审批 through the API and the pages (T5.1, C9, DESIGN principle 5)", .serialized)
struct ClassificationTests {
    /// Submits a draft carrier for classification as the security office; returns the request.
    func submit(_ world: CarrierWorld, title: String, level: String = "secret") async throws -> [String: Any] {
        let created = try await world.client.send(
            .POST, "/api/v1/requests", token: world.office,
            json: [
                "kind": "classify", "copyIDs": [String](), "reason": "新编技术方案定密",
                "payload": ["draft": world.carrierBody(level: level, copies: 2, title: title)],
            ])
        #expect(created.status == .created, "\(created.body)")
        return try created.json()
    }

    func decide(_ world: CarrierWorld, _ id: String, _ verdict: String, by token: String) async throws {
        let decided = try await world.client.send(
            .POST, "/api/v1/requests/\(id)/decision", token: token, json: ["verdict": verdict])
        #expect(decided.status == .ok, "\(decided.body)")
    }

    @Test("T5.1 a draft carrier is registered only when the leader approves its classification, through the API")
    func classifiedThroughTheAPI() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let reviewer = try await world.clearedAccount("dmsh", roles: ["classificationReviewer"])
            let leader = try await world.clearedAccount("leader", roles: ["leader"])
            let request = try await submit(world, title: "拟定密的新方案")
            let id = try #require(request["id"] as? String)
            #expect((request["number"] as? String)?.hasPrefix("DM-") == true)
            #expect(request["carrierID"] is NSNull || request["carrierID"] == nil)
            let steps = try #require(request["steps"] as? [[String: Any]])
            // The department has no leader in charge: any leader decides, and the step's title says so.
            #expect(steps.first?["title"] as? String == "定密审核 / Classification review")
            #expect((steps.last?["title"] as? String)?.hasPrefix("主管领导审批（本部门未设分管领导：任一领导）") == true)

            // A draft is in no register, ledger or export until it is registered.
            func inRegister() async throws -> Bool {
                let cookies = ["baomi_session": world.office]
                let ledger = try await client.send(.GET, "/carriers", cookies: cookies).body
                let copies = try await client.send(.GET, "/carriers/copies", cookies: cookies).body
                let csv = try await client.send(.GET, "/carriers/export.csv", cookies: cookies).body
                let api = try await client.send(.GET, "/api/v1/carriers", token: world.office).body
                return [ledger, copies, csv, api].contains { $0.contains("拟定密的新方案") }
            }
            #expect(try await !inRegister())
            // Only the reviewer may take the first step (A6).
            let early = try await client.send(
                .POST, "/api/v1/requests/\(id)/decision", token: leader, json: ["verdict": "approve"])
            #expect(early.status == .unprocessableEntity)
            try await decide(world, id, "approve", by: reviewer)
            #expect(try await !inRegister())
            try await decide(world, id, "approve", by: leader)
            #expect(try await inRegister())

            let done = try await client.send(.GET, "/api/v1/requests/\(id)", token: world.office).json()
            #expect(done["state"] as? String == "done")
            let carrierID = try #require(done["carrierID"] as? String)
            let carrier = try await client.send(.GET, "/api/v1/carriers/\(carrierID)", token: world.office).json()
            #expect((carrier["copies"] as? [[String: Any]])?.count == 2)
            #expect(carrier["classificationBasis"] as? String == "保密事项范围第3条")
            // The request page shows what was proposed, the steps and who decided.
            let page = try await client.send(.GET, "/requests/\(id)", cookies: ["baomi_session": world.office])
            #expect(page.status == .ok && page.body.contains("定密审批") && page.body.contains("拟定密级"))
        }
    }

    @Test(
        "T5.1 a refused classification leaves nothing in the register; the form says direct registration is for received carriers"
    )
    func refusedThroughThePage() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let cookies = ["baomi_session": world.office]
            // Someone other than the drafter reviews and approves, or the request is refused at once (A6).
            let reviewer = try await world.clearedAccount("dmsh", roles: ["classificationReviewer"])
            let leader = try await world.clearedAccount("leader", roles: ["leader"])
            let direct = try await client.send(.GET, "/carriers/new", cookies: cookies)
            #expect(
                direct.body.contains("id=\"direct-registration\"")
                    && direct.body.contains("/requests/new-classification"))
            let form = try await client.send(.GET, "/requests/new-classification", cookies: cookies)
            #expect(form.status == .ok && form.body.contains("classification-form"))
            let csrf = try #require(csrfToken(in: form.body))
            var fields: [(String, String)] = [
                ("csrf", csrf), ("title", "页面拟定密方案"), ("category", "technicalSolution"), ("form", "paper"),
                ("level", "secret"), ("period", "20"), ("copyCount", "2"), ("departmentID", world.department),
                ("scopeDepartments[]", world.department), ("classifierID", world.person),
                ("classificationBasis", "保密事项范围第3条"),
            ]
            // Without a reason the form comes back with the draft kept.
            let missing = try await client.send(.POST, "/requests/new-classification", form: fields, cookies: cookies)
            #expect(missing.status == .unprocessableEntity && missing.body.contains("value=\"页面拟定密方案\""))
            fields.append(("reason", "新编方案"))
            let submitted = try await client.send(.POST, "/requests/new-classification", form: fields, cookies: cookies)
            #expect(submitted.status == .seeOther || submitted.status == .found, "\(submitted.body)")
            let list = try await client.send(.GET, "/api/v1/requests?kind=classify", token: world.office).jsonArray()
            let id = try #require(list.first?["id"] as? String)
            try await decide(world, id, "approve", by: reviewer)
            try await decide(world, id, "refuse", by: leader)
            let refused = try await client.send(.GET, "/api/v1/requests/\(id)", token: world.office).json()
            #expect(refused["state"] as? String == "refused")
            let carriers = try await client.send(.GET, "/api/v1/carriers", token: world.office).body
            #expect(!carriers.contains("页面拟定密方案"))
        }
    }
}
