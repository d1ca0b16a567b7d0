/// The roles an account can hold: three separated administrator roles (三员, S1) and the business roles of the
/// people who run the secrecy rules day to day.
public enum Role: String, CaseIterable, Hashable, Sendable, Codable {
    /// 系统管理员: accounts, org units, people's basic data, system settings.
    case sysadmin
    /// 安全保密管理员: roles, clearances, labels; unlocks accounts.
    case secadmin
    /// 安全审计员: reads and verifies the audit trail; changes nothing.
    case auditor
    /// 保密办 staff.
    case securityOffice
    /// 部门保密员.
    case secrecyOfficer
    /// 主管领导 / approver.
    case leader
    /// 定密审核人: reviews proposed classifications and reclassifications before the leader decides (T5.1, C9).
    case classificationReviewer
    /// Staff, including people with secret posts.
    case staff
    /// 人事部门: decides the HR step of a departure and reiterates the leaver's duties in writing (T12, T22).
    case personnel

    /// The three separated administrator roles (三员).
    public static let administrators: Set<Role> = [.sysadmin, .secadmin, .auditor]

    /// Whether this is one of the three separated administrator roles (三员).
    public var isAdministrator: Bool {
        switch self {
        case .sysadmin, .secadmin, .auditor: true
        case .securityOffice, .secrecyOfficer, .leader, .classificationReviewer, .staff, .personnel: false
        }
    }

    public var title: LocalizedText {
        switch self {
        case .sysadmin: LocalizedText(zh: "系统管理员", en: "System administrator")
        case .secadmin: LocalizedText(zh: "安全保密管理员", en: "Security administrator")
        case .auditor: LocalizedText(zh: "安全审计员", en: "Security auditor")
        case .securityOffice: LocalizedText(zh: "保密办", en: "Security office")
        case .secrecyOfficer: LocalizedText(zh: "部门保密员", en: "Department secrecy officer")
        case .leader: LocalizedText(zh: "主管领导", en: "Leader in charge")
        case .classificationReviewer: LocalizedText(zh: "定密审核人", en: "Classification reviewer")
        case .staff: LocalizedText(zh: "员工", en: "Staff")
        case .personnel: LocalizedText(zh: "人事部门", en: "Human resources")
        }
    }
}

/// Rules about which roles one account may hold together (S1).
public enum RoleAssignment {
    /// An account holds at most one of the three administrator roles, and an administrator account holds no business
    /// role: otherwise one person could both act and audit their own acts (S1).
    public static func check(_ roles: Set<Role>) -> Decision {
        let administratorRoles = roles.filter(\.isAdministrator)
        if administratorRoles.count > 1 {
            return .refused(
                Refusal(
                    rule: .s1,
                    zh: "三员分立：同一账号不能同时担任系统管理员、安全保密管理员、安全审计员中的两个角色",
                    en: "Three-role separation: one account cannot hold two of the system administrator, "
                        + "security administrator and security auditor roles"
                )
            )
        }
        if administratorRoles.count == 1 && roles.count > 1 {
            return .refused(
                Refusal(
                    rule: .s1,
                    zh: "三员分立：管理员账号不能兼任业务角色",
                    en: "Three-role separation: an administrator account cannot also hold a business role"
                )
            )
        }
        return .allowed
    }

    /// Parses role names from a form or JSON body; unknown names are reported, not ignored.
    public static func parse(_ names: [String]) -> (roles: Set<Role>, unknown: [String]) {
        var roles: Set<Role> = []
        var unknown: [String] = []
        for name in names where !name.trimmed.isEmpty {
            if let role = Role(rawValue: name.trimmed) { roles.insert(role) } else { unknown.append(name) }
        }
        return (roles, unknown)
    }
}
