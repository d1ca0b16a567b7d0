import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor

@testable import BaomiServer

/// A department with a 绝密, a 机密 and a received 秘密 carrier, findings run, and the people who read reports.
private struct ReportWorld {
    let world: CarrierWorld
    let topSecretNumber: String
    let secretNumber: String
    let receivedNumber: String
    /// The first copy of the 绝密 and of the 机密 carrier.
    let topSecretCopy: String
    let secretCopy: String
    /// 重要涉密人员: clears 机密, not 绝密 (A2).
    let officer: String
    let leader: String
    let staff: String

    static let topSecretTitle = "绝密级总体方案"
    static let secretTitle = "机密级试验大纲"
    static let receivedTitle = "上级来文通知"

    static func make(_ test: TestApp) async throws -> ReportWorld {
        let world = try await CarrierWorld.make(test)
        func register(_ body: [String: Any]) async throws -> (number: String, copy: String) {
            let reply = try await world.client.send(.POST, "/api/v1/carriers", token: world.office, json: body)
            #expect(reply.status == .created)
            let copies = try #require(try reply.json()["copies"] as? [[String: Any]])
            return (
                try #require(try reply.json()["number"] as? String), try #require(copies.first?["id"] as? String)
            )
        }
        // Both periods end within 90 days of the test clock (2026-11), so the engine raises C9 findings about them.
        var topSecret = world.carrierBody(level: "topSecret", copies: 1, title: topSecretTitle)
        topSecret["classifiedOn"] = "2006-12-10"
        var secret = world.carrierBody(level: "secret", copies: 2, title: secretTitle)
        secret["classifiedOn"] = "2006-12-10"
        var received = world.carrierBody(level: "confidential", copies: 3, title: receivedTitle)
        received["source"] = "received"
        received["originatingAuthority"] = "上级机关"
        received.removeValue(forKey: "classifierID")
        let topSecretCarrier = try await register(topSecret)
        let secretCarrier = try await register(secret)
        let receivedCarrier = try await register(received)
        _ = try await test.app.baomi.compliance.evaluate(levels: .nationalDefault, on: test.db)
        return ReportWorld(
            world: world, topSecretNumber: topSecretCarrier.number, secretNumber: secretCarrier.number,
            receivedNumber: receivedCarrier.number, topSecretCopy: topSecretCarrier.copy,
            secretCopy: secretCarrier.copy,
            officer: try await world.clearedAccount("officer1", roles: ["secrecyOfficer"], postClass: "important"),
            leader: try await world.clearedAccount("leader1", roles: ["leader"], postClass: "important"),
            staff: try await world.clearedAccount("staff1", roles: ["staff"], postClass: "general"))
    }

    /// Places a copy in the safe and sends it to an outside unit by confidential courier, sealed, two escorts from
    /// the register, the receiver's qualification recorded (C3).
    func send(_ copy: String) async throws {
        let placed = try await world.client.send(
            .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
            json: ["action": "place", "placeID": world.safe])
        #expect(placed.status == .ok)
        let escort = try await world.clearedPerson("张三\(copy.prefix(4))")
        let sent = try await world.client.send(
            .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
            json: [
                "action": "send", "counterpart": "上级机关", "channel": "confidentialCourier", "sealed": true,
                "escortIDs": [world.person, escort], "receiverQualification": "stateOrgan",
                "receiverCertificate": "机关公函〔2026〕1号",
            ])
        #expect(sent.status == .ok, "\(sent.body)")
    }

    func page(_ path: String, as token: String) async throws -> Client.Reply {
        try await world.client.send(.GET, path, cookies: ["baomi_session": token])
    }
}

