import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

@Suite("Compliance findings through the API and pages (REMIND)", .serialized)
struct FindingsTests {
    @Test("L1.9 a borrowing due in two days is a finding for the borrower and the keeping officer; returning closes it")
    func loanDueFinding() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let (staff, _) = try await AccessTests().staff(world)
            let officer = try await world.clearedAccount("libm", roles: ["secrecyOfficer"])
            let colleague = try await world.clearedAccount("zhaog", roles: ["staff"])
            let carrier = try await client.send(
                .POST, "/api/v1/carriers", token: world.office,
                json: world.carrierBody(level: "confidential", copies: 1, title: "秘密级试验大纲")
            ).json()
            let copy = try #require((carrier["copies"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await client.send(
                .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
                json: ["action": "place", "placeID": world.safe])
            // The app's clock, not the wall clock: "due soon" is three days from the app's today (L1.9).
            let due = SecrecyPeriod.day(ClearanceRepository.today(test.clock()), plus: 2)
            let id = try #require(
                try await client.send(
                    .POST, "/api/v1/requests", token: staff,
                    json: [
                        "kind": "borrow", "copyIDs": [copy], "reason": "编写试验报告",
                        "payload": ["placeID": world.safe, "returnDate": due],
                    ]
                ).json()["id"] as? String)
            _ = try await client.send(
                .POST, "/api/v1/requests/\(id)/decision", token: officer, json: ["verdict": "approve"])
            #expect(try await client.send(.POST, "/api/v1/requests/\(id)/issue", token: world.office).status == .ok)
            let run = try await client.send(.POST, "/api/v1/findings/check", token: world.office)
            #expect(run.status == .ok)
            #expect((try run.json()["opened"] as? Int ?? 0) >= 1)

            func loanFindings(_ token: String, state: String = "open") async throws -> [[String: Any]] {
                try await client.send(.GET, "/api/v1/findings?check=loanDue&state=\(state)", token: token).json()[
                    "rows"] as? [[String: Any]] ?? []
            }
            let mine = try await loanFindings(staff)
            #expect(mine.count == 1)
            #expect(mine.first?["severity"] as? String == "warning")
            #expect(mine.first?["rule"] as? String == "L1.9")
            #expect(mine.first?["due"] as? String == due)
            #expect(try await loanFindings(officer).count == 1)
            #expect(try await loanFindings(colleague).isEmpty)
            // The header of every page counts them; the page lists them in Chinese.
            let workbench = try await client.send(.GET, "/", token: staff)
            #expect(workbench.body.contains("findings-badge"))
            let page = try await client.send(.GET, "/compliance", token: staff)
            #expect(page.status == .ok)
            #expect(page.body.contains("将于 \(due) 到期"))

            #expect(try await client.send(.POST, "/api/v1/requests/\(id)/return", token: staff).status == .ok)
            let after = try await client.send(.POST, "/api/v1/findings/check", token: world.office).json()
            #expect((after["closed"] as? Int ?? 0) >= 1)
            #expect(try await loanFindings(staff).isEmpty)
            let history = try await loanFindings(staff, state: "closed")
            #expect(history.count == 1)
            #expect(history.first?["closedAt"] != nil)
            #expect(!(try await client.send(.GET, "/", token: staff).body.contains("findings-badge")))
        }
    }

    @Test(
        "T4 S1 the office sees a department without an officer; only the office runs the check; bad filters 400 (#12)")
    func officeAndInput() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let (staff, _) = try await AccessTests().staff(world)
            let refused = try await client.send(.POST, "/api/v1/findings/check", token: staff)
            #expect(refused.status == .forbidden)
            #expect(refused.isProblem)
            #expect(try await client.send(.POST, "/api/v1/findings/check", token: world.office).status == .ok)
            let t4 = try await client.send(
                .GET, "/api/v1/findings?check=departmentWithoutOfficer", token: world.office
            ).json()
            let rows = t4["rows"] as? [[String: Any]] ?? []
            #expect(
                rows.contains {
                    $0["subjectID"] as? String == world.department.uppercased()
                        || $0["subjectID"] as? String == world.department
                })
            #expect(rows.first?["zh"] as? String == "「技术部」未指定兼职保密员")
            // Staff do not see the office's findings.
            let theirs = try await client.send(.GET, "/api/v1/findings?check=departmentWithoutOfficer", token: staff)
                .json()
            #expect(theirs["total"] as? Int == 0)
            let bad = try await client.send(.GET, "/api/v1/findings?state=bogus&limit=0&check=nope", token: staff)
            #expect(bad.status == .badRequest)
            #expect(bad.isProblem)
            let fields = Set(
                ((try bad.json()["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["state", "limit", "check"])
            let page = try await client.send(.GET, "/compliance?state=bogus", token: staff)
            #expect(page.status == .badRequest)
            #expect(page.body.contains("state 不能是「bogus」，只能是 open, closed, all"))
            let checks = try await client.send(.GET, "/api/v1/findings/checks", token: staff).jsonArray()
            #expect(checks.count == ComplianceCheck.allCases.count)
            #expect(checks.contains { $0["check"] as? String == "loanDue" && $0["rule"] as? String == "L1.9" })
        }
    }
}
