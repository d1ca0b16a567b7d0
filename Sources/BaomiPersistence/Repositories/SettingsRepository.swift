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

    static let levelCatalogueKey = "levelCatalogue"

    /// The organisation's levels (A1, T30); the national defaults until the security administrator changes them.
    public func levelCatalogue(on database: any Database) async throws -> LevelCatalogue {
        guard let setting = try await SettingModel.find(Self.levelCatalogueKey, on: database) else {
            return .nationalDefault
        }
        return (try? JSONDecoder().decode(LevelCatalogue.self, from: Data(setting.value.utf8))) ?? .nationalDefault
    }

    public func setLevelCatalogue(
        _ catalogue: LevelCatalogue, by actor: AuditActor, on database: any Database
    )
        async throws
    {
        try await store.perform(
            on: database, by: actor, .settingsChange,
            subject: AuditSubject(type: "settings", id: Self.levelCatalogueKey)
        ) { transaction, trail in
            try catalogue.validate()
            let old = try await levelCatalogue(on: transaction)
            let ids = Set(old.levels.map(\.id))
            let identity = { (levels: [LevelDefinition]) in Set(levels.map { "\($0.id)|\($0.regime)|\($0.rank)" }) }
            guard Set(catalogue.levels.map(\.id)) == ids, identity(catalogue.levels) == identity(old.levels) else {
                throw DomainError.invalid(
                    field: "levels", zh: "密级的种类和高低不能更改，只能修改其规则",
                    en: "Levels, their regimes and order are fixed; only their rules change")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let text = String(decoding: try encoder.encode(catalogue), as: UTF8.self)
            for level in catalogue.levels where old.definition(level.id) != level {
                trail.note(level.id.rawValue, "changed")
            }
            let setting =
                try await SettingModel.find(Self.levelCatalogueKey, on: transaction)
                ?? SettingModel(key: Self.levelCatalogueKey, value: text)
            setting.value = text
            try await setting.save(on: transaction)
        }
    }

    static let postClassesKey = "postClasses"

    /// Which levels each secret-post class may access (A2); the national defaults until changed.
    public func postClasses(on database: any Database) async throws -> PostClassCatalogue {
        guard let setting = try await SettingModel.find(Self.postClassesKey, on: database) else {
            return .nationalDefault
        }
        return (try? JSONDecoder().decode(PostClassCatalogue.self, from: Data(setting.value.utf8))) ?? .nationalDefault
    }

    public func setPostClasses(
        _ catalogue: PostClassCatalogue, by actor: AuditActor, on database: any Database
    ) async throws {
        try await store.perform(
            on: database, by: actor, .postClassesChange,
            subject: AuditSubject(type: "settings", id: Self.postClassesKey)
        ) { transaction, trail in
            try catalogue.validate(levels: try await levelCatalogue(on: transaction))
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let text = String(decoding: try encoder.encode(catalogue), as: UTF8.self)
            trail.note("new", text)
            let setting =
                try await SettingModel.find(Self.postClassesKey, on: transaction)
                ?? SettingModel(key: Self.postClassesKey, value: text)
            setting.value = text
            try await setting.save(on: transaction)
        }
    }
}
