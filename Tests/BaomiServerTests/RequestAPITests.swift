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
            #expect(twice.status == .unprocessableEntity)
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
}
