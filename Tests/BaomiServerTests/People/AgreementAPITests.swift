import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Testing
import Vapor

@testable import BaomiServer

/// Agreements through the API (T8, T9, T15, L1.1, A4): drafting, signing, refusing, the scan, allowances, the gate
/// on the clearance operation, who sees whose, and bad input as problem+json.
@Suite("Agreements through the API (T8, T9, T15, A4)")
struct AgreementAPITests {
    static func today(_ test: TestApp) -> String { ClearanceRepository.today(test.app.baomi.clock()) }

    static var post: [String: Any] {
        [
            "postClass": "general", "compartments": [String](), "groups": [String](), "separationUntil": NSNull(),
            "reason": "上岗审批",
        ]
    }

    static func newPerson(_ world: CarrierWorld, _ name: String) async throws -> String {
        try #require(
            try await world.client.send(
                .POST, "/api/v1/people", token: world.sysadmin,
                json: ["name": name, "employeeNumber": "E-\(name)", "departmentID": world.department]
            ).json()["id"] as? String)
    }

    @Test("A4 T8 T15 the clearance API refuses a post without the agreement, then gives it once both sides signed")
    func gateThroughTheAPI() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let person = try await Self.newPerson(world, "新签协议")
            try await client.earnPrePost(person)
            let refused = try await client.send(
                .PUT, "/api/v1/people/\(person)/clearance", token: world.secadmin, json: Self.post)
            #expect(refused.status == .unprocessableEntity && refused.isProblem)
            let problem = try refused.json()
            #expect(problem["rule"] as? String == "A4")
            #expect((problem["zh"] as? String)?.contains("知识产权保护协议") == true, "\(problem)")
            let draft = try await client.send(
                .POST, "/api/v1/people/\(person)/agreements", token: world.office, json: ["kind": "ipProtection"])
            #expect(draft.status == .created, "\(draft.body)")
            let id = try #require(try draft.json()["id"] as? String)
            let drafted = try draft.json()
            #expect(drafted["version"] as? Int == 1 && drafted["state"] as? String == "draft")
            for step in ["signByPerson", "signByUnit"] {
                let signed = try await client.send(
                    .POST, "/api/v1/agreements/\(id)/steps", token: world.office,
                    json: ["step": step, "on": Self.today(test)])
                #expect(signed.status == .ok, "\(signed.body)")
            }
            let agreement = try await client.send(.GET, "/api/v1/agreements/\(id)", token: world.office).json()
            #expect(
                agreement["state"] as? String == "inForce" && agreement["inForceFrom"] as? String == Self.today(test))
            let given = try await client.send(
                .PUT, "/api/v1/people/\(person)/clearance", token: world.secadmin, json: Self.post)
            #expect(given.status == .ok, "\(given.body)")
        }
    }

    @Test("T9 a refusal recorded through the API blocks the post citing T9; signing twice at once has one winner")
    func refusalAndOneWinner() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let person = try await Self.newPerson(world, "拒签人")
            try await client.earnPrePost(person)
            let id = try #require(
                try await client.send(
                    .POST, "/api/v1/people/\(person)/agreements", token: world.office, json: ["kind": "ipProtection"]
                ).json()["id"] as? String)
            let refusal = try await client.send(
                .POST, "/api/v1/agreements/\(id)/steps", token: world.office,
                json: ["step": "refuse", "on": Self.today(test), "reason": "不同意保密条款"])
            #expect(refusal.status == .ok)
            #expect(try refusal.json()["state"] as? String == "refused")
            let refused = try await client.send(
                .PUT, "/api/v1/people/\(person)/clearance", token: world.secadmin, json: Self.post)
            #expect(refused.status == .unprocessableEntity)
            #expect(try refused.json()["rule"] as? String == "T9")
            // A new draft; the unit's signature sent twice at once is recorded once.
            let second = try #require(
                try await client.send(
                    .POST, "/api/v1/people/\(person)/agreements", token: world.office, json: ["kind": "ipProtection"]
                ).json()["id"] as? String)
            let today = Self.today(test)
            let office = world.office
            async let first = client.send(
                .POST, "/api/v1/agreements/\(second)/steps", token: office, json: ["step": "signByUnit", "on": today])
            async let other = client.send(
                .POST, "/api/v1/agreements/\(second)/steps", token: office, json: ["step": "signByUnit", "on": today])
            let statuses = [try await first.status, try await other.status]
            #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses)")
            #expect(statuses.contains(.unprocessableEntity) || statuses.contains(.conflict))
        }
    }

    @Test("S4 T8 the scan through the API keeps its SHA-256 and downloads as an attachment; text is refused 422")
    func scan() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let person = try await Self.newPerson(world, "扫描人")
            let id = try #require(
                try await client.send(
                    .POST, "/api/v1/people/\(person)/agreements", token: world.office, json: ["kind": "ipProtection"]
                ).json()["id"] as? String)
            let pdf = Array("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)
            let form = multipart(file: pdf, name: "协议签字页.pdf", fields: [("nonSecret", "true")])
            let uploaded = try await client.sendBytes(
                .POST, "/api/v1/agreements/\(id)/attachments", body: form.body, contentType: form.type,
                token: world.office)
            #expect(uploaded.status == .ok, "\(uploaded.body)")
            let scan = try #require(try uploaded.json()["scan"] as? [String: Any])
            #expect(
                scan["sha256"] as? String == AttachmentContent.sha256(Data(pdf)) && scan["type"] as? String == "pdf")
            let download = try await client.send(.GET, "/api/v1/agreements/\(id)/scan", token: world.office)
            #expect(download.status == .ok)
            #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            let text = multipart(file: Array("just text".utf8), name: "x.txt", fields: [("nonSecret", "true")])
            let refused = try await client.sendBytes(
                .POST, "/api/v1/agreements/\(id)/attachments", body: text.body, contentType: text.type,
                token: world.office)
            #expect(refused.status == .unprocessableEntity && refused.isProblem)
        }
    }

    @Test("S4 T15 bad agreement input is problem+json naming the field; nothing is written")
    func badInput() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let person = try await Self.newPerson(world, "坏输入")
            let unknownKind = try await client.send(
                .POST, "/api/v1/people/\(person)/agreements", token: world.office, json: ["kind": "marriage"])
            #expect(unknownKind.status == .badRequest || unknownKind.status == .unprocessableEntity)
            #expect(unknownKind.isProblem)
            let extra = try await client.send(
                .POST, "/api/v1/people/\(person)/agreements", token: world.office,
                json: ["kind": "ipProtection", "signed": true])
            #expect(extra.isProblem && extra.status.code >= 400 && extra.status.code < 500)
            let id = try #require(
                try await client.send(
                    .POST, "/api/v1/people/\(person)/agreements", token: world.office, json: ["kind": "ipProtection"]
                ).json()["id"] as? String)
            let future = try await client.send(
                .POST, "/api/v1/agreements/\(id)/steps", token: world.office,
                json: ["step": "signByPerson", "on": "2999-01-01"])
            #expect(future.status == .unprocessableEntity && future.isProblem)
            let money = try await client.send(
                .POST, "/api/v1/agreements/\(id)/payments", token: world.office,
                json: ["kind": "allowance", "amount": "12.345", "dueOn": "2026-12-31"])
            #expect(money.isProblem && money.status.code >= 400 && money.status.code < 500)
            let paid = try await client.send(
                .POST, "/api/v1/agreements/\(id)/payments", token: world.office,
                json: ["kind": "allowance", "amount": "300", "dueOn": "2026-12-31", "note": "保密补贴"])
            #expect(paid.status == .created, "\(paid.body)")
            let agreement = try await client.send(.GET, "/api/v1/agreements/\(id)", token: world.office).json()
            let payments = try #require(agreement["payments"] as? [[String: Any]])
            #expect(payments.count == 1 && payments[0]["amount"] as? String == "300.00")
            #expect(agreement["state"] as? String == "draft")
            let staffToken = try await world.clearedAccount("ptyg", roles: ["staff"])
            let forbidden = try await client.send(
                .POST, "/api/v1/people/\(person)/agreements", token: staffToken, json: ["kind": "commitment"])
            #expect(forbidden.status == .forbidden && forbidden.isProblem)
            // A member of staff sees their own agreements, and nobody else's.
            let others = try await client.send(.GET, "/api/v1/people/\(person)/agreements", token: staffToken)
            #expect(others.status == .notFound)
        }
    }

    @Test("T8 T15 the 保密协议台账 page, CSV and workbook carry LEDGERS.md's columns; the export is audited")
    func ledger() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let person = try await Self.newPerson(world, "台账人")
            try await client.signAgreements(person)
            let rows = try await client.send(.GET, "/api/v1/agreements", token: world.office).jsonArray()
            #expect(rows.contains { $0["name"] as? String == "台账人" && $0["state"] as? String == "inForce" })
            let csv = try await client.send(
                .GET, "/agreements/ledger/export.csv", cookies: ["baomi_session": world.office])
            #expect(csv.status == .ok, "\(csv.body)")
            let lines = csv.body.replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: "\r\n")
            #expect(lines.first == "序号,姓名,部门,协议类型,版本,签订日期,生效状态,竞业限制期止,保密补贴")
            #expect(lines.contains { $0.contains("台账人") && $0.contains("知识产权保护协议,第1版,\(Self.today(test)),生效") })
            let workbook = try await client.send(
                .GET, "/agreements/ledger/export.xlsx", cookies: ["baomi_session": world.office])
            #expect(workbook.status == .ok && workbook.body.hasPrefix("PK"))
            let page = try await client.send(.GET, "/agreements/ledger", cookies: ["baomi_session": world.office])
            #expect(page.status == .ok && page.body.contains("保密协议台账") && page.body.contains("台账人"))
            let audit = try await AuditQuery(actorKinds: [.user], action: "ledger.export").run(on: test.db)
            #expect(audit.count == 2)
            // The person's own agreements page shows the agreement; the 涉密人员台账 its signing day.
            let own = try await client.send(
                .GET, "/agreements/people/\(person)", cookies: ["baomi_session": world.office])
            #expect(own.status == .ok && own.body.contains("知识产权保护协议"))
        }
    }
}
