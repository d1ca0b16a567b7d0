import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

/// An organisation, a security-office account, a safe: what carrier tests start from.
struct CarrierWorld {
    let client: Client
    let office: String
    let secadmin: String
    let sysadmin: String
    let department: String
    let person: String
    let safe: String
    let cabinet: String

    static func make(_ test: TestApp) async throws -> CarrierWorld {
        let client = Client(app: test.app)
        let sysadmin = try await client.token("sysadmin")
        let secadmin = try await client.token("secadmin")
        let root = try await client.send(
            .POST, "/api/v1/org-units", token: sysadmin, json: ["name": "某研究所", "code": "ROOT", "kind": "unit"]
        ).json()
        let tech = try await client.send(
            .POST, "/api/v1/org-units", token: sysadmin,
            json: [
                "name": "技术部", "code": "D-TECH", "kind": "department", "parentID": try #require(root["id"] as? String),
            ]
        ).json()
        let department = try #require(tech["id"] as? String)
        let person = try await client.send(
            .POST, "/api/v1/people", token: sysadmin,
            json: ["name": "王主任", "employeeNumber": "E001", "departmentID": department]
        ).json()
        let personID = try #require(person["id"] as? String)
        // Cleared first: classifying authority is never above the person's own post (T5.1 with A2).
        try await clear(personID, "core", client: client, secadmin: secadmin)
        let classifier = try await client.send(
            .PUT, "/api/v1/people/\(personID)/classifier", token: secadmin, json: ["classifierMaxLevel": "topSecret"])
        #expect(classifier.status == .ok)
        let office = try await client.account(
            "bmb", roles: ["securityOffice"], sysadmin: sysadmin, secadmin: secadmin, personID: personID)
        let safe = try await client.send(
            .POST, "/api/v1/storage-places", token: office,
            json: ["code": "S-1", "name": "一号保险柜", "kind": "safe", "maxLevel": "topSecret", "departmentID": department]
        ).json()
        let cabinet = try await client.send(
            .POST, "/api/v1/storage-places", token: office,
            json: [
                "code": "C-1", "name": "文件柜", "kind": "fileCabinet", "maxLevel": "confidential",
                "departmentID": department,
            ]
        ).json()
        return CarrierWorld(
            client: client, office: office, secadmin: secadmin, sysadmin: sysadmin, department: department,
            person: personID,
            safe: try #require(safe["id"] as? String), cabinet: try #require(cabinet["id"] as? String))
    }

    /// An account whose person holds a secret post: approvers see only what their clearance covers (A2).
    func clearedAccount(
        _ username: String, roles: [String], postClass: String = "core", department: String? = nil
    ) async throws -> String {
        let person = try #require(
            try await client.send(
                .POST, "/api/v1/people", token: sysadmin,
                json: [
                    "name": "\(username)本人", "employeeNumber": "E-\(username)",
                    "departmentID": department ?? self.department,
                ]
            ).json()["id"] as? String)
        try await Self.clear(person, postClass, client: client, secadmin: secadmin)
        return try await client.account(
            username, roles: roles, sysadmin: sysadmin, secadmin: secadmin, personID: person)
    }

    /// A person with a secret post and no account, e.g. someone to escort a copy (C3); returns the person's id.
    func clearedPerson(_ name: String, postClass: String = "core") async throws -> String {
        let person = try #require(
            try await client.send(
                .POST, "/api/v1/people", token: sysadmin,
                json: ["name": name, "employeeNumber": "E-\(name)", "departmentID": department]
            ).json()["id"] as? String)
        try await Self.clear(person, postClass, client: client, secadmin: secadmin)
        return person
    }

    /// The security administrator grants a secret post (A2).
    static func clear(_ personID: String, _ postClass: String, client: Client, secadmin: String) async throws {
        try await client.prepareForPost(personID)
        let cleared = try await client.send(
            .PUT, "/api/v1/people/\(personID)/clearance", token: secadmin,
            json: [
                "postClass": postClass, "compartments": [String](), "groups": [String](), "separationUntil": NSNull(),
                "reason": "上岗审批",
            ])
        #expect(cleared.status == .ok)
    }

    func carrierBody(level: String = "secret", copies: Int = 2, title: String = "某型号总体技术方案") -> [String: Any] {
        [
            // Each carrier its own 文号: a repeated one needs a confirmation (C2).
            "title": title, "documentNumber": "技字〔2026〕\(UUID().uuidString.prefix(8))号",
            "category": "technicalSolution",
            "form": "paper",
            "level": level,
            "period": level == "confidential" ? "10" : "20", "copyCount": copies, "departmentID": department,
            "scopeDepartments": [department], "classifierID": person, "classificationBasis": "保密事项范围第3条",
        ]
    }
}

