/// Where a request stands (LIFECYCLE.md): submitted → inReview → approved | refused | withdrawn → done.
public enum RequestState: String, CaseIterable, Hashable, Sendable, Codable {
    case submitted
    case inReview
    case approved
    case refused
    case withdrawn
    case done

    public var title: LocalizedText {
        switch self {
        case .submitted: LocalizedText(zh: "已提交", en: "Submitted")
        case .inReview: LocalizedText(zh: "审批中", en: "In review")
        case .approved: LocalizedText(zh: "已批准", en: "Approved")
        case .refused: LocalizedText(zh: "未批准", en: "Refused")
        case .withdrawn: LocalizedText(zh: "已撤回", en: "Withdrawn")
        case .done: LocalizedText(zh: "已办结", en: "Done")
        }
    }

    public var isOpen: Bool { self == .submitted || self == .inReview }
}

/// One approval step: who must decide, by role (any holder but the requester) or a recorded outside approval.
public struct ApprovalStepSpec: Hashable, Sendable, Codable {
    public enum Approver: Hashable, Sendable, Codable {
        /// Any account holding the role — never the requester's own (LIFECYCLE.md).
        case role(Role)
        /// An approval given outside Baomi and recorded by the security office, e.g. the originating authority's
        /// written consent to copy a 绝密 carrier (C5.1).
        case recorded(LocalizedText)
    }

    public var approver: Approver
    public var title: LocalizedText

    public init(approver: Approver, title: LocalizedText) {
        self.approver = approver
        self.title = title
    }
}

/// The default chains (LIFECYCLE.md), each kind's own (`RequestKindDefinition.defaultChain`); configurable chains
/// start from these. The steps they share are named here.
public enum ApprovalChains {
    /// The national default chain of a kind for a subject of this level.
    public static func chain(for kind: RequestKind, level: LevelDefinition) -> [ApprovalStepSpec] {
        kind.definition.defaultChain(level: level)
    }

    public static let leader = ApprovalStepSpec(
        approver: .role(.leader), title: LocalizedText(zh: "主管领导审批", en: "Leader in charge"))
    public static let securityOffice = ApprovalStepSpec(
        approver: .role(.securityOffice), title: LocalizedText(zh: "保密办审核", en: "Security office"))
    public static let secrecyOfficer = ApprovalStepSpec(
        approver: .role(.secrecyOfficer), title: LocalizedText(zh: "部门保密员审核", en: "Department secrecy officer"))
    /// 定密审核 (T5.1, C9): the classification reviewer checks the proposed level, period, scope and basis.
    public static let classificationReviewer = ApprovalStepSpec(
        approver: .role(.classificationReviewer), title: LocalizedText(zh: "定密审核", en: "Classification review"))

    /// Whether an account with these roles may decide this step of a request it did or did not submit.
    public static func canDecide(
        _ step: ApprovalStepSpec, roles: Set<Role>, isRequester: Bool
    ) -> Decision {
        if isRequester {
            return .refused(
                Refusal(rule: RuleID("A6"), zh: "不能审批自己提交的申请", en: "Nobody approves a request they submitted"))
        }
        switch step.approver {
        case .role(let role):
            if roles.contains(role) { return .allowed }
            return .refused(
                Refusal(
                    rule: RuleID("A6"), zh: "此步骤须由\(role.title.zh)审批",
                    en: "This step is decided by the \(role.title.en.lowercased())"))
        case .recorded:
            if roles.contains(.securityOffice) { return .allowed }
            return .refused(
                Refusal(
                    rule: RuleID("C5.1"), zh: "外部批准由保密办登记", en: "The security office records outside approvals"))
        }
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
