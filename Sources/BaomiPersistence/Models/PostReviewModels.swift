import BaomiDomain
import FluentKit
import Foundation

/// One 涉密人员复审 (A2): who reviewed whom, when, the class then held and the outcome.
public final class ClearanceReviewModel: Model, @unchecked Sendable {
    public static let schema = "clearance_reviews"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "person_id") public var person: PersonModel
    /// `YYYY-MM-DD`.
    @Field(key: "reviewed_on") public var reviewedOn: String
    /// `ReviewOutcome` raw value.
    @Field(key: "outcome") public var outcome: String
    /// The class held when reviewed (principle 12: what was true at the event).
    @Field(key: "post_class") public var postClass: String
    @OptionalField(key: "note") public var note: String?
    @Field(key: "reviewed_by") public var reviewedBy: String
    @Field(key: "recorded_at") public var recordedAt: Date

    public init() {}

    public var properties: [any AnyProperty] {
        [_id, _person, _reviewedOn, _outcome, _postClass, _note, _reviewedBy, _recordedAt]
    }
}

/// A duty a new hire owes a former employer (T13).
public final class PriorObligationModel: Model, @unchecked Sendable {
    public static let schema = "prior_obligations"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "person_id") public var person: PersonModel
    @Field(key: "employer") public var employer: String
    /// `PriorObligationKind` raw value.
    @Field(key: "kind") public var kind: String
    @Field(key: "field") public var field: String
    /// `YYYY-MM-DD`; nil: without end.
    @OptionalField(key: "ends_on") public var endsOn: String?
    @Field(key: "recorded_by") public var recordedBy: String
    @Field(key: "recorded_at") public var recordedAt: Date

    public init() {}

    public var obligation: PriorObligation {
        PriorObligation(
            employer: employer, kind: PriorObligationKind(rawValue: kind) ?? .secrecy, field: field, endsOn: endsOn)
    }

    public var properties: [any AnyProperty] {
        [_id, _person, _employer, _kind, _field, _endsOn, _recordedBy, _recordedAt]
    }
}
