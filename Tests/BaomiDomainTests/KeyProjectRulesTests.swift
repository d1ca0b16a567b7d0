import BaomiDomain
import Foundation
import Testing

@Suite("Key projects and tracking files (T10, T11)")
struct KeyProjectRulesTests {
    let project = KeyProjectFact(id: UUID(), code: "ZD-01", name: "某重大专项", endsOn: "2027-06-30")

    @Test("T10 a project runs through its last day; without an end date it runs on")
    func running() {
        #expect(KeyProjectRules.isRunning(endsOn: "2027-06-30", today: "2027-06-30"))
        #expect(!KeyProjectRules.isRunning(endsOn: "2027-06-30", today: "2027-07-01"))
        #expect(KeyProjectRules.isRunning(endsOn: nil, today: "2099-01-01"))
    }

    @Test("T10 taking a running key project out of a clearance directly is refused, pointing to the request")
    func directRemoval() throws {
        let refusal = try #require(KeyProjectRules.directRemoval(of: [project], today: "2026-12-05"))
        #expect(refusal.rule == RuleID("T10"))
        #expect(refusal.reason.zh.contains("重点项目人员调离") && refusal.reason.zh.contains("ZD-01"))
        #expect(refusal.reason.en.contains("key-project transfer request"))
        #expect(KeyProjectRules.directRemoval(of: [project], today: "2027-07-01") == nil)
        #expect(KeyProjectRules.directRemoval(of: [], today: "2026-12-05") == nil)
    }

    @Test("T10 the extra step is the leader in charge, escalating to the office, and says why")
    func leaderStep() {
        let step = KeyProjectRules.leaderStep(for: [project])
        #expect(step.approver == .relation(.leaderInCharge))
        #expect(step.escalation == .role(.securityOffice))
        #expect(step.title.zh.contains("ZD-01") && step.title.zh.contains("T10"))
        let chain = ApprovalChains.chain(
            for: .keyProjectTransfer, level: LevelCatalogue.nationalDefault.levels[0])
        #expect(
            chain.map(\.approver) == [.relation(.departmentHead), .relation(.leaderInCharge), .role(.securityOffice)])
        #expect(chain[1].title.zh.contains("T10"))
    }

    @Test("T10 a transfer names the member and the project; every complaint cites T10")
    func transferPayload() {
        let errors = KeyProjectTransfer.validate(.init(), catalogue: .nationalDefault)
        #expect(Set(errors.map(\.field)) == ["personID", "projectID"])
        #expect(errors.allSatisfy { $0.rule == RuleID("T10") })
        #expect(KeyProjectTransfer.concerning(.init(personID: project.id)) == project.id)
    }

    @Test("T10 an entry or a record of leaving needs a day not after today and a text")
    func entries() {
        #expect(KeyProjectRules.validateEntry(day: "2026-12-05", text: "电话回访", today: "2026-12-05").isEmpty)
        let future = KeyProjectRules.validateEntry(day: "2026-12-06", text: "x", today: "2026-12-05")
        #expect(future.map(\.field) == ["enteredOn"] && future.first?.rule == RuleID("T10"))
        let bad = KeyProjectRules.validateWithoutConsent(day: "12/05", account: " ", today: "2026-12-05")
        #expect(Set(bad.map(\.field)) == ["occurredOn", "account"])
        #expect(bad.allSatisfy { $0.rule == RuleID("T10") })
    }

    @Test("T10 a tracking file without an entry for 90 days is a finding linked to the file")
    func staleFiles() throws {
        var records = ComplianceRecords(today: "2026-12-05")
        let stale = UUID()
        records.trackingFiles.open = [
            .init(
                id: stale, personName: "周某", projectCode: "ZD-01", departmentID: nil, openedOn: "2026-01-10",
                lastEntryOn: "2026-09-05"),
            .init(
                id: UUID(), personName: "吴某", projectCode: "ZD-01", departmentID: nil, openedOn: "2026-01-10",
                lastEntryOn: "2026-09-06"),
            .init(
                id: UUID(), personName: "郑某", projectCode: "ZD-02", departmentID: nil, openedOn: "2026-10-01",
                lastEntryOn: nil),
        ]
        let findings = ComplianceRules.evaluate(.trackingFileStale, records, levels: .nationalDefault)
        #expect(findings.map(\.subject.id) == [stale])
        #expect(findings.first?.subject.type == "trackingFile")
        #expect(ComplianceCheck.trackingFileStale.rule == RuleID("T10"))
        #expect(ComplianceCheck.trackingFileStale.title.zh == "专档久无跟踪记录")
    }

    @Test("T11 a member of a key project is key staff")
    func keyStaff() {
        #expect(DeparturePeriods.isKeyStaff(postClass: .general, inKeyDepartment: false, inKeyProject: true))
        #expect(!DeparturePeriods.isKeyStaff(postClass: .general, inKeyDepartment: false, inKeyProject: false))
    }
}
