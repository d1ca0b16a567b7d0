import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import QRCode
import Vapor

/// The profile page and second-factor enrolment (S3).
enum ProfileController {
    @Sendable static func page(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.requireViewer(allowingPendingDuties: true)
        return HTMLPage(html: try await render(request, viewer: viewer))
    }

    static func render(
        _ request: Request, viewer: Viewer, errors: [FieldError] = [], email: String? = nil
    ) async throws -> HTML {
        let context = PageContext(request)
        let account = try await request.baomi.accounts.find(viewer.accountID, on: request.db)
        let policy = try await request.baomi.settings.securityPolicy(on: request.db)
        var enrolment: AuthPages.TOTPEnrolment?
        if !account.totpEnabled, let secret = account.totpSecret {
            let uri = TOTP(secret: Base32.decode(secret) ?? []).provisioningURI(
                account: account.username, issuer: "Baomi")
            let svg = (try? QRCode.encode(uri, correction: .medium).svg(moduleSize: 4, quietZone: 4)) ?? ""
            enrolment = AuthPages.TOTPEnrolment(secret: secret, qrSVG: svg)
        }
        let view = AccountModelView(
            username: account.username,
            roles: account.roles.sortedByCase.map { context.t($0.title) }.joined(separator: "、"),
            lastSignIn: context.dateTime(account.previousSignInAt), totpEnabled: account.totpEnabled)
        return AuthPages.profile(
            context, account: view, enrolment: enrolment,
            totpRequired: policy.totpRequiredForAdministrators && account.roles.contains(where: \.isAdministrator),
            errors: errors.filter { $0.field != "email" },
            sections: [
                AccountNoticesSection.render(
                    context, notices: try await AccountChangesController.notices(request, viewer: viewer)),
                EmailForms.section(
                    context, action: .profileEmail, email: email ?? account.email ?? "",
                    errors: errors.filter { $0.field == "email" }),
            ])
    }

    @Sendable static func startTOTP(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer(allowingPendingDuties: true)
        try request.verifyCSRF()
        try await request.baomi.accounts.beginTOTPEnrolment(
            viewer.accountID, secret: Base32.encode(TOTP.generateSecret()), on: request.db)
        return request.redirect(to: SiteRoute.profile.path)
    }

    @Sendable static func confirmTOTP(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer(allowingPendingDuties: true)
        try request.verifyCSRF()
        let code = (try? request.content.get(String.self, at: "code"))?.trimmed ?? ""
        let account = try await request.baomi.accounts.find(viewer.accountID, on: request.db)
        guard let secret = account.totpSecret.flatMap(Base32.decode),
            let step = TOTPCheck.acceptedStep(code: code, secret: secret, now: request.baomi.clock(), after: nil)
        else {
            let errors = [
                FieldError(
                    field: "code", rule: .s3,
                    message: LocalizedText(zh: "动态口令错误，请核对验证器时间", en: "Wrong code; check the authenticator's clock"))
            ]
            return try await HTMLPage(
                html: try await render(request, viewer: viewer, errors: errors), status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        }
        try await request.baomi.accounts.enableTOTP(viewer.accountID, step: step, by: viewer.auditActor, on: request.db)
        return request.redirect(to: SiteRoute.profile.path + "?saved=1")
    }

    @Sendable static func disableTOTP(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer(allowingPendingDuties: true)
        try request.verifyCSRF()
        let policy = try await request.baomi.settings.securityPolicy(on: request.db)
        try await request.baomi.accounts.disableTOTP(
            viewer.accountID, policy: policy, by: viewer.auditActor, on: request.db)
        return request.redirect(to: SiteRoute.profile.path + "?saved=1")
    }
}
