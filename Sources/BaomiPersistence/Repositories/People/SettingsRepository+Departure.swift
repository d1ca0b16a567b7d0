import BaomiDomain
import FluentKit
import Foundation

extension SettingsRepository {
    static let departurePolicyKey = "departurePolicy"

    /// The 脱密期 by post class and the non-compete period (A7, T11); the defaults 3/2/1 and 3 when unset.
    public func departurePolicy(on database: any Database) async throws -> DeparturePolicy {
        try await read(Self.departurePolicyKey, default: .nationalDefault, on: database)
    }

    /// The security office changes the periods (A7), audited with the old and new values.
    public func setDeparturePolicy(
        _ policy: DeparturePolicy, by actor: AuditActor, on database: any Database
    ) async throws {
        try await replace(Self.departurePolicyKey, with: policy, action: .departurePolicy, by: actor, on: database) {
            try policy.validate()
        }
    }
}
