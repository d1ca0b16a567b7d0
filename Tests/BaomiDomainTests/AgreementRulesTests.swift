import BaomiDomain
import Foundation
import Testing

/// The agreement checks (T8, T15, A4, L1.1) as pure functions, and the requirement they share with the gate.
@Suite("Agreement compliance checks as pure functions (T8, T15, A4)")
struct AgreementRulesTests {
    let department = UUID()
    let today = "2026-11-29"

    func evaluate(_ check: ComplianceCheck, _ fill: (inout AgreementComplianceRecords) -> Void) -> [Finding] {
        var records = ComplianceRecords(today: today)
        fill(&records.agreements)
        return ComplianceRules.evaluate(check, records, levels: .nationalDefault)
    }

    func person(
        _ postClass: SecretPostClass, leader: Bool = false, _ inForce: Set<AgreementKind>
    ) -> AgreementComplianceRecords.Person {
        .init(
            id: UUID(), name: "李四", departmentID: department, postClass: postClass, isLeader: leader, inForce: inForce)
    }

    @Test("T8 A4 L1.1 a cleared person without the agreements the post needs is a finding naming them")
    func missing() {
        let findings = evaluate(.agreementMissing) {
            $0.people = [
                person(.general, []), person(.core, [.ipProtection]), person(.core, leader: true, [.ipProtection]),
                person(.important, leader: true, [.ipProtection, .commitment]),
            ]
        }
        #expect(findings.count == 2 && findings.allSatisfy { $0.rule == RuleID("T8") && $0.severity == .overdue })
        #expect(findings[0].explanation.zh.contains("《知识产权保护协议》"))
        #expect(findings[1].explanation.zh.contains("《保密承诺书》") && !findings[1].explanation.zh.contains("知识产权"))
        #expect(findings.allSatisfy { $0.responsibleDepartment == department })
    }

    @Test("T15 an agreement ending within 30 days warns; one past its day is overdue; later ones are quiet")
    func ending() {
        func agreement(_ day: String) -> AgreementComplianceRecords.Agreement {
            .init(id: UUID(), personID: UUID(), name: "王五", departmentID: department, kind: .nonCompete, day: day)
        }
        let findings = evaluate(.agreementEnding) {
            $0.ending = [agreement("2026-12-20"), agreement("2026-11-01"), agreement("2027-06-01")]
        }
        #expect(findings.map(\.severity) == [.warning, .overdue])
        #expect(findings.allSatisfy { $0.rule == RuleID("T15") } && findings[0].due == "2026-12-20")
    }

    @Test("T15 remuneration unpaid past its day is a finding with the amount; one due today is not yet")
    func unpaid() {
        func payment(_ day: String) -> AgreementComplianceRecords.Agreement {
            .init(
                id: UUID(), personID: UUID(), name: "赵六", departmentID: department, kind: .ipProtection, day: day,
                paymentID: UUID(), payment: .remuneration, amountCents: 150_000)
        }
        let findings = evaluate(.remunerationUnpaid) { $0.unpaid = [payment("2026-11-01"), payment(today)] }
        #expect(findings.count == 1 && findings[0].rule == RuleID("T15"))
        #expect(findings[0].explanation.zh.contains("1500.00") && findings[0].explanation.zh.contains("报酬"))
    }

    @Test("A4 the requirement: none for a non-secret post, IP for any secret one, the commitment too for a leader")
    func requirement() {
        #expect(AgreementRequirement.required(postClass: .nonSecret, isLeader: true).isEmpty)
        #expect(AgreementRequirement.required(postClass: .general, isLeader: false) == [.ipProtection])
        #expect(AgreementRequirement.required(postClass: .core, isLeader: true) == [.ipProtection, .commitment])
        let lowering = AgreementRequirement.decide(
            from: .core, to: .general, isLeader: false, inForce: [], refused: [.ipProtection])
        #expect(lowering.isAllowed)
        let refused = AgreementRequirement.decide(
            from: .nonSecret, to: .general, isLeader: false, inForce: [], refused: [.ipProtection])
        #expect(refused.refusal?.rule == RuleID("T9"))
    }
}
