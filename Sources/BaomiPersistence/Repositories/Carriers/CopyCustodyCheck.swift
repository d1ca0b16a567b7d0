import BaomiDomain
import FluentKit
import Foundation

/// A copy goes into a person's hands — new copies to whoever asked for them (C5.3), a retained copy to its retainer
/// (C10), a copy sent to a person of the register (C3) — only if that person may hold it: cleared for its level and
/// not barred (`CopyCustody`, A2, A4), judged as the person stands at that moment, inside the caller's transaction.
enum CopyCustodyCheck {
    static func require(
        _ personID: UUID, level: LevelDefinition, field: String, catalogue: LevelCatalogue, store: Store, now: Date,
        on database: any Database
    ) async throws {
        let person = try await PersonModel.find(personID, on: database)
        let postClasses = try await SettingsRepository(store: store).postClasses(on: database)
        let holder = ClearanceRepository.subject(
            person: person, roles: [], levels: catalogue, postClasses: postClasses,
            today: ClearanceRepository.today(now))
        let decision = CopyCustody.check(
            holder: holder, label: SecurityLabel(level: level), levelName: level.name, postClasses: postClasses,
            levels: catalogue)
        if let refusal = decision.refusal {
            throw DomainError.invalid([FieldError(field: field, rule: refusal.rule, message: refusal.reason)])
        }
    }
}
