import BaomiDomain
import Foundation
import Testing

/// The training checks (E1–E6.7): each fires on the records that owe something and clears once a credit is there.
@Suite("Training compliance checks as pure functions (E1, E6.1, E6.5, E6.6, E6.7)")
struct TrainingRulesTests {
    let department = UUID()
    let today = "2026-11-29"

    func person(
        _ postClass: SecretPostClass = .general, registeredOn: String = "2020-01-01", key: Bool = false,
        officer: Bool = false, latest: [TrainingPurpose: String] = [:]
    ) -> TrainingComplianceRecords.Person {
        .init(
            id: UUID(), name: "张三", departmentID: department, postClass: postClass, registeredOn: registeredOn,
            inKeyDepartment: key, isSecrecyOfficer: officer, latest: latest)
    }

    func evaluate(
        _ check: ComplianceCheck, since: String? = "2026-01-01", _ fill: (inout TrainingComplianceRecords) -> Void
    ) -> [Finding] {
        var records = ComplianceRecords(today: today)
        records.training.policy.dutiesSince = since
        fill(&records.training)
        return ComplianceRules.evaluate(check, records, levels: .nationalDefault)
    }

    @Test("E1 a refresher fires a month before it falls due and is overdue after; a fresh credit clears it")
    func refresher() {
        let findings = evaluate(.refresherOverdue) {
            $0.people = [
                person(latest: [.refresher: "2025-12-20"]), person(latest: [.prePost: "2025-11-01"]),
                person(latest: [.refresher: "2026-06-01"]), person(.nonSecret, latest: [.refresher: "2024-01-01"]),
            ]
        }
        #expect(findings.map(\.severity) == [.warning, .overdue])
        #expect(findings.allSatisfy { $0.rule == RuleID("E1") })
    }

    @Test("E6.6(1) new staff without induction: a notice within 30 days of joining, overdue after; induction clears")
    func induction() {
        let findings = evaluate(.inductionMissing) {
            $0.people = [
                person(.nonSecret, registeredOn: "2026-11-20"), person(.nonSecret, registeredOn: "2026-09-01"),
                person(.nonSecret, registeredOn: "2026-09-01", latest: [.induction: "2026-09-05"]),
                person(.nonSecret, registeredOn: "2025-06-01"),
            ]
        }
        #expect(findings.map(\.severity) == [.notice, .overdue])
        #expect(findings.allSatisfy { $0.rule == RuleID("E6.6(1)") && $0.responsiblePerson != nil })
    }

    @Test("E6.6(3) A4 someone in a secret post without any pre-post credit is overdue; a credit clears it")
    func prePost() {
        let findings = evaluate(.prePostMissing) {
            $0.people = [person(.core), person(.core, latest: [.prePost: "2020-01-01"]), person(.nonSecret)]
        }
        #expect(findings.count == 1 && findings[0].rule == RuleID("E6.6(3)"))
    }

    @Test("E6.7 secrecy officers and key departments' 涉密人员 without on-post training; on-post credit clears it")
    func onPost() {
        let findings = evaluate(.onPostMissing) {
            $0.people = [
                person(.nonSecret, officer: true), person(.general, key: true), person(.nonSecret, key: true),
                person(.general, key: true, latest: [.onPost: "2026-03-01"]), person(.general),
            ]
        }
        #expect(findings.count == 2 && findings.allSatisfy { $0.rule == RuleID("E6.7") })
    }

    @Test("E1 nobody's own duties are reminded of before the records' start day")
    func notBeforeTheRecordsBegin() {
        for check in [ComplianceCheck.refresherOverdue, .inductionMissing, .prePostMissing, .onPostMissing] {
            #expect(
                evaluate(check, since: nil) { $0.people = [person(.core, registeredOn: "2026-11-20", officer: true)] }
                    .isEmpty)
            #expect(evaluate(check, since: "2026-12-01") { $0.people = [person(.core, officer: true)] }.isEmpty)
        }
    }

    @Test("E6.1 a planned session is late once its month has passed without a held session")
    func plannedLate() {
        let findings = evaluate(.plannedSessionLate) {
            $0.planned = [
                .init(id: UUID(), title: "三月全员保密教育", departmentID: department, year: 2026, month: 3, held: false),
                .init(id: UUID(), title: "四月", departmentID: nil, year: 2026, month: 4, held: true),
                .init(id: UUID(), title: "十一月", departmentID: nil, year: 2026, month: 11, held: false),
            ]
        }
        #expect(findings.count == 1 && findings[0].due == "2026-03-31" && findings[0].rule == RuleID("E6.1"))
        #expect(findings[0].responsibleDepartment == department)
    }

    @Test("E6.5 a holiday within the lead days without its briefing warns, once begun is overdue; a briefing clears it")
    func briefing() {
        let officer = UUID()
        let findings = evaluate(.briefingMissing) {
            $0.events = [
                .init(id: UUID(), name: "元旦", startsOn: "2026-12-05", responsiblePersonID: officer, briefed: false),
                .init(id: UUID(), name: "重大活动", startsOn: "2026-11-28", responsiblePersonID: nil, briefed: false),
                .init(id: UUID(), name: "春节", startsOn: "2026-12-06", responsiblePersonID: nil, briefed: true),
            ]
        }
        #expect(findings.map(\.severity) == [.warning, .overdue])
        #expect(findings[0].responsiblePerson == officer && findings[0].rule == RuleID("E6.5"))
    }
}
