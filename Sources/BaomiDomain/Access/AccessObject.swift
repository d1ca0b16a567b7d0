import Foundation

/// The carrier asked about: its label, who keeps it, and its distribution scope (知悉范围).
///
/// The scope lists hold a handful of ids each; the decision scans them linearly, which costs less than hashing
/// sixteen bytes per look-up.
public struct AccessObject: Hashable, Sendable {
    public var number: String
    public var label: SecurityLabel
    public var levelName: LocalizedText
    /// The registering department and any department keeping or receiving one of its copies (T5.2, C2).
    public var departments: [UUID]
    public var scopePeople: [UUID]
    public var scopeDepartments: [UUID]
    public var scopeProjects: [UUID]

    public init(
        number: String, label: SecurityLabel, levelName: LocalizedText, departments: [UUID], scopePeople: [UUID],
        scopeDepartments: [UUID], scopeProjects: [UUID]
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
        for project in scopeProjects where subject.projects.contains(project) { return true }
        return false
    }
}

/// The answer: allowed, or refused — and whether the carrier is to be invisible (404, absent from every list) or
/// merely closed (403 with the reason).
public enum AccessVerdict: Hashable, Sendable {
    case allowed
    case refused(AccessDenial)

    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }

    public var denial: AccessDenial? {
        if case .refused(let denial) = self { return denial }
        return nil
    }

    /// The refusal with its rule and what would make it allowed, worded when asked for: lists decide for every row
    /// and show none of it.
    public var refusal: Refusal? { denial?.refusal }

    public var isInvisible: Bool { denial?.isInvisible ?? false }
}

/// Why the decision refused, with what it takes to word the refusal later.
public struct AccessDenial: Hashable, Sendable {
    public enum Reason: Hashable, Sendable {
        /// The three administrators do not handle carriers (S1).
        case administrator
        /// Leaving, departed or in 脱密期 (A4, A7).
        case barred(Refusal)
        /// The clearance is below the label's level (A2): no read-up.
        case belowLevel
        /// The level is covered but a compartment (project) of the label is not held (A2).
        case missingCompartment
        /// Managing needs the security office or the keeping department's secrecy officer (T5.2).
        case notSteward
        /// Outside the distribution scope (A3).
        case outsideScope
    }

    public var reason: Reason
    var level: LevelID
    var levelName: LocalizedText
    var postClass: SecretPostClass
    var postClasses: PostClassCatalogue
    var levels: LevelCatalogue

    /// Above the clearance or barred: the carrier is not to be seen at all (404, absent from lists).
    public var isInvisible: Bool {
        switch reason {
        case .barred, .belowLevel, .missingCompartment: true
        case .administrator, .notSteward, .outsideScope: false
        }
    }

    /// "Needs 重要涉密人员 clearance", "not in this carrier's distribution scope" (issue #4, Explain). It never
    /// names the carrier: the person asking may not read it, and its number is its text too (principle 11).
    public var refusal: Refusal {
        switch reason {
        case .administrator:
            return Refusal(rule: .s1, zh: "三员不接触涉密载体", en: "The three administrators do not handle carriers")
        case .barred(let refusal):
            return refusal
        case .missingCompartment:
            return Refusal(
                rule: RuleID("A2"), zh: "须获准接触该载体所属的涉密项目", en: "Needs clearance for the project it belongs to")
        case .belowLevel:
            let needed = levels.definition(level).flatMap { postClasses.lowestClass(covering: $0, levels: levels) }
            return Refusal(
                rule: RuleID("A2"),
                zh: "\(levelName.zh)级载体须\(needed?.title.zh ?? "更高涉密等级")资格，当前为\(postClass.title.zh)",
                en: "A \(levelName.en) carrier needs \(needed?.title.en ?? "a higher") clearance; "
                    + "this person holds \(postClass.title.en)")
        case .notSteward:
            return Refusal(
                rule: .t5_2, zh: "只有保密办和保管部门的保密员可以管理该载体",
                en: "Only the security office and the keeping department's secrecy officer manage this carrier")
        case .outsideScope:
            return Refusal(
                rule: RuleID("A3"), zh: "不在该载体的知悉范围内：须列入其知悉范围（人员、部门或项目）",
                en: "Not in this carrier's distribution scope: needs to be named in it (person, department or project)")
        }
    }
}
