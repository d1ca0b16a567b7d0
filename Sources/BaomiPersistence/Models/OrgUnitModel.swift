import FluentKit
import Foundation

/// An org unit (T4): the organisation at the root and its departments below.
public final class OrgUnitModel: Model, @unchecked Sendable {
    public static let schema = "org_units"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @Field(key: "code") public var code: String
    /// `OrgUnitKind` raw value; a string column because Fluent enums are a no-op on SQLite.
    @Field(key: "kind") public var kind: String
    @OptionalParent(key: "parent_id") public var parent: OrgUnitModel?
    /// 要害部门部位.
    @Field(key: "is_key_department") public var isKeyDepartment: Bool
    /// 归口管理部门: at most one unit carries it.
    @Field(key: "is_managing_department") public var isManagingDepartment: Bool
    @Field(key: "sort_order") public var sortOrder: Int
    /// 部门负责人 and 分管领导 (people): approval steps by relation to a requester of the department resolve to them.
    @OptionalField(key: "head_id") public var headID: UUID?
    @OptionalField(key: "leader_in_charge_id") public var leaderInChargeID: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(
        id: UUID? = nil, name: String, code: String, kind: String, parentID: UUID?, isKeyDepartment: Bool = false,
        sortOrder: Int = 0
    ) {
        self.id = id
        self.name = name
        self.code = code
        self.kind = kind
        self.$parent.id = parentID
        self.isKeyDepartment = isKeyDepartment
        self.isManagingDepartment = false
        self.sortOrder = sortOrder
    }
}

/// A department's part-time secrecy officer (兼职保密员, T4): one per department.
public final class SecrecyOfficerModel: Model, @unchecked Sendable {
    public static let schema = "department_secrecy_officers"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "org_unit_id") public var orgUnit: OrgUnitModel
    @Parent(key: "person_id") public var person: PersonModel
    @Timestamp(key: "assigned_at", on: .create) public var assignedAt: Date?

    public init() {}

    public init(orgUnitID: UUID, personID: UUID) {
        self.$orgUnit.id = orgUnitID
        self.$person.id = personID
    }
}

extension OrgUnitModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [
            _id, _name, _code, _kind, _parent, _isKeyDepartment, _isManagingDepartment, _sortOrder, _headID,
            _leaderInChargeID, _createdAt, _updatedAt,
        ]
    }
}

extension SecrecyOfficerModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] { [_id, _orgUnit, _person, _assignedAt] }
}
