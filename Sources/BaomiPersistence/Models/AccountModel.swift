import BaomiDomain
import FluentKit
import Foundation

/// A sign-in account. Business accounts link to a person; the three built-in administrator accounts need not.
public final class AccountModel: Model, @unchecked Sendable {
    public static let schema = "accounts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "username") public var username: String
    @Field(key: "display_name") public var displayName: String
    @OptionalParent(key: "person_id") public var person: PersonModel?
    /// Bcrypt hash; the password itself is never stored or logged.
    @Field(key: "password_hash") public var passwordHash: String
    /// Comma-separated `Role` raw values (at most one administrator role, S1).
    @Field(key: "roles") public var rolesText: String
    @Field(key: "must_change_password") public var mustChangePassword: Bool
    @Field(key: "failed_sign_ins") public var failedSignIns: Int
    @OptionalField(key: "locked_at") public var lockedAt: Date?
    /// Base32 TOTP key while enrolling or enrolled.
    @OptionalField(key: "totp_secret") public var totpSecret: String?
    @Field(key: "totp_enabled") public var totpEnabled: Bool
    /// The last TOTP time step accepted, so one code cannot be replayed.
    @OptionalField(key: "totp_last_step") public var totpLastStep: Int?
    @Field(key: "language") public var language: String
    /// Where the daily compliance digest goes (REMIND); nil: no e-mail.
    @OptionalField(key: "email") public var email: String?
    @Field(key: "is_disabled") public var isDisabled: Bool
    @Field(key: "is_built_in") public var isBuiltIn: Bool
    @OptionalField(key: "last_sign_in_at") public var lastSignInAt: Date?
    /// The sign-in before the latest, shown to the owner so a sign-in they did not make stands out.
    @OptionalField(key: "previous_sign_in_at") public var previousSignInAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(
        id: UUID? = nil, username: String, displayName: String, personID: UUID?, passwordHash: String,
        roles: Set<Role>, isBuiltIn: Bool = false
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.$person.id = personID
        self.passwordHash = passwordHash
        self.rolesText = Self.encode(roles)
        self.mustChangePassword = true
        self.failedSignIns = 0
        self.totpEnabled = false
        self.language = Language.zh.rawValue
        self.isDisabled = false
        self.isBuiltIn = isBuiltIn
    }

    /// The account's roles; names a newer version wrote and this one does not know are dropped.
    public var roles: Set<Role> {
        get { Set(rolesText.split(separator: ",").compactMap { Role(rawValue: String($0)) }) }
        set { rolesText = Self.encode(newValue) }
    }

    public var preferredLanguage: Language { Language(rawValue: language) ?? .zh }

    private static func encode(_ roles: Set<Role>) -> String {
        Role.allCases.filter(roles.contains).map(\.rawValue).joined(separator: ",")
    }
}

extension AccountModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [
            _id, _username, _displayName, _person, _passwordHash, _rolesText, _mustChangePassword, _failedSignIns,
            _lockedAt, _totpSecret, _totpEnabled, _totpLastStep, _language, _email, _isDisabled, _isBuiltIn,
            _lastSignInAt, _previousSignInAt, _createdAt, _updatedAt,
        ]
    }
}
