import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

/// Travel abroad, passports and former staff through the API and the pages (A7, L1.7, T14).
@Suite("Travel abroad through the API and pages (A7, L1.7, T14)", .serialized)
struct TravelAPITests {
    struct World {
        let base: CarrierWorld
        let traveller: String
        let travellerToken: String
        let leader: String
    }

    static func world(_ test: TestApp) async throws -> World {
        let base = try await CarrierWorld.make(test)
        let client = base.client
        let traveller = try #require(
            try await client.send(
                .POST, "/api/v1/people", token: base.sysadmin,
                json: ["name": "周工", "employeeNumber": "E-ZHOU", "departmentID": base.department]
            ).json()["id"] as? String)
        try await CarrierWorld.clear(traveller, "important", client: client, secadmin: base.secadmin)
        let token = try await client.account(
            "zhoug", roles: ["staff"], sysadmin: base.sysadmin, secadmin: base.secadmin, personID: traveller)
        let leader = try await base.clearedAccount("boss", roles: ["leader"])
        return World(base: base, traveller: traveller, travellerToken: token, leader: leader)
    }

    static func today(_ test: TestApp) -> String { ClearanceRepository.today(test.app.baomi.clock()) }

    static func trip(_ test: TestApp, traveller: String) -> [String: Any] {
        [
            "kind": "travelAbroad", "copyIDs": [String](), "reason": "学术交流",
            "payload": [
                "travellerID": traveller, "destinations": ["DE", "FR"], "places": "慕尼黑、巴黎",
                "departureDate": today(test), "returnDate": SecrecyPeriod.day(today(test), plus: 3),
                "purpose": "参加国际学术会议", "contactsAbroad": "会议组委会", "nature": "official",
            ],
        ]
    }

    @Test("A7 L1.7 a trip asked for, approved, briefed; the passport lent only then, debriefed, logged back in")
    func tripThroughTheAPI() async throws {
        try await withTestApp { test in
            let world = try await Self.world(test)
            let client = world.base.client
            let office = world.base.office
            let passport = try await client.send(
                .POST, "/api/v1/travel/documents", token: office,
                json: [
                    "personID": world.traveller, "kind": "passport", "number": "E12345678", "expiresOn": "2035-01-01",
                ])
            #expect(passport.status == .created, "\(passport.body)")
            let passportID = try #require(try passport.json()["id"] as? String)
            // No approved trip: refused, citing A7, and audited.
            let early = try await client.send(.POST, "/api/v1/travel/documents/\(passportID)/log-out", token: office)
            #expect(early.status == .unprocessableEntity && early.isProblem, "\(early.status) \(early.body)")
            #expect(try early.json()["rule"] as? String == "A7")
            // The traveller asks; the security office and the leader approve.
            let submitted = try await client.send(
                .POST, "/api/v1/requests", token: world.travellerToken,
                json: Self.trip(test, traveller: world.traveller))
            #expect(submitted.status == .created, "\(submitted.body)")
            let trip = try #require(try submitted.json()["id"] as? String)
            #expect((try submitted.json()["payload"] as? [String: Any])?["travellerName"] as? String == "周工")
            for token in [office, world.leader] {
                let decided = try await client.send(
                    .POST, "/api/v1/requests/\(trip)/decision", token: token, json: ["verdict": "approve"])
                #expect(decided.status == .ok, "\(decided.body)")
            }
            let briefing = try await client.send(
                .POST, "/api/v1/travel/trips/\(trip)/reports", token: office,
                json: ["kind": "briefing", "heldOn": Self.today(test), "heldBy": "保密办", "notes": "出境保密须知"])
            #expect(briefing.status == .created, "\(briefing.body)")
            let out = try await client.send(.POST, "/api/v1/travel/documents/\(passportID)/log-out", token: office)
            #expect(out.status == .ok, "\(out.body)")
            #expect(try out.json()["out"] as? Bool == true && out.json()["tripID"] as? String == trip)
            // Lent once: a second log-out is a conflict.
            let again = try await client.send(.POST, "/api/v1/travel/documents/\(passportID)/log-out", token: office)
            #expect(again.status == .unprocessableEntity && again.isProblem, "\(again.status) \(again.body)")
            // The 涉密人员台账 shows it lent.
            let ledger = try await client.send(
                .GET, "/reports/secretPostPersonnel/export.csv", cookies: ["baomi_session": office])
            #expect(ledger.body.contains("已借出（应还"), "\(ledger.body)")
            // The traveller sees their trip, another member of staff nothing.
            let mine = try await client.send(.GET, "/api/v1/travel/trips", token: world.travellerToken).jsonArray()
            #expect(mine.map { $0["id"] as? String } == [trip])
            let stranger = try await world.base.clearedAccount("qian", roles: ["staff"])
            #expect(try await client.send(.GET, "/api/v1/travel/trips", token: stranger).jsonArray().isEmpty)
            #expect(try await client.send(.GET, "/api/v1/travel/trips/\(trip)", token: stranger).status == .notFound)
            let debriefed = try await client.send(
                .POST, "/api/v1/travel/trips/\(trip)/reports", token: office,
                json: ["kind": "debriefing", "heldOn": Self.today(test), "heldBy": "保密办"])
            #expect(debriefed.status == .created, "\(debriefed.body)")
            #expect(try debriefed.json()["state"] as? String == "done")
            let back = try await client.send(.POST, "/api/v1/travel/documents/\(passportID)/log-in", token: office)
            #expect(back.status == .ok)
            #expect(try back.json()["out"] as? Bool == false)
            // Passports are the office's: a member of staff may not lend one.
            let staffOut = try await client.send(
                .POST, "/api/v1/travel/documents/\(passportID)/log-out", token: world.travellerToken)
            #expect(staffOut.status == .forbidden && staffOut.isProblem)
        }
    }

    @Test("A7 T14 bad input to the travel API is problem+json naming the field and rule, nothing written")
    func badInput() async throws {
        try await withTestApp { test in
            let world = try await Self.world(test)
            let client = world.base.client
            let office = world.base.office
            // Outside the schema: 400.
            for (path, body) in [
                (
                    "/api/v1/travel/documents",
                    ["personID": world.traveller, "kind": "visa", "number": "X1"] as [String: Any]
                ),
                ("/api/v1/travel/documents", ["personID": world.traveller, "kind": "passport"]),
            ] {
                let reply = try await client.send(.POST, path, token: office, json: body)
                #expect(reply.status == .badRequest && reply.isProblem, "\(reply.body)")
            }
            // The days out of range: refused on the field, citing A7.
            let policy = try await client.send(
                .PUT, "/api/v1/travel/policy", token: office, json: ["debriefingDays": 0])
            #expect(policy.status == .unprocessableEntity && policy.isProblem, "\(policy.status) \(policy.body)")
            var abroadAtHome = Self.trip(test, traveller: world.traveller)
            abroadAtHome["payload"] = ["travellerID": world.traveller, "destinations": ["CN"]]
            let home = try await client.send(.POST, "/api/v1/requests", token: world.travellerToken, json: abroadAtHome)
            #expect(home.status == .badRequest && home.isProblem, "\(home.body)")
            // Inside the schema, against the rules: 422 with the rule.
            var backward = Self.trip(test, traveller: world.traveller)
            var payload = try #require(backward["payload"] as? [String: Any])
            payload["returnDate"] = SecrecyPeriod.day(Self.today(test), plus: -2)
            backward["payload"] = payload
            let refused = try await client.send(.POST, "/api/v1/requests", token: world.travellerToken, json: backward)
            #expect(refused.status == .unprocessableEntity && refused.isProblem, "\(refused.body)")
            #expect(try refused.json()["rule"] as? String == "A7")
            let notLeft = try await client.send(
                .POST, "/api/v1/requests", token: office,
                json: [
                    "kind": "formerStaffUse", "copyIDs": [String](), "reason": "来函",
                    "payload": [
                        "personID": world.traveller, "newWork": "新产品", "secretsConcerned": "工艺", "consent": false,
                    ],
                ])
            #expect(notLeft.status == .unprocessableEntity && notLeft.isProblem)
            #expect(try notLeft.json()["rule"] as? String == "T14")
            let duplicate = ["personID": world.traveller, "kind": "passport", "number": "E1"]
            #expect(
                try await client.send(.POST, "/api/v1/travel/documents", token: office, json: duplicate).status
                    == .created)
            let twice = try await client.send(.POST, "/api/v1/travel/documents", token: office, json: duplicate)
            #expect(twice.status == .unprocessableEntity && twice.isProblem)
            #expect(try await client.send(.GET, "/api/v1/travel/documents", token: office).jsonArray().count == 1)
            #expect(
                try await client.send(.GET, "/api/v1/requests?kind=travelAbroad", token: office).jsonArray().isEmpty)
        }
    }

    @Test(
        "A7 T14 the pages: trips with the A7 hint, the trip form redisplayed on bad input, the register for the office")
    func pages() async throws {
        try await withTestApp { test in
            let world = try await Self.world(test)
            let client = world.base.client
            let cookies = ["baomi_session": world.travellerToken]
            let trips = try await client.send(.GET, "/travel/trips", cookies: cookies)
            #expect(trips.status == .ok && trips.body.contains("出境须经审批 (A7)"), "\(trips.body)")
            let form = try await client.send(.GET, "/travel/trips/new", cookies: cookies)
            let csrf = try #require(csrfToken(in: form.body))
            let bad = try await client.send(
                .POST, "/travel/trips/new",
                form: [("csrf", csrf), ("travellerID", world.traveller), ("destination1", ""), ("reason", "交流")],
                cookies: cookies)
            #expect(bad.status == .unprocessableEntity && bad.body.contains("请选择前往的国家或地区"))
            let good = try await client.send(
                .POST, "/travel/trips/new",
                form: [
                    ("csrf", csrf), ("travellerID", world.traveller), ("destination1", "HK"),
                    ("departureDate", Self.today(test)), ("returnDate", Self.today(test)), ("nature", "private"),
                    ("purpose", "探亲"), ("reason", "探亲"),
                ], cookies: cookies)
            #expect(good.status == .seeOther, "\(good.status) \(good.body)")
            let detail = try await client.send(.GET, good.headers.first(name: .location) ?? "", cookies: cookies)
            #expect(detail.status == .ok && detail.body.contains("中国香港"))
            #expect(try await client.send(.GET, "/travel/documents", cookies: cookies).status == .forbidden)
            let office = ["baomi_session": world.base.office]
            #expect(try await client.send(.GET, "/travel/documents", cookies: office).status == .ok)
            let staffPage = try await client.send(.GET, "/travel/former-staff", cookies: office)
            #expect(staffPage.status == .ok && staffPage.body.contains("T14"))
        }
    }
}
