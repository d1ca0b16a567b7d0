import FluentKit
import Foundation

/// One change of a person's secret post (A2): what was granted, why, by whom. Never edited.
public final class ClearanceChangeModel: Model, @unchecked Sendable {
    public static let schema = "clearance_changes"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "person_id") public var person: PersonModel
    @Field(key: "post_class") public var postClass: String
    /// JSON arrays of project and department ids.
    @Field(key: "compartments") public var compartments: String
    @Field(key: "access_groups") public var groups: String
    @OptionalField(key: "separation_until") public var separationUntil: String?
    @Field(key: "reason") public var reason: String
    @Field(key: "changed_by") public var changedBy: String
    @Field(key: "changed_at") public var changedAt: Date

    public init() {}
}

/// The reading register (阅知登记, C4, T2): every reading of a copy — handed over, read in place, taken — by whom,
/// when and, for a reading in place, where. Page views are not readings: they stay in the audit trail (A5).
public final class ReadingModel: Model, @unchecked Sendable {
    public static let schema = "readings"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "carrier_id") public var carrier: CarrierModel
    @OptionalField(key: "copy_id") public var copyID: UUID?
    @OptionalField(key: "person_id") public var personID: UUID?
    @Field(key: "account_id") public var accountID: UUID
    @Field(key: "reader_name") public var readerName: String
    /// `ReadingKind` raw value.
    @Field(key: "kind") public var kind: String
    @Field(key: "at") public var at: Date
    /// Where a reading in place happened (L1.2).
    @OptionalField(key: "place_id") public var placeID: UUID?

    public init() {}

    public init(
        carrierID: UUID, copyID: UUID?, personID: UUID?, accountID: UUID, readerName: String, kind: String, at: Date
    ) {
        self.$carrier.id = carrierID
        self.copyID = copyID
        self.personID = personID
        self.accountID = accountID
        self.readerName = readerName
        self.kind = kind
        self.at = at
    }
}

extension ClearanceChangeModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [_id, _person, _postClass, _compartments, _groups, _separationUntil, _reason, _changedBy, _changedAt]
    }
}

extension ReadingModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [_id, _carrier, _copyID, _personID, _accountID, _readerName, _kind, _at, _placeID]
    }
}
