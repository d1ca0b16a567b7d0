import BaomiDomain
import FluentKit
import Foundation

/// A request of the approval engine (DESIGN principle 5): kind, requester, subject copies, steps, effect.
public final class RequestModel: Model, @unchecked Sendable {
    public static let schema = "requests"

    @ID(key: .id) public var id: UUID?
    /// 申请编号, e.g. `XH-2026-0003`.
    @Field(key: "number") public var number: String
    /// `RequestKind` raw value.
    @Field(key: "kind") public var kind: String
    /// `RequestState` raw value.
    @Field(key: "state") public var state: String
    @Field(key: "requester_id") public var requesterID: UUID
    @Field(key: "requester_name") public var requesterName: String
    /// The carrier concerned; nil for a destruction batch, which may span carriers.
    @OptionalParent(key: "carrier_id") public var carrier: CarrierModel?
    @Field(key: "reason") public var reason: String
    /// Facts of the kind, as JSON (copy count, new level, transport, method…).
    @Field(key: "payload") public var payload: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "closed_at") public var closedAt: Date?
    @Field(key: "version") public var version: Int
    /// The round of review: 1, and one more each time the requester resubmits after a return for changes.
    @Field(key: "round") public var round: Int
    /// The chain version it was submitted under (`ChainVersionModel`'s `kind/level/number`), nil: national default.
    @OptionalField(key: "chain_version") public var chainVersion: String?

    @Children(for: \.$request) public var steps: [RequestStepModel]
    @Children(for: \.$request) public var items: [RequestItemModel]

    public init() {}
}

/// A copy a request concerns (the copies of a destruction batch, the copy to reproduce or retain).
public final class RequestItemModel: Model, @unchecked Sendable {
    public static let schema = "request_items"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "request_id") public var request: RequestModel
    @Parent(key: "copy_id") public var copy: CopyModel
    // The copy as it was when the request was made (principle 12, `CopySnapshot`): the request page shows these.
    @Field(key: "carrier_number") public var carrierNumber: String
    @Field(key: "carrier_title") public var carrierTitle: String
    @Field(key: "level") public var level: String
    @Field(key: "level_name") public var levelName: String
    @Field(key: "marking") public var marking: String
    @Field(key: "copy_total") public var copyTotal: Int
    @Field(key: "holder_name") public var holderName: String
    @Field(key: "place_name") public var placeName: String
    @Field(key: "department_name") public var departmentName: String

    public init() {}

    public init(requestID: UUID, copyID: UUID, snapshot: CopySnapshot) {
        self.$request.id = requestID
        self.$copy.id = copyID
        self.snapshot = snapshot
    }
}

/// One step of a request's chain and its decision.
public final class RequestStepModel: Model, @unchecked Sendable {
    public static let schema = "request_steps"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "request_id") public var request: RequestModel
    @Field(key: "position") public var position: Int
    /// `ApprovalStepSpec` as JSON.
    @Field(key: "spec") public var spec: String
    /// `approve` or `refuse`, nil while waiting.
    @OptionalField(key: "decision") public var decision: String?
    @OptionalField(key: "decided_by_id") public var decidedByID: UUID?
    @Field(key: "decided_by_name") public var decidedByName: String
    /// The role the decider acted in (`Role` raw value, or `recorded` for an outside approval the office entered)
    /// and their post (岗位) at the time: printed forms name the approver as they were (principle 12).
    @Field(key: "decided_by_role") public var decidedByRole: String
    @Field(key: "decided_by_post") public var decidedByPost: String
    @Field(key: "comment") public var comment: String
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    /// The round of review the step belongs to (`RequestModel.round`).
    @Field(key: "round") public var round: Int
    /// Whom a stand-in decided for (代理): the delegator's account and name, nil when they decided for themselves.
    @OptionalField(key: "on_behalf_of_id") public var onBehalfOfID: UUID?
    @Field(key: "on_behalf_of_name") public var onBehalfOfName: String
    /// 附加条件: what the approval is given on condition of.
    @Field(key: "conditions") public var conditions: String

    public init() {}
}

/// A supervisor's own confirmation that a batch was destroyed (C8: at least two, each with their own account).
public final class DestructionConfirmationModel: Model, @unchecked Sendable {
    public static let schema = "destruction_confirmations"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "request_id") public var request: RequestModel
    @Field(key: "account_id") public var accountID: UUID
    @Field(key: "name") public var name: String
    @Field(key: "confirmed_at") public var confirmedAt: Date

    public init() {}
}

