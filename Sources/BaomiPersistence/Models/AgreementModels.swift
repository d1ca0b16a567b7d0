import BaomiDomain
import FluentKit
import Foundation

/// One version of an agreement kind's text (T8, L1.1). A new version is a new row; signed agreements keep theirs.
public final class AgreementTextModel: Model, @unchecked Sendable {
    public static let schema = "agreement_texts"

    @ID(key: .id) public var id: UUID?
    /// `AgreementKind` raw value.
    @Field(key: "kind") public var kind: String
    @Field(key: "version") public var version: Int
    @Field(key: "title") public var title: String
    @Field(key: "body") public var body: String
    @Field(key: "published_by_name") public var publishedByName: String
    @Field(key: "published_at") public var publishedAt: Date

    /// Listed by hand: reflection on every query and save is the largest cost of a write (ModelPropertyListTests).
    public var properties: [any AnyProperty] { [_id, _kind, _version, _title, _body, _publishedByName, _publishedAt] }

    public init() {}

    public var agreementKind: AgreementKind? { AgreementKind(rawValue: kind) }
}

/// A person's agreement (T8, T9, T15): its kind and pinned text version, its state and days, and the scanned
/// signed copy (kept by `AttachmentContent`, its SHA-256 recorded, S4).
public final class PersonAgreementModel: Model, @unchecked Sendable {
    public static let schema = "person_agreements"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "person_id") public var person: PersonModel
    /// `AgreementKind` raw value.
    @Field(key: "kind") public var kind: String
    @Parent(key: "text_id") public var text: AgreementTextModel
    @Field(key: "version") public var version: Int
    /// `AgreementState` raw value.
    @Field(key: "state") public var state: String
    /// `YYYY-MM-DD` days.
    @OptionalField(key: "person_signed_on") public var personSignedOn: String?
    @OptionalField(key: "unit_signed_on") public var unitSignedOn: String?
    @OptionalField(key: "in_force_from") public var inForceFrom: String?
    /// The day it ended, or the day the person refused to sign.
    @OptionalField(key: "ended_on") public var endedOn: String?
    /// Why it ended, or why the person refused (T9).
    @OptionalField(key: "reason") public var reason: String?
    /// 竞业限制期止 (T11), for a non-compete agreement.
    @OptionalField(key: "non_compete_until") public var nonCompeteUntil: String?
    /// 有效期至: the day a fixed-term agreement ends by itself (T15); nil for one without a term.
    @OptionalField(key: "valid_until") public var validUntil: String?
    @OptionalField(key: "scan_file_name") public var scanFileName: String?
    @OptionalField(key: "scan_type") public var scanType: String?
    @OptionalField(key: "scan_size") public var scanSize: Int64?
    @OptionalField(key: "scan_sha256") public var scanSHA256: String?
    @Field(key: "created_by_name") public var createdByName: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public var properties: [any AnyProperty] {
        [
            _id, _person, _kind, _text, _version, _state, _personSignedOn, _unitSignedOn, _inForceFrom, _endedOn,
            _reason, _nonCompeteUntil, _validUntil, _scanFileName, _scanType, _scanSize, _scanSHA256, _createdByName,
            _createdAt,
            _updatedAt,
        ]
    }

    public init() {}

    public var agreementKind: AgreementKind? { AgreementKind(rawValue: kind) }
    public var agreementState: AgreementState? { AgreementState(rawValue: state) }

    public var facts: AgreementFacts {
        AgreementFacts(
            state: agreementState ?? .draft, personSignedOn: personSignedOn, unitSignedOn: unitSignedOn,
            inForceFrom: inForceFrom)
    }
}

/// What the unit owes under an agreement (T15): a secrecy allowance (保密补贴) or remuneration (报酬), due on a day
/// and paid on another.
public final class AgreementPaymentModel: Model, @unchecked Sendable {
    public static let schema = "agreement_payments"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "agreement_id") public var agreement: PersonAgreementModel
    /// `AgreementPaymentKind` raw value.
    @Field(key: "kind") public var kind: String
    /// In fen (分), so sums are exact.
    @Field(key: "amount_cents") public var amountCents: Int64
    @Field(key: "due_on") public var dueOn: String
    @OptionalField(key: "paid_on") public var paidOn: String?
    @Field(key: "note") public var note: String
    @Field(key: "recorded_by_name") public var recordedByName: String
    @Field(key: "recorded_at") public var recordedAt: Date

    public var properties: [any AnyProperty] {
        [_id, _agreement, _kind, _amountCents, _dueOn, _paidOn, _note, _recordedByName, _recordedAt]
    }

    public init() {}
}