@Suite("Reports: ledgers to print and export, the self-inspection report (LEDGERS.md, I2, A2, S1)", .serialized)
struct ReportTests {
    @Test("C1 C2 C8 L1.9 A7 every report prints on A4 with the marking at top and bottom and the signature lines")
    func everyReportPrints() async throws {
        try await withTestApp { test in
            let reports = try await ReportWorld.make(test)
            let list = try await reports.page("/reports", as: reports.world.office)
            #expect(list.status == .ok)
            for report in Report.allCases {
                #expect(list.body.contains("href=\"/reports/\(report.rawValue)\""))
                #expect(list.body.contains("href=\"/reports/\(report.rawValue)/export.csv\""))
                let print = try await reports.page("/reports/\(report.rawValue)", as: reports.world.office)
                #expect(print.status == .ok, "\(report)")
                #expect(print.body.contains(report.title.zh))
                #expect(print.body.contains("<thead><tr><td><div class=\"print-marking\">"))
                #expect(print.body.contains("<tfoot><tr><td><div class=\"print-marking\">"))
                for signature in ["制表人：", "审核人：", "日期："] { #expect(print.body.contains(signature)) }
                #expect(print.body.contains("某研究所"))
                #expect(!print.body.contains("class=\"sidenav\""))
            }
            // The carrier ledger is marked with the highest level on it; the personnel list with the lowest work level.
            let ledger = try await reports.page("/reports/carrierLedger", as: reports.world.office)
            #expect(ledger.body.contains("<div class=\"print-marking\">绝密</div>"))
            #expect(ledger.body.contains(reports.topSecretNumber) && ledger.body.contains(reports.receivedNumber))
            #expect(ledger.body.contains("report-wide"))
            let people = try await reports.page("/reports/secretPostPersonnel", as: reports.world.office)
            #expect(people.body.contains("<div class=\"print-marking\">内部</div>"))
            #expect(people.body.contains("王主任") && people.body.contains("核心涉密人员"))
            #expect(people.body.contains("officer1本人") && people.body.contains("重要涉密人员"))
            let incoming = try await reports.page("/reports/incoming", as: reports.world.office)
            #expect(incoming.body.contains(ReportWorld.receivedTitle) && incoming.body.contains("上级机关"))
            #expect(!incoming.body.contains(ReportWorld.secretTitle))
        }
    }

    @Test("C1 the CSV export is UTF-8 with a BOM and Chinese headers, and is audited (A5)")
    func csvExport() async throws {
        try await withTestApp { test in
            let reports = try await ReportWorld.make(test)
            let csv = try await reports.page("/reports/carrierLedger/export.csv", as: reports.world.office)
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.body.hasPrefix("\u{FEFF}序号,载体编号,载体名称,文号,载体类别,密级,保密期限"))
            #expect(csv.body.contains(reports.topSecretNumber) && csv.body.contains("绝密"))
            #expect(csv.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''") == true)
            let copies = try await reports.page("/reports/copyLedger/export.csv?level=secret", as: reports.world.office)
            let lines = copies.body.split(separator: "\r\n")
            #expect(lines.first == "\u{FEFF}序号,载体编号,份号,密级,当前状态,持有人或存放位置,最后变动日期")
            #expect(lines.count == 3)  // two 机密 copies
            let findings = try await reports.page("/reports/findings/export.csv", as: reports.world.office)
            #expect(findings.body.hasPrefix("\u{FEFF}序号,规则,检查项,严重程度,事项,说明,责任部门,责任人,期限,发现日期"))
            #expect(findings.body.contains("C9,保密期限届满"))
            let audit = try await AuditEventModelCount.exports(on: test.db)
            #expect(audit == 3)
        }
    }

