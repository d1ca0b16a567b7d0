import Foundation

/// What a person wants to do with a carrier.
public enum AccessAction: String, CaseIterable, Hashable, Sendable {
    /// See its record, list it, find it, export it (阅知).
    case read
    /// Register it and record its lifecycle steps (保密办; the keeping department's secrecy officer, T5.2).
    case manage
    /// Borrow a copy or take it out of the office (借阅、外带; A6, C4).
    case borrow
}

/// Who asks: the person behind the account, with what the security administrator granted them (A2, A4, A7).
public struct AccessSubject: Hashable, Sendable {
    public var personID: UUID?
    public var departmentID: UUID?
    public var roles: Set<Role>
    public var postClass: SecretPostClass
    public var clearance: Clearance
    /// Projects the person works on: need-to-know for carriers scoped to a project (A3).
    public var projects: Set<UUID>
    /// Why the person has no access at all right now — leaving (T22), departed, in 脱密期 (A4, A7) — or nil.
    public var barred: Refusal?

    public init(
        personID: UUID?, departmentID: UUID?, roles: Set<Role>, postClass: SecretPostClass, clearance: Clearance,
        projects: Set<UUID> = [], barred: Refusal? = nil
    ) {
        self.personID = personID
        self.departmentID = departmentID
        self.roles = roles
        self.postClass = postClass
        self.clearance = clearance
        self.projects = projects
        self.barred = barred
    }

    /// Why a person has no access regardless of clearance (A4, A7), or nil.
    public static func bar(status: PersonStatus, separationUntil: String?, today: String) -> Refusal? {
        switch status {
        case .leaving:
            return Refusal(
                rule: RuleID("A4"), zh: "离岗离职办理中的人员不得接触涉密载体",
                en: "A person who is leaving has no access to classified carriers")
        case .departed:
            return Refusal(rule: RuleID("A4"), zh: "已离职人员不得接触涉密载体", en: "A departed person has no access")
        case .active:
            if let separationUntil, today <= separationUntil {
                return Refusal(
                    rule: RuleID("A7"), zh: "脱密期内（至 \(separationUntil)）不得接触涉密载体",
                    en: "No access during the separation period (until \(separationUntil))")
            }
            return nil
        }
    }
}

/// The carrier asked about: its label, who keeps it, and its distribution scope (知悉范围).
public struct AccessObject: Hashable, Sendable {
    public var number: String
    public var label: SecurityLabel
    public var levelName: LocalizedText
    /// The registering department and any department keeping or receiving one of its copies (T5.2, C2).
    public var departments: Set<UUID>
    public var scopePeople: Set<UUID>
    public var scopeDepartments: Set<UUID>
    public var scopeProjects: Set<UUID>

    public init(
        number: String, label: SecurityLabel, levelName: LocalizedText, departments: Set<UUID>,
        scopePeople: Set<UUID>, scopeDepartments: Set<UUID>, scopeProjects: Set<UUID>
    ) {
        self.number = number
        self.label = label
        self.levelName = levelName
        self.departments = departments
        self.scopePeople = scopePeople
        self.scopeDepartments = scopeDepartments
        self.scopeProjects = scopeProjects
    }

    /// Whether the person is within the distribution scope (A3).
    public func includes(_ subject: AccessSubject) -> Bool {
        if let person = subject.personID, scopePeople.contains(person) { return true }
        if let department = subject.departmentID, scopeDepartments.contains(department) { return true }
        return !scopeProjects.isDisjoint(with: subject.projects)
    }
}

/// The answer: allowed, or refused — and whether the carrier is to be invisible (404, absent from every list) or
/// merely closed (403 with the reason).
public enum AccessVerdict: Hashable, Sendable {
    case allowed
    case refused(Refusal, invisible: Bool)

    public var isAllowed: Bool { self == .allowed }

    public var refusal: Refusal? {
        if case .refused(let refusal, _) = self { return refusal }
        return nil
    }

