import Foundation

/// The pages of travel abroad (A7, L1.7, T14, #16): trips with their briefing and debriefing, the passports the
/// unit keeps, and the former staff's requests to use the unit's secrets.
enum TravelPage: Hashable, Sendable {
    case trips
    case tripNew
    case trip(UUID)
    case tripReport(UUID)
    case documents
    case documentOut(UUID)
    case documentIn(UUID)
    case policy
    case formerStaff

    var path: String {
        switch self {
        case .trips: "/travel/trips"
        case .tripNew: "/travel/trips/new"
        case .trip(let id): "/travel/trips/\(id.uuidString.lowercased())"
        case .tripReport(let id): "/travel/trips/\(id.uuidString.lowercased())/reports"
        case .documents: "/travel/documents"
        case .documentOut(let id): "/travel/documents/\(id.uuidString.lowercased())/out"
        case .documentIn(let id): "/travel/documents/\(id.uuidString.lowercased())/in"
        case .policy: "/travel/policy"
        case .formerStaff: "/travel/former-staff"
        }
    }
}
