import BaomiDomain
import FluentKit
import Foundation

/// A secrecy-education session (E6.1–E6.7): a row of the 保密教育培训台账. Its attendances each carry a credit.
public final class TrainingSessionModel: Model, @unchecked Sendable {
    public static let schema = "training_sessions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "title") public var title: String
    /// `SessionForm` raw value.
    @Field(key: "form") public var form: String
    /// `TrainingPurpose` raw value.
    @Field(key: "purpose") public var purpose: String
    /// `YYYY-MM-DD`.
    @Field(key: "held_on") public var heldOn: String
    @Field(key: "place") public var place: String
    @Field(key: "trainer") public var trainer: String
    /// `ContentArea` raw values joined by commas.
    @Field(key: "areas") public var areas: String
    @Field(key: "hours") public var hours: Double
    @OptionalParent(key: "department_id") public var department: OrgUnitModel?
    @OptionalField(key: "planned_session_id") public var plannedSessionID: UUID?
    /// The holiday or activity a briefing was scheduled before (E6.5).
    @OptionalField(key: "calendar_event_id") public var calendarEventID: UUID?
    @OptionalField(key: "exam_note") public var examNote: String?
    /// How many attended: kept with each attendance so the register reads it without counting.
    @Field(key: "attendees") public var attendees: Int
    @Field(key: "recorded_by") public var recordedBy: String
    @Field(key: "recorded_at") public var recordedAt: Date

    public init() {}

    public var contentAreas: [ContentArea] { Self.areas(areas) }
    public var sessionForm: SessionForm { SessionForm(rawValue: form) ?? .meeting }
    public var trainingPurpose: TrainingPurpose { TrainingPurpose(rawValue: purpose) ?? .general }

    static func areas(_ text: String) -> [ContentArea] {
        text.split(separator: ",").compactMap { ContentArea(rawValue: String($0)) }
    }

    static func text(_ areas: [ContentArea]) -> String { areas.map(\.rawValue).joined(separator: ",") }

    // Listed by hand rather than found by reflection on every row (see `ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [
            _id, _title, _form, _purpose, _heldOn, _place, _trainer, _areas, _hours, _department, _plannedSessionID,
            _calendarEventID, _examNote, _attendees, _recordedBy, _recordedAt,
        ]
    }
}

/// One person's attendance of a session: by the organiser's list or confirmed by the attendee (E6.1).
public final class TrainingAttendanceModel: Model, @unchecked Sendable {
    public static let schema = "training_attendances"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "session_id") public var session: TrainingSessionModel
    @Parent(key: "person_id") public var person: PersonModel
    /// `AttendanceSource` raw value.
    @Field(key: "source") public var source: String
    @Field(key: "recorded_by") public var recordedBy: String
    @Field(key: "recorded_at") public var recordedAt: Date

    public init() {}

    public var properties: [any AnyProperty] { [_id, _session, _person, _source, _recordedBy, _recordedAt] }
}

/// A session's materials (slides, handouts, photos): non-secret files checked by `AttachmentRules`, their bytes kept
/// by `AttachmentContent` like a request's attachments.
public final class TrainingMaterialModel: Model, @unchecked Sendable {
    public static let schema = "training_materials"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "session_id") public var session: TrainingSessionModel
    @Field(key: "file_name") public var fileName: String
    @Field(key: "type") public var type: String
    @Field(key: "size") public var size: Int64
    @Field(key: "sha256") public var sha256: String
    @Field(key: "uploaded_by_name") public var uploadedByName: String
    @Field(key: "uploaded_at") public var uploadedAt: Date

    public init() {}

    public var properties: [any AnyProperty] {
        [_id, _session, _fileName, _type, _size, _sha256, _uploadedByName, _uploadedAt]
    }
}
