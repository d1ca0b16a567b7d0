import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

struct ResubmitInput: Content {
    var reason: String
    /// The facts of the kind as changed; absent: as they were.
    var payload: AnyJSON?
}

struct InboxItemDTO: Content {
    var requestID: UUID
    var number: String
    var kind: String
    var state: String
    var requester: String
    /// The carrier as the viewer may see it: number and title, its reference, or nil (principle 11).
    var carrier: String?
    var createdAt: Date
    var waitingSince: Date
}

struct DelegationInput: Content {
    var standIn: String
    var startsOn: String
    var endsOn: String
}

struct DelegationDTO: Content {
    var id: UUID
    var delegator: String
    var standIn: String
    var startsOn: String
    var endsOn: String
    var revoked: Bool
    /// Whether the viewer gave it (else the viewer stands in).
    var mine: Bool

    init(_ row: DelegationModel, viewer: UUID) {
        id = row.id ?? UUID()
        delegator = row.delegatorName
        standIn = row.standInName
        startsOn = row.startsOn
        endsOn = row.endsOn
        revoked = row.revokedAt != nil
        mine = row.delegatorID == viewer
    }
}

struct ChainStepDTO: Content {
    var title: String
    /// Approver codes: `role:leader`, `relation:leaderInCharge`, `person:<uuid>`, `recorded`.
    var approvers: [String]
    /// `any` (或签, default) or `all` (会签).
    var mode: String?
    var escalation: String?
}

struct WaitingDaysDTO: Content {
    var days: Int
}

struct ChainInput: Content {
    var kind: String
    var level: String?
    /// Empty: back to the national default.
    var steps: [ChainStepDTO]
    var note: String
}

struct ChainVersionDTO: Content {
    var kind: String
    var level: String?
    var number: Int
    var label: String
    var steps: [ChainStepDTO]
    var note: String
    var createdBy: String
    var createdAt: Date?

    init(_ version: ChainCatalogue.Version) {
        kind = version.kind.rawValue
        level = version.level?.rawValue
        number = version.number
        label = version.label
        steps = version.steps.map {
            ChainStepDTO(
                title: $0.title.zh, approvers: $0.approvers.map(ChainForm.code), mode: $0.mode?.rawValue ?? "any",
                escalation: $0.escalation.map(ChainForm.code))
        }
        note = version.note
        createdBy = version.createdBy
        createdAt = version.createdAt
    }
}

