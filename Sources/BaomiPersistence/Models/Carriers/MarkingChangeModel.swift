import FluentKit
import Foundation

/// One change of a carrier's marking (C9): declassified, its level changed or its period extended — what the marking
/// was and what it became, when, by which request and who approved it. Never edited: the carrier page's marking
/// history reads these (DESIGN principle 12).
public final class MarkingChangeModel: Model, @unchecked Sendable {
    public static let schema = "marking_changes"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "carrier_id") public var carrier: CarrierModel
    @OptionalField(key: "request_id") public var requestID: UUID?
    /// 申请编号 of the request that made the change.
    @Field(key: "request_number") public var requestNumber: String
    /// `declassify`, `changeLevel` or `extend` (the reclassify request's `change`).
    @Field(key: "change") public var change: String
    @Field(key: "at") public var at: Date
    /// `LevelID` raw values and printed markings before and after; empty when the records left it unknown.
    @Field(key: "from_level") public var fromLevel: String
    @Field(key: "from_marking") public var fromMarking: String
    @Field(key: "to_level") public var toLevel: String
    @Field(key: "to_marking") public var toMarking: String
    /// The approvers' names and roles as they signed, e.g. `李处长（保密办）、王所长（主管领导）`.
    @Field(key: "approved_by") public var approvedBy: String

    public init() {}
}

extension MarkingChangeModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [
            _id, _carrier, _requestID, _requestNumber, _change, _at, _fromLevel, _fromMarking, _toLevel, _toMarking,
            _approvedBy,
        ]
    }
}
