import FluentKit
import Foundation

/// One version of a kind's approval chain as the security office configured it (DESIGN principle 9). Version 1 of
/// every chain is the national default (`ApprovalChains`), which needs no row; `level` is empty for a kind whose
/// chain does not depend on the level.
public final class ChainVersionModel: Model, @unchecked Sendable {
    public static let schema = "approval_chain_versions"

    @ID(key: .id) public var id: UUID?
    /// `RequestKind` raw value.
    @Field(key: "kind") public var kind: String
    /// `LevelID` raw value, or "" for every level.
    @Field(key: "level") public var level: String
    /// 2, 3, …: the national default is version 1.
    @Field(key: "number") public var number: Int
    /// `[ApprovalStepSpec]` as JSON; an empty list means "back to the national default".
    @Field(key: "steps") public var steps: String
    /// Why it changed.
    @Field(key: "note") public var note: String
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// What the requester submitted in one round: the first submission and each resubmission after a return for
/// changes (退回修改). The request row holds the latest; these keep every version.
public final class RequestRevisionModel: Model, @unchecked Sendable {
    public static let schema = "request_revisions"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "request_id") public var request: RequestModel
    @Field(key: "round") public var round: Int
    @Field(key: "reason") public var reason: String
    @Field(key: "payload") public var payload: String
    @Field(key: "submitted_by") public var submittedBy: String
    @Field(key: "submitted_at") public var submittedAt: Date

    public init() {}
}

/// Who a request's waiting step waits for, one row per approver key (`role:leader`, `person:<id>`,
/// `officer:<department>`): the inbox reads them by index. Written in the same transaction as every change of the
/// request's state; a step that waits for nobody has no row.
public final class WaitingApproverModel: Model, @unchecked Sendable {
    public static let schema = "request_waiting"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "request_id") public var request: RequestModel
    @Field(key: "approver_key") public var approverKey: String
    @Field(key: "requester_id") public var requesterID: UUID
    /// When the step began to wait.
    @Field(key: "since") public var since: Date

    public init() {}
}

/// 代理: an approver names a stand-in for a period (days, inclusive, in the organisation's calendar). The stand-in
/// sees and decides the delegator's steps; each decision names whom it was for.
public final class DelegationModel: Model, @unchecked Sendable {
    public static let schema = "delegations"

    @ID(key: .id) public var id: UUID?
    @Field(key: "delegator_id") public var delegatorID: UUID
    @Field(key: "delegator_name") public var delegatorName: String
    @Field(key: "stand_in_id") public var standInID: UUID
    @Field(key: "stand_in_name") public var standInName: String
    /// `YYYY-MM-DD`, inclusive.
    @Field(key: "starts_on") public var startsOn: String
    @Field(key: "ends_on") public var endsOn: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "revoked_at") public var revokedAt: Date?

    public init() {}
}

extension ChainVersionModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] { [_id, _kind, _level, _number, _steps, _note, _createdBy, _createdAt] }
}

extension RequestRevisionModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] { [_id, _request, _round, _reason, _payload, _submittedBy, _submittedAt] }
}

extension WaitingApproverModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] { [_id, _request, _approverKey, _requesterID, _since] }
}

extension DelegationModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [_id, _delegatorID, _delegatorName, _standInID, _standInName, _startsOn, _endsOn, _createdAt, _revokedAt]
    }
}
