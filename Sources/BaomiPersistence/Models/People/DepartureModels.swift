import FluentKit
import Foundation

/// One returned item of a departure's checklist (T22): a technical or experimental material, a piece of equipment or
/// a sample that is not a registered carrier, signed off by whoever took it back. Never deleted once signed.
public final class DepartureItemModel: Model, @unchecked Sendable {
    public static let schema = "departure_items"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "request_id") public var request: RequestModel
    @Field(key: "position") public var position: Int
    /// `DepartureItemCategory` raw value.
    @Field(key: "category") public var category: String
    @Field(key: "description") public var description: String
    @Field(key: "added_by") public var addedBy: String
    @OptionalField(key: "signed_by_id") public var signedByID: UUID?
    @Field(key: "signed_by_name") public var signedByName: String
    @OptionalField(key: "signed_at") public var signedAt: Date?

    public init() {}
}

/// The delivery of one of a departure's two letters (T12): the reminder of duties to the leaver, the notice to the
/// new employer — when, how and by whom it was handed over, and who recorded it.
public final class DepartureLetterModel: Model, @unchecked Sendable {
    public static let schema = "departure_letters"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "request_id") public var request: RequestModel
    /// `DepartureLetter` raw value.
    @Field(key: "letter") public var letter: String
    @Field(key: "delivered_on") public var deliveredOn: String
    /// `LetterDelivery` raw value.
    @Field(key: "method") public var method: String
    @Field(key: "delivered_by") public var deliveredBy: String
    @Field(key: "recorded_by") public var recordedBy: String
    @Field(key: "recorded_at") public var recordedAt: Date

    public init() {}
}

extension DepartureItemModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [_id, _request, _position, _category, _description, _addedBy, _signedByID, _signedByName, _signedAt]
    }
}

extension DepartureLetterModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [_id, _request, _letter, _deliveredOn, _method, _deliveredBy, _recordedBy, _recordedAt]
    }
}
