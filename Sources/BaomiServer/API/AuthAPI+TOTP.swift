import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// `/api/v1/me/totp`: enrolling and removing one's own second factor (S3). The three administrators must enrol
/// before anything else when the policy says so (the default), so an integrator needs this as much as the page.
extension AuthAPI {
    static func registerTOTP(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        registry.register(
            APIOperation(
                method: .POST, path: "me/totp", operationID: "beginTOTPEnrolment", tag: "auth",
                summary: "Start enrolling a TOTP second factor; returns the secret 开始绑定动态口令 (S3)",
                responseSchema: "TOTPEnrolment"), on: routes, begin)
        registry.register(
            APIOperation(
                method: .POST, path: "me/totp/confirm", operationID: "confirmTOTPEnrolment", tag: "auth",
                summary: "Confirm the enrolment with a current code 确认绑定动态口令 (S3)",
                requestSchema: "TOTPConfirmation", successStatus: 204), on: routes, confirm)
        registry.register(
            APIOperation(
                method: .DELETE, path: "me/totp", operationID: "disableTOTP", tag: "auth",
                summary: "Turn one's second factor off, where the policy allows 停用动态口令 (S3)", successStatus: 204),
            on: routes, disable)
    }

    @Sendable static func begin(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer(allowingPendingDuties: true)
        if viewer.account.totpEnabled {
            throw DomainError.conflict(
                LocalizedText(zh: "已启用动态口令；如需更换请先停用", en: "A second factor is already enrolled; disable it first"),
                rule: .s3)
        }
        let secret = Base32.encode(TOTP.generateSecret())
        try await request.baomi.accounts.beginTOTPEnrolment(viewer.accountID, secret: secret, on: request.db)
        let uri = TOTP(secret: Base32.decode(secret) ?? []).provisioningURI(
            account: viewer.account.username, issuer: "Baomi")
        return try request.json(TOTPEnrolmentDTO(secret: secret, uri: uri))
    }

    @Sendable static func confirm(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer(allowingPendingDuties: true)
        let body = try request.body(TOTPConfirmation.self)
        let account = try await request.baomi.accounts.find(viewer.accountID, on: request.db)
        guard !account.totpEnabled else {
            throw DomainError.conflict(
                LocalizedText(zh: "已启用动态口令", en: "A second factor is already enrolled"), rule: .s3)
        }
        guard let secret = account.totpSecret.flatMap(Base32.decode) else {
            throw DomainError.conflict(
                LocalizedText(
                    zh: "请先开始绑定（POST /api/v1/me/totp）", en: "Start the enrolment first (POST /api/v1/me/totp)"),
                rule: .s3)
        }
        guard
            let step = TOTPCheck.acceptedStep(
                code: body.code.trimmed, secret: secret, now: request.baomi.clock(), after: nil)
        else {
            // A wrong code is a refused act like a wrong password: on the record (A5).
            try await request.baomi.store.record(
                [
                    AuditEvent(
                        action: .totpEnrol,
                        subject: AuditSubject(
                            type: "account", id: viewer.accountID.uuidString, label: account.username),
                        outcome: .refused, rule: .s3, details: ["reason": "动态口令错误"])
                ], by: viewer.auditActor, on: request.db)
            throw DomainError.invalid(
                field: "code", rule: .s3, zh: "动态口令错误，请核对验证器时间", en: "Wrong code; check the authenticator's clock")
        }
        try await request.baomi.accounts.enableTOTP(viewer.accountID, step: step, by: viewer.auditActor, on: request.db)
        return Response(status: .noContent)
    }

    @Sendable static func disable(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer(allowingPendingDuties: true)
        let policy = try await request.baomi.settings.securityPolicy(on: request.db)
        try await request.baomi.accounts.disableTOTP(
            viewer.accountID, policy: policy, by: viewer.auditActor, on: request.db)
        return Response(status: .noContent)
    }
}

struct TOTPEnrolmentDTO: Content {
    /// Base32, for typing into an authenticator by hand.
    var secret: String
    /// The `otpauth://` URI a QR code carries.
    var uri: String
}

struct TOTPConfirmation: Content {
    var code: String
}