/// `/api/v1/inbox`, `/api/v1/delegations`, `/api/v1/chains` and resubmission (issue #14, principle 9).
enum ApprovalAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        registry.register(
            APIOperation(
                method: .GET, path: "inbox", operationID: "listInbox", tag: "requests",
                summary: "Everything waiting for my decision, and for whom I stand in, newest first 待办",
                parameters: [
                    .integer("offset", "Rows to skip", 0...1_000_000),
                    .integer("limit", "Rows per page (default 50)", 1...500),
                ],
                responseSchema: "InboxItem", responseIsArray: true), on: routes, inbox)
        registry.register(
            APIOperation(
                method: .POST, path: "requests/{id}/resubmit", operationID: "resubmitRequest", tag: "requests",
                summary: "The requester changes a request returned for changes and resubmits it 重新提交 (A6)",
                parameters: [.path("id", description: "UUID of the request")], requestSchema: "ResubmitInput",
                responseSchema: "Request"), on: routes, resubmit)
        registry.register(
            APIOperation(
                method: .GET, path: "delegations", operationID: "listDelegations", tag: "requests",
                summary: "My stand-ins and whom I stand in for 审批代理", responseSchema: "Delegation",
                responseIsArray: true), on: routes, delegations)
        registry.register(
            APIOperation(
                method: .POST, path: "delegations", operationID: "nameStandIn", tag: "requests",
                summary: "Name a stand-in for a period 指定代理人", requestSchema: "DelegationInput",
                responseSchema: "Delegation", successStatus: 201), on: routes, nameStandIn)
        registry.register(
            APIOperation(
                method: .POST, path: "delegations/{id}/revoke", operationID: "revokeStandIn", tag: "requests",
                summary: "End a delegation I gave 取消代理",
                parameters: [.path("id", description: "UUID of the delegation")],
                successStatus: 204), on: routes, revoke)
        registry.register(
            APIOperation(
                method: .GET, path: "chains", operationID: "listChainVersions", tag: "requests",
                summary: "A kind's approval chain, every version newest first (version 1: national default) 审批流程",
                parameters: [
                    .choice("kind", RequestKind.self, "The kind of request"),
                    .level,
                ],
                responseSchema: "ChainVersion", responseIsArray: true), on: routes, chains)
        registry.register(
            APIOperation(
                method: .POST, path: "chains", operationID: "setChain", tag: "requests",
                summary: "The security office sets a new version of a kind's chain (principle 9)",
                requestSchema: "ChainInput", responseSchema: "ChainVersion", successStatus: 201), on: routes, setChain)
        registry.register(
            APIOperation(
                method: .GET, path: "chains/waiting-days", operationID: "getApprovalWaitingDays", tag: "requests",
                summary: "After how many days a waiting request is a finding for the security office 审批超时 (A6)",
                responseSchema: "WaitingDays"), on: routes, waitingDays)
        registry.register(
            APIOperation(
                method: .PUT, path: "chains/waiting-days", operationID: "setApprovalWaitingDays", tag: "requests",
                summary: "The security office sets after how many days (1–90) a waiting request is a finding (A6)",
                requestSchema: "WaitingDays", responseSchema: "WaitingDays"), on: routes, setWaitingDays)
    }

    @Sendable static func inbox(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer()
        var parameters = QueryParameters(request)
        let offset = parameters.integer("offset", 0...1_000_000) ?? 0
        let limit = parameters.integer("limit", 1...500) ?? 50
        try parameters.check()
        let entries = try await request.baomi.requests.inbox(
            try await request.deciderContext(viewer), limit: limit, offset: offset, on: request.db)
        let sights = try await request.carrierSights(entries.compactMap(\.carrierID), viewer: viewer)
        return try request.json(
            entries.map { entry in
                InboxItemDTO(
                    requestID: entry.requestID, number: entry.number, kind: entry.kind, state: entry.state,
                    requester: entry.requesterName,
                    carrier: entry.carrierID.flatMap {
                        sights.words($0, entry.carrierLabel, duty: true)?.text(in: request.language)
                    },
                    createdAt: entry.createdAt, waitingSince: entry.since)
            })
    }

    @Sendable static func resubmit(_ request: Request) async throws -> Response {
        let viewer = try await RequestsController.requireRequestViewer(request)
        let id = try request.uuidParameter()
        _ = try await RequestsAPI.visible(id, viewer: viewer, request: request)
        let body = try request.body(ResubmitInput.self)
        try await request.baomi.requests.resubmit(
            id, reason: body.reason, payloadJSON: try body.payload.map { try JSONEncoder().encode($0) },
            catalogue: try await request.baomi.settings.levelCatalogue(on: request.db),
            by: RequestsController.actor(viewer), on: request.db)
        return try request.json(try await RequestsAPI.dto(id, viewer: viewer, request: request))
    }

    @Sendable static func delegations(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.borrowCarriers)
        let rows = try await request.baomi.delegations.list(of: viewer.accountID, on: request.db)
        return try request.json(rows.map { DelegationDTO($0, viewer: viewer.accountID) })
    }

    @Sendable static func nameStandIn(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.borrowCarriers)
        let body = try request.body(DelegationInput.self)
        let row = try await request.baomi.delegations.name(
            standIn: body.standIn, startsOn: body.startsOn, endsOn: body.endsOn, by: RequestsController.actor(viewer),
            on: request.db)
        return try request.json(DelegationDTO(row, viewer: viewer.accountID), status: .created)
    }

    @Sendable static func revoke(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.borrowCarriers)
        try await request.baomi.delegations.revoke(
            try request.uuidParameter(), by: RequestsController.actor(viewer), on: request.db)
        return Response(status: .noContent)
    }

    @Sendable static func chains(_ request: Request) async throws -> Response {
        _ = try await request.require(.manageSecrecyOrganisation)
        let (kind, level) = try await ChainsController.selection(request)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let versions = try await request.baomi.chains.versions(kind, level: level, catalogue: catalogue, on: request.db)
        return try request.json(versions.map(ChainVersionDTO.init))
    }

    @Sendable static func waitingDays(_ request: Request) async throws -> Response {
        _ = try await request.require(.manageSecrecyOrganisation)
        return try request.json(WaitingDaysDTO(days: try await request.baomi.chains.waitingDays(on: request.db)))
    }

    @Sendable static func setWaitingDays(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageSecrecyOrganisation)
        let body = try request.body(WaitingDaysDTO.self)
        try await request.baomi.chains.setWaitingDays(
            body.days, by: viewer.auditActor, roles: viewer.roles, on: request.db)
        return try request.json(WaitingDaysDTO(days: try await request.baomi.chains.waitingDays(on: request.db)))
    }

    @Sendable static func setChain(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageSecrecyOrganisation)
        let body = try request.body(ChainInput.self)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let (kind, level, steps) = try await ChainForm.chain(of: body, catalogue: catalogue, on: request.db)
        let version = try await request.baomi.chains.set(
            kind, level: level, steps: steps, note: body.note, by: viewer.auditActor, roles: viewer.roles,
            on: request.db)
        return try request.json(ChainVersionDTO(version), status: .created)
    }
}
