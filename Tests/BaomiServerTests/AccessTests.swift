import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

@Suite("Who may see what through the API (A2, A3, A4, C4)", .serialized)
struct AccessTests {
    /// A member of staff in the technical department with a 一般 (general) secret post.
    func staff(_ world: CarrierWorld, postClass: String = "general") async throws -> (token: String, person: String) {
        let person = try #require(
            try await world.client.send(
                .POST, "/api/v1/people", token: world.sysadmin,
                json: ["name": "钱工程师", "employeeNumber": "E100", "departmentID": world.department]
            ).json()["id"] as? String)
        try await CarrierWorld.clear(person, postClass, client: world.client, secadmin: world.secadmin)
        let token = try await world.client.account(
            "qiangc", roles: ["staff"], sysadmin: world.sysadmin, secadmin: world.secadmin, personID: person)
        return (token, person)
    }

    @Test("A2 a carrier above the clearance is invisible: absent from the ledger, search and export, and 404 directly")
    func aboveClearanceIsInvisible() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let secret = try await client.send(
                .POST, "/api/v1/carriers", token: world.office,
                json: world.carrierBody(level: "secret", copies: 2, title: "机密级总体方案")
            ).json()
            let confidential = try await client.send(
                .POST, "/api/v1/carriers", token: world.office,
                json: world.carrierBody(level: "confidential", copies: 1, title: "秘密级试验报告")
            ).json()
            let secretID = try #require(secret["id"] as? String)
            let confidentialID = try #require(confidential["id"] as? String)
            let (token, person) = try await staff(world)
            let ledger = try await client.send(.GET, "/api/v1/copies", token: token).json()
            #expect(ledger["total"] as? Int == 1)
            let carriers = try await client.send(.GET, "/api/v1/carriers", token: token).json()
            #expect(carriers["total"] as? Int == 1)
            let search = try await client.send(.GET, "/api/v1/copies?q=总体方案", token: token).json()
            #expect(search["total"] as? Int == 0)
            let export = try await client.send(.GET, "/carriers/export.csv", token: token)
            #expect(export.status == .ok)
            #expect(export.body.contains("秘密级试验报告"))
            #expect(!export.body.contains("机密级总体方案"))
            let direct = try await client.send(.GET, "/api/v1/carriers/\(secretID)", token: token)
            #expect(direct.status == .notFound)
            #expect(!direct.body.contains("机密级总体方案"))
            let copyID = try #require((secret["copies"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await client.send(.GET, "/api/v1/copies/\(copyID)", token: token).status == .notFound)
            #expect(try await client.send(.GET, "/api/v1/carriers/\(confidentialID)", token: token).status == .ok)
            // The reading register names who looked (C4); the office sees it, the reader does not.
            let readings = try await client.send(
                .GET, "/api/v1/carriers/\(confidentialID)/readings", token: world.office
            ).jsonArray()
            #expect(
                readings.contains {
                    $0["personID"] as? String == person.lowercased() || $0["personID"] as? String == person
                })
            #expect(
                try await client.send(.GET, "/api/v1/carriers/\(confidentialID)/readings", token: token).status
                    == .forbidden)
            // Raised to 重要, the same person sees the 机密 carrier (A2).
            try await CarrierWorld.clear(person, "important", client: client, secadmin: world.secadmin)
            #expect(try await client.send(.GET, "/api/v1/carriers/\(secretID)", token: token).status == .ok)
        }
    }

    @Test("A3 outside the distribution scope: 403 naming the carrier and what would allow it; A2 the refusal explains")
    func outsideScopeExplains() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            var body = world.carrierBody(level: "confidential", copies: 1)
            body["scopeDepartments"] = []
            body["scopePeople"] = [world.person]
            let carrier = try await client.send(.POST, "/api/v1/carriers", token: world.office, json: body).json()
            let carrierID = try #require(carrier["id"] as? String)
            let number = try #require(carrier["number"] as? String)
            let (token, _) = try await staff(world)
            let refused = try await client.send(.GET, "/api/v1/carriers/\(carrierID)", token: token)
            #expect(refused.status == .forbidden)
            let problem = try refused.json()
            #expect(problem["rule"] as? String == "A3")
            #expect((problem["zh"] as? String)?.contains(number) == true)
            #expect((problem["en"] as? String)?.contains("distribution scope") == true)
            #expect(try await client.send(.GET, "/api/v1/copies", token: token).json()["total"] as? Int == 0)
        }
    }

    @Test("A2 A7 clearances: bad input is refused field by field and writes nothing; only the security administrator")
    func clearanceInput() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let bad = try await client.send(
                .PUT, "/api/v1/people/\(world.person)/clearance", token: world.secadmin,
                json: ["postClass": "chief", "separationUntil": "next year", "compartments": ["x"]])
            #expect(bad.status == .unprocessableEntity)
            let fields = Set(
                ((try bad.json()["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["postClass", "separationUntil", "compartments", "reason"])
            let unchanged = try await client.send(
                .GET, "/api/v1/people/\(world.person)/clearance", token: world.secadmin
            ).json()
            #expect(unchanged["postClass"] as? String == "core")
            #expect((unchanged["history"] as? [[String: Any]])?.count == 1)
            let bySysadmin = try await client.send(
                .PUT, "/api/v1/people/\(world.person)/clearance", token: world.sysadmin,
                json: ["postClass": "nonSecret", "reason": "x"])
            #expect(bySysadmin.status == .forbidden)
            // In 脱密期 the office person sees nothing at all (A7).
            let separated = try await client.send(
                .PUT, "/api/v1/people/\(world.person)/clearance", token: world.secadmin,
                json: ["postClass": "nonSecret", "separationUntil": "2099-12-31", "reason": "调离涉密岗位"])
            #expect(separated.status == .ok)
            let carrier = try await client.send(
                .POST, "/api/v1/carriers", token: world.office, json: world.carrierBody())
            #expect(carrier.status != .created)
            #expect(try await client.send(.GET, "/api/v1/copies", token: world.office).json()["total"] as? Int == 0)
        }
    }
}
