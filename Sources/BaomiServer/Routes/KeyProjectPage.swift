import Foundation

/// The pages of key projects and their tracking files (T10): a project's page with its members and forms, and the
/// tracking files (专档) with their entries.
enum KeyProjectPage: Hashable, Sendable {
    case project(UUID)
    case keyFacts(UUID)
    case withoutConsent(UUID)
    case transfer(UUID)
    case files
    case file(UUID)
    case entries(UUID)
    case close(UUID)

    var path: String {
        switch self {
        case .project(let id): "/carriers/projects/\(id.uuidString.lowercased())"
        case .keyFacts(let id): "/carriers/projects/\(id.uuidString.lowercased())/key"
        case .withoutConsent(let id): "/carriers/projects/\(id.uuidString.lowercased())/without-consent"
        case .transfer(let id): "/carriers/projects/\(id.uuidString.lowercased())/transfer"
        case .files: "/tracking-files"
        case .file(let id): "/tracking-files/\(id.uuidString.lowercased())"
        case .entries(let id): "/tracking-files/\(id.uuidString.lowercased())/entries"
        case .close(let id): "/tracking-files/\(id.uuidString.lowercased())/close"
        }
    }
}
