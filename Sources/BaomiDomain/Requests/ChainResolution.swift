import Foundation

/// An approver named by their relation to the requester (LIFECYCLE.md "Request kinds"): resolved to a person of the
/// requester's own department when the request is submitted.
public enum ApproverRelation: String, Hashable, Sendable, Codable, CaseIterable {
    /// 部门负责人 of the requester's department.
    case departmentHead
    /// 兼职保密员 of the requester's department (T4).
    case departmentOfficer
    /// 分管领导: the leader in charge of the requester's department, an attribute of the department. A department
    /// without one falls back to any leader, and the step's title says so.
    case leaderInCharge

    /// The role a person in this relation decides in, as the printed forms name it.
    public var actingAs: Role? {
        switch self {
        case .departmentHead: nil
        case .departmentOfficer: .secrecyOfficer
        case .leaderInCharge: .leader
        }
    }

    public var title: LocalizedText {
        switch self {
        case .departmentHead: LocalizedText(zh: "申请人所在部门负责人", en: "Head of the requester's department")
        case .departmentOfficer: LocalizedText(zh: "申请人所在部门保密员", en: "Secrecy officer of the requester's department")
        case .leaderInCharge: LocalizedText(zh: "申请人所在部门分管领导", en: "Leader in charge of the requester's department")
        }
    }
}

/// What decides whether an account may decide a step: its roles, its person and the person's department, and what
/// the person's clearance covers (A2).
public struct ApproverFacts: Hashable, Sendable {
    public var accountID: UUID
    public var roles: Set<Role>
    public var personID: UUID?
    public var departmentID: UUID?
    /// The levels the person's clearance dominates today (none when barred, A4, A7) and the projects they hold.
    public var clearedLevels: Set<LevelID>
    public var clearedProjects: Set<UUID>

    public init(
        accountID: UUID, roles: Set<Role>, personID: UUID?, departmentID: UUID?, clearedLevels: Set<LevelID> = [],
        clearedProjects: Set<UUID> = []
    ) {
        self.accountID = accountID
        self.roles = roles
        self.personID = personID
        self.departmentID = departmentID
        self.clearedLevels = clearedLevels
        self.clearedProjects = clearedProjects
    }

    /// Whether the clearance covers what a request concerns; nothing to cover (nil) is covered.
    public func isCleared(for need: ClearanceNeed?) -> Bool {
        guard let need else { return true }
        return clearedLevels.contains(need.level) && need.projects.isSubset(of: clearedProjects)
    }
}

/// What an approver must be cleared for to decide a request: the highest level of what it concerns and every
/// project among it (A2; LIFECYCLE.md: the reviewer is "authorised for that level"). Nobody decides what they could
/// not read, so nobody is assigned a step they could not open.
public struct ClearanceNeed: Hashable, Sendable {
    public var level: LevelID
    public var projects: Set<UUID>

    public init(level: LevelID, projects: Set<UUID> = []) {
        self.level = level
        self.projects = projects
    }
}

extension ApprovalStepSpec.Approver {
    /// How the approver reads on the chain's page: "保密办", "张三", "申请人所在部门分管领导".
    public var title: LocalizedText {
        switch self {
        case .role(let role): role.title
        case .recorded(let text): text
        case .relation(let relation): relation.title
        case .person(_, let name): LocalizedText(zh: name, en: name)
        }
    }

    /// Whether an account is this approver. A relation is resolved before anyone decides: it never matches.
    /// `keepingDepartments`: the departments keeping the request's copies, for the 部门保密员 (T5.2).
    public func matches(_ facts: ApproverFacts, keepingDepartments: Set<UUID>) -> Bool {
        switch self {
        case .role(.secrecyOfficer):
            guard facts.roles.contains(.secrecyOfficer), let department = facts.departmentID else { return false }
            return keepingDepartments.contains(department)
        case .role(let role): return facts.roles.contains(role)
        case .recorded: return facts.roles.contains(.securityOffice)
        case .person(let person, _): return facts.personID == person
        case .relation: return false
        }
    }
}

/// Who may decide a step, and what a chain becomes when a request is submitted (A6, C8, DESIGN principle 5).
public enum ChainResolution {
    /// A6: nobody approves a request they submitted, directly or standing in for someone.
    public static let ownRequest = Refusal(
        rule: RuleID("A6"), zh: "不能审批自己提交的申请", en: "Nobody approves a request they submitted")

    /// A6: nobody decides a request about themselves — a leaver their own departure.
    public static let aboutOneself = Refusal(
        rule: RuleID("A6"), zh: "不能审批关于本人的申请", en: "Nobody decides a request about themselves")

    /// A2: an approver's clearance covers the level and projects of what they decide.
    public static let notCleared = Refusal(
        rule: RuleID("A2"), zh: "您的涉密资格不涵盖该申请涉及的密级或项目，不能审批",
        en: "Your clearance does not cover the level or project this request concerns: you cannot decide it")

