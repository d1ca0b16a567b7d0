import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// `/api/v1/accounts` and `/api/v1/settings/security` (S1, S3).
enum AccountsAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let id = APIOperation.Parameter.path("id", description: "UUID of the account")
        registry.register(
            APIOperation(
                method: .GET, path: "accounts", operationID: "listAccounts", tag: "accounts", summary: "Accounts 账号列表",
                responseSchema: "Account", responseIsArray: true),
            on: routes, list)
        registry.register(
            APIOperation(
                method: .POST, path: "accounts", operationID: "createAccount", tag: "accounts",
                summary: "Create an account (system administrator) 新建账号 (S1)", requestSchema: "AccountInput",
                responseSchema: "Account", successStatus: 201),
            on: routes, create)
        registry.register(
            APIOperation(
                method: .GET, path: "accounts/{id}", operationID: "getAccount", tag: "accounts",
                summary: "One account 账号详情", parameters: [id], responseSchema: "Account"),
            on: routes, get)
        registry.register(
            APIOperation(
                method: .PUT, path: "accounts/{id}", operationID: "updateAccount", tag: "accounts",
                summary: "Update display name and disabled; another person for an account with a business role waits "
                    + "for the security administrator (pendingChanges) 修改账号 (S1)", parameters: [id],
                requestSchema: "AccountUpdateInput", responseSchema: "Account"),
            on: routes, update)
        registry.register(
            APIOperation(
                method: .PUT, path: "accounts/{id}/roles", operationID: "setAccountRoles", tag: "accounts",
                summary: "Assign roles (security administrator) 分配角色 (S1)", parameters: [id],
                requestSchema: "RolesInput", responseSchema: "Account"),
            on: routes, setRoles)
        registry.register(
            APIOperation(
                method: .POST, path: "accounts/{id}/unlock", operationID: "unlockAccount", tag: "accounts",
                summary: "Lift a lockout (security administrator) 解锁 (S3)", parameters: [id], responseSchema: "Account"),
            on: routes, unlock)
        registry.register(
            APIOperation(
                method: .POST, path: "accounts/{id}/password-reset", operationID: "resetAccountPassword",
                tag: "accounts",
                summary: "Set a new initial password; for an account with a business role it waits for the security "
                    + "administrator's approval (state pending) 重置密码（双人复核） (S1)",
                parameters: [id], requestSchema: "PasswordResetInput", responseSchema: "AccountChange"),
            on: routes, resetPassword)
        registry.register(
            APIOperation(
                method: .GET, path: "settings/security", operationID: "getSecurityPolicy", tag: "settings",
                summary: "The authentication policy 身份鉴别策略 (S3)", responseSchema: "SecurityPolicy"),
            on: routes, getPolicy)
        registry.register(
            APIOperation(
                method: .PUT, path: "settings/security", operationID: "setSecurityPolicy", tag: "settings",
                summary: "Change the authentication policy 修改身份鉴别策略 (S3)", requestSchema: "SecurityPolicy",
                responseSchema: "SecurityPolicy"),
            on: routes, setPolicy)
    }

    private static func requireAccountReader(_ request: Request) async throws -> Viewer {
        let viewer = try await request.requireViewer()
        if viewer.can(.manageAccounts) { return viewer }
        return try await request.require(.unlockAccounts)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        _ = try await requireAccountReader(request)
        let pending = try await AccountAdministration.pendingKinds(on: request.db)
        return try request.json(
            try await request.baomi.accounts.all(on: request.db).map {
                AccountDTO($0, pendingChanges: $0.id.flatMap { pending[$0] } ?? [])
            })
    }

    /// The account as the API shows it, with the changes waiting for it.
    static func dto(_ id: UUID, request: Request) async throws -> AccountDTO {
        AccountDTO(
            try await request.baomi.accounts.find(id, on: request.db),
            pendingChanges: try await AccountAdministration.pendingKinds(on: request.db)[id] ?? [])
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAccounts)
        let body = try request.body(AccountInput.self)
        let account = try await AccountCreation.create(
            username: body.username, displayName: body.displayName, personID: body.personID,
            password: body.password ?? "",
            viewer: viewer, request: request)
        return try request.json(AccountDTO(account), status: .created)
    }

    @Sendable static func get(_ request: Request) async throws -> Response {
        _ = try await requireAccountReader(request)
        return try request.json(try await dto(try request.uuidParameter(), request: request))
    }

    @Sendable static func update(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAccounts)
        let id = try request.uuidParameter()
        let body = try request.body(AccountUpdateInput.self)
        var validator = FieldValidator()
        let displayName = validator.required(
            body.displayName, field: "displayName", label: LocalizedText(zh: "显示名", en: "Display name"), maxLength: 50)
        try validator.check()
        try await AccountAdministration.update(
            id, displayName: displayName, personID: body.personID, isDisabled: body.isDisabled, viewer: viewer,
            request: request)
        return try request.json(try await dto(id, request: request))
    }

    @Sendable static func setRoles(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageRoles)
        let id = try request.uuidParameter()
        let (roles, unknown) = RoleAssignment.parse(try request.body(RolesInput.self).roles)
        guard unknown.isEmpty else {
            let accepted = AcceptedValues.of(Role.self, title: \.title).list
            throw DomainError.invalid(
                field: "roles", zh: "未知角色：\(unknown.joined(separator: ","))，应为：\(accepted.zh)",
                en: "Unknown roles: \(unknown.joined(separator: ",")); use \(accepted.en)")
        }
        try await request.baomi.accounts.setRoles(id, roles: roles, by: viewer.auditActor, on: request.db)
        return try request.json(AccountDTO(try await request.baomi.accounts.find(id, on: request.db)))
    }

    @Sendable static func unlock(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.unlockAccounts)
        let id = try request.uuidParameter()
        try await request.baomi.accounts.unlock(id, by: viewer.auditActor, on: request.db)
        return try request.json(AccountDTO(try await request.baomi.accounts.find(id, on: request.db)))
    }

    @Sendable static func resetPassword(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAccounts)
        let id = try request.uuidParameter()
        let change = try await AccountAdministration.resetPassword(
            id, password: try request.body(PasswordResetInput.self).password, viewer: viewer, request: request)
        return try request.json(AccountChangeDTO(change))
    }

    @Sendable static func getPolicy(_ request: Request) async throws -> Response {
        try await request.require(.manageSettings)
        return try request.json(try await request.baomi.settings.securityPolicy(on: request.db))
    }

    @Sendable static func setPolicy(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageSettings)
        let policy = try request.body(SecurityPolicy.self)
        try await request.baomi.settings.setSecurityPolicy(policy, by: viewer.auditActor, on: request.db)
        return try request.json(try await request.baomi.settings.securityPolicy(on: request.db))
    }
}

extension SecurityPolicy: Content {}
