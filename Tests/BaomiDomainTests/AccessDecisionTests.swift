import Foundation
import Testing

@testable import BaomiDomain

@Suite("The one access decision (A2, A3, A4, A7, T5.2, S1)")
struct AccessDecisionTests {
    let levels = LevelCatalogue.nationalDefault
    let postClasses = PostClassCatalogue.nationalDefault
    let person = UUID()
    let department = UUID()
    let otherDepartment = UUID()
    let project = UUID()

    func subject(
        _ postClass: SecretPostClass, roles: Set<Role> = [.staff], projects: [UUID] = [], barred: Refusal? = nil
    ) -> AccessSubject {
        AccessSubject(
            personID: person, departmentID: department, roles: roles, postClass: postClass,
            clearance: postClasses.clearance(postClass, levels: levels, compartments: Set(projects.map(\.uuidString))),
            projects: projects, barred: barred)
    }

    func object(
        _ level: LevelID, scopePeople: [UUID] = [], scopeDepartments: [UUID] = [], scopeProjects: [UUID] = [],
        compartment: UUID? = nil, owner: UUID? = nil
    ) throws -> AccessObject {
        let definition = try #require(levels.definition(level))
        return AccessObject(
            number: "2026-017",
            label: SecurityLabel(level: definition, compartments: Set([compartment?.uuidString].compactMap { $0 })),
            levelName: definition.name, departments: [owner ?? otherDepartment], scopePeople: scopePeople,
            scopeDepartments: scopeDepartments, scopeProjects: scopeProjects)
    }

    func decide(_ subject: AccessSubject, _ action: AccessAction, _ object: AccessObject) -> AccessVerdict {
        AccessDecision.decide(subject, action, object, postClasses: postClasses, levels: levels)
    }

    @Test("A2 no read-up: every post class against every level, in scope; what is above is invisible")
    func clearanceAgainstEveryLevel() throws {
        // The national mapping (A2): 核心 ≤ 绝密, 重要 ≤ 机密, 一般 ≤ 秘密, 非涉密 only 内部.
        let expected: [SecretPostClass: Set<LevelID>] = [
            .core: [.topSecret, .secret, .confidential, .coreCommercial, .ordinaryCommercial, .internal],
            .important: [.secret, .confidential, .coreCommercial, .ordinaryCommercial, .internal],
            .general: [.confidential, .ordinaryCommercial, .internal],
            .nonSecret: [.internal],
        ]
        for postClass in SecretPostClass.allCases {
            for level in levels.levels.map(\.id) {
                let verdict = decide(subject(postClass), .read, try object(level, scopePeople: [person]))
                let allowed = expected[postClass]?.contains(level) == true
                #expect(verdict.isAllowed == allowed, "\(postClass) \(level)")
                if !allowed {
                    #expect(verdict.isInvisible, "\(postClass) \(level)")
                    #expect(verdict.refusal?.rule == RuleID("A2"))
                }
            }
        }
    }

    @Test("A2 the refusal says which clearance would do")
    func refusalExplains() throws {
        let verdict = decide(subject(.general), .read, try object(.topSecret, scopePeople: [person]))
        #expect(verdict.refusal?.reason.zh.contains("核心涉密人员") == true)
        #expect(verdict.refusal?.reason.en.contains("Core secret post") == true)
        let secret = decide(subject(.general), .read, try object(.secret, scopePeople: [person]))
        #expect(secret.refusal?.reason.zh.contains("重要涉密人员") == true)
    }

    @Test("A2 a compartment (project) label needs the project in the clearance")
    func compartments() throws {
        let scoped = try object(.confidential, scopePeople: [person], compartment: project)
        let outside = decide(subject(.core), .read, scoped)
        #expect(outside.isInvisible)
        #expect(outside.refusal?.reason.zh.contains("涉密项目") == true)
        #expect(decide(subject(.core, projects: [project]), .read, scoped).isAllowed)
    }

    @Test("A3 need-to-know: named person, department or project; otherwise refused, visible, never naming the carrier")
    func needToKnow() throws {
        let cleared = subject(.core, projects: [project])
        #expect(decide(cleared, .read, try object(.secret, scopePeople: [person])).isAllowed)
        #expect(decide(cleared, .read, try object(.secret, scopeDepartments: [department])).isAllowed)
        #expect(decide(cleared, .borrow, try object(.secret, scopeProjects: [project])).isAllowed)
        let outside = decide(cleared, .borrow, try object(.secret, scopeDepartments: [otherDepartment]))
        #expect(outside.refusal?.rule == RuleID("A3"))
        #expect(!outside.isInvisible)
        #expect(outside.refusal?.reason.zh.contains("2026-017") == false)
        #expect(outside.refusal?.reason.zh.contains("知悉范围") == true)
    }

    @Test("T5.2 stewards: the security office everything it is cleared for, an officer their department's")
    func stewards() throws {
        let foreign = try object(.secret, scopeDepartments: [otherDepartment])
        #expect(decide(subject(.core, roles: [.securityOffice]), .manage, foreign).isAllowed)
        #expect(decide(subject(.core, roles: [.securityOffice]), .read, foreign).isAllowed)
        #expect(decide(subject(.core, roles: [.secrecyOfficer]), .manage, foreign).refusal?.rule == .t5_2)
        let own = try object(.secret, owner: department)
        #expect(decide(subject(.core, roles: [.secrecyOfficer]), .manage, own).isAllowed)
        #expect(decide(subject(.core, roles: [.staff]), .manage, own).refusal?.rule == .t5_2)
        // Stewardship never lifts the clearance (A2).
        #expect(decide(subject(.general, roles: [.securityOffice]), .manage, foreign).isInvisible)
    }

    @Test("S1 administrators never handle carriers; A4 A7 leaving, departed or in 脱密期: no access, invisible")
    func barred() throws {
        let carrier = try object(.internal, scopePeople: [person])
        for role in Role.administrators {
            let verdict = decide(subject(.core, roles: [role]), .read, carrier)
            #expect(verdict.refusal?.rule == .s1)
        }
        let today = "2026-11-29"
        for (status, until, rule) in [
            (PersonStatus.leaving, nil, "A4"), (.departed, nil, "A4"), (.active, "2027-01-01", "A7"),
            (.active, "2026-11-29", "A7"),
        ] as [(PersonStatus, String?, String)] {
            let bar = AccessSubject.bar(status: status, separationUntil: until, today: today)
            let verdict = decide(subject(.core, barred: bar), .read, carrier)
            #expect(verdict.isInvisible)
            #expect(verdict.refusal?.rule == RuleID(rule))
        }
        #expect(AccessSubject.bar(status: .active, separationUntil: "2026-11-28", today: today) == nil)
        #expect(AccessSubject.bar(status: .active, separationUntil: nil, today: today) == nil)
    }

    @Test("A2 the post-class catalogue validates: known levels of the right regime, higher classes cover more")
    func catalogueValidation() throws {
        try postClasses.validate(levels: levels)
        var broken = postClasses
        broken.entries[1].maxima[.state] = .topSecret
        broken.entries[0].maxima[.state] = .confidential
        #expect(throws: DomainError.self) { try broken.validate(levels: levels) }
        var wrongRegime = postClasses
        wrongRegime.entries[0].maxima[.state] = .coreCommercial
        #expect(throws: DomainError.self) { try wrongRegime.validate(levels: levels) }
        #expect(
            postClasses.lowestClass(covering: try #require(levels.definition(.internal)), levels: levels) == .nonSecret)
    }
}