    /// Whether the account may decide the step, for itself: the requester never; a 会签 part not by an account that
    /// decided another part of the same step (`decidedJointly`).
    public static func mayDecide(
        _ step: ApprovalStepSpec, as facts: ApproverFacts, requesterID: UUID, keepingDepartments: Set<UUID>,
        decidedJointly: Set<UUID> = []
    ) -> Decision {
        if facts.accountID == requesterID { return .refused(ownRequest) }
        guard step.approvers.contains(where: { $0.matches(facts, keepingDepartments: keepingDepartments) }) else {
            if step.approvers.contains(where: { if case .recorded = $0 { true } else { false } }) {
                return .refused(
                    Refusal(rule: RuleID("C5.1"), zh: "外部批准由保密办登记", en: "The security office records outside approvals")
                )
            }
            if step.approvers == [.role(.secrecyOfficer)], facts.roles.contains(.secrecyOfficer) {
                return .refused(
                    Refusal(
                        rule: .t5_2, zh: "此步骤须由保管该载体的部门保密员审核",
                        en: "This step is decided by the secrecy officer of the department keeping the copy"))
            }
            let names = step.approvers.map(\.title)
            return .refused(
                Refusal(
                    rule: RuleID("A6"), zh: "此步骤须由\(names.map(\.zh).joined(separator: "或"))审批",
                    en: "This step is decided by \(names.map(\.en).joined(separator: " or "))"))
        }
        if decidedJointly.contains(facts.accountID) {
            return .refused(
                Refusal(
                    rule: RuleID("A6"), zh: "会签须由不同账号分别审批",
                    en: "Each part of a joint step is decided by a different account"))
        }
        return .allowed
    }

    /// One step of a submitted request: the configured step with its relations resolved to people (or its
    /// escalation), split into one part per approver when all must decide (会签).
    public struct Candidates: Sendable {
        /// Whoever could decide `approver` (an account with its facts), the requester and their stand-ins excluded.
        public var eligible: @Sendable (ApprovalStepSpec.Approver) -> Set<UUID>
        /// A relation resolved to a person, or nil when the requester's department names nobody for it.
        public var resolve: @Sendable (ApproverRelation) -> ApprovalStepSpec.Approver?

        public init(
            eligible: @escaping @Sendable (ApprovalStepSpec.Approver) -> Set<UUID>,
            resolve: @escaping @Sendable (ApproverRelation) -> ApprovalStepSpec.Approver?
        ) {
            self.eligible = eligible
            self.resolve = resolve
        }
    }

    /// The steps a request is submitted with: every step resolves to at least one account other than the requester
    /// (and their stand-ins), or goes to its escalation, or the request is refused citing the step (A6). No request
    /// waits for nobody.
    public static func resolve(
        _ chain: [ApprovalStepSpec], candidates: Candidates
    ) -> Result<[ApprovalStepSpec], Refusal> {
        var resolved: [ApprovalStepSpec] = []
        for (position, configured) in chain.enumerated() {
            switch resolveStep(configured, position: position, candidates: candidates) {
            case .success(let parts): resolved += parts
            case .failure(let refusal): return .failure(refusal)
            }
        }
        return .success(resolved)
    }

    private static func resolveStep(
        _ configured: ApprovalStepSpec, position: Int, candidates: Candidates
    ) -> Result<[ApprovalStepSpec], Refusal> {
        var step = configured
        step.escalation = nil
        var approvers: [ApprovalStepSpec.Approver] = []
        for approver in configured.approvers {
            guard case .relation(let relation) = approver else {
                approvers.append(approver)
                continue
            }
            if let person = candidates.resolve(relation) {
                approvers.append(person)
                step.actingAs = step.actingAs ?? relation.actingAs
            } else if relation == .leaderInCharge {
                // A department without a leader in charge: any leader, and the step says so.
                approvers.append(.role(.leader))
                step.title = LocalizedText(
                    zh: "\(configured.title.zh)（本部门未设分管领导：任一领导）",
                    en: "\(configured.title.en) (no leader in charge of the department: any leader)")
            }
        }
        let all = configured.mode == .all && approvers.count > 1
        let sets = approvers.map { candidates.eligible($0) }
        let decidable =
            all
            ? (sets.allSatisfy { !$0.isEmpty } && Set(sets.flatMap { $0 }).count >= sets.count
                && hasDistinctRepresentatives(sets))
            : sets.contains { !$0.isEmpty }
        if decidable {
            step.approver = approvers[0]
            step.also = approvers.count > 1 ? Array(approvers.dropFirst()) : nil
            guard all else {
                step.mode = nil
                return .success([step])
            }
            // 会签: one part per approver, each decided by a different account.
            return .success(
                approvers.map { approver in
                    var part = step
                    part.approver = approver
                    part.also = nil
                    part.mode = .all
                    part.jointStep = position
                    part.title = LocalizedText(
                        zh: "\(configured.title.zh)（会签：\(approver.title.zh)）",
                        en: "\(configured.title.en) (joint: \(approver.title.en))")
                    return part
                })
        }
        let target: ApprovalStepSpec.Approver? =
            switch configured.escalation {
            case .relation(let relation)?: candidates.resolve(relation)
            case let other: other
            }
        if let target, !candidates.eligible(target).isEmpty {
            var escalated = ApprovalStepSpec(
                approver: target,
                title: LocalizedText(
                    zh: "\(configured.title.zh)（除申请人外无人可审：转\(target.title.zh)）",
                    en: "\(configured.title.en) (nobody but the requester could decide: routed to \(target.title.en))"))
            escalated.escalated = true
            return .success([escalated])
        }
        return .failure(
            Refusal(
                rule: RuleID("A6"),
                zh: "审批步骤「\(configured.title.zh)」除申请人本人外没有涉密资格涵盖本申请的审批人，也没有可转交的审批人：请保密办配置审批流程",
                en:
                    "Nobody but the requester, cleared for this request, could decide the step \u{201C}\(configured.title.en)\u{201D} and it has no "
                    + "escalation: the security office configures the chain"))
    }

    /// Whether each set can give a different account (Hall's condition, by trying: the sets are few and small).
    static func hasDistinctRepresentatives(_ sets: [Set<UUID>]) -> Bool {
        func assign(_ index: Int, _ used: Set<UUID>) -> Bool {
            guard index < sets.count else { return true }
            return sets[index].subtracting(used).contains { assign(index + 1, used.union([$0])) }
        }
        return assign(0, [])
    }
}