/// Work a change creates for a person: re-mark a copy, or take notice of a changed classification (C9).
public final class TaskModel: Model, @unchecked Sendable {
    public static let schema = "tasks"

    public enum Kind: String, Sendable {
        case remark
        case notice
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "kind") public var kind: String
    @Field(key: "person_id") public var personID: UUID
    @Parent(key: "carrier_id") public var carrier: CarrierModel
    @OptionalParent(key: "copy_id") public var copy: CopyModel?
    @Field(key: "text") public var text: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "done_at") public var doneAt: Date?

    public init() {}
}

/// An inventory campaign (清查, C6): what should be in a department or place, and what was found.
public final class InventoryModel: Model, @unchecked Sendable {
    public static let schema = "inventories"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @OptionalField(key: "department_id") public var departmentID: UUID?
    @OptionalField(key: "place_id") public var placeID: UUID?
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "closed_at") public var closedAt: Date?
    /// Copy numbers an officer found that were not expected here, as text lines.
    @Field(key: "unexpected") public var unexpected: String

    @Children(for: \.$inventory) public var items: [InventoryItemModel]

    public init() {}
}

public final class InventoryItemModel: Model, @unchecked Sendable {
    public static let schema = "inventory_items"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "inventory_id") public var inventory: InventoryModel
    @Parent(key: "copy_id") public var copy: CopyModel
    @Field(key: "found") public var found: Bool
    @Field(key: "found_by") public var foundBy: String
    @OptionalField(key: "found_at") public var foundAt: Date?
    // The copy as it was when the inventory was opened (principle 12, `CopySnapshot`): what it was to be found as and
    // where, which a later change of level or a renamed place leaves as it was.
    @Field(key: "carrier_number") public var carrierNumber: String
    @Field(key: "carrier_title") public var carrierTitle: String
    @Field(key: "level") public var level: String
    @Field(key: "level_name") public var levelName: String
    @Field(key: "marking") public var marking: String
    @Field(key: "copy_total") public var copyTotal: Int
    @Field(key: "holder_name") public var holderName: String
    @Field(key: "place_name") public var placeName: String
    @Field(key: "department_name") public var departmentName: String

    public init() {}
}

extension RequestModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [
            _id, _number, _kind, _state, _requesterID, _requesterName, _carrier, _reason, _payload, _createdAt,
            _closedAt, _version, _round, _chainVersion, _steps, _items,
        ]
    }

    /// Read as Fluent reads it, the children told their parent's id directly (`ChildrenOutput`).
    public func output(from output: any DatabaseOutput) throws {
        try ChildrenOutput.read(self, from: output, childrenListedLast: 2)
        $steps.fromId = id
        $items.fromId = id
    }
}

extension RequestItemModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [
            _id, _request, _copy, _carrierNumber, _carrierTitle, _level, _levelName, _marking, _copyTotal, _holderName,
            _placeName, _departmentName,
        ]
    }
}

extension RequestStepModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [
            _id, _request, _position, _spec, _decision, _decidedByID, _decidedByName, _decidedByRole, _decidedByPost,
            _comment, _decidedAt, _round, _onBehalfOfID, _onBehalfOfName, _conditions,
        ]
    }
}

extension DestructionConfirmationModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] { [_id, _request, _accountID, _name, _confirmedAt] }
}

extension TaskModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] { [_id, _kind, _personID, _carrier, _copy, _text, _createdAt, _doneAt] }
}

extension InventoryModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [_id, _name, _departmentID, _placeID, _createdBy, _createdAt, _closedAt, _unexpected, _items]
    }

    /// Read as Fluent reads it, the children told their parent's id directly (`ChildrenOutput`).
    public func output(from output: any DatabaseOutput) throws {
        try ChildrenOutput.read(self, from: output, childrenListedLast: 1)
        $items.fromId = id
    }
}

extension InventoryItemModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [
            _id, _inventory, _copy, _found, _foundBy, _foundAt, _carrierNumber, _carrierTitle, _level, _levelName,
            _marking, _copyTotal, _holderName, _placeName, _departmentName,
        ]
    }
}

extension RequestStepModel {
    /// The step's specification (`spec`), nil when it cannot be read.
    public var approvalSpec: ApprovalStepSpec? { Self.specs.value(of: spec) }

    /// A request's steps come from a few approval chains: few distinct specifications.
    private static let specs = JSONTextCache<ApprovalStepSpec>()
}
