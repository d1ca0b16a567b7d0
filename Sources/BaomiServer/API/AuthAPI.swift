import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// `/api/v1/auth/*` and `/api/v1/me` (S3).
enum AuthAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        registry.register(
            APIOperation(
                method: .POST, path: "auth/login", operationID: "login", tag: "auth",
                summary: "Sign in; returns a bearer token 登录，返回令牌", requestSchema: "LoginRequest",
                responseSchema: "LoginResponse", needsSignIn: false), on: routes, login)
        registry.register(
            APIOperation(
                method: .POST, path: "auth/logout", operationID: "logout", tag: "auth",
                summary: "End this token's session 退出",
                successStatus: 204), on: routes, logout)
        registry.register(
            APIOperation(
                method: .POST, path: "auth/password", operationID: "changePassword", tag: "auth",
                summary: "Change one's own password 修改密码", requestSchema: "PasswordChangeRequest", successStatus: 204),
            on: routes, changePassword)
        registry.register(
            APIOperation(
                method: .GET, path: "me", operationID: "me", tag: "auth", summary: "The signed-in account 当前账号",
                responseSchema: "Me"),
            on: routes, me)
        registerTOTP(registry, on: routes)
    }

    @Sendable static func login(_ request: Request) async throws -> Response {
        let body = try request.body(LoginRequest.self)
        do {
            let success = try await SignIn.attempt(
                username: body.username, password: body.password, totp: body.totp, kind: .api, request: request)
            let policy = try await request.baomi.settings.securityPolicy(on: request.db)
            return try request.json(
                LoginResponse(
                    token: success.token, mustChangePassword: success.account.mustChangePassword,
                    totpEnrolmentRequired: policy.totpRequiredForAdministrators && !success.account.totpEnabled
                        && success.account.roles.contains(where: \.isAdministrator),
                    idleTimeoutMinutes: policy.idleTimeoutMinutes,
                    notices: try await request.baomi.accountChanges.notices(
                        of: try success.account.requireID(), on: request.db
                    ).map(AccountNoticeDTO.init)))
        } catch let failure as SignIn.Failure {
            return try Problem(
                status: .unauthorized, slug: "sign-in-failed", text: failure.message, rule: .s3,
                language: request.language
            ).response()
        }
    }

    @Sendable static func logout(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer(allowingPendingDuties: true)
        try await request.baomi.store.perform(
            on: request.db, by: viewer.auditActor, .signOut,
            subject: AuditSubject(type: "account", id: viewer.account.id?.uuidString, label: viewer.account.username)
        ) { transaction, _ in
            try await request.baomi.sessions.end(viewer.session, now: request.baomi.clock(), on: transaction)
        }
        return Response(status: .noContent)
    }

    @Sendable static func changePassword(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer(allowingPendingDuties: true)
        let body = try request.body(PasswordChangeRequest.self)
        try await PasswordChange.perform(
            viewer: viewer, current: body.currentPassword, new: body.newPassword, confirmation: body.newPassword,
            request: request)
        return Response(status: .noContent)
    }

    @Sendable static func me(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer(allowingPendingDuties: true)
        return try request.json(MeDTO(viewer.account))
    }
}
