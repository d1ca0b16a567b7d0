import BaomiDomain
import Foundation
import Testing

@Suite("Cooperation contracts with outside parties (T23)")
struct CooperationRulesTests {
    let department = UUID()
    let today = "2026-12-05"

    func draft(
        level: String? = "secret", startsOn: String = "2027-01-01", coverage: String = "agreement",
        signedOn: String? = "2026-12-01", clause: String? = nil
    ) -> CooperationContractDraft {
        CooperationContractDraft(
            partnerName: "某某电子有限公司", partnerCreditCode: "91110108MA01ABCD2X", subject: "某型设备联合研制",
            level: level, startsOn: startsOn, endsOn: "2027-12-31", departmentID: department, coverage: coverage,
            agreementSignedOn: signedOn, clauseReference: clause)
    }

    func errors(_ draft: CooperationContractDraft) -> [FieldError] {
        guard
            case .failure(.invalid(let errors)) = CooperationRules.validate(
                draft, levels: .nationalDefault, today: today)
        else { return [] }
        return errors
    }

    @Test("T23 a secret contract with an agreement signed before the start, or a clause, is accepted")
    func accepted() throws {
        let facts = try CooperationRules.validate(draft(), levels: .nationalDefault, today: today).get()
        #expect(facts.level == .secret && facts.coverage == .agreement && facts.agreementSignedOn == "2026-12-01")
        let clause = try CooperationRules.validate(
            draft(coverage: "clause", signedOn: nil, clause: "第十二条"), levels: .nationalDefault, today: today
        ).get()
        #expect(clause.clauseReference == "第十二条" && clause.agreementSignedOn == nil)
    }

    @Test("T23 a secret contract already started without an agreement or clause is refused; not yet started, recorded")
    func uncoveredRefusedOnceStarted() throws {
        let started = errors(draft(startsOn: "2026-12-01", coverage: "none", signedOn: nil))
        #expect(started.map(\.field) == ["coverage"])
        #expect(started.first?.message.zh.contains("保密协议或在合同中订立保密条款") == true)
        // Not started yet: recorded, and the compliance check reminds once it starts.
        #expect(errors(draft(coverage: "none", signedOn: nil)).isEmpty)
        // Involving no secrets: nothing is required.
        #expect(errors(draft(level: "", startsOn: "2026-12-01", coverage: "none", signedOn: nil)).isEmpty)
        #expect(CooperationRules.isUncovered(level: "secret", coverage: .none, startsOn: "2026-12-05", today: today))
        #expect(!CooperationRules.isUncovered(level: nil, coverage: .none, startsOn: "2026-12-05", today: today))
    }

    @Test("T23 bad input: every field error cites T23")
    func badInput() {
        let found = errors(
            CooperationContractDraft(
                partnerName: " ", partnerCreditCode: "123", subject: "", level: "ultra", startsOn: "2027-02-30",
                endsOn: "2026-01-01", departmentID: nil, coverage: "maybe"))
        #expect(
            Set(found.map(\.field)) == [
                "partnerName", "partnerCreditCode", "subject", "level", "departmentID", "startsOn", "coverage",
            ])
        #expect(found.allSatisfy { $0.rule == RuleID("T23") })
        #expect(errors(draft(signedOn: "2027-01-02")).map(\.field) == ["agreementSignedOn"])
        #expect(errors(draft(signedOn: nil)).map(\.field) == ["agreementSignedOn"])
        #expect(errors(draft(coverage: "clause", signedOn: nil, clause: "")).map(\.field) == ["clauseReference"])
        var backwards = draft()
        backwards.endsOn = "2026-12-31"
        #expect(errors(backwards).map(\.field) == ["endsOn"])
    }

    @Test("T23 findings: secret cooperation started without coverage; contracts ending within 30 days")
    func findings() {
        var records = ComplianceRecords(today: today)
        let uncovered = UUID()
        let ending = UUID()
        records.cooperation.running = [
            .init(
                id: uncovered, partnerName: "甲公司", level: "secret", coverage: .none, startsOn: "2026-11-01",
                endsOn: "2027-06-30", departmentID: department),
            .init(
                id: ending, partnerName: "乙公司", level: "confidential", coverage: .clause, startsOn: "2026-01-01",
                endsOn: "2026-12-20", departmentID: department),
            .init(
                id: UUID(), partnerName: "丙公司", level: nil, coverage: .none, startsOn: "2026-01-01",
                endsOn: "2026-12-20", departmentID: department),
        ]
        let missing = ComplianceRules.evaluate(.cooperationUncovered, records, levels: .nationalDefault)
        #expect(missing.map(\.subject.id) == [uncovered])
        #expect(missing.first?.subject.type == "cooperationContract")
        #expect(missing.first?.responsibleDepartment == department)
        let soon = ComplianceRules.evaluate(.cooperationEnding, records, levels: .nationalDefault)
        #expect(soon.map(\.subject.id) == [ending])
        #expect(ComplianceCheck.cooperationUncovered.rule == RuleID("T23"))
        #expect(ComplianceCheck.cooperationUncovered.title.zh == "涉密合作未签订保密协议或保密条款")
        #expect(ComplianceCheck.cooperationEnding.rule == RuleID("T23"))
    }
}
