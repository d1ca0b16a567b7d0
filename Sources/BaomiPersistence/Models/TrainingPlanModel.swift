import BaomiDomain
import FluentKit
import Foundation

/// An annual education plan (E6.1): the organisation's (no department) or a department's.
public final class TrainingPlanModel: Model, @unchecked Sendable {
    public static let schema = "training_plans"

    @ID(key: .id) public var id: UUID?
    @Field(key: "year") public var year: Int
    @OptionalParent(key: "department_id") public var department: OrgUnitModel?
    @Field(key: "title") public var title: String
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}

    public var properties: [any AnyProperty] { [_id, _year, _department, _title, _createdBy, _createdAt] }
}

/// A session a plan foresees in a month, for an audience, on content areas (E5, E6.1). Late when its month has
/// passed without a held session linked to it.
public final class PlannedSessionModel: Model, @unchecked Sendable {
    public static let schema = "planned_sessions"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "plan_id") public var plan: TrainingPlanModel
    /// 1–12.
    @Field(key: "month") public var month: Int
    @Field(key: "title") public var title: String
    /// `TrainingPurpose` raw value.
    @Field(key: "purpose") public var purpose: String
    @Field(key: "audience") public var audience: String
    /// `ContentArea` raw values joined by commas.
    @Field(key: "areas") public var areas: String

    public init() {}

    public var contentAreas: [ContentArea] { TrainingSessionModel.areas(areas) }

    public var properties: [any AnyProperty] { [_id, _plan, _month, _title, _purpose, _audience, _areas] }
}

/// A public holiday or a major secret activity (E6.5): a targeted briefing is due before it.
public final class CalendarEventModel: Model, @unchecked Sendable {
    public static let schema = "calendar_events"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    /// `holiday` or `activity`.
    @Field(key: "kind") public var kind: String
    /// `YYYY-MM-DD`: the first day.
    @Field(key: "starts_on") public var startsOn: String
    /// Who gives the briefing; nil: the security office.
    @OptionalParent(key: "responsible_person_id") public var responsible: PersonModel?
    @Field(key: "created_by") public var createdBy: String

    public init() {}

    public var properties: [any AnyProperty] { [_id, _name, _kind, _startsOn, _responsible, _createdBy] }
}