@Suite("Carriers through the API and pages (C1, C3, C6, S1)", .serialized)
struct CarrierAPITests {
    @Test("C1.1 C1.2 registering through the API numbers the copies; refusals cite C1.1")
    func registerThroughAPI() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let created = try await world.client.send(
                .POST, "/api/v1/carriers", token: world.office, json: world.carrierBody(copies: 3))
            #expect(created.status == .created)
            let carrier = try created.json()
            #expect((carrier["marking"] as? String) == "机密★20年")
            #expect((carrier["copies"] as? [[String: Any]])?.map { $0["serial"] as? Int } == [1, 2, 3])
            var missing = world.carrierBody()
            missing.removeValue(forKey: "scopeDepartments")
            missing["copyCount"] = 0
            let refused = try await world.client.send(.POST, "/api/v1/carriers", token: world.office, json: missing)
            #expect(refused.status == .unprocessableEntity)
            let fields = try (refused.json()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(Set(fields) == ["scope", "copyCount"])
            #expect(try refused.json()["rule"] as? String == "C1.1")
            let ledger = try await world.client.send(.GET, "/api/v1/copies?level=secret", token: world.office).json()
            #expect(ledger["total"] as? Int == 3)
        }
    }

    @Test("S1 the three administrators cannot read carriers")
    func administratorsSeeNoCarriers() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            for token in [world.sysadmin, world.secadmin, try await world.client.token("auditor")] {
                let reply = try await world.client.send(.GET, "/api/v1/carriers", token: token)
                #expect(reply.status == .forbidden)
                #expect(try reply.json()["rule"] as? String == "S1")
            }
        }
    }

    @Test("C2 C3 an internal dispatch is signed for by the receiving department's officer, who then keeps the copy")
    func internalDispatchSignedByReceivingDepartment() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let units = try await client.send(.GET, "/api/v1/org-units", token: world.sysadmin).jsonArray()
            let root = try #require(units.first { $0["kind"] as? String == "unit" }?["id"] as? String)
            let design = try #require(
                try await client.send(
                    .POST, "/api/v1/org-units", token: world.sysadmin,
                    json: ["name": "设计部", "code": "D-DES", "kind": "department", "parentID": root]
                ).json()["id"] as? String)
            let clerk = try #require(
                try await client.send(
                    .POST, "/api/v1/people", token: world.sysadmin,
                    json: ["name": "赵保密", "employeeNumber": "E002", "departmentID": design]
                ).json()["id"] as? String)
            try await CarrierWorld.clear(clerk, "important", client: client, secadmin: world.secadmin)
            let officer = try await client.account(
                "zhaobm", roles: ["secrecyOfficer"], sysadmin: world.sysadmin, secadmin: world.secadmin,
                personID: clerk)
            let designSafe = try #require(
                try await client.send(
                    .POST, "/api/v1/storage-places", token: world.office,
                    json: [
                        "code": "S-2", "name": "设计部保险柜", "kind": "safe", "maxLevel": "topSecret",
                        "departmentID": design,
                    ]
                ).json()["id"] as? String)
            let carrier = try await client.send(
                .POST, "/api/v1/carriers", token: world.office, json: world.carrierBody(copies: 1)
            ).json()
            let copy = try #require((carrier["copies"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await client.send(
                .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
                json: ["action": "place", "placeID": world.safe])
            // Before dispatch the other department's officer cannot see it (T5.2).
            #expect(try await client.send(.GET, "/api/v1/copies/\(copy)", token: officer).status == .forbidden)
            let sent = try await client.send(
                .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
                json: [
                    "action": "send", "departmentID": design, "channel": "designatedPerson", "sealed": true,
                    "escortIDs": [world.person],
                ])
            #expect(sent.status == .ok)
            let awaiting = try await client.send(.GET, "/api/v1/copies?awaiting=1", token: officer).json()
            #expect(awaiting["total"] as? Int == 1)
            let external = try await client.send(
                .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
                json: ["action": "confirmReceiptExternal", "note": "回执 001"])
            #expect(external.status == .conflict)
            #expect(try external.json()["rule"] as? String == "C2")
            let signed = try await client.send(
                .POST, "/api/v1/copies/\(copy)/steps", token: officer,
                json: ["action": "confirmReceiptInternal", "placeID": designSafe])
            #expect(signed.status == .ok)
            #expect((try signed.json()["copy"] as? [String: Any])?["state"] as? String == "stored")
            let kept = try await client.send(.GET, "/api/v1/copies", token: officer).json()
            #expect(kept["total"] as? Int == 1)
            #expect(
                try await client.send(.GET, "/api/v1/copies?awaiting=1", token: officer).json()["total"] as? Int == 0)
        }
    }

    @Test("C6 C3 steps through the API: placing below the level and sending by express are refused with the rule")
    func stepsThroughAPI() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let carrier = try await world.client.send(
                .POST, "/api/v1/carriers", token: world.office, json: world.carrierBody(copies: 1)
            ).json()
            let copy = try #require((carrier["copies"] as? [[String: Any]])?.first?["id"] as? String)
            let low = try await world.client.send(
                .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
                json: ["action": "place", "placeID": world.cabinet])
            #expect(low.status == .unprocessableEntity)
            #expect(try low.json()["rule"] as? String == "C6")
            let placed = try await world.client.send(
                .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
                json: ["action": "place", "placeID": world.safe])
            #expect(placed.status == .ok)
            #expect((try placed.json()["copy"] as? [String: Any])?["state"] as? String == "stored")
            let express = try await world.client.send(
                .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
                json: ["action": "send", "counterpart": "某所", "channel": "express"])
            #expect(express.status == .unprocessableEntity)
            #expect(try express.json()["rule"] as? String == "C3")
            let illegal = try await world.client.send(
                .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
                json: ["action": "returnFromRepair", "placeID": world.safe])
            #expect(illegal.status == .conflict)
            #expect(try illegal.json()["rule"] as? String == "C7")
            let detail = try await world.client.send(.GET, "/api/v1/copies/\(copy)", token: world.office).json()
            #expect((detail["history"] as? [[String: Any]])?.map { $0["action"] as? String } == ["make", "place"])
        }
    }

    @Test(
        "C1 pages: the register form keeps input and shows C1.1 errors; the ledger, the copy page, CSV with BOM and print"
    )
    func carrierPages() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let cookies = ["baomi_session": world.office]
            let form = try await world.client.send(.GET, "/carriers/new", cookies: cookies)
            #expect(form.status == .ok)
            let csrf = try #require(csrfToken(in: form.body))
            let refused = try await world.client.send(
                .POST, "/carriers/new",
                form: [
                    ("csrf", csrf), ("title", "草稿"), ("category", "data"), ("form", "paper"),
                    ("departmentID", world.department),
                ],
                cookies: cookies)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("(C1.1)"))
            #expect(refused.body.contains("value=\"草稿\""))
            _ = try await world.client.send(
                .POST, "/api/v1/carriers", token: world.office, json: world.carrierBody(copies: 2))
            let ledger = try await world.client.send(.GET, "/carriers/copies?q=%E6%80%BB%E4%BD%93", cookies: cookies)
            #expect(ledger.body.contains("共 2 份"))
            let csv = try await world.client.send(.GET, "/carriers/export.csv", cookies: cookies)
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.body.hasPrefix("\u{FEFF}序号,载体编号"))
            let print = try await world.client.send(.GET, "/carriers?print=1", cookies: cookies)
            #expect(print.body.contains("print-marking"))
            #expect(!print.body.contains("sidenav"))
        }
    }
}
