import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor

@testable import BaomiServer

/// The page and the API register under the same rules as the import and the demo (A2, T5.1, C1.1, C2, C9).
@Suite("One set of rules through the API and the page (A2, T5.1, C1.1, C2, C9)", .serialized)
struct RegistrationRulesAPITests {
    private func errors(_ response: Client.Reply) throws -> [(field: String, zh: String)] {
        (try response.json()["errors"] as? [[String: Any]] ?? []).map {
            ($0["field"] as? String ?? "", $0["zh"] as? String ?? "")
        }
    }

    @Test("C1.1 C9 T5.1 a made carrier without a period, a period of 2026-02-30 or a 定密日期 to come is refused, named")
    func periodsAndDates() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            for period in ["", "unmarked", "未标明"] {
                var body = world.carrierBody()
                body["period"] = period
                let refused = try await world.client.send(.POST, "/api/v1/carriers", token: world.office, json: body)
                #expect(refused.status == .unprocessableEntity, "period \(period)")
                #expect(try errors(refused).map(\.field) == ["period"])
                #expect(try refused.json()["rule"] as? String == "C1.1")
            }
            var impossible = world.carrierBody()
            impossible["period"] = "2026-02-30"
            let refused = try await world.client.send(.POST, "/api/v1/carriers", token: world.office, json: impossible)
            #expect(refused.status == .unprocessableEntity)
            #expect(try errors(refused).first?.zh == "「保密期限」2026-02-30 不是存在的日期")
            var future = world.carrierBody()
            future["classifiedOn"] = "2999-01-01"
            let later = try await world.client.send(.POST, "/api/v1/carriers", token: world.office, json: future)
            #expect(later.status == .unprocessableEntity)
            #expect(try errors(later).map(\.field) == ["classifiedOn"])
            // a received carrier whose originator marked no period takes the maximum, shown as such (C9)
            var received = world.carrierBody()
            received["source"] = "received"
            received["period"] = NSNull()
            received["classifierID"] = NSNull()
            received["originatingAuthority"] = "上级主管部门"
            let registered = try await world.client.send(.POST, "/api/v1/carriers", token: world.office, json: received)
            #expect(registered.status == .created)
            #expect(try registered.json()["marking"] as? String == "机密★20年（未标明）")
            #expect(try await CarrierModel.query(on: test.app.db).count() == 1)
        }
    }

    @Test("C2 a repeated 文号 is refused (422) unless the body gives duplicateDocumentNumberReason, which is audited")
    func duplicateThroughTheAPI() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            var body = world.carrierBody()
            body["documentNumber"] = "技字〔2026〕17号"
            #expect(
                try await world.client.send(.POST, "/api/v1/carriers", token: world.office, json: body).status
                    == .created)
            let refused = try await world.client.send(.POST, "/api/v1/carriers", token: world.office, json: body)
            #expect(refused.status == .unprocessableEntity)
            #expect(try refused.json()["rule"] as? String == "C2")
            #expect(try errors(refused).map(\.field) == ["documentNumber"])
            body["duplicateDocumentNumberReason"] = " "
            let blank = try await world.client.send(.POST, "/api/v1/carriers", token: world.office, json: body)
            #expect(blank.status == .unprocessableEntity)
            #expect(try errors(blank).map(\.field) == ["duplicateDocumentNumberReason"])
            body["duplicateDocumentNumberReason"] = "同一文件第二次来文"
            let confirmed = try await world.client.send(.POST, "/api/v1/carriers", token: world.office, json: body)
            #expect(confirmed.status == .created)
            let details = try await test.app.db.sql.raw(
                "SELECT details FROM audit_records WHERE action = 'carrier.register' AND outcome = 'success'"
            ).all().map { try $0.decode(column: "details", as: String.self) }
            #expect(details.filter { $0.contains("同一文件第二次来文") }.count == 1)
        }
    }

    @Test("C2 the page asks for a tick and a reason to register a repeated 文号, and keeps the input")
    func duplicateThroughThePage() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            var body = world.carrierBody()
            body["documentNumber"] = "技字〔2026〕17号"
            _ = try await world.client.send(.POST, "/api/v1/carriers", token: world.office, json: body)
            let cookies = ["baomi_session": world.office]
            let csrf = try #require(
                csrfToken(in: try await world.client.send(.GET, "/carriers/new", cookies: cookies).body))
            let fields: [(String, String)] = [
                ("csrf", csrf), ("title", "第二份方案"), ("documentNumber", "技字〔2026〕17号"),
                ("category", "technicalSolution"), ("form", "paper"), ("source", "made"), ("level", "secret"),
                ("period", "20"), ("copyCount", "1"), ("departmentID", world.department),
                ("scopeDepartments[]", world.department), ("classifierID", world.person),
            ]
            let refused = try await world.client.send(.POST, "/carriers/new", form: fields, cookies: cookies)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("(C2)"))
            #expect(refused.body.contains("name=\"confirmDuplicateDocumentNumber\""))
            #expect(refused.body.contains("value=\"第二份方案\""))
            // the tick without a reason asks for the reason
            let noReason = try await world.client.send(
                .POST, "/carriers/new", form: fields + [("confirmDuplicateDocumentNumber", "true")], cookies: cookies)
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.contains("请写明以重复文号登记的理由"))
            let saved = try await world.client.send(
                .POST, "/carriers/new",
                form: fields + [
                    ("confirmDuplicateDocumentNumber", "true"), ("duplicateDocumentNumberReason", "重新印发"),
                ], cookies: cookies)
            #expect(saved.status == .seeOther || saved.status == .found)
            #expect(try await CarrierModel.query(on: test.app.db).count() == 2)
        }
    }

    @Test("T5.1 A2 PUT /api/v1/people/{id}/classifier above the person's own post is refused, naming the post needed")
    func classifierAboveClearance() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let person = try #require(
                try await world.client.send(
                    .POST, "/api/v1/people", token: world.sysadmin,
                    json: ["name": "赵重要", "employeeNumber": "E-ZHAO", "departmentID": world.department]
                ).json()["id"] as? String)
            try await CarrierWorld.clear(person, "important", client: world.client, secadmin: world.secadmin)
            let refused = try await world.client.send(
                .PUT, "/api/v1/people/\(person)/classifier", token: world.secadmin,
                json: ["classifierMaxLevel": "topSecret"])
            #expect(refused.status == .unprocessableEntity)
            #expect(try refused.json()["rule"] as? String == "T5.1")
            #expect(try errors(refused).first?.zh.contains("核心涉密人员") == true)
            let allowed = try await world.client.send(
                .PUT, "/api/v1/people/\(person)/classifier", token: world.secadmin,
                json: ["classifierMaxLevel": "secret"])
            #expect(allowed.status == .ok)
        }
    }
}
