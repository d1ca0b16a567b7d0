import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

@Suite("Departures through the API and pages (T22, T12, T11, A7)", .serialized)
struct DepartureAPITests {
    @Test(
        "T22 a departure through the API is refused while the leaver holds a copy, lists it, completes after the return; T12 both letters name the leaver; A7 the departed is refused a borrowing and listed in 脱密期"
    )
    func departureThroughAPI() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            // The leaver: a core post in the security office, who registers a carrier and so holds its copies.
            let leaver = try #require(
                try await client.send(
                    .POST, "/api/v1/people", token: world.sysadmin,
                    json: ["name": "周离职", "employeeNumber": "E777", "departmentID": world.department]
                ).json()["id"] as? String)
            try await CarrierWorld.clear(leaver, "core", client: client, secadmin: world.secadmin)
            let leaverToken = try await client.account(
                "zlz", roles: ["securityOffice"], sysadmin: world.sysadmin, secadmin: world.secadmin,
                personID: leaver)
            var body = world.carrierBody(copies: 1)
            body["classifierID"] = world.person
            let carrier = try await client.send(.POST, "/api/v1/carriers", token: leaverToken, json: body).json()
            let copy = try #require((carrier["copies"] as? [[String: Any]])?.first?["id"] as? String)
            let hr = try await world.clearedAccount("hrdept", roles: ["personnel"])

            // Setting the person departed any other way is refused, citing T22 (principle: one way).
            let edit = try await client.send(
                .PUT, "/api/v1/people/\(leaver)", token: world.sysadmin,
                json: [
                    "name": "周离职", "employeeNumber": "E777", "departmentID": world.department, "post": "",
                    "isLeader": false, "status": "departed",
                ])
            #expect(edit.status == .unprocessableEntity, "\(edit.body)")
            #expect(try edit.json()["rule"] as? String == "T22")

            let submitted = try await client.send(
                .POST, "/api/v1/requests", token: hr,
                json: [
                    "kind": "departure", "copyIDs": [String](), "reason": "个人原因辞职",
                    "payload": [
                        "personID": leaver, "departureKind": "resign", "lastWorkingDay": "2026-12-31",
                        "newEmployer": "某科技有限公司",
                    ],
                ])
            #expect(submitted.status == .created)
            let id = try #require(try submitted.json()["id"] as? String)
            let departure = try await client.send(.GET, "/api/v1/departures/\(id)", token: hr).json()
            let holdings = try #require(departure["holdings"] as? [[String: Any]])
            let unnamed = departure["unnamedHoldings"] as? Int ?? 0
            #expect(holdings.count + unnamed == 1)
            // Department head (none: escalated), HR (the hr account cannot: it submitted; escalated), office.
            var last: Client.Reply?
            for _ in 0..<3 {
                last = try await client.send(
                    .POST, "/api/v1/requests/\(id)/decision", token: world.office, json: ["verdict": "approve"])
                if last?.status != .ok { break }
            }
            #expect(last?.status == .conflict || last?.status == .unprocessableEntity)
            #expect(try last?.json()["rule"] as? String == "T22")
            // The page lists it, linked to where it is returned, for the office who may see it (principle 11).
            let page = try await client.send(.GET, "/requests/\(id)", cookies: ["baomi_session": world.office])
            #expect(page.body.contains("待退还"))
            #expect(page.body.contains("/copies/\(copy.lowercased())") || page.body.contains("/copies/\(copy)"))

            // The return, an item signed off, then the completion.
            let placed = try await client.send(
                .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
                json: ["action": "place", "placeID": world.safe])
            #expect(placed.status == .ok)
            let added = try await client.send(
                .POST, "/api/v1/departures/\(id)/items", token: hr,
                json: ["category": "sample", "description": "试验样品 3 件"])
            #expect(added.status == .created)
            let item = try #require((try added.json()["items"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(
                try await client.send(.POST, "/api/v1/departures/\(id)/items/\(item)/sign", token: world.office)
                    .status == .ok)
            let done = try await client.send(
                .POST, "/api/v1/requests/\(id)/decision", token: world.office, json: ["verdict": "approve"])
            #expect(done.status == .ok)
            #expect(try done.json()["state"] as? String == "done")

            // T12: both letters, with the leaver's and the new employer's names; their delivery recorded.
            let reminder = try await client.send(
                .GET, "/departures/\(id)/reminder", cookies: ["baomi_session": hr])
            #expect(reminder.body.contains("离职保密提醒书") && reminder.body.contains("周离职"))
            let separation = try #require(
                try await client.send(.GET, "/api/v1/departures/separation", token: hr).jsonArray().first)
            #expect(separation["personID"] as? String == leaver)
            let until = try #require(separation["until"] as? String)
            #expect(reminder.body.contains(until))
            let notice = try await client.send(.GET, "/departures/\(id)/notice", cookies: ["baomi_session": hr])
            #expect(notice.body.contains("告知函") && notice.body.contains("某科技有限公司"))
            #expect(notice.body.contains("周离职"))
            let delivered = try await client.send(
                .POST, "/api/v1/departures/\(id)/letters", token: hr,
                json: ["letter": "notice", "deliveredOn": "2027-01-04", "method": "post", "deliveredBy": "人事处张三"])
            #expect(delivered.status == .created)
            let twice = try await client.send(
                .POST, "/api/v1/departures/\(id)/letters", token: hr,
                json: ["letter": "notice", "deliveredOn": "2027-01-04", "method": "post", "deliveredBy": "人事处张三"])
            #expect(twice.status == .conflict)
            #expect(try twice.json()["rule"] as? String == "T12")

            // A7: the departed leaver is refused a borrowing; the lists and their CSV name them.
            let borrow = try await client.send(
                .POST, "/api/v1/requests", token: leaverToken,
                json: [
                    "kind": "borrow", "copyIDs": [copy], "reason": "查阅",
                    "payload": ["returnDate": "2027-01-10"],
                ])
            // Barred (A7), they see no carrier at all, so none to borrow (principle 11): the access decision's
            // refusal cites A7 (`DepartureTests`), and nothing is submitted.
            #expect(borrow.status == .notFound, "\(borrow.body)")
            let competing = try await client.send(.GET, "/api/v1/departures/non-compete", token: hr).jsonArray()
            #expect(competing.map { $0["personID"] as? String } == [leaver])
            let csv = try await client.send(
                .GET, "/departures/separation/export.csv", cookies: ["baomi_session": hr])
            #expect(csv.body.contains("周离职") && csv.body.contains(until))
            let list = try await client.send(.GET, "/departures/separation", cookies: ["baomi_session": world.office])
            #expect(list.body.contains("周离职"))
        }
    }
}
