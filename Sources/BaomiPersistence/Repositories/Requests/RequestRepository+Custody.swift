import BaomiDomain
import FluentKit
import Foundation

extension RequestRepository {
    /// A copy goes into a person's hands — new copies to whoever asked for them (C5.3), a retained copy to its
    /// retainer (C10) — only if that person may hold it: cleared for its level and not barred (`CopyCustody`, A2,
    /// A4), judged as the person stands at that moment, inside the request's transaction.
    func requireCustody(
        of personID: UUID, level: LevelDefinition, field: String, catalogue: LevelCatalogue, on database: any Database
    ) async throws {
        let person = try await PersonModel.find(personID, on: database)
        let postClasses = try await SettingsRepository(store: store).postClasses(on: database)
        let holder = ClearanceRepository.subject(
            person: person, roles: [], levels: catalogue, postClasses: postClasses,
            today: ClearanceRepository.today(clock()))
        let decision = CopyCustody.check(
            holder: holder, label: SecurityLabel(level: level), levelName: level.name, postClasses: postClasses,
            levels: catalogue)
        if let refusal = decision.refusal {
            throw DomainError.invalid([FieldError(field: field, rule: refusal.rule, message: refusal.reason)])
        }
    }
}
