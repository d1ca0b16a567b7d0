import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// `/api/v1/account-changes` (双人复核, S1) and `/api/v1/me/notices`: what the system administrator proposed for
/// accounts with a business role, the security administrator's decision, and what owners are told.
enum AccountChangesAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let id = APIOperation.Parameter.path("id", description: "UUID of the change")
        registry.register(
            APIOperation(
                method: .GET, path: "account-changes", operationID: "listAccountChanges", tag: "accounts",
                summary: "Two-person changes of accounts, newest first 双人复核 (S1)",
                parameters: [
                    .query(
                        "state", type: "string", description: "pending (default) or all", values: ["pending", "all"])
                ],
                responseSchema: "AccountChange", responseIsArray: true), on: routes, list)
        registry.register(
            APIOperation(
                method: .GET, path: "account-changes/{id}", operationID: "getAccountChange", tag: "accounts",
                summary: "One two-person change 双人复核详情 (S1)", parameters: [id], responseSchema: "AccountChange"),
            on: routes, get)
        registry.register(
            APIOperation(
                method: .POST, path: "account-changes/{id}/decision", operationID: "decideAccountChange",
                tag: "accounts",
                summary: "The security administrator approves (and so applies) or refuses a change 复核 (S1)",
                parameters: [id], requestSchema: "DecisionInput", responseSchema: "AccountChange"), on: routes, decide)
        registry.register(
            APIOperation(
                method: .POST, path: "account-changes/{id}/withdraw", operationID: "withdrawAccountChange",
                tag: "accounts", summary: "The proposer withdraws a change still waiting 撤回 (S1)", parameters: [id],
                responseSchema: "AccountChange"), on: routes, withdraw)
        registry.register(
            APIOperation(
                method: .GET, path: "me/notices", operationID: "listOwnNotices", tag: "auth",
                summary: "What was done to one's own account and is not yet acknowledged 账号变更通知 (S1)",
                responseSchema: "AccountNotice", responseIsArray: true), on: routes, notices)
        registry.register(
            APIOperation(
                method: .POST, path: "me/notices/{id}/acknowledge", operationID: "acknowledgeNotice", tag: "auth",
                summary: "Acknowledge a notice 确认已知悉 (S1)",
                parameters: [.path("id", description: "UUID of the notice")], successStatus: 204),
            on: routes, acknowledge)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        _ = try await AccountChangesController.requireAdministrator(request)
        var parameters = QueryParameters(request)
        let all = parameters.oneOf("state", ["pending", "all"]) == "all"
        try parameters.check()
        let changes = try await request.baomi.accountChanges.list(state: all ? nil : .pending, on: request.db)
        return try request.json(changes.map(AccountChangeDTO.init))
    }

    @Sendable static func get(_ request: Request) async throws -> Response {
        _ = try await AccountChangesController.requireAdministrator(request)
        let change = try await AccountChangeRepository.find(try request.uuidParameter(), on: request.db)
        _ = try await change.$account.get(on: request.db)
        return try request.json(AccountChangeDTO(change))
    }

    @Sendable static func decide(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageRoles)
        let id = try request.uuidParameter()
        let body = try request.body(DecisionInput.self)
        guard ["approve", "refuse"].contains(body.verdict) else {
            throw DomainError.invalid(
                field: "verdict", zh: "审批意见只能是 approve 或 refuse", en: "verdict is approve or refuse")
        }
        let change = try await request.baomi.accountChanges.decide(
            id, approve: body.verdict == "approve", comment: (body.comment ?? "").trimmed,
            by: AccountAdministration.actor(viewer), on: request.db)
        _ = try await change.$account.get(on: request.db)
        return try request.json(AccountChangeDTO(change))
    }

    @Sendable static func withdraw(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAccounts)
        let change = try await request.baomi.accountChanges.withdraw(
            try request.uuidParameter(), by: AccountAdministration.actor(viewer), on: request.db)
        _ = try await change.$account.get(on: request.db)
        return try request.json(AccountChangeDTO(change))
    }

    @Sendable static func notices(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer(allowingPendingDuties: true)
        return try request.json(
            try await request.baomi.accountChanges.notices(of: viewer.accountID, on: request.db).map(
                AccountNoticeDTO.init))
    }

    @Sendable static func acknowledge(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer(allowingPendingDuties: true)
        try await request.baomi.accountChanges.acknowledge(
            try request.uuidParameter(), account: viewer.accountID, by: viewer.auditActor, on: request.db)
        return Response(status: .noContent)
    }
}

extension OpenAPIDocument {
    static var accountChangeSchemas: JSONValue {
        let dateTime: JSONValue = ["type": "string", "format": "date-time"]
        let optionalDateTime: JSONValue = ["type": ["string", "null"], "format": "date-time"]
        return [
            "AccountChange": object(
                [
                    ("id", uuid), ("accountID", uuid), ("username", optionalString),
                    ("kind", ["type": "string", "enum": ["passwordReset", "personChange", "emailChange"]]),
                    (
                        "state",
                        ["type": "string", "enum": ["pending", "approved", "refused", "withdrawn", "applied"]]
                    ),
                    ("oldPersonID", optionalUUID), ("newPersonID", optionalUUID), ("oldEmail", optionalString),
                    ("newEmail", optionalString), ("proposedBy", string), ("proposedAt", dateTime),
                    ("decidedBy", optionalString), ("decidedAt", optionalDateTime), ("comment", string),
                ], required: ["id", "accountID", "kind", "state", "proposedBy", "proposedAt", "comment"]),
            "AccountNotice": object(
                [("id", uuid), ("zh", string), ("en", string), ("createdAt", dateTime)],
                required: ["id", "zh", "en", "createdAt"]),
        ]
    }
}
