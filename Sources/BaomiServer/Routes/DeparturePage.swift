import Foundation

/// The pages of departures (#16: T22, T12, T11, A7): starting one, its checklist and letters beside its request
/// page, and the people still bound after leaving.
enum DeparturePage: Hashable, Sendable {
    case new
    case items(UUID)
    case sign(UUID)
    case letters(UUID)
    case reminder(UUID)
    case notice(UUID)
    case separation
    case separationExport
    case nonCompete
    case nonCompeteExport
    case policy

    var path: String {
        switch self {
        case .new: "/departures/new"
        case .items(let id): "/departures/\(id.uuidString.lowercased())/items"
        case .sign(let id): "/departures/\(id.uuidString.lowercased())/items/sign"
        case .letters(let id): "/departures/\(id.uuidString.lowercased())/letters"
        case .reminder(let id): "/departures/\(id.uuidString.lowercased())/reminder"
        case .notice(let id): "/departures/\(id.uuidString.lowercased())/notice"
        case .separation: "/departures/separation"
        case .separationExport: "/departures/separation/export.csv"
        case .nonCompete: "/departures/non-compete"
        case .nonCompeteExport: "/departures/non-compete/export.csv"
        case .policy: "/departures/policy"
        }
    }
}
