/// Kinds of org unit (T4): the organisation itself at the root, departments below it.
public enum OrgUnitKind: String, CaseIterable, Hashable, Sendable, Codable {
    case unit
    case department

    public var title: LocalizedText {
        switch self {
        case .unit: LocalizedText(zh: "单位", en: "Unit")
        case .department: LocalizedText(zh: "部门", en: "Department")
        }
    }
}

/// Where a person stands with the organisation; later issues add secret-post states on top.
public enum PersonStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case active
    case leaving
    case departed

    public var title: LocalizedText {
        switch self {
        case .active: LocalizedText(zh: "在岗", en: "Active")
        case .leaving: LocalizedText(zh: "离岗中", en: "Leaving")
        case .departed: LocalizedText(zh: "已离职", en: "Departed")
        }
    }
}

/// Roles in the technical-secrecy working group (T4).
public enum WorkingGroupRole: String, CaseIterable, Hashable, Sendable, Codable {
    case head
    case deputy
    case member

    public var title: LocalizedText {
        switch self {
        case .head: LocalizedText(zh: "组长", en: "Head")
        case .deputy: LocalizedText(zh: "副组长", en: "Deputy head")
        case .member: LocalizedText(zh: "成员", en: "Member")
        }
    }
}

/// Structural rules of the org-unit tree.
public enum OrganisationRules {
    /// A unit may only move under a parent that is not itself or one of its descendants, or the tree would
    /// become a cycle and every "department of" query would loop.
    /// - Parameter ancestorsOfNewParent: the new parent's id followed by its ancestors' ids, root last.
    public static func checkParent<ID: Equatable>(unit: ID, ancestorsOfNewParent: [ID]) -> Decision {
        if ancestorsOfNewParent.contains(unit) {
            return .refused(
                Refusal(
                    rule: .t4,
                    zh: "上级单位不能是本单位或其下级",
                    en: "The parent cannot be the unit itself or one of its sub-units"
                )
            )
        }
        return .allowed
    }

    /// The working group has exactly one head at a time (T4: 组长 = the leader in charge of technology).
    public static func checkWorkingGroup(roles: [WorkingGroupRole]) -> Decision {
        if roles.filter({ $0 == .head }).count > 1 {
            return .refused(
                Refusal(rule: .t4, zh: "保密工作小组只能有一名组长", en: "The working group has only one head")
            )
        }
        return .allowed
    }
}
