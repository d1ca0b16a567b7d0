import Foundation
import Testing

@testable import BaomiDomain

/// 涉密人员复审 on a cycle (A2) and prior duties touching the post (T13), as pure functions.
@Suite("Re-reviews and prior duties as pure rules (A2, T13)")
struct PostReviewRulesTests {
    @Test("A2 a review is due a cycle after the last one, or after the post was decided; month ends are kept")
    func dueDates() {
        let yearly = ReviewPolicy()
        #expect(yearly.due(lastReviewedOn: nil, postSince: "2026-03-15") == "2027-03-15")
        #expect(yearly.due(lastReviewedOn: "2026-06-01", postSince: "2025-01-01") == "2027-06-01")
        #expect(ReviewPolicy(cycleMonths: 1).due(lastReviewedOn: "2027-01-31", postSince: nil) == "2027-02-28")
        #expect(yearly.due(lastReviewedOn: nil, postSince: nil) == nil)
        #expect(throws: DomainError.self) { try ReviewPolicy(cycleMonths: 0).validate() }
    }

    @Test("A2 a review needs a real day not in the future, an outcome, and a reason when a change is needed")
    func reviewParsing() throws {
        let review = try ClearanceReviewDraft.parse(
            reviewedOn: "2026-12-01", outcome: "confirmed", note: " ", today: "2026-12-05")
        #expect(review.outcome == .confirmed && review.note == nil)
        let refused = #expect(throws: DomainError.self) {
            try ClearanceReviewDraft.parse(
                reviewedOn: "2026-12-09", outcome: "changeNeeded", note: nil, today: "2026-12-05")
        }
        guard case .invalid(let errors)? = refused else {
            Issue.record("a future review without a reason was taken")
            return
        }
        #expect(Set(errors.map(\.field)) == ["reviewedOn", "note"])
        #expect(errors.allSatisfy { $0.rule == RuleID("A2") })
    }

    @Test("T13 a binding duty whose field is in the post or department warns; an ended one does not")
    func priorDuties() throws {
        let duty = try PriorObligation.parse(
            employer: "某研究所", kind: "nonCompete", field: "惯性导航", endsOn: "2027-06-30")
        #expect(duty.conflicts(post: "惯性导航工程师", department: "总体部", on: "2026-12-05"))
        #expect(duty.conflicts(post: "工程师", department: "惯性导航研究室", on: "2026-12-05"))
        #expect(!duty.conflicts(post: "财务", department: "财务部", on: "2026-12-05"))
        // The registered post's field counts too, whatever the post is called (the posts register, A2).
        #expect(duty.conflicts(post: "系统设计师", department: "总体部", postField: "惯性导航", on: "2026-12-05"))
        #expect(!duty.conflicts(post: "系统设计师", department: "总体部", postField: "结构设计", on: "2026-12-05"))
        #expect(!duty.conflicts(post: "惯性导航工程师", department: "总体部", on: "2027-07-01"))
        let endless = try PriorObligation.parse(employer: "甲公司", kind: "secrecy", field: "雷达", endsOn: "")
        #expect(endless.endsOn == nil && endless.binds(on: "2099-01-01"))
        #expect(duty.warning.zh.contains("某研究所") && duty.warning.zh.contains("2027-06-30"))
        #expect(throws: DomainError.self) {
            try PriorObligation.parse(employer: "", kind: "other", field: "", endsOn: "2027-02-30")
        }
    }

    @Test("A2 T13 findings: a review within 30 days warns, past it is overdue; a touching duty is a warning")
    func findings() {
        var records = ComplianceRecords(today: "2026-12-05")
        let near = UUID()
        let late = UUID()
        let fresh = UUID()
        let department = UUID()
        records.postReviews.cleared = [
            .init(id: near, name: "甲", departmentID: department, postSince: "2025-12-20", lastReviewedOn: nil),
            .init(id: late, name: "乙", departmentID: department, postSince: "2024-01-01", lastReviewedOn: "2025-11-01"),
            .init(id: fresh, name: "丙", departmentID: department, postSince: "2026-11-01", lastReviewedOn: nil),
        ]
        records.postReviews.obligations = [
            .init(
                id: UUID(), personID: fresh, personName: "丙", departmentID: department, departmentName: "总体部",
                post: "惯性导航工程师",
                obligation: PriorObligation(employer: "某所", kind: .secrecy, field: "惯性导航", endsOn: nil))
        ]
        let reviews = ComplianceRules.evaluate(.reReviewDue, records, levels: .nationalDefault)
        #expect(
            Dictionary(uniqueKeysWithValues: reviews.map { ($0.subject.id, $0.severity) }) == [
                near: .warning, late: .overdue,
            ])
        #expect(reviews.allSatisfy { $0.rule == RuleID("A2") })
        let duties = ComplianceRules.evaluate(.priorObligationConflict, records, levels: .nationalDefault)
        #expect(duties.map(\.subject.id) == [fresh] && duties.first?.rule == RuleID("T13"))
    }
}
