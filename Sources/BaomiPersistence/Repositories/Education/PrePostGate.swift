import BaomiDomain
import FluentKit
import Foundation

/// The gate before a secret post (E6.6(3), A4), as every way of giving one asks it — the page, the API, the
/// directory import and the demo all come through `ClearanceRepository.set`. It reads credits only, never sessions
/// or exams, so whatever evidence earns a pre-post credit opens it.
public struct PrePostGate: Sendable {
    public var offerings: TrainingOfferings

    public init(offerings: TrainingOfferings = TrainingOfferings()) {
        self.offerings = offerings
    }

    /// The decision on moving `personID` from `current` to `requested` on `today`, inside the caller's transaction.
    public func decide(
        personID: UUID, from current: SecretPostClass, to requested: SecretPostClass, today: String,
        settings: SettingsRepository, on database: any Database
    ) async throws -> Decision {
        guard TrainingGate.raises(from: current, to: requested) else { return .allowed }
        let policy = try await settings.trainingPolicy(on: database)
        let latest = try await TrainingCredits().latest(.prePost, of: personID, on: database)
        let validity = policy.prePostValidityMonths
        if TrainingGate.isCurrent(latest?.earnedOn, today: today, validityMonths: validity) { return .allowed }
        return TrainingGate.decide(
            from: current, to: requested, latestPrePost: latest?.earnedOn, today: today, validityMonths: validity,
            offerings: try await offerings.offerings(for: .prePost, today: today, on: database))
    }

    /// Throws the refusal as the post-class field's error, so a form shows it beside the field, the API answers 422
    /// citing E6.6(3), and `Store.perform` audits it as a refusal.
    public func enforce(
        personID: UUID, from current: SecretPostClass, to requested: SecretPostClass, today: String,
        settings: SettingsRepository, on database: any Database
    ) async throws {
        let decision = try await decide(
            personID: personID, from: current, to: requested, today: today, settings: settings, on: database)
        if let refusal = decision.refusal {
            throw DomainError.invalid([FieldError(field: "postClass", rule: refusal.rule, message: refusal.reason)])
        }
    }
}
