import Foundation

/// Who may look after which carriers until the full access decision of A2/A3 arrives: the security office all of
/// them, a department secrecy officer those of their own department (T5.2: "keep the department's secrecy file").
public enum CarrierStewardship {
    public static func decide(roles: Set<Role>, viewerDepartment: UUID?, carrierDepartment: UUID) -> Decision {
        if roles.contains(.securityOffice) { return .allowed }
        if roles.contains(.secrecyOfficer), let viewerDepartment, viewerDepartment == carrierDepartment {
            return .allowed
        }
        return .refused(
            Refusal(
                rule: .t5_2, zh: "部门保密员只能管理本部门的涉密载体",
                en: "A department secrecy officer manages only their own department's carriers"))
    }

    /// The departments whose carriers a viewer may list: nil means all.
    public static func departments(roles: Set<Role>, viewerDepartment: UUID?) -> Set<UUID>? {
        if roles.contains(.securityOffice) { return nil }
        if roles.contains(.secrecyOfficer), let viewerDepartment { return [viewerDepartment] }
        return []
    }
}
