import FluentKit
import Foundation

/// A classified carrier (涉密载体, T7, C1): what it is, its label and period, who may know it, how many copies.
/// Baomi records facts about the carrier, never its content (DESIGN principle 8).
public final class CarrierModel: Model, @unchecked Sendable {
    public static let schema = "carriers"

    @ID(key: .id) public var id: UUID?
    /// 载体编号, e.g. `2026-017`.
    @Field(key: "number") public var number: String
    /// The year and sequence the number is made of, kept as integers so the next number is an index lookup.
    @Field(key: "number_year") public var numberYear: Int
    @Field(key: "number_sequence") public var numberSequence: Int
    @Field(key: "title") public var title: String
    /// 文号.
    @Field(key: "document_number") public var documentNumber: String
    /// `CarrierCategory` raw value (T6).
    @Field(key: "category") public var category: String
    /// `CarrierForm` raw value.
    @Field(key: "form") public var form: String
    /// `CarrierSource` raw value: made here or received.
    @Field(key: "source") public var source: String
    @Field(key: "regime") public var regime: String
    @Field(key: "level") public var level: String
    @Field(key: "level_rank") public var levelRank: Int
    /// `SecrecyPeriod` as JSON.
    @Field(key: "period") public var period: String
    /// `YYYY-MM-DD`, the day the period ends when it has one (C9): kept with the period so the compliance engine
    /// finds the periods ending soon through an index instead of reading every carrier's period.
    @OptionalField(key: "period_end") public var periodEnd: String?
    /// 份数 N as made or received (copies made later continue the series).
    @Field(key: "copy_count") public var copyCount: Int
    @Field(key: "copying_allowed") public var copyingAllowed: Bool
    @OptionalParent(key: "project_id") public var project: ProjectModel?
    @Parent(key: "department_id") public var department: OrgUnitModel
    /// 定密责任人 (T5.1); nil for received carriers, which keep the originator's marking.
    @OptionalParent(key: "classifier_id") public var classifier: PersonModel?
    @Field(key: "classification_basis") public var classificationBasis: String
    @OptionalField(key: "classified_on") public var classifiedOn: String?
    /// 原定密机关.
    @Field(key: "originating_authority") public var originatingAuthority: String
    @Field(key: "is_production_waste") public var isProductionWaste: Bool
    /// `YYYY-MM-DD` of its declassification (C9): copies out at the time come back declassified, not stored.
    @OptionalField(key: "declassified_on") public var declassifiedOn: String?
    @Field(key: "notes") public var notes: String
    @Field(key: "registered_by") public var registeredBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    @Children(for: \.$carrier) public var copies: [CopyModel]
    @Children(for: \.$carrier) public var scope: [CarrierScopeModel]

    public init() {}
}

/// One entry of a carrier's distribution scope (知悉范围, C1.1, A3): a person, a department or a project.
public final class CarrierScopeModel: Model, @unchecked Sendable {
    public static let schema = "carrier_scope"

    public enum Kind: String, Sendable, CaseIterable {
        case person
        case department
        case project
    }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "carrier_id") public var carrier: CarrierModel
    @Field(key: "kind") public var kind: String
    @Field(key: "ref_id") public var refID: UUID

    public init() {}

    public init(carrierID: UUID, kind: Kind, refID: UUID) {
        self.$carrier.id = carrierID
        self.kind = kind.rawValue
        self.refID = refID
    }
}

/// One numbered copy (份, C1.2): exactly one state, one holder or place, its own history (DESIGN principle 3).
public final class CopyModel: Model, @unchecked Sendable {
    public static let schema = "copies"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "carrier_id") public var carrier: CarrierModel
    /// The carrier's level, copied here so the copy ledger filters and pages on one table's indexes at a million
    /// copies; kept in step when the carrier's level changes (C9).
    @Field(key: "level") public var level: String
    /// The carrier's project (its compartment, A2), copied here like `level` for the ledger's visibility test.
    @OptionalParent(key: "project_id") public var project: ProjectModel?
    /// The department keeping the copy: the carrier's, until an internal dispatch is signed for by another (C2).
    @Field(key: "department_id") public var departmentID: UUID
    /// n of 第n份/共N份.
    @Field(key: "serial") public var serial: Int
    /// Made by copying (复制) this copy (C5.3).
    @OptionalParent(key: "copy_of_id") public var copyOf: CopyModel?
    /// `CopyState` raw value.
    @Field(key: "state") public var state: String
    @OptionalParent(key: "holder_id") public var holder: PersonModel?
    @OptionalParent(key: "place_id") public var place: StoragePlaceModel?
    /// Free text for holders outside the organisation (the receiving unit, the repairer).
    @Field(key: "counterpart") public var counterpart: String
    /// While in transit inside the organisation: the department that will sign for it (C2) and then keep it.
    @OptionalField(key: "receiving_department_id") public var receivingDepartmentID: UUID?
    @Field(key: "last_changed_at") public var lastChangedAt: Date
    /// Raised on every change; a write that finds another number lost a race and is refused (409).
    @Field(key: "version") public var version: Int

    public init() {}

    public init(
        carrierID: UUID, level: String, projectID: UUID?, departmentID: UUID, serial: Int, copyOfID: UUID?,
        state: String, holderID: UUID?, now: Date
    ) {
        self.$carrier.id = carrierID
        self.level = level
        self.$project.id = projectID
        self.departmentID = departmentID
        self.serial = serial
        self.$copyOf.id = copyOfID
        self.state = state
        self.$holder.id = holderID
        self.counterpart = ""
        self.lastChangedAt = now
        self.version = 0
    }
}

/// One step of a copy's life (C0): who, when, what, where, with whom.
public final class CopyEventModel: Model, @unchecked Sendable {
    public static let schema = "copy_events"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "copy_id") public var copy: CopyModel
    @Field(key: "at") public var at: Date
    @Field(key: "actor_name") public var actorName: String
    @Field(key: "action") public var action: String
    @OptionalField(key: "from_state") public var fromState: String?
    @Field(key: "to_state") public var toState: String
    @OptionalParent(key: "place_id") public var place: StoragePlaceModel?
    @OptionalParent(key: "person_id") public var person: PersonModel?
    @Field(key: "counterpart") public var counterpart: String
    /// JSON object of further facts (channel, escorts, reason…).
    @Field(key: "details") public var details: String

    public init() {}
}

extension CarrierModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [
            _id, _number, _numberYear, _numberSequence, _title, _documentNumber, _category, _form, _source, _regime,
            _level, _levelRank, _period, _periodEnd, _copyCount, _copyingAllowed, _project, _department, _classifier,
            _classificationBasis, _classifiedOn, _originatingAuthority, _isProductionWaste, _declassifiedOn, _notes,
            _registeredBy,
            _createdAt, _updatedAt, _copies, _scope,
        ]
    }

    /// Read as Fluent reads it, the children told their parent's id directly (`ChildrenOutput`).
    public func output(from output: any DatabaseOutput) throws {
        try ChildrenOutput.read(self, from: output, childrenListedLast: 2)
        $copies.fromId = id
        $scope.fromId = id
    }
}

extension CarrierScopeModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] { [_id, _carrier, _kind, _refID] }
}

extension CopyModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [
            _id, _carrier, _level, _project, _departmentID, _serial, _copyOf, _state, _holder, _place, _counterpart,
            _receivingDepartmentID, _lastChangedAt, _version,
        ]
    }
}

extension CopyEventModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [_id, _copy, _at, _actorName, _action, _fromState, _toState, _place, _person, _counterpart, _details]
    }
}
