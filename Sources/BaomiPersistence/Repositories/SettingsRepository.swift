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
        try await Self.read(Self.securityPolicyKey, default: .nationalDefault, on: database)
    }

    /// A setting stored as JSON, or its national default when unset or unreadable (DESIGN principle 9).
    static func read<Value: Decodable>(
        _ key: String, default value: Value, on database: any Database
    ) async throws
        -> Value
    {
        guard let setting = try await SettingModel.find(key, on: database) else { return value }
        return (try? JSONDecoder().decode(Value.self, from: Data(setting.value.utf8))) ?? value
    }

    /// Stores a setting as canonical JSON (sorted keys) and returns the text written.
    @discardableResult
    static func write<Value: Encodable>(_ value: Value, key: String, on database: any Database) async throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        let setting = try await SettingModel.find(key, on: database) ?? SettingModel(key: key, value: text)
        setting.value = text
        try await setting.save(on: database)
        return text
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
            let old = try await SettingModel.find(Self.securityPolicyKey, on: transaction)?.value
            trail.note("new", try await Self.write(policy, key: Self.securityPolicyKey, on: transaction))
            trail.note("old", old ?? "default")
        }
    }

    static let levelCatalogueKey = "levelCatalogue"

    /// The organisation's levels (A1, T30); the national defaults until the security administrator changes them.
    public func levelCatalogue(on database: any Database) async throws -> LevelCatalogue {
        try await Self.read(Self.levelCatalogueKey, default: .nationalDefault, on: database)
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
            for level in catalogue.levels where old.definition(level.id) != level {
                trail.note(level.id.rawValue, "changed")
            }
            try await Self.write(catalogue, key: Self.levelCatalogueKey, on: transaction)
        }
    }

    static let postClassesKey = "postClasses"

    /// Which levels each secret-post class may access (A2); the national defaults until changed.
    public func postClasses(on database: any Database) async throws -> PostClassCatalogue {
        try await Self.read(Self.postClassesKey, default: .nationalDefault, on: database)
    }

    public func setPostClasses(
        _ catalogue: PostClassCatalogue, by actor: AuditActor, on database: any Database
    ) async throws {
        try await store.perform(
            on: database, by: actor, .postClassesChange,
            subject: AuditSubject(type: "settings", id: Self.postClassesKey)
        ) { transaction, trail in
            try catalogue.validate(levels: try await levelCatalogue(on: transaction))
            trail.note("new", try await Self.write(catalogue, key: Self.postClassesKey, on: transaction))
        }
    }
}
