import Foundation

/// Every page's address, used both to register routes and to build links, so a link can never point nowhere.
enum SiteRoute: Hashable {
    case dashboard
    case login
    case logout
    case profile
    case profilePassword
    case profileLanguage
    case profileTOTPStart
    case profileTOTPConfirm
    case profileTOTPDisable
    case orgUnits
    case orgUnitNew
    case orgUnit(UUID)
    case orgUnitSecrecyOfficer(UUID)
    case orgUnitManaging(UUID)
    case people
    case personNew
    case person(UUID)
    case workingGroup
    case accounts
    case accountNew
    case account(UUID)
    case accountPasswordReset(UUID)
    case accountRoles(UUID)
    case accountUnlock(UUID)
    case roles
    case settings
    case audit
    case auditVerify
    case language(String)
    case stylesheet
    case script

    var path: String {
        switch self {
        case .dashboard: "/"
        case .login: "/login"
        case .logout: "/logout"
        case .profile: "/profile"
        case .profilePassword: "/profile/password"
        case .profileLanguage: "/profile/language"
        case .profileTOTPStart: "/profile/totp/start"
        case .profileTOTPConfirm: "/profile/totp/confirm"
        case .profileTOTPDisable: "/profile/totp/disable"
        case .orgUnits: "/org/units"
        case .orgUnitNew: "/org/units/new"
        case .orgUnit(let id): "/org/units/\(id.uuidString.lowercased())"
        case .orgUnitSecrecyOfficer(let id): "/org/units/\(id.uuidString.lowercased())/secrecy-officer"
        case .orgUnitManaging(let id): "/org/units/\(id.uuidString.lowercased())/managing-department"
        case .people: "/org/people"
        case .personNew: "/org/people/new"
        case .person(let id): "/org/people/\(id.uuidString.lowercased())"
        case .workingGroup: "/org/working-group"
        case .accounts: "/system/accounts"
        case .accountNew: "/system/accounts/new"
        case .account(let id): "/system/accounts/\(id.uuidString.lowercased())"
        case .accountPasswordReset(let id): "/system/accounts/\(id.uuidString.lowercased())/password-reset"
        case .accountRoles(let id): "/system/accounts/\(id.uuidString.lowercased())/roles"
        case .accountUnlock(let id): "/system/accounts/\(id.uuidString.lowercased())/unlock"
        case .roles: "/system/roles"
        case .settings: "/system/settings"
        case .audit: "/system/audit"
        case .auditVerify: "/system/audit/verify"
        case .language(let code): "/language/\(code)"
        case .stylesheet: "/assets/baomi.css"
        case .script: "/assets/baomi.js"
        }
    }

    /// The path components Vapor registers, with `:id` for the identifier.
    var pattern: [String] {
        switch self {
        case .orgUnit, .person, .account:
            Array(path.split(separator: "/").dropLast().map(String.init)) + [":id"]
        case .orgUnitSecrecyOfficer, .orgUnitManaging, .accountPasswordReset, .accountRoles, .accountUnlock:
            pathWithID
        case .language:
            ["language", ":code"]
        default:
            path.split(separator: "/").map(String.init)
        }
    }

    private var pathWithID: [String] {
        var parts = path.split(separator: "/").map(String.init)
        parts[parts.count - 2] = ":id"
        return parts
    }
}
