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
            // Looking is audited, not a reading: the reading register keeps hand-overs, readings in place and
            // takings (C4, T2); the office sees it, the reader does not.
            let readings = try await client.send(
                .GET, "/api/v1/carriers/\(confidentialID)/readings", token: world.office
            ).jsonArray()
            #expect(readings.isEmpty)
            #expect(
                try await client.send(.GET, "/api/v1/carriers/\(confidentialID)/readings", token: token).status
                    == .forbidden)
            // Raised to 重要, the same person sees the 机密 carrier (A2).
            try await CarrierWorld.clear(person, "important", client: client, secadmin: world.secadmin)
            #expect(try await client.send(.GET, "/api/v1/carriers/\(secretID)", token: token).status == .ok)
        }
    }

    @Test(
        "A3 outside the distribution scope: 403 saying what would allow it, without naming the carrier (principle 11)")
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
            #expect(!refused.body.contains(number))
            #expect(!refused.body.contains(world.carrierBody()["title"] as? String ?? "-"))
            #expect((problem["zh"] as? String)?.contains("须列入其知悉范围") == true)
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
            #expect(bad.status == .badRequest)
            let fields = Set(
                ((try bad.json()["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["postClass", "separationUntil", "compartments[0]", "groups", "reason"])
            let unchanged = try await client.send(
                .GET, "/api/v1/people/\(world.person)/clearance", token: world.secadmin
            ).json()
            #expect(unchanged["postClass"] as? String == "core")
            #expect((unchanged["history"] as? [[String: Any]])?.count == 1)
            let bySysadmin = try await client.send(
                .PUT, "/api/v1/people/\(world.person)/clearance", token: world.sysadmin,
                json: [
                    "postClass": "nonSecret", "compartments": [String](), "groups": [String](),
                    "separationUntil": NSNull(),
                    "reason": "x",
                ])
            #expect(bySysadmin.status == .forbidden)
            // In 脱密期 the office person sees nothing at all (A7).
            let separated = try await client.send(
                .PUT, "/api/v1/people/\(world.person)/clearance", token: world.secadmin,
                json: [
                    "postClass": "nonSecret", "compartments": [String](), "groups": [String](),
                    "separationUntil": "2099-12-31", "reason": "调离涉密岗位",
                ])
            #expect(separated.status == .ok)
            let carrier = try await client.send(
                .POST, "/api/v1/carriers", token: world.office, json: world.carrierBody())
            #expect(carrier.status != .created)
            #expect(try await client.send(.GET, "/api/v1/copies", token: world.office).json()["total"] as? Int == 0)
        }
    }
}

@Suite("Borrowing through the API (A6, C4, L1.6, L1.7, L1.9)", .serialized)
struct BorrowingAPITests {
    @Test("C4 A6 staff borrow within their clearance and scope: officer approves, office hands over, holder returns")
    func borrowThroughAPI() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let (staff, borrower) = try await AccessTests().staff(world)
            let clerk = try #require(
                try await client.send(
                    .POST, "/api/v1/people", token: world.sysadmin,
                    json: ["name": "李保密", "employeeNumber": "E200", "departmentID": world.department]
                ).json()["id"] as? String)
            try await CarrierWorld.clear(clerk, "core", client: client, secadmin: world.secadmin)
            let officer = try await client.account(
                "libm", roles: ["secrecyOfficer"], sysadmin: world.sysadmin, secadmin: world.secadmin, personID: clerk)
            let carrier = try await client.send(
                .POST, "/api/v1/carriers", token: world.office,
                json: world.carrierBody(level: "confidential", copies: 1, title: "秘密级试验大纲")
            ).json()
            let copy = try #require((carrier["copies"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await client.send(
                .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
                json: ["action": "place", "placeID": world.safe])
            let due = SecrecyPeriod.day(ClearanceRepository.today(Date()), plus: 2)
            let social = try await client.send(
                .POST, "/api/v1/requests", token: staff,
                json: [
                    "kind": "carryOut", "copyIDs": [copy], "reason": "聚会",
                    "payload": [
                        "purposeKind": "socialEvent", "destinationCountry": "US", "destination": "某酒店",
                        "returnDate": due,
                    ],
                ])
            #expect(social.status == .unprocessableEntity)
            let rules = Set(
                ((try social.json()["errors"] as? [[String: Any]]) ?? []).compactMap { $0["rule"] as? String })
            #expect(rules == ["L1.6", "L1.7"])
            // Abroad follows from the destination: a tick box is not a field the API takes (L1.7).
            let ticked = try await client.send(
                .POST, "/api/v1/requests", token: staff,
                json: [
                    "kind": "carryOut", "copyIDs": [copy], "reason": "出访",
                    "payload": [
                        "purposeKind": "work", "destinationCountry": "CN", "destinationProvince": "110000",
                        "destination": "美国华盛顿", "returnDate": due, "abroad": false,
                    ],
                ])
            #expect(ticked.status == .badRequest)
            #expect(ticked.body.contains("payload.abroad"))
            let submitted = try await client.send(
                .POST, "/api/v1/requests", token: staff,
                json: [
                    "kind": "borrow", "copyIDs": [copy], "reason": "编写试验报告",
                    "payload": ["placeID": world.safe, "returnDate": due],
                ])
            #expect(submitted.status == .created)
            let id = try #require(try submitted.json()["id"] as? String)
            let twice = try await client.send(
                .POST, "/api/v1/requests", token: world.office,
                json: [
                    "kind": "borrow", "copyIDs": [copy], "reason": "同时借阅",
                    "payload": ["placeID": world.safe, "returnDate": due],
                ])
            #expect(twice.status == .conflict)
            #expect(try twice.json()["rule"] as? String == "C4")
            let approved = try await client.send(
                .POST, "/api/v1/requests/\(id)/decision", token: officer, json: ["verdict": "approve"])
            #expect(try approved.json()["state"] as? String == "approved")
            // The borrower cannot hand it to themself; the keeper does.
            #expect(try await client.send(.POST, "/api/v1/requests/\(id)/issue", token: staff).status == .forbidden)
            #expect(try await client.send(.POST, "/api/v1/requests/\(id)/issue", token: world.office).status == .ok)
            // What the database now says, read back afresh (not the answer of the handler that made the change).
            func readBack() async throws -> (request: [String: Any], copy: [String: Any], loan: [String: Any]?) {
                let request = try await client.send(.GET, "/api/v1/requests/\(id)", token: world.office).json()
                let detail = try await client.send(.GET, "/api/v1/copies/\(copy)", token: world.office).json()
                let loans = try await client.send(.GET, "/api/v1/loans", token: world.office).jsonArray()
                return (
                    request, try #require(detail["copy"] as? [String: Any]),
                    loans.first { $0["requestID"] as? String == id }
                )
            }
            let handedOver = try await readBack()
            #expect(handedOver.request["state"] as? String == "approved")
            #expect(handedOver.copy["state"] as? String == "onLoan")
            #expect(handedOver.copy["holderID"] as? String == borrower)
            #expect(handedOver.copy["placeID"] == nil)
            #expect(handedOver.loan?["issuedAt"] as? String != nil)
            #expect(handedOver.loan?["returnedAt"] == nil)
            let mine = try await client.send(.GET, "/api/v1/loans?mine=1", token: staff).jsonArray()
            #expect(mine.count == 1)
            #expect(mine.first?["overdue"] as? Bool == false)
            #expect(mine.first?["issuedAt"] as? String != nil)
            let office = try await client.send(.GET, "/api/v1/loans?out=1", token: world.office).jsonArray()
            #expect(office.count == 1)
            let notHolder = try await client.send(.POST, "/api/v1/requests/\(id)/return", token: officer)
            #expect(notHolder.status == .unprocessableEntity)
            #expect(try notHolder.json()["rule"] as? String == "C4")
            let returned = try await client.send(.POST, "/api/v1/requests/\(id)/return", token: staff)
            #expect(returned.status == .ok)
            // Handed back, it waits for the keeper's check-in (C4): nobody holds it, it is not yet stored.
            let handedBack = try await readBack()
            #expect(handedBack.request["state"] as? String == "approved")
            #expect(handedBack.copy["state"] as? String == "returning")
            #expect(handedBack.copy["holderID"] == nil)
            #expect(handedBack.loan?["returnedAt"] as? String != nil)
            #expect(handedBack.loan?["checkedInAt"] == nil)
            let checkedIn = try await client.send(
                .POST, "/api/v1/requests/\(id)/check-in", token: world.office, json: ["placeID": NSNull()])
            #expect(checkedIn.status == .ok)
            // Checked in: back in the safe it came from, and the request done.
            let stored = try await readBack()
            #expect(stored.request["state"] as? String == "done")
            #expect(stored.copy["state"] as? String == "stored")
            #expect(stored.copy["placeID"] as? String == world.safe)
            #expect(stored.loan?["checkedInAt"] as? String != nil)
            let register = try await client.send(.GET, "/carriers/registers/borrowing", token: world.office)
            #expect(register.status == .ok)
            #expect(register.body.contains("钱工程师"))
        }
    }
}

