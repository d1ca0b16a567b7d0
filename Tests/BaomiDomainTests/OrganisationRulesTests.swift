import Foundation
import Testing

@testable import BaomiDomain

@Suite("Organisation (T4)")
struct OrganisationRulesTests {
    @Test("T4 a unit cannot move under itself or a descendant")
    func noCycles() {
        let unit = UUID()
        let child = UUID()
        #expect(OrganisationRules.checkParent(unit: unit, ancestorsOfNewParent: [child, unit]).refusal?.rule == .t4)
        #expect(OrganisationRules.checkParent(unit: unit, ancestorsOfNewParent: [unit]).refusal?.rule == .t4)
        #expect(OrganisationRules.checkParent(unit: unit, ancestorsOfNewParent: [child, UUID()]).isAllowed)
    }

    @Test("T4 the working group has one head")
    func oneHead() {
        #expect(OrganisationRules.checkWorkingGroup(roles: [.head, .deputy, .member, .member]).isAllowed)
        #expect(OrganisationRules.checkWorkingGroup(roles: [.head, .head]).refusal?.rule == .t4)
    }

    @Test("T4 a department needs a parent; every missing field is reported at once")
    func unitDraft() throws {
        #expect(throws: DomainError.self) {
            try OrgUnitDraft.parse(
                name: "技术部", code: "D1", kind: "department", parentID: nil, isKeyDepartment: nil, sortOrder: nil)
        }
        let error = #expect(throws: DomainError.self) {
            try OrgUnitDraft.parse(
                name: " ", code: "", kind: "team", parentID: "not-a-uuid", isKeyDepartment: nil, sortOrder: nil)
        }
        guard case .invalid(let errors) = error else {
            Issue.record("expected field errors, got \(String(describing: error))")
            return
        }
        #expect(Set(errors.map(\.field)) == ["name", "code", "kind", "parentID"])
        let root = try OrgUnitDraft.parse(
            name: " 某研究所 ", code: "ROOT", kind: "unit", parentID: "", isKeyDepartment: nil, sortOrder: nil)
        #expect(root.name == "某研究所")
        #expect(root.parentID == nil)
    }

    @Test("S4 person and account drafts validate before anything is written")
    func personAndAccountDrafts() throws {
        let department = UUID()
        let person = try PersonDraft.parse(
            name: "张三", employeeNumber: "E001", departmentID: department.uuidString, post: "", isLeader: true,
            status: nil)
        #expect(person.status == .active)
        #expect(person.isLeader)
        #expect(throws: DomainError.self) {
            try PersonDraft.parse(
                name: "张三", employeeNumber: "", departmentID: nil, post: nil, isLeader: nil, status: "gone")
        }
        #expect(try AccountDraft.parse(username: "Zhang.San", displayName: nil, personID: nil).username == "zhang.san")
        #expect(throws: DomainError.self) { try AccountDraft.parse(username: "张三", displayName: nil, personID: nil) }
        #expect(throws: DomainError.self) { try AccountDraft.parse(username: "ab", displayName: nil, personID: nil) }
    }

    @Test("Language preference from Accept-Language defaults to Chinese")
    func language() {
        #expect(Language.preferred(fromAcceptLanguage: nil) == .zh)
        #expect(Language.preferred(fromAcceptLanguage: "en-US,en;q=0.9") == .en)
        #expect(Language.preferred(fromAcceptLanguage: "zh-CN,zh;q=0.9,en;q=0.8") == .zh)
    }
}
