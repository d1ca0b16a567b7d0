import BaomiDomain
import FluentKit
import Foundation

/// 行前保密教育 or 回国汇报 of an approved trip (A7): one of each per trip, with when, by whom and what was said.
public final class TripReportModel: Model, @unchecked Sendable {
    public static let schema = "trip_reports"

    @ID(key: .id) public var id: UUID?
    /// The travel request (`travelAbroad`) the trip is.
    @Field(key: "request_id") public var requestID: UUID
    /// `TripReportKind` raw value.
    @Field(key: "kind") public var kind: String
    /// `YYYY-MM-DD`.
    @Field(key: "held_on") public var heldOn: String
    /// Who gave the briefing or took the debriefing, as written.
    @Field(key: "held_by") public var heldBy: String
    @Field(key: "notes") public var notes: String
    /// The account that recorded it.
    @Field(key: "recorded_by") public var recordedBy: String
    @Field(key: "recorded_at") public var recordedAt: Date

    public var properties: [any AnyProperty] {
        [_id, _requestID, _kind, _heldOn, _heldBy, _notes, _recordedBy, _recordedAt]
    }

    public init() {}
}

/// A travel document of a person (证件管理): kept by the unit or by the person, and, when the unit lent it for a
/// trip, the trip and the day it is due back.
public final class TravelDocumentModel: Model, @unchecked Sendable {
    public static let schema = "travel_documents"

    @ID(key: .id) public var id: UUID?
    @Field(key: "person_id") public var personID: UUID
    /// `TravelDocumentKind` raw value.
    @Field(key: "kind") public var kind: String
    @Field(key: "number") public var number: String
    /// `YYYY-MM-DD`.
    @OptionalField(key: "expires_on") public var expiresOn: String?
    @Field(key: "held_by_unit") public var heldByUnit: Bool
    /// The trip it is out for; nil while in the unit's keeping.
    @OptionalField(key: "out_request_id") public var outRequestID: UUID?
    @OptionalField(key: "out_since") public var outSince: Date?
    /// `YYYY-MM-DD`: the trip's return plus the configured days.
    @OptionalField(key: "due_back") public var dueBack: String?
    @Field(key: "version") public var version: Int
    @Field(key: "registered_at") public var registeredAt: Date

    public var properties: [any AnyProperty] {
        [
            _id, _personID, _kind, _number, _expiresOn, _heldByUnit, _outRequestID, _outSince, _dueBack, _version,
            _registeredAt,
        ]
    }

    public init() {}
}

/// One movement of a travel document: out to its holder for a trip, or back into the unit's keeping.
public final class TravelDocumentMovementModel: Model, @unchecked Sendable {
    public static let schema = "travel_document_movements"

    @ID(key: .id) public var id: UUID?
    @Field(key: "document_id") public var documentID: UUID
    /// `out` or `in`.
    @Field(key: "direction") public var direction: String
    @OptionalField(key: "request_id") public var requestID: UUID?
    @Field(key: "at") public var at: Date
    /// The account that lent or took it back.
    @Field(key: "by_name") public var byName: String

    public var properties: [any AnyProperty] { [_id, _documentID, _direction, _requestID, _at, _byName] }

    public init() {}
}
