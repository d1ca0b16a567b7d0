import Foundation

/// Who asks: the person behind the account, with what the security administrator granted them (A2, A4, A7).
public struct AccessSubject: Hashable, Sendable {
    public var personID: UUID?
    public var departmentID: UUID?
    public var roles: Set<Role> { didSet { roleMask = RoleMask(roles) } }
    public var postClass: SecretPostClass
    public var clearance: Clearance
    /// Projects the person works on: need-to-know for carriers scoped to a project (A3). A handful at most, so a
    /// linear scan beats hashing every UUID.
    public var projects: [UUID]
    /// Why the person has no access at all right now — leaving (T22), departed, in 脱密期 (A4, A7) — or nil.
    public var barred: Refusal?
    /// The roles as bits: the decision tests them on every carrier of a page, and hashing a `Set<Role>` there
    /// hashed each role's string.
    var roleMask: RoleMask

    public init(
        personID: UUID?, departmentID: UUID?, roles: Set<Role>, postClass: SecretPostClass, clearance: Clearance,
        projects: [UUID] = [], barred: Refusal? = nil
    ) {
        self.personID = personID
        self.departmentID = departmentID
        self.roles = roles
        self.postClass = postClass
        self.clearance = clearance
        self.projects = projects
        self.barred = barred
        self.roleMask = RoleMask(roles)
    }

    /// Why a person has no access regardless of clearance (A4, A7), or nil.
    public static func bar(status: PersonStatus, separationUntil: String?, today: String) -> Refusal? {
        switch status {
        case .leaving:
            return Refusal(
                rule: RuleID("A4"), zh: "离岗离职办理中的人员不得接触涉密载体",
                en: "A person who is leaving has no access to classified carriers")
        case .departed:
            if let separationUntil, today <= separationUntil {
                return Refusal(
                    rule: RuleID("A7"), zh: "已离职，脱密期内（至 \(separationUntil)）不得接触涉密载体",
                    en: "Departed and in the separation period (until \(separationUntil)): no access")
            }
            return Refusal(rule: RuleID("A4"), zh: "已离职人员不得接触涉密载体", en: "A departed person has no access")
        case .active:
            if let separationUntil, today <= separationUntil {
                return Refusal(
                    rule: RuleID("A7"), zh: "脱密期内（至 \(separationUntil)）不得接触涉密载体",
                    en: "No access during the separation period (until \(separationUntil))")
            }
            return nil
        }
    }
}

/// A set of roles in two bytes, for the tests the access decision makes on every carrier.
struct RoleMask: OptionSet, Hashable, Sendable {
    let rawValue: UInt16

    init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    init(_ roles: Set<Role>) {
        self = roles.reduce(into: []) { mask, role in mask.insert(RoleMask(role)) }
    }

    init(_ role: Role) {
        switch role {
        case .sysadmin: self = .sysadmin
        case .secadmin: self = .secadmin
        case .auditor: self = .auditor
        case .securityOffice: self = .securityOffice
        case .secrecyOfficer: self = .secrecyOfficer
        case .leader: self = .leader
        case .classificationReviewer: self = .classificationReviewer
        case .staff: self = .staff
        case .personnel: self = .personnel
        }
    }

    static let sysadmin = RoleMask(rawValue: 1 << 0)
    static let secadmin = RoleMask(rawValue: 1 << 1)
    static let auditor = RoleMask(rawValue: 1 << 2)
    static let securityOffice = RoleMask(rawValue: 1 << 3)
    static let secrecyOfficer = RoleMask(rawValue: 1 << 4)
    static let leader = RoleMask(rawValue: 1 << 5)
    static let staff = RoleMask(rawValue: 1 << 6)
    static let classificationReviewer = RoleMask(rawValue: 1 << 7)
    static let personnel = RoleMask(rawValue: 1 << 8)
    /// The three separated administrator roles (三员, S1).
    static let administrators: RoleMask = [.sysadmin, .secadmin, .auditor]
}
