import BaomiDomain
import FluentKit
import Foundation

/// A person of the organisation. Accounts link to people; later issues hang clearances, agreements and training
/// off them.
public final class PersonModel: Model, @unchecked Sendable {
    public static let schema = "people"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @Field(key: "employee_number") public var employeeNumber: String
    @Parent(key: "department_id") public var department: OrgUnitModel
    /// The post (岗位) as a title, e.g. "工艺工程师".
    @Field(key: "post") public var post: String
    @Field(key: "is_leader") public var isLeader: Bool
    /// `PersonStatus` raw value.
    @Field(key: "status") public var status: String
    /// The highest level this person may classify as 定密责任人 (T5.1); nil when not authorised.
    @OptionalField(key: "classifier_max_level") public var classifierMaxLevel: String?
    /// `SecretPostClass` raw value (A2), granted by the security administrator.
    @Field(key: "post_class") public var postClass: String
    /// JSON arrays of the projects (compartments) and departments (groups) in the person's clearance.
    @Field(key: "compartments") public var compartments: String
    @Field(key: "access_groups") public var groups: String
    /// Last day of the 脱密期 (A7), `YYYY-MM-DD`.
    @OptionalField(key: "separation_until") public var separationUntil: String?
    /// The day a completed departure took every access away (T22), `YYYY-MM-DD`.
    @OptionalField(key: "departed_on") public var departedOn: String?
    /// Last day of the non-compete period of key staff (T11), `YYYY-MM-DD`.
    @OptionalField(key: "non_compete_until") public var nonCompeteUntil: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(
        id: UUID? = nil, name: String, employeeNumber: String, departmentID: UUID, post: String, isLeader: Bool,
        status: String
    ) {
        self.id = id
        self.name = name
        self.employeeNumber = employeeNumber
        self.$department.id = departmentID
        self.post = post
        self.isLeader = isLeader
        self.status = status
        self.postClass = SecretPostClass.nonSecret.rawValue
        self.compartments = "[]"
        self.groups = "[]"
    }
}

/// A member of the technical-secrecy working group (T4).
public final class WorkingGroupMemberModel: Model, @unchecked Sendable {
    public static let schema = "working_group_members"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "person_id") public var person: PersonModel
    /// `WorkingGroupRole` raw value.
    @Field(key: "role") public var role: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(personID: UUID, role: String) {
        self.$person.id = personID
        self.role = role
    }
}

extension PersonModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [
            _id, _name, _employeeNumber, _department, _post, _isLeader, _status, _classifierMaxLevel, _postClass,
            _compartments, _groups, _separationUntil, _departedOn, _nonCompeteUntil, _createdAt, _updatedAt,
        ]
    }
}

extension WorkingGroupMemberModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] { [_id, _person, _role, _createdAt] }
}