    @Test("A2 a 重要-cleared secrecy officer does not see a 绝密 carrier in any report")
    func officerSeesNothingAboveClearance() async throws {
        try await withTestApp { test in
            let reports = try await ReportWorld.make(test)
            try await reports.send(reports.topSecretCopy)
            try await reports.send(reports.secretCopy)
            var seenSecret = false
            for report in Report.allCases {
                let print = try await reports.page("/reports/\(report.rawValue)", as: reports.officer)
                let csv = try await reports.page("/reports/\(report.rawValue)/export.csv", as: reports.officer)
                let json = try await reports.world.client.send(
                    .GET, "/api/v1/reports/\(report.rawValue)", token: reports.officer)
                for reply in [print, csv, json] {
                    #expect(reply.status == .ok, "\(report)")
                    #expect(!reply.body.contains(reports.topSecretNumber), "\(report)")
                    #expect(!reply.body.contains(ReportWorld.topSecretTitle), "\(report)")
                    seenSecret = seenSecret || reply.body.contains(reports.secretNumber)
                }
                #expect(!print.body.contains("<div class=\"print-marking\">绝密</div>"))
            }
            // The officer does see what their clearance covers: the report is not simply empty.
            #expect(seenSecret)
            let findings = try await reports.world.client.send(.GET, "/api/v1/reports/findings", token: reports.officer)
            let rows = try #require(try findings.json()["rows"] as? [[String]])
            #expect(rows.contains { $0[1] == "C9" && $0[4].contains(reports.secretNumber) })
            #expect(!rows.contains { $0[4].contains(reports.topSecretNumber) })
        }
    }

    @Test("S1 a staff account is refused every report with 403 problem+json citing S1")
    func staffRefused() async throws {
        try await withTestApp { test in
            let reports = try await ReportWorld.make(test)
            for path in ["/api/v1/reports", "/api/v1/reports/carrierLedger", "/api/v1/reports/self-inspection"] {
                let reply = try await reports.world.client.send(.GET, path, token: reports.staff)
                #expect(reply.status == .forbidden)
                #expect(reply.isProblem)
                #expect(try reply.json()["rule"] as? String == "S1")
            }
            let page = try await reports.page("/reports", as: reports.staff)
            #expect(page.status == .forbidden)
            // A secrecy officer reads ledgers but not the annual report, which is the office's and leaders' (I2).
            let officer = try await reports.world.client.send(
                .GET, "/api/v1/reports/self-inspection", token: reports.officer)
            #expect(officer.status == .forbidden)
            #expect(try officer.json()["rule"] as? String == "S1")
        }
    }

