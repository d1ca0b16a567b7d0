import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

/// A 绝密★20年 carrier with two copies in 一号保险柜, registered by 王主任: copy 2 destroyed, then copy 1 copied once
/// and the safe inventoried; then 王主任 renamed 王五, the safe renamed 三号保险柜, and the carrier lowered to 机密★10年
/// (C5, C6, C8, C9).
private struct HistoryWorld {
    let world: CarrierWorld
    let carrierID: String
    let number: String
    let copies: [String]
    let reproduction: String
    let destruction: String
    let change: String
    let inventory: String
    let office2: String
    let leader: String

    static func make(_ test: TestApp) async throws -> HistoryWorld {
        let world = try await CarrierWorld.make(test)
        let client = world.client
        var body = world.carrierBody(level: "topSecret", copies: 2)
        body["copyingAllowed"] = true
        let carrier = try await client.send(.POST, "/api/v1/carriers", token: world.office, json: body).json()
        #expect(carrier["marking"] as? String == "绝密★20年")
        let copies = try #require(carrier["copies"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        for copy in copies {
            let placed = try await client.send(
                .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
                json: ["action": "place", "placeID": world.safe])
            #expect(placed.status == .ok)
        }
        let office2 = try await world.clearedAccount("bmb2", roles: ["securityOffice"])
        let leader = try await world.clearedAccount("leader", roles: ["leader"])
        let reviewer = try await world.clearedAccount("dmsh", roles: ["classificationReviewer"])
        func decide(_ id: String, by tokens: [String], comment: String = "同意") async throws {
            for token in tokens {
                let decided = try await client.send(
                    .POST, "/api/v1/requests/\(id)/decision", token: token,
                    json: ["verdict": "approve", "comment": comment])
                #expect(decided.status == .ok, "\(decided.body)")
            }
        }
        func submit(_ json: [String: Any]) async throws -> String {
            let submitted = try await client.send(.POST, "/api/v1/requests", token: world.office, json: json)
            #expect(submitted.status == .created, "\(submitted.body)")
            return try #require(try submitted.json()["id"] as? String)
        }
        let destruction = try await submit([
            "kind": "destroy", "copyIDs": [copies[1]], "reason": "多余份销毁",
            "payload": ["method": "inHouse", "equipment": "碎纸机 BM-3", "destructionPlace": "保密办"],
        ])
        try await decide(destruction, by: [office2, leader])
        for token in [office2, leader] {
            let confirmed = try await client.send(
                .POST, "/api/v1/requests/\(destruction)/destruction-confirmations", token: token)
            #expect(confirmed.status == .ok)
        }
        let reproduction = try await submit([
            "kind": "reproduce", "copyIDs": [copies[0]], "reason": "评审会", "payload": ["count": 1],
        ])
        try await decide(reproduction, by: [office2, leader], comment: "原定密机关函〔2026〕5号")
        let opened = try await client.send(
            .POST, "/api/v1/inventories", token: world.office, json: ["name": "2026 年度清查", "placeID": world.safe])
        #expect(opened.status == .created || opened.status == .ok, "\(opened.body)")
        let inventory = try #require(try opened.json()["id"] as? String)
        // Names change afterwards; history keeps the old ones (principle 12).
        let renamed = try await client.send(
            .PUT, "/api/v1/people/\(world.person)", token: world.sysadmin,
            json: [
                "name": "王五", "employeeNumber": "E001", "departmentID": world.department, "post": "",
                "isLeader": false, "status": "active",
            ])
        #expect(renamed.status == .ok, "\(renamed.body)")
        let safe = try await client.send(
            .PUT, "/api/v1/storage-places/\(world.safe)", token: world.office,
            json: [
                "code": "S-1", "name": "三号保险柜", "kind": "safe", "maxLevel": "topSecret",
                "departmentID": world.department, "custodianID": NSNull(), "location": "",
            ])
        #expect(safe.status == .ok, "\(safe.body)")
        let id = try #require(carrier["id"] as? String)
        let change = try await submit([
            "kind": "reclassify", "carrierID": id, "copyIDs": [copies[0]], "reason": "定密变更",
            "payload": ["change": "changeLevel", "newLevel": "secret", "newPeriod": "10"],
        ])
        try await decide(change, by: [reviewer, leader])
        return HistoryWorld(
            world: world, carrierID: id, number: try #require(carrier["number"] as? String), copies: copies,
            reproduction: reproduction, destruction: destruction, change: change, inventory: inventory,
            office2: office2, leader: leader)
    }

    func page(_ path: String, as token: String? = nil) async throws -> Client.Reply {
        try await world.client.send(.GET, path, cookies: ["baomi_session": token ?? world.office])
    }

    func api(_ path: String, as token: String? = nil) async throws -> [String: Any] {
        let reply = try await world.client.send(.GET, path, token: token ?? world.office)
        #expect(reply.status == .ok, "\(path): \(reply.body)")
        return try reply.json()
    }
}