    public var isInvisible: Bool {
        if case .refused(_, let invisible) = self { return invisible }
        return false
    }
}

/// The one access decision (A2, A3, A4, DESIGN principle 4). Every page, list, search, export and API operation that
/// shows carrier data asks it — in process for one carrier, or through its SQL twin for a ledger page.
public enum AccessDecision {
    public static func decide(
        _ subject: AccessSubject, _ action: AccessAction, _ object: AccessObject, postClasses: PostClassCatalogue,
        levels: LevelCatalogue
    ) -> AccessVerdict {
        if !subject.roles.isDisjoint(with: Role.administrators) {
            return .refused(
                Refusal(rule: .s1, zh: "三员不接触涉密载体", en: "The three administrators do not handle carriers"),
                invisible: false)
        }
        if let barred = subject.barred { return .refused(barred, invisible: true) }
        if !subject.clearance.dominates(object.label) {
            return .refused(
                clearanceRefusal(subject, object, postClasses: postClasses, levels: levels), invisible: true)
        }
        let stewards =
            subject.roles.contains(.securityOffice)
            || (subject.roles.contains(.secrecyOfficer)
                && subject.departmentID.map(object.departments.contains) == true)
        switch action {
        case .manage:
            if stewards { return .allowed }
            return .refused(
                Refusal(
                    rule: .t5_2, zh: "只有保密办和本部门保密员可以管理载体 \(object.number)",
                    en: "Only the security office and the department's secrecy officer manage \(object.number)"),
                invisible: false)
        case .read, .borrow:
            if stewards || object.includes(subject) { return .allowed }
            return .refused(
                Refusal(
                    rule: RuleID("A3"), zh: "不在 \(object.number) 的知悉范围内：须列入其知悉范围（人员、部门或项目）",
                    en:
                        "Not in the distribution scope of \(object.number): needs to be named in it (person, department or project)"
                ),
                invisible: false)
        }
    }

    /// Registering a carrier: nobody records what they could not themselves read (A2), nor while barred (A4, A7).
    public static func register(
        _ subject: AccessSubject, label: SecurityLabel, levelName: LocalizedText, postClasses: PostClassCatalogue,
        levels: LevelCatalogue
    ) -> Decision {
        if let barred = subject.barred { return .refused(barred) }
        if subject.clearance.dominates(label) { return .allowed }
        let needed = levels.definition(label.level).flatMap { postClasses.lowestClass(covering: $0, levels: levels) }
        return .refused(
            Refusal(
                rule: RuleID("A2"),
                zh: "登记\(levelName.zh)级载体须\(needed?.title.zh ?? "更高涉密等级")资格，当前为\(subject.postClass.title.zh)",
                en: "Registering a \(levelName.en) carrier needs \(needed?.title.en ?? "a higher") clearance; "
                    + "this person holds \(subject.postClass.title.en)"))
    }

    /// "Needs 重要涉密人员 clearance" / "needs project X": what would make it allowed (issue #4, Explain).
    static func clearanceRefusal(
        _ subject: AccessSubject, _ object: AccessObject, postClasses: PostClassCatalogue, levels: LevelCatalogue
    ) -> Refusal {
        let label = object.label
        if let rank = subject.clearance.ranks[label.regime], rank >= label.rank {
            return Refusal(
                rule: RuleID("A2"), zh: "须获准接触载体 \(object.number) 所属的涉密项目",
                en: "Needs clearance for the project that \(object.number) belongs to")
        }
        let needed = levels.definition(label.level).flatMap { postClasses.lowestClass(covering: $0, levels: levels) }
        return Refusal(
            rule: RuleID("A2"),
            zh: "\(object.levelName.zh)级载体须\(needed?.title.zh ?? "更高涉密等级")资格，当前为\(subject.postClass.title.zh)",
            en: "A \(object.levelName.en) carrier needs \(needed?.title.en ?? "a higher") clearance; "
                + "this person holds \(subject.postClass.title.en)")
    }
}