@Suite("Every carrier route asks the access decision (A2, DESIGN principle 4)", .serialized)
struct CarrierRouteEnumerationTests {
    @Test(
        "A2 every GET route that takes a carrier or copy id answers the office and hides the carrier from a 一般 reader")
    func everyCarrierRoute() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let title = "机密级枚举专用方案"
            let carrier = try await client.send(
                .POST, "/api/v1/carriers", token: world.office,
                json: world.carrierBody(level: "secret", copies: 1, title: title)
            ).json()
            let carrierID = try #require(carrier["id"] as? String)
            let copyID = try #require((carrier["copies"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await client.send(
                .POST, "/api/v1/copies/\(copyID)/steps", token: world.office,
                json: ["action": "place", "placeID": world.safe])
            let (reader, _) = try await AccessTests().staff(world)
            // Routes whose ids are not carriers or copies.
            let others = [
                "places", "projects", "inventories", "registers", "people", "org", "accounts", "requests", "tasks",
            ]
            let routes = test.app.routes.all.filter { route in
                route.method == .GET && route.path.contains { if case .parameter = $0 { true } else { false } }
                    && route.path.contains { $0.description == "carriers" || $0.description == "copies" }
                    && !route.path.contains { others.contains($0.description) }
            }
            #expect(routes.count >= 6, "\(routes.map(\.description))")
            for route in routes {
                var answeredOffice = false
                for id in [carrierID, copyID] {
                    let path =
                        "/"
                        + route.path.map { component in
                            if case .parameter = component { return id }
                            return component.description
                        }.joined(separator: "/")
                    let office = try await client.send(.GET, path, token: world.office)
                    if office.status == .ok { answeredOffice = true }
                    let hidden = try await client.send(.GET, path, token: reader)
                    #expect(hidden.status == .notFound, "\(path) answered \(hidden.status)")
                    #expect(!hidden.body.contains(title), "\(path) shows the title")
                }
                #expect(answeredOffice, "\(route.path) never answered the office")
            }
            // The borrowing form for it is just as invisible.
            let form = try await client.send(
                .GET, "/requests/new?kind=borrow&carrier=\(carrierID)&copy=\(copyID)", token: reader)
            #expect(form.status == .notFound)
            #expect(!form.body.contains(title))
        }
    }
}
