import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

@Suite("Decisions, stand-ins, the inbox and chains through the API and pages (A6, principle 9, #14)", .serialized)
struct ApprovalEngineTests {
    func storedCopies(_ world: CarrierWorld, count: Int) async throws -> [String] {
        let carrier = try await world.client.send(
            .POST, "/api/v1/carriers", token: world.office, json: world.carrierBody(copies: count)
        ).json()
        let copies = try #require(carrier["copies"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        for copy in copies {
            let placed = try await world.client.send(
                .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
                json: ["action": "place", "placeID": world.safe])
            #expect(placed.status == .ok)
        }
        return copies
    }

    func destructionBatch(_ world: CarrierWorld) async throws -> String {
        let batch = try await world.client.send(
            .POST, "/api/v1/requests", token: world.office,
            json: [
                "kind": "destroy", "copyIDs": try await storedCopies(world, count: 2), "reason": "期满销毁",
                "payload": ["method": "inHouse", "equipment": "碎纸机"],
            ])
        #expect(batch.status == .created)
        return try #require(try batch.json()["id"] as? String)
    }

    @Test("A6 returned for changes and resubmitted through the API; every round stays on the request and its page")
    func returnAndResubmit() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let leader = try await world.clearedAccount("leader", roles: ["leader"])
            let office2 = try await world.clearedAccount("bmb2", roles: ["securityOffice"])
            let id = try await destructionBatch(world)
            let path = "/api/v1/requests/\(id)"
            let unexplained = try await world.client.send(
                .POST, "\(path)/decision", token: office2, json: ["verdict": "return"])
            #expect(unexplained.status == .unprocessableEntity)
            let returned = try await world.client.send(
                .POST, "\(path)/decision", token: office2, json: ["verdict": "return", "comment": "请注明销毁设备型号"]
            ).json()
            #expect(returned["state"] as? String == "returned")
            let meanwhile = try await world.client.send(
                .POST, "\(path)/decision", token: office2, json: ["verdict": "approve"])
            #expect(meanwhile.status == .conflict)
            let notMine = try await world.client.send(
                .POST, "\(path)/resubmit", token: office2, json: ["reason": "x"])
            #expect(notMine.status != .ok)
            let resubmitted = try await world.client.send(
                .POST, "\(path)/resubmit", token: world.office,
                json: ["reason": "期满销毁（碎纸机 ZX-3）", "payload": ["method": "inHouse", "equipment": "碎纸机 ZX-3"]]
            ).json()
            #expect(
                resubmitted["state"] as? String == "submitted" && resubmitted["round"] as? Int == 2, "\(resubmitted)")
            #expect((resubmitted["revisions"] as? [[String: Any]])?.count == 2)
            _ = try await world.client.send(
                .POST, "\(path)/decision", token: office2,
                json: ["verdict": "approve", "comment": "同意", "conditions": "两人在场"])
            let approved = try await world.client.send(
                .POST, "\(path)/decision", token: leader, json: ["verdict": "approve"]
            ).json()
            #expect(approved["state"] as? String == "approved")
            let steps = try #require(approved["steps"] as? [[String: Any]])
            #expect(steps.compactMap { $0["round"] as? Int } == [1, 1, 2, 2])
            #expect(steps.contains { $0["conditions"] as? String == "两人在场" })
            let page = try await world.client.send(.GET, "/requests/\(id)", cookies: ["baomi_session": world.office])
            #expect(page.body.contains("历次提交") && page.body.contains("退回修改") && page.body.contains("两人在场"))
        }
    }

    @Test(
        "A2 a step resolves only to approvers cleared for it; an uncleared holder of the role neither finds nor decides it"
    )
    func approversAreCleared() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let office2 = try await world.clearedAccount("bmb2", roles: ["securityOffice"])
            // 一般 post: cleared for 秘密, not for the 机密 copies of the batch.
            let uncleared = try await world.clearedAccount("leader1", roles: ["leader"], postClass: "general")
            func batch() async throws -> [String: Any] {
                let created = try await world.client.send(
                    .POST, "/api/v1/requests", token: world.office,
                    json: [
                        "kind": "destroy", "copyIDs": try await storedCopies(world, count: 2), "reason": "期满销毁",
                        "payload": ["method": "inHouse", "equipment": "碎纸机"],
                    ])
                #expect(created.status == .created, "\(created.body)")
                return try created.json()
            }
            // The only leader is not cleared for 机密: the leader's step goes to its escalation, the office (A6).
            let escalated = try #require(try await batch()["steps"] as? [[String: Any]])
            #expect((escalated.last?["title"] as? String)?.contains("转保密办") == true, "\(escalated)")
            let leader = try await world.clearedAccount("leader2", roles: ["leader"], postClass: "important")
            let id = try #require(try await batch()["id"] as? String)
            let first = try await world.client.send(
                .POST, "/api/v1/requests/\(id)/decision", token: office2, json: ["verdict": "approve"])
            #expect(first.status == .ok, "\(first.body)")
            func inbox(_ token: String) async throws -> [String] {
                let listed = try await world.client.send(.GET, "/api/v1/inbox?limit=10", token: token)
                let entries = try JSONSerialization.jsonObject(with: Data(listed.body.utf8)) as? [[String: Any]]
                return (entries ?? []).compactMap { $0["requestID"] as? String ?? $0["id"] as? String }
            }
            #expect(try await inbox(uncleared).isEmpty)
            #expect(try await inbox(leader) == [id])
            let barred = try await world.client.send(
                .POST, "/api/v1/requests/\(id)/decision", token: uncleared, json: ["verdict": "approve"])
            // Not cleared for it, they are not told it exists (principle 11).
            #expect(barred.status == .notFound, "\(barred.body)")
            let approved = try await world.client.send(
                .POST, "/api/v1/requests/\(id)/decision", token: leader, json: ["verdict": "approve"]
            ).json()
            #expect(approved["state"] as? String == "approved")
        }
    }

    @Test(
        "A6 a stand-in sees the delegator's steps in the inbox, with the count in the navigation, and decides for them")
    func standInThroughInbox() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let leader = try await world.clearedAccount("leader", roles: ["leader"])
            let office2 = try await world.clearedAccount("bmb2", roles: ["securityOffice"])
            let deputy = try await world.clearedAccount("deputy", roles: ["staff"])
            // The app's clock, not the wall clock: a delegation runs by the organisation's calendar.
            let today = ClearanceRepository.today(test.clock())
            let named = try await world.client.send(
                .POST, "/api/v1/delegations", token: leader,
                json: ["standIn": "deputy", "startsOn": today, "endsOn": SecrecyPeriod.day(today, plus: 7)])
            #expect(named.status == .created)
            let id = try await destructionBatch(world)
            #expect(
                try await world.client.send(
                    .POST, "/api/v1/requests/\(id)/decision", token: office2, json: ["verdict": "approve"]
                ).status == .ok)
            let inbox = try await world.client.send(.GET, "/api/v1/inbox?limit=10", token: deputy)
            #expect(inbox.status == .ok)
            let items = try #require(try JSONSerialization.jsonObject(with: Data(inbox.body.utf8)) as? [[String: Any]])
            #expect(items.compactMap { $0["requestID"] as? String }.map { $0.lowercased() } == [id.lowercased()])
            let page = try await world.client.send(.GET, "/inbox", cookies: ["baomi_session": deputy])
            #expect(page.body.contains("待办（1）") && page.body.contains("您今天代理"))
            let decided = try await world.client.send(
                .POST, "/api/v1/requests/\(id)/decision", token: deputy, json: ["verdict": "approve", "comment": "同意"]
            ).json()
            #expect(decided["state"] as? String == "approved", "\(decided)")
            let last = try #require((decided["steps"] as? [[String: Any]])?.last)
            #expect((last["onBehalfOf"] as? String)?.contains("leader") == true)
            let empty = try await world.client.send(.GET, "/api/v1/inbox", token: deputy)
            #expect(empty.body.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        }
    }

    @Test("principle 9 the security office sets a chain's new version; nobody else may; the page lists the versions")
    func chainsThroughAPI() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let leader = try await world.clearedAccount("leader", roles: ["leader"])
            let body: [String: Any] = [
                "kind": "destroy", "steps": [["title": "领导直接审批", "approvers": ["role:leader"]]], "note": "简化",
            ]
            #expect(
                try await world.client.send(.POST, "/api/v1/chains", token: leader, json: body).status == .forbidden)
            let unknown = try await world.client.send(
                .POST, "/api/v1/chains", token: world.office,
                json: ["kind": "destroy", "steps": [["title": "x", "approvers": ["role:nobody"]]], "note": "x"])
            #expect(unknown.status == .unprocessableEntity)
            let set = try await world.client.send(.POST, "/api/v1/chains", token: world.office, json: body)
            #expect(set.status == .created)
            #expect(try set.json()["label"] as? String == "destroy/*/2")
            let versions = try await world.client.send(.GET, "/api/v1/chains?kind=destroy", token: world.office)
            let list = try #require(
                try JSONSerialization.jsonObject(with: Data(versions.body.utf8)) as? [[String: Any]])
            #expect(list.compactMap { $0["number"] as? Int } == [2, 1])
            let page = try await world.client.send(
                .GET, "/system/chains?kind=destroy", cookies: ["baomi_session": world.office])
            #expect(page.body.contains("领导直接审批") && page.body.contains("国家默认"))
            // A request submitted now keeps the version.
            let id = try await destructionBatch(world)
            let request = try await world.client.send(.GET, "/api/v1/requests/\(id)", token: world.office).json()
            #expect(request["chainVersion"] as? String == "destroy/*/2")
        }
    }

    @Test("T4 the system administrator names a department's head and leader in charge; a leader in charge is a leader")
    func departmentLeaders() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let boss = try #require(
                try await world.client.send(
                    .POST, "/api/v1/people", token: world.sysadmin,
                    json: ["name": "赵所长", "employeeNumber": "L001", "departmentID": world.department, "isLeader": true]
                ).json()["id"] as? String)
            let path = "/api/v1/org-units/\(world.department)/leaders"
            let notLeader = try await world.client.send(
                .PUT, path, token: world.sysadmin, json: ["leaderInChargeID": world.person])
            #expect(notLeader.status == .unprocessableEntity)
            #expect(
                try await world.client.send(.PUT, path, token: world.office, json: ["leaderInChargeID": boss]).status
                    == .forbidden)
            let unit = try await world.client.send(
                .PUT, path, token: world.sysadmin, json: ["headID": world.person, "leaderInChargeID": boss]
            ).json()
            #expect((unit["leaderInChargeID"] as? String)?.lowercased() == boss.lowercased())
            let page = try await world.client.send(
                .GET, "/org/units/\(world.department)", cookies: ["baomi_session": world.sysadmin])
            #expect(page.body.contains("赵所长"))
        }
    }
}
