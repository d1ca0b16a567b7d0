import BaomiDomain
import FluentKit
import Foundation

extension SettingsRepository {
    static let trainingPolicyKey = "trainingPolicy"

    /// How long a pre-post credit counts and how early briefings are due (E6.5, E6.6(3)); the defaults when unset.
    public func trainingPolicy(on database: any Database) async throws -> TrainingPolicy {
        try await read(Self.trainingPolicyKey, default: .nationalDefault, on: database)
    }

    public func setTrainingPolicy(
        _ policy: TrainingPolicy, by actor: AuditActor, on database: any Database
    ) async throws {
        try await store.perform(
            on: database, by: actor, .trainingPolicy,
            subject: AuditSubject(type: "settings", id: Self.trainingPolicyKey)
        ) { transaction, trail in
            try policy.validate()
            let old = try await SettingModel.find(Self.trainingPolicyKey, on: transaction)?.value
            trail.note("new", try await Self.write(policy, key: Self.trainingPolicyKey, on: transaction))
            trail.note("old", old ?? "default")
        }
    }
}
