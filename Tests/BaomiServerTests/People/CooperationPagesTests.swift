import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

@Suite("Cooperation contracts through the API and pages (T23)", .serialized)
struct CooperationPagesTests {
    func body(_ world: CarrierWorld, startsOn: String, coverage: String, signedOn: Any = NSNull()) -> [String: Any] {
        [
            "partnerName": "某某电子有限公司", "partnerCreditCode": "91110108MA01ABCD2X", "subject": "某型设备联合研制",
            "level": "secret", "startsOn": startsOn, "endsOn": "2099-12-31", "departmentID": world.department,
            "coverage": coverage, "agreementSignedOn": signedOn, "clauseReference": NSNull(),
        ]
    }

    @Test("T23 the API records, lists and changes contracts; bad input is problem+json citing T23; staff are refused")
    func throughAPI() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let today = ClearanceRepository.today(test.clock())
            let created = try await client.send(
                .POST, "/api/v1/cooperation-contracts", token: world.office,
                json: body(world, startsOn: "2099-01-01", coverage: "none"))
            #expect(created.status == .created, "\(created.body)")
            let id = try #require(try created.json()["id"] as? String)
            #expect(try created.json()["uncovered"] as? Bool == false)
            // Started without coverage: 422 problem+json with T23 in both languages, nothing changed.
            let refused = try await client.send(
                .PUT, "/api/v1/cooperation-contracts/\(id)", token: world.office,
                json: body(world, startsOn: today, coverage: "none"))
            #expect(refused.status == .unprocessableEntity && refused.isProblem)
            #expect(try refused.json()["rule"] as? String == "T23")
            #expect(try (refused.json()["zh"] as? String)?.contains("保密协议") == true)
            #expect(try (refused.json()["en"] as? String)?.isEmpty == false)
            // A coverage the schema does not know: 400 before the handler.
            let unknown = try await client.send(
                .POST, "/api/v1/cooperation-contracts", token: world.office,
                json: body(world, startsOn: today, coverage: "maybe"))
            #expect(unknown.status == .badRequest && unknown.isProblem)
            let signed = try await client.send(
                .PUT, "/api/v1/cooperation-contracts/\(id)", token: world.office,
                json: body(world, startsOn: today, coverage: "agreement", signedOn: today))
            #expect(signed.status == .ok, "\(signed.body)")
            let fetched = try await client.send(.GET, "/api/v1/cooperation-contracts/\(id)", token: world.office)
            #expect(try fetched.json()["agreementSignedOn"] as? String == today)
            let list = try await client.send(.GET, "/api/v1/cooperation-contracts", token: world.office)
            #expect(try list.jsonArray().count == 1)
            let staff = try await world.clearedAccount("coopstaff", roles: ["staff"])
            let forbidden = try await client.send(
                .POST, "/api/v1/cooperation-contracts", token: staff,
                json: body(world, startsOn: "2099-01-01", coverage: "none"))
            #expect(forbidden.status == .forbidden)
        }
    }

    @Test("T23 the register page lists contracts and exports them; the form redisplays with errors and saves")
    func throughPages() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let cookies = ["baomi_session": world.office]
            let today = ClearanceRepository.today(test.clock())
            let form = try await client.send(.GET, "/agreements/cooperation/new", cookies: cookies)
            #expect(form.status == .ok && form.body.contains("保密约定方式"))
            let csrf = try #require(csrfToken(in: form.body))
            let fields: [(String, String)] = [
                ("csrf", csrf), ("partnerName", "甲公司"), ("subject", "联合研制"), ("level", "secret"),
                ("startsOn", today), ("endsOn", "2099-12-31"), ("departmentID", world.department),
            ]
            let bad = try await client.send(
                .POST, "/agreements/cooperation", form: fields + [("coverage", "none")], cookies: cookies)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("form-errors") && bad.body.contains("T23") && bad.body.contains("甲公司"))
            let saved = try await client.send(
                .POST, "/agreements/cooperation", form: fields + [("coverage", "clause"), ("clauseReference", "第十二条")],
                cookies: cookies)
            #expect(saved.status == .seeOther)
            let register = try await client.send(.GET, "/agreements/cooperation", cookies: cookies)
            #expect(register.status == .ok && register.body.contains("甲公司") && register.body.contains("第十二条"))
            let csv = try await client.send(.GET, "/agreements/cooperation/export.csv", cookies: cookies)
            #expect(csv.status == .ok && csv.body.contains("甲公司"))
            let ledger = try await client.send(.GET, "/agreements/ledger", cookies: cookies)
            // The menu entry sits next to 保密协议台账 (which, on PostgreSQL, once failed decoding SUM as NUMERIC).
            #expect(ledger.status == .ok && ledger.body.contains("/agreements/cooperation"))
        }
    }
}
