import Foundation

/// Who sees whose agreements (T8, T15): the security office everyone's; a department's secrecy officer or a leader
/// their own department's; everyone their own. An agreement names a person, never a carrier.
public enum AgreementVisibility {
    /// The departments whose people's agreements the viewer may list; nil means all, empty none.
    public static func departments(roles: Set<Role>, viewerDepartment: UUID?) -> Set<UUID>? {
        if roles.contains(.securityOffice) { return nil }
        if !roles.isDisjoint(with: [.secrecyOfficer, .leader]), let viewerDepartment { return [viewerDepartment] }
        return []
    }

    public static func maySee(
        personID: UUID, personDepartment: UUID, roles: Set<Role>, viewerPerson: UUID?, viewerDepartment: UUID?
    ) -> Bool {
        if personID == viewerPerson { return true }
        guard let departments = departments(roles: roles, viewerDepartment: viewerDepartment) else { return true }
        return departments.contains(personDepartment)
    }
}