    @Test("I2 unknown reports are 404 and a bad year 400 (#12), as bilingual problem+json")
    func badInput() async throws {
        try await withTestApp { test in
            let reports = try await ReportWorld.make(test)
            let client = reports.world.client
            let unknown = try await client.send(.GET, "/api/v1/reports/salaries", token: reports.world.office)
            #expect(unknown.status == .notFound && unknown.isProblem)
            #expect((try unknown.json()["zh"] as? String)?.contains("没有这个报表") == true)
            #expect((try unknown.json()["en"] as? String)?.contains("No such report") == true)
            #expect(try await reports.page("/reports/salaries", as: reports.world.office).status == .notFound)
            for year in ["1999", "20x6", "2100", "%E4%BA%8C"] {
                let bad = try await client.send(
                    .GET, "/api/v1/reports/self-inspection?year=\(year)", token: reports.world.office)
                #expect(bad.status == .badRequest && bad.isProblem, "\(year)")
                let fields = try (bad.json()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                #expect(fields == ["year"])
            }
            let badLedger = try await client.send(
                .GET, "/api/v1/reports/carrierLedger?year=12", token: reports.world.office)
            #expect(badLedger.status == .badRequest)
            let badLevel = try await client.send(
                .GET, "/api/v1/reports/carrierLedger?level=ultra", token: reports.world.office)
            #expect(badLevel.status == .badRequest)
            // The page keeps the filter and shows the error next to the field instead of failing.
            let page = try await reports.page("/reports?year=abc", as: reports.world.office)
            #expect(page.status == .badRequest && page.body.contains("field-error"))
        }
    }

    @Test("I2 the self-inspection figures match the seeded year, and a 重要-cleared leader's leave out 绝密 (A2)")
    func selfInspectionFigures() async throws {
        try await withTestApp { test in
            let reports = try await ReportWorld.make(test)
            let client = reports.world.client
            let office = try await client.send(
                .GET, "/api/v1/reports/self-inspection?year=2026", token: reports.world.office
            ).json()
            let figures = try #require(office["figures"] as? [String: Any])
            let byLevel = (figures["carriersByLevel"] as? [[String: Any]] ?? []).map {
                "\($0["level"] as? String ?? "")=\($0["count"] as? Int ?? 0)"
            }
            #expect(byLevel == ["topSecret=1", "secret=1", "confidential=1"])
            #expect(figures["copiesMade"] as? Int == 3)
            #expect(figures["copiesReceived"] as? Int == 3)
            #expect(figures["copiesSent"] as? Int == 0 && figures["copiesDestroyed"] as? Int == 0)
            #expect(figures["liveCopies"] as? Int == 6 && figures["inventoriesClosed"] as? Int == 0)
            let classes = (figures["peopleByClass"] as? [[String: Any]] ?? []).map {
                "\($0["postClass"] as? String ?? "")=\($0["count"] as? Int ?? 0)"
            }
            #expect(classes == ["core=1", "important=2", "general=1"])
            let open = try await FindingModel.query(on: test.db).filter(\.$isOpen == true).count()
            let byRule = office["openFindingsByRule"] as? [[String: Any]] ?? []
            #expect(byRule.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == open)
            #expect(figures["findingsOpened"] as? Int == open)
            #expect(byRule.first { $0["rule"] as? String == "C9" }?["count"] as? Int == 2)
            #expect(office["marking"] as? String == "绝密")
            // The leader is cleared to 机密: the 绝密 carrier and its finding are absent from every count.
            let leader = try await client.send(
                .GET, "/api/v1/reports/self-inspection?year=2026", token: reports.leader
            ).json()
            let leaderFigures = try #require(leader["figures"] as? [String: Any])
            #expect((leaderFigures["carriersByLevel"] as? [[String: Any]] ?? []).count == 2)
            #expect(leaderFigures["copiesMade"] as? Int == 2)
            let leaderRules = leader["openFindingsByRule"] as? [[String: Any]] ?? []
            #expect(leaderRules.first { $0["rule"] as? String == "C9" }?["count"] as? Int == 1)
            // Another year has nothing registered.
            let earlier = try await client.send(
                .GET, "/api/v1/reports/self-inspection?year=2025", token: reports.world.office
            ).json()
            #expect(((earlier["figures"] as? [String: Any])?["carriersByLevel"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("I2 the self-inspection report prints its figures, open findings per rule and space to write by hand")
    func selfInspectionPage() async throws {
        try await withTestApp { test in
            let reports = try await ReportWorld.make(test)
            let page = try await reports.page("/self-inspection?year=2026", as: reports.world.office)
            #expect(page.status == .ok)
            for text in [
                "保密自查报告", "自查年度：2026 年", "一、涉密载体", "二、借阅与外带", "三、清查核对", "四、涉密人员", "五、合规提醒",
                "未关闭问题（按规则）", "保密期限届满", "六、自查结论", "七、整改措施", "制表人：", "审核人：", "日期：",
            ] {
                #expect(page.body.contains(text), "\(text)")
            }
            #expect(page.body.components(separatedBy: "class=\"fill-line\"").count - 1 == 12)
            #expect(page.body.contains("<div class=\"print-marking\">绝密</div>"))
            let leader = try await reports.page("/self-inspection", as: reports.leader)
            #expect(leader.status == .ok && !leader.body.contains("<div class=\"print-marking\">绝密</div>"))
            let officer = try await reports.page("/self-inspection", as: reports.officer)
            #expect(officer.status == .forbidden)
            let list = try await reports.page("/reports", as: reports.officer)
            #expect(!list.body.contains("self-inspection-card"))
        }
    }

    @Test("A2 T5.2 the API lists the reports and serves rows as headers and rows, filtered by year and level")
    func apiRows() async throws {
        try await withTestApp { test in
            let reports = try await ReportWorld.make(test)
            let client = reports.world.client
            let list = try await client.send(.GET, "/api/v1/reports", token: reports.world.office).jsonArray()
            #expect(list.compactMap { $0["name"] as? String } == Report.allCases.map(\.rawValue) + ["self-inspection"])
            let officerList = try await client.send(.GET, "/api/v1/reports", token: reports.officer).jsonArray()
            #expect(!officerList.contains { $0["name"] as? String == "self-inspection" })
            let ledger = try await client.send(
                .GET, "/api/v1/reports/carrierLedger?year=2026&level=secret", token: reports.world.office
            ).json()
            #expect(ledger["report"] as? String == "carrierLedger")
            #expect((ledger["headers"] as? [String])?.first == "序号")
            let rows = try #require(ledger["rows"] as? [[String]])
            #expect(rows.count == 1 && rows.first?[1] == reports.secretNumber)
            #expect(ledger["marking"] as? String == "机密" && ledger["truncated"] as? Bool == false)
            let lastYear = try await client.send(
                .GET, "/api/v1/reports/carrierLedger?year=2025", token: reports.world.office
            ).json()
            #expect((lastYear["rows"] as? [[String]])?.isEmpty == true)
            let document = try await client.send(.GET, "/openapi.json").json()
            let paths = try #require(document["paths"] as? [String: Any])
            for path in ["/api/v1/reports", "/api/v1/reports/{name}", "/api/v1/reports/self-inspection"] {
                #expect(paths[path] != nil, "\(path)")
            }
        }
    }
}

extension ReportTests {
    @Test("C2 C3 A2 the outgoing register lists what was sent, without what is above the reader's clearance")
    func outgoingRegister() async throws {
        try await withTestApp { test in
            let reports = try await ReportWorld.make(test)
            try await reports.send(reports.topSecretCopy)
            try await reports.send(reports.secretCopy)
            let office = try await reports.world.client.send(
                .GET, "/api/v1/reports/outgoing?year=2026", token: reports.world.office
            ).json()
            let rows = try #require(office["rows"] as? [[String]])
            #expect(rows.count == 2 && office["marking"] as? String == "绝密")
            #expect(rows.allSatisfy { $0[6] == "上级机关" && $0[9] == "未签收" })
            let officer = try await reports.world.client.send(
                .GET, "/api/v1/reports/outgoing", token: reports.officer
            ).json()
            let officerRows = try #require(officer["rows"] as? [[String]])
            #expect(officerRows.map { $0[3] } == [ReportWorld.secretTitle])
            #expect(officerRows.first?[0] == "1")
            let secretOnly = try await reports.world.client.send(
                .GET, "/api/v1/reports/outgoing?level=secret", token: reports.world.office
            ).json()
            #expect((secretOnly["rows"] as? [[String]])?.count == 1)
            let figures =
                try await reports.world.client.send(
                    .GET, "/api/v1/reports/self-inspection?year=2026", token: reports.world.office
                ).json()["figures"] as? [String: Any]
            #expect(figures?["copiesSent"] as? Int == 2)
            let leaderFigures =
                try await reports.world.client.send(
                    .GET, "/api/v1/reports/self-inspection?year=2026", token: reports.leader
                ).json()["figures"] as? [String: Any]
            #expect(leaderFigures?["copiesSent"] as? Int == 1)
        }
    }
}

/// Counts the report exports in the audit trail (A5).
private enum AuditEventModelCount {
    static func exports(on database: any Database) async throws -> Int {
        try await database.sql.raw(
            "SELECT COUNT(*) AS n FROM audit_records WHERE action = 'ledger.export'"
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
