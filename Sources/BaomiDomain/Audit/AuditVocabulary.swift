/// How an audited action ended.
public enum AuditOutcome: String, CaseIterable, Hashable, Sendable, Codable {
    case success
    case refused
    case failure

    public var title: LocalizedText {
        switch self {
        case .success: LocalizedText(zh: "成功", en: "Success")
        case .refused: LocalizedText(zh: "拒绝", en: "Refused")
        case .failure: LocalizedText(zh: "失败", en: "Failure")
        }
    }
}

/// Whose action an audit record describes. The auditor reviews the administrators; the security administrator
/// reviews everybody else (S1).
public enum AuditActorKind: String, CaseIterable, Hashable, Sendable, Codable {
    case administrator
    case user
    case anonymous
    case system

    public static func of(roles: Set<Role>) -> AuditActorKind {
        roles.contains(where: \.isAdministrator) ? .administrator : .user
    }

    /// Whether an account with these roles may read records of this kind of actor (S1).
    public func isReadable(by roles: Set<Role>) -> Bool {
        switch self {
        case .administrator, .system: AccessPolicy.allows(roles: roles, .readAdministratorAudit)
        case .user, .anonymous: AccessPolicy.allows(roles: roles, .readUserAudit)
        }
    }
}
