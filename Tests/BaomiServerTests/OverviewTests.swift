import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

/// 保密工作总览 (issue #5): the figures, who may see them, and what a clearance leaves out of them.
@Suite("The overview's figures, page and API (issue #5: A2, A6, C6, L1.9, S1)", .serialized)
struct OverviewTests {
    /// Registers a carrier through the API and returns its copies' ids.
    private func register(_ world: CarrierWorld, level: String, copies: Int, title: String) async throws -> [String] {
        let created = try await world.client.send(
            .POST, "/api/v1/carriers", token: world.office,
            json: world.carrierBody(level: level, copies: copies, title: title))
        #expect(created.status == .created)
        return (try created.json()["copies"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    /// A staff member borrows the copy, the officer approves it, the office hands it over (A6).
    private func lend(_ copy: String, world: CarrierWorld, today: Date, days: Int) async throws {
        let client = world.client
        _ = try await client.send(
            .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
            json: ["action": "place", "placeID": world.safe])
        let (staff, _) = try await AccessTests().staff(world, postClass: "important")
        let officer = try await world.clearedAccount("libm", roles: ["secrecyOfficer"])
        let due = SecrecyPeriod.day(ClearanceRepository.today(today), plus: days)
        let submitted = try await client.send(
            .POST, "/api/v1/requests", token: staff,
            json: [
                "kind": "borrow", "copyIDs": [copy], "reason": "编写试验报告",
                "payload": ["placeID": world.safe, "returnDate": due],
            ])
        #expect(submitted.status == .created)
        let id = try #require(try submitted.json()["id"] as? String)
        let approved = try await client.send(
            .POST, "/api/v1/requests/\(id)/decision", token: officer, json: ["verdict": "approve"])
        #expect(try approved.json()["state"] as? String == "approved")
        #expect(try await client.send(.POST, "/api/v1/requests/\(id)/issue", token: world.office).status == .ok)
    }

    private func count(_ entries: Any?, _ match: [String: String]) -> Int? {
        (entries as? [[String: Any]])?.first { entry in match.allSatisfy { entry[$0.key] as? String == $0.value } }?[
            "count"] as? Int
    }

    private func monthly(_ overview: [String: Any], _ key: String) -> Int {
        (overview["months"] as? [[String: Any]] ?? []).reduce(0) { $0 + ($1[key] as? Int ?? 0) }
    }

    @Test("C1.2 A6 L1.9 the figures match what was registered and lent: by level and state, out and overdue")
    func figuresMatchTheRegister() async throws {
        try await withTestApp { test in
            // setup
            let world = try await CarrierWorld.make(test)
            let secret = try await register(world, level: "secret", copies: 2, title: "机密级总体方案")
            _ = try await register(world, level: "confidential", copies: 1, title: "秘密级试验大纲")
            try await lend(try #require(secret.first), world: world, today: test.clock(), days: 2)
            // act
            let overview = try await world.client.send(.GET, "/api/v1/overview", token: world.office).json()
            // check
            let totals = try #require(overview["totals"] as? [String: Any])
            #expect(totals["carriers"] as? Int == 2)
            #expect(totals["copies"] as? Int == 3)
            #expect(totals["liveCopies"] as? Int == 3)
            #expect(totals["loansOut"] as? Int == 1)
            #expect(totals["loansOverdue"] as? Int == 0)
            #expect(count(overview["carriersByLevel"], ["level": "secret"]) == 1)
            #expect(count(overview["carriersByLevel"], ["level": "confidential"]) == 1)
            #expect(count(overview["copiesByLevelAndState"], ["level": "secret", "state": "onLoan"]) == 1)
            #expect(count(overview["copiesByLevelAndState"], ["level": "secret", "state": "registered"]) == 1)
            #expect(count(overview["copiesByLevelAndState"], ["level": "confidential", "state": "registered"]) == 1)
            #expect((overview["months"] as? [[String: Any]])?.count == 12)
            #expect(monthly(overview, "borrowingsIssued") == 1)
            // Three days on, the borrowing due in two is overdue (L1.9).
            test.clock.advance(minutes: 3 * 24 * 60)
            let office = try await world.client.token("bmb", password: TestApp.newPassword, changeTo: nil)
            let later = try await world.client.send(.GET, "/api/v1/overview", token: office).json()
            #expect((later["totals"] as? [String: Any])?["loansOverdue"] as? Int == 1)
            #expect((later["totals"] as? [String: Any])?["loansOut"] as? Int == 1)
        }
    }

    @Test("C1.1 C8 twelve months in Asia/Shanghai: carriers registered this month, destroyed copies by their event")
    func monthsCountByTheirTimestamps() async throws {
        try await withTestApp { test in
            // setup: three carriers, and one copy destroyed through an approved, supervised batch (C8).
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let copies = try await RequestAPITests().storedCopies(world, count: 2)
            _ = try await register(world, level: "confidential", copies: 1, title: "秘密级试验大纲")
            _ = try await register(world, level: "confidential", copies: 1, title: "秘密级测试记录")
            let leader = try await world.clearedAccount("leader", roles: ["leader"])
            let office2 = try await world.clearedAccount("bmb2", roles: ["securityOffice"])
            let batch = try await client.send(
                .POST, "/api/v1/requests", token: world.office,
                json: [
                    "kind": "destroy", "copyIDs": [copies[0]], "reason": "期满销毁",
                    "payload": [
                        "method": "facility", "transportPeople": ["张押运"], "vehicle": "京A12345",
                        "destructionPlace": "销毁中心",
                    ],
                ])
            let id = try #require(try batch.json()["id"] as? String)
            for approver in [office2, leader] {
                _ = try await client.send(
                    .POST, "/api/v1/requests/\(id)/decision", token: approver, json: ["verdict": "approve"])
            }
            for supervisor in [office2, leader] {
                _ = try await client.send(.POST, "/api/v1/requests/\(id)/destruction-confirmations", token: supervisor)
            }
            // act: carriers are stamped with the real time, so these figures are taken now.
            let figures = try await OverviewQuery(levels: nil, now: Date()).figures(on: test.db)
            let overview = try await client.send(.GET, "/api/v1/overview", token: world.office).json()
            // check
            #expect(figures.months.count == 12)
            #expect(figures.months.last?.month == String(ClearanceRepository.today(Date()).prefix(7)))
            #expect(figures.months.last?.carriersRegistered == 3)
            #expect(figures.months.dropLast().allSatisfy { $0.carriersRegistered == 0 })
            #expect(figures.months.reduce(0) { $0 + $1.copiesDestroyed } == 1)
            #expect(figures.copies(state: "destroyed") == 1)
            #expect(figures.liveCopies == 3)
            #expect(monthly(overview, "copiesDestroyed") == 1)
            #expect(count(overview["copiesByLevelAndState"], ["level": "secret", "state": "destroyed"]) == 1)
            // The first of twelve months ending in January 2027 (08:00 in Shanghai) is February 2026.
            let bounds = OverviewQuery.monthBounds(endingWith: Date(timeIntervalSince1970: 1_798_732_800))
            #expect(bounds.count == 13)
            #expect(bounds.first.map(OverviewQuery.monthName) == "2026-02")
            #expect(bounds.dropLast().last.map(OverviewQuery.monthName) == "2027-01")
        }
    }

    @Test("C6 T4 open findings by rule and department, and inventory coverage of the keepers")
    func findingsAndCoverage() async throws {
        try await withTestApp { test in
            // setup: 技术部 keeps a copy in its safe, has no secrecy officer and was never inventoried.
            let world = try await CarrierWorld.make(test)
            let copy = try #require(try await register(world, level: "secret", copies: 1, title: "机密级总体方案").first)
            _ = try await world.client.send(
                .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
                json: ["action": "place", "placeID": world.safe])
            try await test.app.baomi.compliance.evaluate(levels: .nationalDefault, on: test.db)
            // act
            let before = try await world.client.send(.GET, "/api/v1/overview", token: world.office).json()
            // check
            #expect(count(before["openFindingsByCheck"], ["check": "departmentWithoutOfficer", "rule": "T4"]) == 1)
            #expect(count(before["openFindingsByCheck"], ["check": "inventoryDue", "rule": "C6"]) == 2)
            #expect(count(before["openFindingsByDepartment"], ["name": "技术部"]) == 2)
            // T4 names no department: the security office answers for it.
            #expect(count(before["openFindingsByDepartment"], ["name": "保密办"]) == 1)
            #expect(monthly(before, "findingsOpened") >= 3)
            let coverage = try #require(before["inventoryCoverage"] as? [String: Any])
            #expect(coverage["departments"] as? Int == 1)
            #expect(coverage["places"] as? Int == 1)
            #expect(coverage["percent"] as? Int == 0)
            // act: the department's inventory closes; its place counts as inventoried with it (C6).
            let opened = try await world.client.send(
                .POST, "/api/v1/inventories", token: world.office,
                json: ["name": "2026 年度清查", "departmentID": world.department])
            #expect(opened.status == .created)
            let inventory = try #require(try opened.json()["id"] as? String)
            #expect(
                try await world.client.send(.POST, "/api/v1/inventories/\(inventory)/close", token: world.office).status
                    == .ok)
            let after = try await world.client.send(.GET, "/api/v1/overview", token: world.office).json()
            let covered = try #require(after["inventoryCoverage"] as? [String: Any])
            #expect(covered["departmentsCovered"] as? Int == 1)
            #expect(covered["placesCovered"] as? Int == 1)
            #expect(covered["percent"] as? Int == 100)
        }
    }

    @Test("S1 staff and the administrators are refused the overview with problem+json citing S1")
    func othersAreRefused() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let (staff, _) = try await AccessTests().staff(world)
            for token in [staff, world.sysadmin, world.secadmin] {
                let reply = try await world.client.send(.GET, "/api/v1/overview", token: token)
                #expect(reply.status == .forbidden)
                #expect(reply.isProblem)
                #expect(try reply.json()["rule"] as? String == "S1")
                let page = try await world.client.send(.GET, "/overview", token: token)
                #expect(page.status == .forbidden)
                #expect(!page.body.contains("<svg"))
            }
            #expect(try await world.client.send(.GET, "/api/v1/overview").status == .unauthorized)
        }
    }

    @Test("issue #5 the page draws its charts as SVG with titles, Chinese labels and data tables, no inline style")
    func pageDrawsCharts() async throws {
        try await withTestApp { test in
            // setup
            let world = try await CarrierWorld.make(test)
            _ = try await register(world, level: "secret", copies: 2, title: "机密级总体方案")
            // act
            let page = try await world.client.send(.GET, "/overview", token: world.office)
            // check
            #expect(page.status == .ok)
            let body = page.body
            #expect(body.contains("<title>保密工作总览"))
            #expect(body.components(separatedBy: "<svg").count - 1 == 12)
            #expect(body.contains("<title id=\"chart-carriers-by-level-title\">在册载体（按密级）</title>"))
            #expect(body.contains("在用载体份：状态与密级"))
            #expect(body.contains("近 12 个月趋势"))
            #expect(body.contains(">机密</text>"))
            #expect(body.contains("fill=\"#c2410c\""))
            #expect(body.contains("<summary>数据表</summary>"))
            #expect(body.contains("href=\"/carriers\""))
            #expect(body.contains("href=\"/compliance\""))
            #expect(!body.contains("style="))
            #expect(!body.contains("<script>"))
            let menu = try await world.client.send(.GET, "/", token: world.office)
            #expect(menu.body.contains("href=\"/overview\""))
        }
    }

    @Test("A2 a leader cleared to 重要 counts no 绝密 carrier, copy or borrowing; the office counts them all")
    func leaderCountsOnlyWhatTheClearanceCovers() async throws {
        try await withTestApp { test in
            // setup
            let world = try await CarrierWorld.make(test)
            _ = try await register(world, level: "topSecret", copies: 2, title: "绝密级总体方案")
            _ = try await register(world, level: "secret", copies: 1, title: "机密级试验大纲")
            let leader = try await world.clearedAccount("leader", roles: ["leader"], postClass: "important")
            // act
            let office = try await world.client.send(.GET, "/api/v1/overview", token: world.office).json()
            let seen = try await world.client.send(.GET, "/api/v1/overview", token: leader)
            // check
            #expect(seen.status == .ok)
            let figures = try seen.json()
            #expect((office["totals"] as? [String: Any])?["carriers"] as? Int == 2)
            #expect((office["totals"] as? [String: Any])?["copies"] as? Int == 3)
            #expect((figures["totals"] as? [String: Any])?["carriers"] as? Int == 1)
            #expect((figures["totals"] as? [String: Any])?["copies"] as? Int == 1)
            #expect(count(figures["carriersByLevel"], ["level": "topSecret"]) == nil)
            #expect(!((figures["levels"] as? [String]) ?? []).contains("topSecret"))
            let page = try await world.client.send(.GET, "/overview", token: leader)
            #expect(page.status == .ok)
            #expect(!page.body.contains("绝密"))
            #expect(page.body.contains(">机密</text>"))
            // A leader keeps no ledger: the tiles do not link where a leader would be refused.
            #expect(!page.body.contains("href=\"/carriers/inventories\""))
        }
    }
}
