import BaomiDomain
import FluentKit
import Foundation

/// A secret post (涉密岗位) of a department (A2, T9), in the register the security office keeps.
public final class PostModel: Model, @unchecked Sendable {
    public static let schema = "posts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Parent(key: "department_id") public var department: OrgUnitModel
    /// `SecretPostClass` raw value: core, important or general.
    @Field(key: "post_class") public var postClass: String
    /// `AgreementKind` raw values needed beyond the class's own, comma-separated (A4, T8).
    @Field(key: "extra_agreements") public var extraAgreements: String
    /// 涉及领域 (T13); empty when none.
    @Field(key: "field") public var field: String
    @Field(key: "active") public var active: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var properties: [any AnyProperty] {
        [_id, _code, _name, _department, _postClass, _extraAgreements, _field, _active, _createdAt, _updatedAt]
    }

    public var secretPostClass: SecretPostClass { SecretPostClass(rawValue: postClass) ?? .general }

    public var extraAgreementKinds: [AgreementKind] {
        extraAgreements.split(separator: ",").compactMap { AgreementKind(rawValue: String($0)) }
    }
}

/// One spell of a person on a post (A2, T9): who, which post as it was then (code, name, class: principle 12), from
/// and until when, and the request or registration that put them there. The open spell has no end.
public final class PostAssignmentModel: Model, @unchecked Sendable {
    public static let schema = "post_assignments"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "person_id") public var person: PersonModel
    @OptionalParent(key: "post_id") public var post: PostModel?
    @Field(key: "post_code") public var postCode: String
    @Field(key: "post_name") public var postName: String
    @Field(key: "post_class") public var postClass: String
    @Field(key: "department_name") public var departmentName: String
    /// `YYYY-MM-DD`.
    @Field(key: "from_date") public var fromDate: String
    /// `YYYY-MM-DD`: the day the next spell began; nil while the person is on the post.
    @OptionalField(key: "until_date") public var untilDate: String?
    /// The approval request's number (e.g. SQ-2026-0001), or nil for a registration by the security office.
    @OptionalField(key: "request_number") public var requestNumber: String?
    @Field(key: "reason") public var reason: String
    @Field(key: "recorded_by") public var recordedBy: String
    @Field(key: "recorded_at") public var recordedAt: Date

    public init() {}

    public var properties: [any AnyProperty] {
        [
            _id, _person, _post, _postCode, _postName, _postClass, _departmentName, _fromDate, _untilDate,
            _requestNumber, _reason, _recordedBy, _recordedAt,
        ]
    }
}
