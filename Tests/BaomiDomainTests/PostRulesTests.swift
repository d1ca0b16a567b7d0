import Foundation
import Testing

@testable import BaomiDomain

@Suite("Secret posts register rules (A2, A4, T8, T9, A7)")
struct PostRulesTests {
    @Test("A2 a post is core, important or general, with a code, a name and a department; every problem at once")
    func parse() throws {
        #expect(throws: DomainError.self) {
            try PostDraft.parse(
                code: " ", name: nil, departmentID: "x", postClass: "nonSecret",
                extraAgreements: ["departureCommitment"],
                field: nil)
        }
        let errors = Self.fieldErrors(code: "", name: "", department: nil, postClass: "nonSecret", extra: ["bogus"])
        #expect(Set(errors.map(\.field)) == ["code", "name", "departmentID", "postClass", "extraAgreements"])
        #expect(errors.first { $0.field == "postClass" }?.rule == RuleID("A2"))
        #expect(errors.first { $0.field == "extraAgreements" }?.rule == RuleID("T8"))
        let department = UUID()
        let draft = try PostDraft.parse(
            code: " GW-01 ", name: "总体设计师", departmentID: department.uuidString, postClass: "core",
            extraAgreements: ["nonCompete", "nonCompete"], field: "惯性导航")
        #expect(draft.code == "GW-01" && draft.postClass == .core && draft.extraAgreements == [.nonCompete])
        #expect(draft.departmentID == department && draft.field == "惯性导航")
    }

    static func fieldErrors(
        code: String, name: String, department: String?, postClass: String, extra: [String]
    ) -> [FieldError] {
        let result = Result { () throws(DomainError) -> PostDraft in
            try PostDraft.parse(
                code: code, name: name, departmentID: department, postClass: postClass, extraAgreements: extra,
                field: nil)
        }
        guard case .failure(.invalid(let errors)) = result else { return [] }
        return errors
    }

    @Test("A4 T8 L1.1 T11 what a post needs: its class's agreements and its own extras, once each")
    func needs() {
        #expect(
            PostRules.agreementsNeeded(postClass: .general, extra: [.nonCompete], isLeader: false)
                == [.ipProtection, .nonCompete])
        #expect(
            PostRules.agreementsNeeded(postClass: .core, extra: [.ipProtection], isLeader: true)
                == [.ipProtection, .commitment])
        #expect(
            PostRules.missingExtras(
                [.nonCompete], postClass: .core, isLeader: false, inForce: [.ipProtection], refused: [])?.rule
                == RuleID("A4"))
        #expect(
            PostRules.missingExtras(
                [.nonCompete], postClass: .core, isLeader: false, inForce: [], refused: [.nonCompete])?.rule
                == RuleID("T9"))
        #expect(
            PostRules.missingExtras(
                [.nonCompete], postClass: .core, isLeader: false, inForce: [.nonCompete], refused: []) == nil)
    }

    @Test("A4 A7 nobody leaving, departed or in 脱密期 is put on a post")
    func standing() {
        let today = "2026-12-05"
        #expect(PostRules.standing(status: .active, separationUntil: nil, today: today) == nil)
        #expect(PostRules.standing(status: .active, separationUntil: "2026-12-04", today: today) == nil)
        #expect(PostRules.standing(status: .active, separationUntil: "2026-12-05", today: today)?.rule == RuleID("A7"))
        #expect(PostRules.standing(status: .leaving, separationUntil: nil, today: today)?.rule == RuleID("A4"))
        #expect(PostRules.standing(status: .departed, separationUntil: nil, today: today)?.rule == RuleID("A7"))
    }

    @Test("A2 a class named beside a post code must be the post's")
    func classFollowsPost() {
        #expect(PostRules.classAgrees(named: .core, post: .core, code: "GW") == nil)
        let refusal = PostRules.classAgrees(named: .general, post: .core, code: "GW")
        #expect(refusal?.rule == RuleID("A2") && refusal?.reason.zh.contains("GW") == true)
    }
}