@Suite("History never changes on any surface (principle 12, C5, C8, C9)", .serialized)
struct HistoryPagesTests {
    @Test("principle 12 C8 the certificate, 销毁登记簿 and its report show 绝密 for a copy destroyed as 绝密")
    func destructionKeepsItsLevel() async throws {
        try await withTestApp { test in
            let history = try await HistoryWorld.make(test)
            let register = try await history.api("/api/v1/registers/destruction")
            let row = try #require((register["rows"] as? [[String]])?.first)
            #expect(row[1] == history.number && row[3] == "绝密" && row[4] == "第2份/共2份")
            #expect(row[9].contains("（保密办") && row[9].contains("（主管领导"))
            let report = try await history.api("/api/v1/reports/destruction")
            #expect((report["rows"] as? [[String]])?.first?[3] == "绝密")
            #expect(report["marking"] as? String == "绝密")
            let printed = try await history.page("/carriers/registers/destruction?print=1")
            #expect(printed.body.contains("<td>绝密</td>") && !printed.body.contains("<td>机密</td>"))
            let certificate = try await history.page("/requests/\(history.destruction)/certificate")
            #expect(certificate.status == .ok)
            #expect(certificate.body.contains("<td>绝密</td>") && !certificate.body.contains("<td>机密</td>"))
            #expect(certificate.body.contains("<div class=\"print-marking\">绝密</div>"))
            // N as it was when it was destroyed, before a third copy was made.
            #expect(certificate.body.contains("第2份/共2份"))
            // The request page: the copy as it was when the batch was made up, in 一号保险柜.
            let request = try await history.page("/requests/\(history.destruction)")
            #expect(request.body.contains("绝密★20年") && request.body.contains("一号保险柜"))
            #expect(!request.body.contains("机密★10年") && !request.body.contains("三号保险柜"))
        }
    }

    @Test("principle 12 C5 the 复制登记簿 and the copying request show the original as 绝密, the series as it grew")
    func reproductionKeepsItsLevel() async throws {
        try await withTestApp { test in
            let history = try await HistoryWorld.make(test)
            let register = try await history.api("/api/v1/registers/reproduction")
            let row = try #require((register["rows"] as? [[String]])?.first)
            #expect(row[1] == "\(history.number)/1" && row[2] == "绝密" && row[4] == "3")
            #expect(row[8] == "原定密机关函〔2026〕5号")
            let printed = try await history.page("/carriers/registers/reproduction?print=1")
            #expect(printed.body.contains("<td>绝密</td>"))
            let request = try await history.page("/requests/\(history.reproduction)")
            #expect(request.body.contains("绝密★20年") && !request.body.contains("机密★10年"))
            #expect(request.body.contains("（主管领导"))
        }
    }

    @Test("principle 12 C9 the carrier page shows 机密 now and the change from 绝密 in its marking history")
    func carrierPageShowsNowAndHistory() async throws {
        try await withTestApp { test in
            let history = try await HistoryWorld.make(test)
            let carrier = try await history.api("/api/v1/carriers/\(history.carrierID)")
            #expect(carrier["marking"] as? String == "机密★10年")
            let markings = try #require(carrier["markingHistory"] as? [[String: Any]])
            #expect(markings.map { $0["change"] as? String } == ["registered", "changeLevel"])
            #expect(markings.first?["to"] as? String == "绝密★20年")
            #expect(markings.last?["from"] as? String == "绝密★20年" && markings.last?["to"] as? String == "机密★10年")
            let page = try await history.page("/carriers/\(history.carrierID)")
            #expect(page.status == .ok)
            #expect(page.body.contains("<span class=\"level level-secret\">机密★10年</span>"))
            let section = try #require(page.body.range(of: "id=\"marking-history\"")).upperBound
            let table = page.body[section...]
            #expect(table.contains("绝密★20年") && table.contains("机密★10年") && table.contains("变更密级"))
            // The request that lowered it says what it lowered.
            let request = try await history.page("/requests/\(history.change)")
            #expect(request.body.contains("绝密★20年"))
        }
    }

