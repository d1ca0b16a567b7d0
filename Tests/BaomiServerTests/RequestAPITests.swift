import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

@Suite("Requests, inventories and registers through the API (C5, C6, C8, A6)", .serialized)
struct RequestAPITests {
    /// Registers a carrier with stored copies and returns the copies' ids.
    func storedCopies(_ world: CarrierWorld, count: Int, level: String = "secret") async throws -> [String] {
        var body = world.carrierBody(level: level, copies: count)
        body["copyingAllowed"] = true
        let carrier = try await world.client.send(.POST, "/api/v1/carriers", token: world.office, json: body).json()
        let copies = try #require(carrier["copies"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        for copy in copies {
            let placed = try await world.client.send(
                .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
                json: ["action": "place", "placeID": world.safe])
            #expect(placed.status == .ok)
        }
        return copies
    }

    @Test(
        "C8 A6 a destruction batch through the API: approvals by others, two supervisors, then the destruction register"
    )
    func destructionThroughAPI() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let copies = try await storedCopies(world, count: 2)
            let leader = try await world.clearedAccount("leader", roles: ["leader"])
            let office2 = try await world.clearedAccount("bmb2", roles: ["securityOffice"])
            let batch = try await world.client.send(
                .POST, "/api/v1/requests", token: world.office,
                json: [
                    "kind": "destroy", "copyIDs": copies, "reason": "期满销毁",
                    "payload": [
                        "method": "facility", "transportPeople": ["张押运"], "vehicle": "京A12345",
                        "destructionPlace": "销毁中心",
                    ],
                ])
            #expect(batch.status == .created)
            let id = try #require(try batch.json()["id"] as? String)
            let own = try await world.client.send(
                .POST, "/api/v1/requests/\(id)/decision", token: world.office, json: ["verdict": "approve"])
            #expect(own.status == .unprocessableEntity)
            #expect(try own.json()["rule"] as? String == "A6")
            #expect(
                try await world.client.send(
                    .POST, "/api/v1/requests/\(id)/decision", token: office2, json: ["verdict": "approve"]
                ).status == .ok)
            let approved = try await world.client.send(
                .POST, "/api/v1/requests/\(id)/decision", token: leader, json: ["verdict": "approve"]
            ).json()
            #expect(approved["state"] as? String == "approved")
            #expect(
                try await world.client.send(.POST, "/api/v1/requests/\(id)/destruction-confirmations", token: office2)
                    .status == .ok)
            let twice = try await world.client.send(
                .POST, "/api/v1/requests/\(id)/destruction-confirmations", token: office2)
            #expect(twice.status == .conflict)
            #expect(try twice.json()["rule"] as? String == "C8")
            let done = try await world.client.send(
                .POST, "/api/v1/requests/\(id)/destruction-confirmations", token: leader
            ).json()
            #expect(done["state"] as? String == "done")
            let register = try await world.client.send(.GET, "/api/v1/registers/destruction", token: world.office)
                .json()
            #expect((register["rows"] as? [[String]])?.count == 2)
            let certificate = try await world.client.send(
                .GET, "/requests/\(id)/certificate", cookies: ["baomi_session": world.office])
            #expect(certificate.body.contains("涉密载体销毁证明"))
            #expect(certificate.body.contains("bmb2"))
        }
    }

    @Test("C5.2 copying through the API continues the series; C6 an inventory finds the missing and the unexpected")
    func copyingAndInventory() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let copies = try await storedCopies(world, count: 2)
            let leader = try await world.clearedAccount("leader", roles: ["leader"])
            let request = try await world.client.send(
                .POST, "/api/v1/requests", token: world.office,
                json: ["kind": "reproduce", "copyIDs": [copies[0]], "reason": "评审会", "payload": ["count": 1]])
            let id = try #require(try request.json()["id"] as? String)
            let done = try await world.client.send(
                .POST, "/api/v1/requests/\(id)/decision", token: leader, json: ["verdict": "approve", "comment": "同意"]
            ).json()
            #expect(done["state"] as? String == "done")
            let reproduction = try await world.client.send(.GET, "/api/v1/registers/reproduction", token: world.office)
                .json()
            #expect((reproduction["rows"] as? [[String]])?.first?[4] == "3")
            let opened = try await world.client.send(
                .POST, "/api/v1/inventories", token: world.office, json: ["name": "2026 年度清查", "placeID": world.safe])
            #expect(opened.status == .created)
            let inventoryID = try #require(try opened.json()["id"] as? String)
            #expect(try opened.json()["expected"] as? Int == 2)
            let number = try #require(
                (try await world.client.send(.GET, "/api/v1/carriers", token: world.office).json()["rows"]
                    as? [[String: Any]])?.first?["number"] as? String)
            let ticked = try await world.client.send(
                .POST, "/api/v1/inventories/\(inventoryID)/found", token: world.office,
                json: ["codes": ["\(number)/1", "1999-001/7"]]
            ).json()
            #expect(ticked["missing"] as? [String] == ["\(number)/2"])
            #expect(ticked["unexpected"] as? [String] == ["1999-001/7"])
        }
    }

    @Test("C6 A2 an inventory lists only what its taker is cleared for; others see theirs, other departments 404")
    func inventoryByClearance() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            _ = try await storedCopies(world, count: 2, level: "secret")
            _ = try await storedCopies(world, count: 1, level: "topSecret")
            let important = try await world.clearedAccount("bmy", roles: ["secrecyOfficer"], postClass: "important")
            let opened = try await world.client.send(
                .POST, "/api/v1/inventories", token: important, json: ["name": "技术部清查", "placeID": world.safe])
            #expect(opened.status == .created)
            // The 绝密 copy is not in a 重要 officer's inventory at all: not listed, not counted.
            #expect(try opened.json()["expected"] as? Int == 2)
            let inventoryID = try #require(try opened.json()["id"] as? String)
            let full = try await world.client.send(
                .POST, "/api/v1/inventories", token: world.office, json: ["name": "全面清查", "placeID": world.safe])
            let fullID = try #require(try full.json()["id"] as? String)
            #expect(try full.json()["expected"] as? Int == 3)
            // The same 重要 officer sees the office's inventory without the 绝密 copy, and cannot tick it off.
            let seen = try await world.client.send(.GET, "/api/v1/inventories/\(fullID)", token: important).json()
            #expect(seen["expected"] as? Int == 2)
            let topSecretNumber = try #require(
                (try await world.client.send(.GET, "/api/v1/carriers?level=topSecret", token: world.office)
                    .json()["rows"] as? [[String: Any]])?.first?["number"] as? String)
            let ticked = try await world.client.send(
                .POST, "/api/v1/inventories/\(fullID)/found", token: important,
                json: ["codes": ["\(topSecretNumber)/1"]]
            ).json()
            #expect(ticked["unexpected"] as? [String] == ["\(topSecretNumber)/1"])
            let asOffice = try await world.client.send(.GET, "/api/v1/inventories/\(fullID)", token: world.office)
                .json()
            #expect((asOffice["missing"] as? [String])?.contains("\(topSecretNumber)/1") == true)
            // The list and the page say the same.
            let list = try await world.client.send(.GET, "/api/v1/inventories", token: important).jsonArray()
            #expect(list.compactMap { $0["expected"] as? Int }.sorted() == [2, 2])
            let page = try await world.client.send(.GET, "/carriers/inventories/\(fullID)", token: important)
            #expect(page.status == .ok)
            #expect(page.body.contains("全部应有（2）"))
            #expect(!page.body.contains(">\(topSecretNumber)/1</a>"))
            // An officer of another department does not see the inventory exist.
            let units = try await world.client.send(.GET, "/api/v1/org-units", token: world.sysadmin).jsonArray()
            let root = try #require(units.first { $0["kind"] as? String == "unit" }?["id"] as? String)
            let other = try await world.client.send(
                .POST, "/api/v1/org-units", token: world.sysadmin,
                json: ["name": "试验部", "code": "D-TEST", "kind": "department", "parentID": root]
            ).json()
            let otherDepartment = try #require(other["id"] as? String)
            let stranger = try await world.clearedAccount(
                "bmy2", roles: ["secrecyOfficer"], postClass: "core", department: otherDepartment)
            let hidden = try await world.client.send(.GET, "/api/v1/inventories/\(inventoryID)", token: stranger)
            #expect(hidden.status == .notFound)
            let none = try await world.client.send(.GET, "/api/v1/inventories", token: stranger).jsonArray()
            #expect(none.isEmpty)
        }
    }
}
