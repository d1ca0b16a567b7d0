import Foundation

/// Where a request stands (LIFECYCLE.md): submitted → inReview → approved | refused | withdrawn → done; an approver
/// may return it for changes (returned), and the requester resubmits it (submitted again, a new round).
public enum RequestState: String, CaseIterable, Hashable, Sendable, Codable {
    case submitted
    case inReview
    case returned
    case approved
    case refused
    case withdrawn
    case done

    public var title: LocalizedText {
        switch self {
        case .submitted: LocalizedText(zh: "已提交", en: "Submitted")
        case .inReview: LocalizedText(zh: "审批中", en: "In review")
        case .returned: LocalizedText(zh: "退回修改", en: "Returned for changes")
        case .approved: LocalizedText(zh: "已批准", en: "Approved")
        case .refused: LocalizedText(zh: "未批准", en: "Refused")
        case .withdrawn: LocalizedText(zh: "已撤回", en: "Withdrawn")
        case .done: LocalizedText(zh: "已办结", en: "Done")
        }
    }

    /// Not yet decided for good: a request returned for changes is still open (the requester may resubmit or
    /// withdraw it), it only waits for nobody but its requester.
    public var isOpen: Bool { self == .submitted || self == .inReview || self == .returned }

    /// Waiting for an approver's decision.
    public var awaitsDecision: Bool { self == .submitted || self == .inReview }
}

/// One approval step: who must decide — by role (any holder but the requester), by relation to the requester, by
/// named person, or a recorded outside approval — whether any one of several approvers suffices (或签) or all must
/// decide (会签), and where the step goes when nobody but the requester could decide it (`ChainResolution`).
public struct ApprovalStepSpec: Hashable, Sendable, Codable {
    public enum Approver: Hashable, Sendable, Codable {
        /// Any account holding the role — never the requester's own (LIFECYCLE.md). A 部门保密员 step belongs to the
        /// officer of a department keeping the copies (T5.2).
        case role(Role)
        /// An approval given outside Baomi and recorded by the security office, e.g. the originating authority's
        /// written consent to copy a 绝密 carrier (C5.1).
        case recorded(LocalizedText)
        /// Someone standing in a relation to the requester, resolved to a person when the request is submitted.
        case relation(ApproverRelation)
        /// A named person (any of their accounts).
        case person(UUID, name: String)
    }

    /// 或签 (any one approver) or 会签 (every approver, each a different account).
    public enum Mode: String, Hashable, Sendable, Codable, CaseIterable {
        case any
        case all
    }

    public var approver: Approver
    public var title: LocalizedText
    /// Further approvers of the step beside `approver` (或签 or 会签 as `mode` says).
    public var also: [Approver]?
    public var mode: Mode?
    /// Where the step goes when nobody but the requester could decide it; without one the request is refused.
    public var escalation: Approver?
    /// Set on a submitted request's step when it was routed to its escalation.
    public var escalated: Bool?
    /// Set on a submitted request's 会签 parts: the position of the configured step they came from, so that no
    /// account decides two parts of it.
    public var jointStep: Int?
    /// Set on a submitted request's step whose relation was resolved to a person: the role that person acts in
    /// (the leader in charge as 主管领导), which the printed forms keep (principle 12).
    public var actingAs: Role?

    public init(
        approver: Approver, title: LocalizedText, also: [Approver]? = nil, mode: Mode? = nil,
        escalation: Approver? = nil
    ) {
        self.approver = approver
        self.title = title
        self.also = also
        self.mode = mode
        self.escalation = escalation
    }

    /// Every approver the step names.
    public var approvers: [Approver] { [approver] + (also ?? []) }
}

/// The national default chains (LIFECYCLE.md, version 1 of every kind's chain; each kind's own,
/// `RequestKindDefinition.defaultChain`); the security office configures its
/// own (`ChainCatalogue`). The rules that shape them are cited. A step whose only possible approver is the requester
/// goes to its escalation: the security office's and the officer's steps to the leaders and the office, the leader's
/// to the security office.
public enum ApprovalChains {
    /// The national default chain of a kind for a subject of this level.
    public static func chain(for kind: RequestKind, level: LevelDefinition) -> [ApprovalStepSpec] {
        kind.definition.defaultChain(level: level)
    }

    /// LIFECYCLE.md: the leader step is the leader in charge of the requester's department (分管领导).
    public static let leader = ApprovalStepSpec(
        approver: .relation(.leaderInCharge), title: LocalizedText(zh: "主管领导审批", en: "Leader in charge"),
        escalation: .role(.securityOffice))
    public static let securityOffice = ApprovalStepSpec(
        approver: .role(.securityOffice), title: LocalizedText(zh: "保密办审核", en: "Security office"),
        escalation: .role(.leader))
    public static let secrecyOfficer = ApprovalStepSpec(
        approver: .role(.secrecyOfficer), title: LocalizedText(zh: "部门保密员审核", en: "Department secrecy officer"),
        escalation: .role(.securityOffice))
    /// 定密审核 (T5.1, C9): the classification reviewer checks the proposed level, period, scope and basis.
    public static let classificationReviewer = ApprovalStepSpec(
        approver: .role(.classificationReviewer), title: LocalizedText(zh: "定密审核", en: "Classification review"),
        escalation: .role(.securityOffice))

    /// Whether an account with these roles may decide this step of a request it did or did not submit, judged by
    /// roles alone (a step naming a person is judged by `ChainResolution.mayDecide`).
    public static func canDecide(
        _ step: ApprovalStepSpec, roles: Set<Role>, isRequester: Bool
    ) -> Decision {
        if isRequester { return .refused(ChainResolution.ownRequest) }
        for approver in step.approvers {
            switch approver {
            case .role(let role) where roles.contains(role): return .allowed
            case .recorded where roles.contains(.securityOffice): return .allowed
            default: continue
            }
        }
        if case .recorded = step.approver {
            return .refused(
                Refusal(
                    rule: RuleID("C5.1"), zh: "外部批准由保密办登记", en: "The security office records outside approvals"))
        }
        return .refused(
            Refusal(
                rule: RuleID("A6"), zh: "此步骤须由\(step.approver.title.zh)审批",
                en: "This step is decided by \(step.approver.title.en)"))
    }
}

/// Copying rules (C5): 绝密 only with the originator's approval (in the chain), 机密/秘密 only if copying is allowed.
public enum ReproductionRules {
    public static func check(level: LevelDefinition, copyingAllowed: Bool, count: Int) -> Decision {
        if !(1...50).contains(count) {
            return .refused(Refusal(rule: RuleID("C5.3"), zh: "复制份数须在 1 到 50 之间", en: "Make 1 to 50 copies"))
        }
        if !level.copyNeedsOriginatorApproval && !copyingAllowed {
            return .refused(
                Refusal(
                    rule: RuleID("C5.2"), zh: "该载体标明不得复制", en: "The issuer forbade copying this carrier"))
        }
        return .allowed
    }
}
