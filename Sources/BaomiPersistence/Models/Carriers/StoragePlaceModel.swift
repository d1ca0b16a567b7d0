import FluentKit
import Foundation

/// A place carriers are kept or read in (C6, L1.2): safes, file cabinets, vaults, reading rooms, offices, personal
/// cabinets — each with the highest level it may hold, a custodian and a department.
public final class StoragePlaceModel: Model, @unchecked Sendable {
    public static let schema = "storage_places"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    /// `StorageClass` raw value.
    @Field(key: "kind") public var kind: String
    /// `LevelID` raw value of the highest level allowed here.
    @Field(key: "max_level") public var maxLevel: String
    @OptionalParent(key: "custodian_id") public var custodian: PersonModel?
    @Parent(key: "department_id") public var department: OrgUnitModel
    @Field(key: "location") public var location: String
    @Field(key: "is_active") public var isActive: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(
        code: String, name: String, kind: String, maxLevel: String, custodianID: UUID?, departmentID: UUID,
        location: String
    ) {
        self.code = code
        self.name = name
        self.kind = kind
        self.maxLevel = maxLevel
        self.$custodian.id = custodianID
        self.$department.id = departmentID
        self.location = location
        self.isActive = true
    }
}

/// A project (涉密项目) — the compartments of labels (A1).
public final class ProjectModel: Model, @unchecked Sendable {
    public static let schema = "projects"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    /// `LevelID` raw value.
    @Field(key: "level") public var level: String
    @Field(key: "is_key_project") public var isKeyProject: Bool
    /// `YYYY-MM-DD`, the project's last day (T10: members leaving before it need the extra approval); nil: not fixed.
    @OptionalField(key: "ends_on") public var endsOn: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(code: String, name: String, level: String, isKeyProject: Bool) {
        self.code = code
        self.name = name
        self.level = level
        self.isKeyProject = isKeyProject
    }
}

extension StoragePlaceModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [_id, _code, _name, _kind, _maxLevel, _custodian, _department, _location, _isActive, _createdAt, _updatedAt]
    }
}

extension ProjectModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] { [_id, _code, _name, _level, _isKeyProject, _endsOn, _createdAt] }
}
