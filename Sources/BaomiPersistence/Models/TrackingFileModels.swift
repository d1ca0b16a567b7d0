import BaomiDomain
import FluentKit
import Foundation

/// A tracking file (专档, T10): a member who left a key project before it ended — approved or without consent —
/// followed up by the security office until it closes the file.
public final class TrackingFileModel: Model, @unchecked Sendable {
    public static let schema = "tracking_files"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "person_id") public var person: PersonModel
    @Parent(key: "project_id") public var project: ProjectModel
    /// `TrackingFileReason` raw value.
    @Field(key: "reason") public var reason: String
    /// The approved departure or transfer that opened it; nil for leaving without consent.
    @OptionalField(key: "request_id") public var requestID: UUID?
    /// `YYYY-MM-DD` the person left (or the approval day).
    @Field(key: "occurred_on") public var occurredOn: String
    /// What happened, as recorded when the file opened.
    @Field(key: "account") public var account: String
    /// The person and project as they were named when the file opened (principle 12).
    @Field(key: "person_name") public var personName: String
    @Field(key: "project_code") public var projectCode: String
    @Field(key: "project_name") public var projectName: String
    @Field(key: "opened_by") public var openedBy: String
    @Field(key: "opened_at") public var openedAt: Date
    @OptionalField(key: "closed_by") public var closedBy: String?
    @OptionalField(key: "closed_at") public var closedAt: Date?
    @OptionalField(key: "close_note") public var closeNote: String?

    public init() {}

    public var trackingReason: TrackingFileReason? { TrackingFileReason(rawValue: reason) }

    public var properties: [any AnyProperty] {
        [
            _id, _person, _project, _reason, _requestID, _occurredOn, _account, _personName, _projectCode, _projectName,
            _openedBy, _openedAt, _closedBy, _closedAt, _closeNote,
        ]
    }
}

/// A dated follow-up entry of a tracking file: append-only evidence (the database refuses changes).
public final class TrackingEntryModel: Model, @unchecked Sendable {
    public static let schema = "tracking_entries"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "file_id") public var file: TrackingFileModel
    /// `YYYY-MM-DD` of what the entry records.
    @Field(key: "entered_on") public var enteredOn: String
    @Field(key: "text") public var text: String
    @Field(key: "recorded_by") public var recordedBy: String
    @Field(key: "recorded_at") public var recordedAt: Date

    public init() {}

    public var properties: [any AnyProperty] { [_id, _file, _enteredOn, _text, _recordedBy, _recordedAt] }
}
