import FluentKit
import Foundation

/// A signed-in session, stored in the database so that several server instances can share one PostgreSQL (S3).
/// Only a hash of the token is kept: a copy of the table does not let anybody sign in.
public final class SessionModel: Model, @unchecked Sendable {
    public static let schema = "sessions"

    public enum Kind: String, Sendable {
        case web
        case api
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "token_hash") public var tokenHash: String
    @Parent(key: "account_id") public var account: AccountModel
    @Field(key: "kind") public var kind: String
    /// The CSRF token of web sessions; forms echo it back.
    @Field(key: "csrf_token") public var csrfToken: String
    @OptionalField(key: "ip") public var ip: String?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "last_seen_at") public var lastSeenAt: Date
    @OptionalField(key: "ended_at") public var endedAt: Date?

    public init() {}

    public init(tokenHash: String, accountID: UUID, kind: Kind, csrfToken: String, ip: String?, now: Date) {
        self.tokenHash = tokenHash
        self.$account.id = accountID
        self.kind = kind.rawValue
        self.csrfToken = csrfToken
        self.ip = ip
        self.createdAt = now
        self.lastSeenAt = now
    }
}

/// A system setting as JSON text under a key (DESIGN principle 9: configuration, not constants).
public final class SettingModel: Model, @unchecked Sendable {
    public static let schema = "settings"

    @ID(custom: "key", generatedBy: .user) public var id: String?
    @Field(key: "value") public var value: String
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(key: String, value: String) {
        self.id = key
        self.value = value
    }
}

extension SessionModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [_id, _tokenHash, _account, _kind, _csrfToken, _ip, _createdAt, _lastSeenAt, _endedAt]
    }
}

extension SettingModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] { [_id, _value, _updatedAt] }
}
