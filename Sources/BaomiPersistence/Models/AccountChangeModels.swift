import BaomiDomain
import FluentKit
import Foundation

/// A change of someone else's account that one administrator proposes and a second one approves (S1): a password
/// reset, another person behind the account, another e-mail address. Kept as the record of who asked, who agreed.
public final class AccountChangeModel: Model, @unchecked Sendable {
    public static let schema = "account_changes"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "account_id") public var account: AccountModel
    /// `AccountChangeKind` raw value.
    @Field(key: "kind") public var kind: String
    /// `AccountChangeState` raw value.
    @Field(key: "state") public var state: String
    /// A password reset's new hash; cleared once the change is decided, so a refused password is not kept.
    @OptionalField(key: "password_hash") public var passwordHash: String?
    /// A change of person: the one before and the one after.
    @OptionalField(key: "old_person_id") public var oldPersonID: UUID?
    @OptionalField(key: "new_person_id") public var newPersonID: UUID?
    /// A change of e-mail: the address before and after (nil: none).
    @OptionalField(key: "old_email") public var oldEmail: String?
    @OptionalField(key: "new_email") public var newEmail: String?
    @Field(key: "proposed_by_id") public var proposedByID: UUID
    @Field(key: "proposed_by_name") public var proposedByName: String
    @Field(key: "proposed_at") public var proposedAt: Date
    @OptionalField(key: "decided_by_id") public var decidedByID: UUID?
    @OptionalField(key: "decided_by_name") public var decidedByName: String?
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @Field(key: "comment") public var comment: String

    public init() {}

    public var changeKind: AccountChangeKind? { AccountChangeKind(rawValue: kind) }
    public var changeState: AccountChangeState? { AccountChangeState(rawValue: state) }
}

/// Something the owner of an account must be told at their next sign-in (S1): their password was reset, their
/// account now belongs to another person, their e-mail changed — and by whom. Shown until acknowledged.
public final class AccountNoticeModel: Model, @unchecked Sendable {
    public static let schema = "account_notices"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "account_id") public var account: AccountModel
    @Field(key: "text_zh") public var textZh: String
    @Field(key: "text_en") public var textEn: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "acknowledged_at") public var acknowledgedAt: Date?

    public init() {}

    public var text: LocalizedText { LocalizedText(zh: textZh, en: textEn) }
}

extension AccountChangeModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [
            _id, _account, _kind, _state, _passwordHash, _oldPersonID, _newPersonID, _oldEmail, _newEmail,
            _proposedByID, _proposedByName, _proposedAt, _decidedByID, _decidedByName, _decidedAt, _comment,
        ]
    }
}

extension AccountNoticeModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] { [_id, _account, _textZh, _textEn, _createdAt, _acknowledgedAt] }
}
