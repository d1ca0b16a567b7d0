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
        try await replace(Self.trainingPolicyKey, with: policy, action: .trainingPolicy, by: actor, on: database) {
            try policy.validate()
        }
    }
}
