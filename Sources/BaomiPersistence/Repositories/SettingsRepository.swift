import BaomiDomain
import FluentKit
import Foundation
import SQLKit
import Synchronization

/// System settings with national defaults (DESIGN principle 9).
public struct SettingsRepository: Sendable {
    static let securityPolicyKey = "securityPolicy"
    let store: Store
    private let decoded = DecodedSettings()

    public init(store: Store) {
        self.store = store
    }

    /// The settings every request judges by — security policy, levels, post classes — read in one statement, so a
    /// request sees one version of all three. Each is parsed again only when its stored text has changed.
    public func snapshot(on database: any Database) async throws -> SettingsSnapshot {
        let keys = [Self.securityPolicyKey, Self.levelCatalogueKey, Self.postClassesKey]
        let rows = try await database.sql.raw(
            "SELECT key, value FROM settings WHERE key IN (\(bind: keys[0]), \(bind: keys[1]), \(bind: keys[2]))"
        ).all()
        var texts: [String: String] = [:]
        for row in rows {
            texts[try row.decode(column: "key", as: String.self)] = try row.decode(column: "value", as: String.self)
        }
        return SettingsSnapshot(
            securityPolicy: decoded.value(Self.securityPolicyKey, text: texts[Self.securityPolicyKey])
                ?? .nationalDefault,
            levels: decoded.value(Self.levelCatalogueKey, text: texts[Self.levelCatalogueKey]) ?? .nationalDefault,
            postClasses: decoded.value(Self.postClassesKey, text: texts[Self.postClassesKey]) ?? .nationalDefault)
    }

    public func securityPolicy(on database: any Database) async throws -> SecurityPolicy {
        try await read(Self.securityPolicyKey, default: .nationalDefault, on: database)
    }

    /// A setting stored as JSON, or its national default when unset or unreadable (DESIGN principle 9).
    func read<Value: Decodable & Sendable>(
        _ key: String, default value: Value, on database: any Database
    ) async throws
        -> Value
    {
        let text = try await SettingModel.find(key, on: database)?.value
        return decoded.value(key, text: text) ?? value
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
        try await replace(Self.securityPolicyKey, with: policy, action: .settingsChange, by: actor, on: database) {
            try policy.validate()
        }
    }

    /// Replaces a setting the office or an administrator changes: checked, written, and audited with the old and
    /// new values in the same transaction; a refused value is audited and writes nothing.
    func replace<Value: Encodable & Sendable>(
        _ key: String, with value: Value, action: AuditAction, by actor: AuditActor, on database: any Database,
        validate: @escaping @Sendable () throws -> Void
    ) async throws {
        try await store.perform(
            on: database, by: actor, action, subject: AuditSubject(type: "settings", id: key)
        ) { transaction, trail in
            try validate()
            let old = try await SettingModel.find(key, on: transaction)?.value
            trail.note("new", try await Self.write(value, key: key, on: transaction))
            trail.note("old", old ?? "default")
        }
    }

    static let levelCatalogueKey = "levelCatalogue"

    /// The organisation's levels (A1, T30); the national defaults until the security administrator changes them.
    public func levelCatalogue(on database: any Database) async throws -> LevelCatalogue {
        try await read(Self.levelCatalogueKey, default: .nationalDefault, on: database)
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
        try await read(Self.postClassesKey, default: .nationalDefault, on: database)
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

/// The settings a request judges by, all of one moment (`SettingsRepository.snapshot`).
public struct SettingsSnapshot: Sendable {
    public var securityPolicy: SecurityPolicy
    public var levels: LevelCatalogue
    public var postClasses: PostClassCatalogue
}

/// Settings parsed from their stored JSON, kept with the text they came from: a setting is parsed once per change
/// instead of on every read (the level catalogue is read by nearly every request).
final class DecodedSettings: Sendable {
    private let parsed = Mutex<[String: (text: String, value: any Sendable)]>([:])

    /// The setting parsed from `text`; nil when unset or unreadable (the caller's default applies).
    func value<Value: Decodable & Sendable>(_ key: String, text: String?) -> Value? {
        guard let text else { return nil }
        if let cached = parsed.withLock({ $0[key] }), cached.text == text, let value = cached.value as? Value {
            return value
        }
        guard let value = try? JSONDecoder().decode(Value.self, from: Data(text.utf8)) else { return nil }
        parsed.withLock { $0[key] = (text, value) }
        return value
    }
}
