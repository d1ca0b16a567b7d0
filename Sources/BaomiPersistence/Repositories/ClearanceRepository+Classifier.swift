import BaomiDomain
import FluentKit
import Foundation

extension ClearanceRepository {
    /// The security administrator authorises a person as 定密责任人 up to a level, or withdraws it (empty level)
    /// (T5.1). Nobody is given authority above their own clearance (A2): they would decide the level of what they
    /// could not read. The page, the API and the demo all authorise through here.
    @discardableResult
    public func authoriseClassifier(
        _ personID: UUID, upTo level: String, by actor: AuditActor, on database: any Database
    ) async throws -> PersonModel {
        let settings = try await SettingsRepository(store: store).snapshot(on: database)
        let trimmed = level.trimmed
        let definition = trimmed.isEmpty ? nil : settings.levels.definition(LevelID(rawValue: trimmed))
        if !trimmed.isEmpty && definition == nil {
            var validator = FieldValidator()
            validator.add(
                field: "classifierMaxLevel", rule: RuleID("T5.1"), unknown: trimmed,
                label: LocalizedText(zh: "定密权限密级", en: "Classifying level"),
                accepted: AcceptedValues(settings.levels.levels.map { ($0.name.zh, $0.id.rawValue) }))
            try validator.check()
        }
        return try await store.perform(
            on: database, by: actor, .classifierAuthorise,
            subject: AuditSubject(type: "person", id: personID.uuidString)
        ) { transaction, trail in
            guard let person = try await PersonModel.find(personID, on: transaction) else {
                throw DomainError.notFound(zh: "人员不存在", en: "No such person")
            }
            trail.subject = AuditSubject(type: "person", id: personID.uuidString, label: person.name)
            trail.note("level", trimmed.isEmpty ? "revoked" : trimmed)
            if let definition {
                let subject = Self.subject(
                    person, roles: [], levels: settings.levels, postClasses: settings.postClasses,
                    today: Self.today(clock()))
                if let refusal = ClassificationAuthority.checkClearance(
                    of: subject, name: person.name, level: definition, postClasses: settings.postClasses,
                    levels: settings.levels
                ).refusal {
                    throw DomainError.invalid([
                        FieldError(field: "classifierMaxLevel", rule: refusal.rule, message: refusal.reason)
                    ])
                }
            }
            person.classifierMaxLevel = trimmed.isEmpty ? nil : trimmed
            try await person.save(on: transaction)
            return person
        }
    }
}