    @Test("principle 12 a copy's history keeps the marking, the holder's and the place's names of the day")
    func copyHistoryKeepsNames() async throws {
        try await withTestApp { test in
            let history = try await HistoryWorld.make(test)
            let detail = try await history.api("/api/v1/copies/\(history.copies[0])")
            let events = try #require(detail["history"] as? [[String: Any]])
            #expect(events.first?["action"] as? String == "make")
            #expect(events.first?["holder"] as? String == "王主任" && events.first?["marking"] as? String == "绝密★20年")
            #expect(events.contains { $0["action"] as? String == "place" && $0["place"] as? String == "一号保险柜" })
            let page = try await history.page("/carriers/copies/\(history.copies[0])")
            #expect(page.body.contains("机密★10年"))
            let timeline = try #require(page.body.range(of: "id=\"copy-history\"")).upperBound
            let entries = page.body[timeline...]
            #expect(entries.contains("绝密★20年") && entries.contains("一号保险柜") && entries.contains("王主任"))
            #expect(!entries.contains("三号保险柜") && !entries.contains("王五"))
            // Where it is now reads today's name.
            #expect(page.body.contains("三号保险柜"))
        }
    }

    @Test("principle 12 C6 an inventory lists the copy as 绝密 in 一号保险柜, as it was to be found when opened")
    func inventoryKeepsWhatItListed() async throws {
        try await withTestApp { test in
            let history = try await HistoryWorld.make(test)
            let page = try await history.page("/carriers/inventories/\(history.inventory)")
            #expect(page.status == .ok)
            let table = try #require(page.body.range(of: "<tbody>")).upperBound
            let rows = page.body[table...]
            #expect(rows.contains(">绝密</span>") && rows.contains("一号保险柜"))
            #expect(!rows.contains(">机密</span>") && !rows.contains("三号保险柜"))
        }
    }

