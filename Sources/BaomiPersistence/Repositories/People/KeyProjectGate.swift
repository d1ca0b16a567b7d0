import BaomiDomain
import FluentKit
import Foundation

/// T10 in `ClearanceRepository.set`, beside `PrePostGate` and `AgreementGate`: a key project that has not ended is
/// not taken out of a member's clearance directly (page, API, import); the member leaves it through a
/// 重点项目人员调离 request. A leaving already on record — an open tracking file for that person and project, opened
/// by the approved transfer or by the record of leaving without consent — lets the change through.
struct KeyProjectGate: Sendable {
    func enforce(
        _ person: PersonModel, keeping compartments: [UUID], today: String, on database: any Database
    ) async throws {
        let removed = Set(ClearanceRepository.ids(person.compartments)).subtracting(compartments)
        guard !removed.isEmpty else { return }
        let projects = try await KeyProjectRepository.keyProjects(Array(removed), on: database)
        guard !projects.isEmpty else { return }
        let recorded = Set(
            try await TrackingFileModel.query(on: database).filter(\.$person.$id == person.requireID())
                .filter(\.$project.$id ~~ projects.map(\.id)).filter(\.$closedAt == nil).all().map(\.$project.id))
        if let refusal = KeyProjectRules.directRemoval(
            of: projects.filter { !recorded.contains($0.id) }, today: today)
        {
            throw refusal
        }
    }
}
