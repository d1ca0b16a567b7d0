import Foundation

/// A change an administrator makes to someone else's account that would let one administrator act as that person:
/// a new password, another person behind the account (and so another clearance), another address for the e-mails
/// that name carriers (S1).
public enum AccountChangeKind: String, CaseIterable, Hashable, Sendable, Codable {
    case passwordReset
    case personChange
    case emailChange

    public var title: LocalizedText {
        switch self {
        case .passwordReset: LocalizedText(zh: "重置密码", en: "Password reset")
        case .personChange: LocalizedText(zh: "更改所属人员", en: "Change of person")
        case .emailChange: LocalizedText(zh: "更改邮箱", en: "Change of e-mail")
        }
    }
}

/// Where a two-person change stands: proposed, then approved (and applied) or refused by the second administrator,
/// or withdrawn by its proposer; `applied` is a change that needed no second person (an account without a role).
public enum AccountChangeState: String, CaseIterable, Hashable, Sendable, Codable {
    case pending
    case approved
    case refused
    case withdrawn
    case applied

    public var title: LocalizedText {
        switch self {
        case .pending: LocalizedText(zh: "待复核", en: "Waiting for approval")
        case .approved: LocalizedText(zh: "已批准生效", en: "Approved and applied")
        case .refused: LocalizedText(zh: "未批准", en: "Refused")
        case .withdrawn: LocalizedText(zh: "已撤回", en: "Withdrawn")
        case .applied: LocalizedText(zh: "已生效", en: "Applied")
        }
    }
}

/// The two-person rule for administrators (S1, DESIGN principle 6): no single administrator can become the person
/// behind an account that reads carriers.
public enum TwoPersonRule {
    /// Whether the change needs a second administrator: it does for every account holding a business role, whose
    /// sessions read carriers. An account without a role reads nothing yet.
    public static func needsSecondPerson(targetRoles: Set<Role>) -> Bool {
        targetRoles.contains { !$0.isAdministrator }
    }

    /// Who approves: a security administrator (who grants roles and clearances, and so answers for who may act
    /// as whom), never the proposer and never the account's own holder.
    public static func canApprove(
        approverRoles: Set<Role>, approverID: UUID, proposerID: UUID, targetID: UUID
    ) -> Decision {
        guard approverRoles.contains(.secadmin) else {
            return .refused(
                Refusal(
                    rule: .s1, zh: "双人复核须由安全保密管理员批准",
                    en: "A two-person change is approved by the security administrator"))
        }
        if approverID == proposerID {
            return .refused(
                Refusal(rule: .s1, zh: "发起人不能批准自己的变更", en: "Nobody approves a change they proposed"))
        }
        if approverID == targetID {
            return .refused(
                Refusal(rule: .s1, zh: "不能批准对本人账号的变更", en: "Nobody approves a change to their own account"))
        }
        return .allowed
    }
}
