import BaomiDomain
import FluentKit
import Foundation

/// System settings with national defaults (DESIGN principle 9).
public struct SettingsRepository: Sendable {
    static let securityPolicyKey = "securityPolicy"
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    public func securityPolicy(on database: any Database) async throws -> SecurityPolicy {
        guard let setting = try await SettingModel.find(Self.securityPolicyKey, on: database) else {
            return .nationalDefault
        }
        return (try? JSONDecoder().decode(SecurityPolicy.self, from: Data(setting.value.utf8))) ?? .nationalDefault
    }

    public func setSecurityPolicy(
        _ policy: SecurityPolicy, by actor: AuditActor, on database: any Database
    )
        async throws
    {
        try await store.perform(
            on: database, by: actor, .settingsChange,
            subject: AuditSubject(type: "settings", id: Self.securityPolicyKey)
        ) { transaction, trail in
            try policy.validate()
            let old = try await securityPolicy(on: transaction)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let text = String(decoding: try encoder.encode(policy), as: UTF8.self)
            trail.note("old", String(decoding: try encoder.encode(old), as: UTF8.self))
            trail.note("new", text)
            let setting =
                try await SettingModel.find(Self.securityPolicyKey, on: transaction)
                ?? SettingModel(key: Self.securityPolicyKey, value: text)
            setting.value = text
            try await setting.save(on: transaction)
        }
    }
}
