import Foundation

/// The pages of secrecy education (E5–E6.7, #15): sessions and the 保密教育培训台账, attendance, the training
/// records, the annual plans with their coverage, and the calendar of holidays and activities.
enum TrainingPage: Hashable, Sendable {
    case sessions
    case sessionNew
    case session(UUID)
    case sessionAttendance(UUID)
    case sessionConfirm(UUID)
    case sessionMaterials(UUID)
    case sessionMaterial(UUID, UUID)
    case ledgerExport
    case ledgerWorkbook
    case mine
    case record(UUID)
    case plans
    case plannedSessionNew(UUID)
    case calendar
    case calendarEvents
    case policy

    var path: String {
        switch self {
        case .sessions: "/training/sessions"
        case .sessionNew: "/training/sessions/new"
        case .session(let id): "/training/sessions/\(id.uuidString.lowercased())"
        case .sessionAttendance(let id): "/training/sessions/\(id.uuidString.lowercased())/attendance"
        case .sessionConfirm(let id): "/training/sessions/\(id.uuidString.lowercased())/confirm"
        case .sessionMaterials(let id): "/training/sessions/\(id.uuidString.lowercased())/materials"
        case .sessionMaterial(let id, let material):
            "/training/sessions/\(id.uuidString.lowercased())/materials/\(material.uuidString.lowercased())"
        case .ledgerExport: "/training/ledger/export.csv"
        case .ledgerWorkbook: "/training/ledger/export.xlsx"
        case .mine: "/training/me"
        case .record(let id): "/training/people/\(id.uuidString.lowercased())"
        case .plans: "/training/plans"
        case .plannedSessionNew(let id): "/training/plans/\(id.uuidString.lowercased())/sessions"
        case .calendar: "/training/calendar"
        case .calendarEvents: "/training/calendar/events"
        case .policy: "/training/policy"
        }
    }
}