    @Test("principle 12 C2 A6 收文、发文 and 借阅 registers keep the level, department and place of use of the day")
    func incomingOutgoingAndBorrowingKeepTheirDay() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let leader = try await world.clearedAccount("leader", roles: ["leader"])
            let officer = try await world.clearedAccount("libm", roles: ["secrecyOfficer"])
            let staff = try await world.clearedAccount("qian", roles: ["staff"])
            let reviewer = try await world.clearedAccount("dmsh", roles: ["classificationReviewer"])
            func carrier(_ body: [String: Any]) async throws -> (id: String, copies: [String]) {
                let created = try await client.send(.POST, "/api/v1/carriers", token: world.office, json: body).json()
                let copies = try #require(created["copies"] as? [[String: Any]]).compactMap { $0["id"] as? String }
                for copy in copies {
                    let placed = try await client.send(
                        .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
                        json: ["action": "place", "placeID": world.safe])
                    #expect(placed.status == .ok)
                }
                return (try #require(created["id"] as? String), copies)
            }
            func lower(_ carrier: (id: String, copies: [String])) async throws {
                let id = try #require(
                    try await client.send(
                        .POST, "/api/v1/requests", token: world.office,
                        json: [
                            "kind": "reclassify", "carrierID": carrier.id, "copyIDs": carrier.copies, "reason": "降密",
                            "payload": ["change": "changeLevel", "newLevel": "confidential", "newPeriod": "10"],
                        ]
                    ).json()["id"] as? String)
                for token in [reviewer, leader] {
                    let decided = try await client.send(
                        .POST, "/api/v1/requests/\(id)/decision", token: token, json: ["verdict": "approve"])
                    #expect(decided.status == .ok, "\(decided.body)")
                }
            }
            // Received as 机密, one of its copies sent out.
            var receivedBody = world.carrierBody(level: "secret", copies: 2, title: "上级来文")
            receivedBody["source"] = "received"
            receivedBody["originatingAuthority"] = "上级机关"
            receivedBody.removeValue(forKey: "classifierID")
            let received = try await carrier(receivedBody)
            let escort = try await world.clearedPerson("张三")
            let sent = try await client.send(
                .POST, "/api/v1/copies/\(received.copies[1])/steps", token: world.office,
                json: [
                    "action": "send", "counterpart": "兄弟单位", "channel": "confidentialCourier", "sealed": true,
                    "escortIDs": [world.person, escort], "receiverQualification": "stateOrgan",
                    "receiverCertificate": "机关公函〔2026〕2号",
                ])
            #expect(sent.status == .ok, "\(sent.body)")
            // Made as 机密, lent to 钱 of 技术部 to read in 一号保险柜's room.
            let lent = try await carrier(world.carrierBody(level: "secret", copies: 1, title: "试验大纲"))
            let due = SecrecyPeriod.day(ClearanceRepository.today(test.clock()), plus: 2)
            let borrow = try #require(
                try await client.send(
                    .POST, "/api/v1/requests", token: staff,
                    json: [
                        "kind": "borrow", "copyIDs": lent.copies, "reason": "编写报告",
                        "payload": ["placeID": world.safe, "returnDate": due],
                    ]
                ).json()["id"] as? String)
            #expect(
                try await client.send(
                    .POST, "/api/v1/requests/\(borrow)/decision", token: officer, json: ["verdict": "approve"]
                ).status == .ok)
            #expect(try await client.send(.POST, "/api/v1/requests/\(borrow)/issue", token: world.office).status == .ok)
            // Then: both carriers lowered to 秘密, the safe and the department renamed.
            try await lower(received)
            try await lower(lent)
            let safe = try await client.send(
                .PUT, "/api/v1/storage-places/\(world.safe)", token: world.office,
                json: [
                    "code": "S-1", "name": "三号保险柜", "kind": "safe", "maxLevel": "topSecret",
                    "departmentID": world.department, "custodianID": NSNull(), "location": "",
                ])
            #expect(safe.status == .ok, "\(safe.body)")
            let parent =
                try await client.send(
                    .GET, "/api/v1/org-units/\(world.department)", token: world.sysadmin
                ).json()["parentID"] as? String
            let unit = try await client.send(
                .PUT, "/api/v1/org-units/\(world.department)", token: world.sysadmin,
                json: [
                    "name": "总体技术部", "code": "D-TECH", "kind": "department", "parentID": try #require(parent),
                    "isKeyDepartment": false, "sortOrder": 0,
                ])
            #expect(unit.status == .ok, "\(unit.body)")

            let incoming = try await client.send(.GET, "/api/v1/registers/incoming", token: world.office).json()
            #expect((incoming["rows"] as? [[String]])?.first?[5] == "机密")
            let outgoing = try await client.send(.GET, "/api/v1/registers/outgoing", token: world.office).json()
            #expect((outgoing["rows"] as? [[String]])?.first?[4] == "机密")
            let borrowing = try await client.send(.GET, "/api/v1/registers/borrowing", token: world.office).json()
            let row = try #require((borrowing["rows"] as? [[String]])?.first)
            #expect(row[3] == "机密" && row[5] == "技术部" && row[7] == "一号保险柜")
            let loan = try await client.send(.GET, "/requests/\(borrow)", cookies: ["baomi_session": staff])
            #expect(loan.body.contains("一号保险柜") && !loan.body.contains("三号保险柜"))
        }
    }

    @Test("A2 principle 11 a carrier raised above a viewer's clearance leaves their registers, though lower then")
    func visibilityIsDecidedNow() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let carrier = try await client.send(
                .POST, "/api/v1/carriers", token: world.office, json: world.carrierBody(level: "secret", copies: 1)
            ).json()
            let copy = try #require((carrier["copies"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(
                try await client.send(
                    .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
                    json: ["action": "place", "placeID": world.safe]
                ).status == .ok)
            let office2 = try await world.clearedAccount("bmb2", roles: ["securityOffice"])
            let leader = try await world.clearedAccount("leader", roles: ["leader"])
            // 重要: clears 机密, not 绝密 (A2).
            let officer = try await world.clearedAccount("officer", roles: ["secrecyOfficer"], postClass: "important")
            let reviewer = try await world.clearedAccount("dmsh", roles: ["classificationReviewer"])
            func run(_ json: [String: Any], confirm: Bool) async throws {
                let id = try #require(
                    try await client.send(.POST, "/api/v1/requests", token: world.office, json: json).json()["id"]
                        as? String)
                // A destruction goes to the office, a level change to the classification reviewer, then the leader.
                for token in [json["kind"] as? String == "reclassify" ? reviewer : office2, leader] {
                    _ = try await client.send(
                        .POST, "/api/v1/requests/\(id)/decision", token: token, json: ["verdict": "approve"])
                }
                if confirm {
                    for token in [office2, leader] {
                        _ = try await client.send(
                            .POST, "/api/v1/requests/\(id)/destruction-confirmations", token: token)
                    }
                }
            }
            try await run(
                [
                    "kind": "destroy", "copyIDs": [copy], "reason": "到期",
                    "payload": ["method": "inHouse", "equipment": "碎纸机"],
                ], confirm: true)
            let before = try await client.send(.GET, "/api/v1/registers/destruction", token: officer).json()
            #expect((before["rows"] as? [[String]])?.first?[3] == "机密")
            try await run(
                [
                    "kind": "reclassify", "carrierID": try #require(carrier["id"] as? String), "copyIDs": [copy],
                    "reason": "升密", "payload": ["change": "changeLevel", "newLevel": "topSecret", "newPeriod": "30"],
                ], confirm: false)
            let after = try await client.send(.GET, "/api/v1/registers/destruction", token: officer).json()
            #expect((after["rows"] as? [[String]])?.isEmpty == true)
            let page = try await client.send(
                .GET, "/carriers/registers/destruction", cookies: ["baomi_session": officer])
            #expect(!page.body.contains(try #require(carrier["number"] as? String)))
            // The office, cleared for 绝密, still sees it destroyed as 机密.
            let office = try await client.send(.GET, "/api/v1/registers/destruction", token: world.office).json()
            #expect((office["rows"] as? [[String]])?.first?[3] == "机密")
        }
    }
}
