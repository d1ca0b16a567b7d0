import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

/// A step takes one decision, through the API and the pages alike (DESIGN principle 5, A6).
@Suite("One decision per step through the API and the pages (principle 5, A6)", .serialized)
struct RequestDecisionTests {
    /// One stored copy of a 机密 carrier whose copying the leader alone approves (C5.2).
    func storedCopy(_ world: CarrierWorld) async throws -> String {
        var body = world.carrierBody(level: "secret", copies: 1)
        body["copyingAllowed"] = true
        let carrier = try await world.client.send(.POST, "/api/v1/carriers", token: world.office, json: body).json()
        let copy = try #require((carrier["copies"] as? [[String: Any]])?.first?["id"] as? String)
        let placed = try await world.client.send(
            .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
            json: ["action": "place", "placeID": world.safe])
        #expect(placed.status == .ok)
        return copy
    }

    @Test("principle 5 A6 approve and refuse sent at once through the API: one 200, one 409 problem+json, per request")
    func approveAndRefuseAtOnce() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let copy = try await storedCopy(world)
            let approver = try await world.clearedAccount("leader1", roles: ["leader"])
            let refuser = try await world.clearedAccount("leader2", roles: ["leader"])
            let client = world.client
            for _ in 0..<10 {
                let submitted = try await client.send(
                    .POST, "/api/v1/requests", token: world.office,
                    json: ["kind": "reproduce", "copyIDs": [copy], "reason": "评审会", "payload": ["count": 1]])
                let id = try #require(try submitted.json()["id"] as? String)
                // act
                async let approved = client.send(
                    .POST, "/api/v1/requests/\(id)/decision", token: approver, json: ["verdict": "approve"])
                async let refused = client.send(
                    .POST, "/api/v1/requests/\(id)/decision", token: refuser, json: ["verdict": "refuse"])
                let replies = try await [approved, refused]
                // check
                #expect(replies.map(\.status).sorted { $0.code < $1.code } == [.ok, .conflict])
                let loser = try #require(replies.first { $0.status == .conflict })
                #expect(loser.isProblem)
                #expect(try loser.json()["rule"] as? String == "A6")
                let state = try await client.send(.GET, "/api/v1/requests/\(id)", token: world.office).json()["state"]
                #expect(state as? String == (replies[0].status == .ok ? "done" : "refused"))
            }
        }
    }

    @Test("principle 5 A6 a decision naming a step already decided is 409 by API and page, not applied to the next")
    func decisionNamesItsStep() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let copy = try await storedCopy(world)
            let office2 = try await world.clearedAccount("bmb2", roles: ["securityOffice"])
            let leader = try await world.clearedAccount("leader", roles: ["leader"])
            let batch = try await world.client.send(
                .POST, "/api/v1/requests", token: world.office,
                json: [
                    "kind": "destroy", "copyIDs": [copy], "reason": "期满销毁",
                    "payload": ["method": "facility", "transportPeople": ["张押运"], "vehicle": "京A12345"],
                ])
            let id = try #require(try batch.json()["id"] as? String)
            let first = try await world.client.send(
                .POST, "/api/v1/requests/\(id)/decision", token: office2, json: ["verdict": "approve", "step": 0])
            #expect(first.status == .ok)
            // act: the leader decides what they saw as the first step
            let stale = try await world.client.send(
                .POST, "/api/v1/requests/\(id)/decision", token: leader, json: ["verdict": "approve", "step": 0])
            let page = try await world.client.send(.GET, "/requests/\(id)", cookies: ["baomi_session": leader])
            let csrf = try #require(csrfToken(in: page.body))
            let stalePage = try await world.client.send(
                .POST, "/requests/\(id)/decide", form: [("csrf", csrf), ("verdict", "approve"), ("step", "0")],
                cookies: ["baomi_session": leader])
            // check: refused, the second step still waiting; the page's own form names the second step
            #expect(stale.status == .conflict)
            #expect(try stale.json()["rule"] as? String == "A6")
            #expect(stalePage.status == .conflict)
            #expect(stalePage.body.contains("该审批步骤已有决定"))
            #expect(page.body.contains("name=\"step\" value=\"1\""))
            let request = try await world.client.send(.GET, "/api/v1/requests/\(id)", token: world.office).json()
            #expect(request["state"] as? String == "inReview")
            #expect((request["steps"] as? [[String: Any]])?.map { $0["decision"] as? String } == ["approve", nil])
            let current = try await world.client.send(
                .POST, "/requests/\(id)/decide", form: [("csrf", csrf), ("verdict", "approve"), ("step", "1")],
                cookies: ["baomi_session": leader])
            #expect(current.status == .seeOther)
            #expect(
                try await world.client.send(.GET, "/api/v1/requests/\(id)", token: world.office).json()["state"]
                    as? String == "approved")
        }
    }
}
