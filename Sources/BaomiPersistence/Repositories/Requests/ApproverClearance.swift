import BaomiDomain
import FluentKit
import Foundation

extension ApproverFacts {
    /// An account's facts with its clearance as the one access decision computes it (A2, A4, A7): administrators and
    /// barred people are cleared for nothing.
    static func of(
        accountID: UUID, roles: Set<Role>, person: PersonModel?, settings: SettingsSnapshot, today: String
    ) -> ApproverFacts {
        let subject = ClearanceRepository.subject(
            person: person, roles: roles, levels: settings.levels, postClasses: settings.postClasses, today: today)
        let viewer = CarrierLedgerQuery.Viewer(subject: subject, levels: settings.levels)
        return ApproverFacts(
            accountID: accountID, roles: roles, personID: person?.id, departmentID: person?.$department.id,
            clearedLevels: Set(viewer.levels.map(LevelID.init(rawValue:))), clearedProjects: viewer.projects)
    }
}

extension ClearanceNeed {
    /// What deciding a request about `carriers` (or, for a draft, its proposed label) asks of the approver: the
    /// highest of their levels and all their projects (A2). Nil when nothing is classified or a level is unknown.
    static func of(
        carriers: [CarrierModel], proposed: ProposedLabel?, levels: LevelCatalogue
    ) -> ClearanceNeed? {
        if carriers.isEmpty, let proposed {
            return ClearanceNeed(level: proposed.level, projects: Set([proposed.projectID].compactMap { $0 }))
        }
        let highest = carriers.compactMap { levels.definition(LevelID(rawValue: $0.level)) }
            .max { $0.protectionWeight < $1.protectionWeight }
        return highest.map { ClearanceNeed(level: $0.id, projects: Set(carriers.compactMap { $0.$project.id })) }
    }

    /// The need of a stored request, judged on its carriers as they are now (principle 11). Needs the items loaded.
    static func of(_ request: RequestModel, levels: LevelCatalogue) -> ClearanceNeed? {
        let proposed =
            request.items.isEmpty
            ? RequestKind(rawValue: request.kind)?.definition.proposedLabel(json: Data(request.payload.utf8)) : nil
        return of(carriers: request.items.map(\.copy.carrier), proposed: proposed, levels: levels)
    }
}
