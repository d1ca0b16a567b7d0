import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// `PUT /api/v1/me/email` and `PUT /api/v1/accounts/{id}/email`: where the daily digest goes (REMIND). A bad
/// address is a 422 with an `email` field error and writes nothing (S4); a change is audited (A5).
enum EmailAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        registry.register(
            APIOperation(
                method: .PUT, path: "me/email", operationID: "setOwnEmail", tag: "auth",
                summary: "Set or clear one's own e-mail address for the daily digest 设置本人电子邮箱",
                requestSchema: "EmailInput", responseSchema: "Me"),
            on: routes, setOwn)
        registry.register(
            APIOperation(
                method: .PUT, path: "accounts/{id}/email", operationID: "setAccountEmail", tag: "accounts",
                summary: "Set or clear an account's e-mail address (system administrator); for an account with a "
                    + "business role it waits for the security administrator (pendingChanges) 设置账号电子邮箱 (S1)",
                parameters: [.path("id", description: "UUID of the account")], requestSchema: "EmailInput",
                responseSchema: "Account"),
            on: routes, setForAccount)
    }

    @Sendable static func setOwn(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer(allowingPendingDuties: true)
        let body = try request.body(EmailInput.self)
        try await request.baomi.accounts.setEmail(viewer.accountID, body.email, by: viewer.auditActor, on: request.db)
        return try request.json(MeDTO(try await request.baomi.accounts.find(viewer.accountID, on: request.db)))
    }

    @Sendable static func setForAccount(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAccounts)
        let id = try request.uuidParameter()
        let body = try request.body(EmailInput.self)
        try await AccountAdministration.setEmail(id, body.email, viewer: viewer, request: request)
        return try request.json(try await AccountsAPI.dto(id, request: request))
    }
}

/// `{"email": "zhangsan@example.cn"}`; null or an empty string clears the address.
struct EmailInput: Content {
    var email: String?
}

extension OpenAPIDocument {
    /// An address as `EmailAddress` checks it (422 when it is not one); `""` or null clears it.
    static let optionalEmail: JSONValue = ["type": ["string", "null"], "maxLength": 254]
}
