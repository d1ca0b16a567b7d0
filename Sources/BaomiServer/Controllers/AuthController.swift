import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

/// Sign-in, sign-out, password change, language and second factor — as pages.
enum AuthController {
    struct LoginForm: Content {
        var username: String?
        var password: String?
        var totp: String?
        var next: String?
    }

    @Sendable static func loginPage(_ request: Request) async throws -> Response {
        if request.viewer != nil { return request.redirect(to: SiteRoute.dashboard.path) }
        let token = request.cookies[CSRF.cookieName]?.string ?? CSRF.newToken()
        let next = (try? request.query.get(String.self, at: "next")) ?? ""
        let response = try await HTMLPage(
            html: AuthPages.login(PageContext(request, csrfToken: token), next: safeNext(next))
        )
        .encodeResponse(for: request)
        response.cookies[CSRF.cookieName] = HTTPCookies.Value(
            string: token, isSecure: request.baomi.configuration.secureCookies, isHTTPOnly: true, sameSite: .strict)
        return response
    }

    @Sendable static func login(_ request: Request) async throws -> Response {
        try request.verifyCSRF()
        let form = try request.content.decode(LoginForm.self)
        do {
            let success = try await SignIn.attempt(
                username: form.username ?? "", password: form.password ?? "", totp: form.totp, kind: .web,
                request: request)
            let target = success.account.mustChangePassword ? SiteRoute.profilePassword.path : safeNext(form.next ?? "")
            let response = request.redirect(to: target.isEmpty ? SiteRoute.dashboard.path : target)
            response.cookies[SessionMiddleware.cookieName] = SessionMiddleware.cookie(
                token: success.token, secure: request.baomi.configuration.secureCookies)
            response.cookies[CSRF.cookieName] = SessionMiddleware.expiredCookie
            return response
        } catch let failure as SignIn.Failure {
            let page = AuthPages.login(
                PageContext(request), username: form.username ?? "", error: failure.message, askTOTP: failure.needsTOTP,
                next: safeNext(form.next ?? ""))
            return try await HTMLPage(html: page, status: .unauthorized).encodeResponse(for: request)
        }
    }

    @Sendable static func logout(_ request: Request) async throws -> Response {
        if let viewer = request.viewer {
            try request.verifyCSRF()
            try await request.baomi.store.perform(
                on: request.db, by: viewer.auditActor, .signOut,
                subject: AuditSubject(
                    type: "account", id: viewer.account.id?.uuidString, label: viewer.account.username)
            ) { transaction, _ in
                try await request.baomi.sessions.end(viewer.session, now: request.baomi.clock(), on: transaction)
            }
        }
        let response = request.redirect(to: SiteRoute.login.path)
        response.cookies[SessionMiddleware.cookieName] = SessionMiddleware.expiredCookie
        return response
    }

    /// Only local paths: an open redirect after sign-in would be a phishing aid.
    static func safeNext(_ next: String) -> String {
        next.hasPrefix("/") && !next.hasPrefix("//") && !next.contains("\\") ? next : ""
    }

    // MARK: Password

    struct PasswordForm: Content {
        var currentPassword: String?
        var newPassword: String?
        var confirmPassword: String?
    }

    @Sendable static func passwordPage(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.requireViewer(allowingPendingDuties: true)
        return HTMLPage(
            html: AuthPages.changePassword(
                PageContext(request), forced: viewer.account.mustChangePassword,
                notices: try await AccountChangesController.notices(request, viewer: viewer)))
    }

    @Sendable static func changePassword(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer(allowingPendingDuties: true)
        try request.verifyCSRF()
        let form = try request.content.decode(PasswordForm.self)
        do {
            try await PasswordChange.perform(
                viewer: viewer, current: form.currentPassword ?? "", new: form.newPassword ?? "",
                confirmation: form.confirmPassword ?? "", request: request)
            return request.redirect(to: SiteRoute.dashboard.path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            let page = AuthPages.changePassword(
                PageContext(request), forced: viewer.account.mustChangePassword,
                notices: try await AccountChangesController.notices(request, viewer: viewer), errors: errors)
            return try await HTMLPage(html: page, status: .unprocessableEntity).encodeResponse(for: request)
        }
    }

    // MARK: Language

    @Sendable static func setLanguage(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer(allowingPendingDuties: true)
        try request.verifyCSRF()
        let code = (try? request.content.get(String.self, at: "language")) ?? ""
        guard let language = BaomiDomain.Language(rawValue: code) else {
            throw RequestFailure.malformed(LocalizedText(zh: "不支持的语言", en: "Unsupported language"))
        }
        try await request.baomi.accounts.setLanguage(viewer.accountID, language, by: viewer.auditActor, on: request.db)
        // The form says where it was sent from: Referrer-Policy: no-referrer means the browser will not.
        let back = safeNext((try? request.content.get(String.self, at: "back")) ?? "")
        return request.redirect(to: back.isEmpty ? "/" : back)
    }

    /// Before sign-in the choice lives in a cookie.
    @Sendable static func setAnonymousLanguage(_ request: Request) async throws -> Response {
        let code = request.parameters.get("code") ?? ""
        guard let language = BaomiDomain.Language(rawValue: code) else { throw Abort(.notFound) }
        let back = safeNext((try? request.query.get(String.self, at: "back")) ?? "/")
        let response = request.redirect(to: back.isEmpty ? "/" : back)
        response.cookies["baomi_lang"] = HTTPCookies.Value(
            string: language.rawValue, maxAge: 365 * 86_400, isHTTPOnly: true, sameSite: .strict)
        return response
    }
}

/// The owner's password change, shared by the page and the API (S3).
enum PasswordChange {
    static func perform(
        viewer: Viewer, current: String, new: String, confirmation: String, request: Request
    ) async throws {
        let services = request.baomi
        var validator = FieldValidator()
        if !(await services.passwords.verify(current, hash: viewer.account.passwordHash)) {
            validator.add(field: "currentPassword", rule: .s3, zh: "当前密码错误", en: "The current password is wrong")
        }
        let policy = try await services.settings.securityPolicy(on: request.db)
        if let refusal = policy.checkPassword(new, username: viewer.account.username).refusal {
            validator.add(field: "newPassword", refusal: refusal)
        } else if new == current {
            validator.add(
                field: "newPassword", rule: .s3, zh: "新密码不能与当前密码相同",
                en: "The new password must differ from the current one")
        }
        if new != confirmation {
            validator.add(field: "confirmPassword", rule: .s3, zh: "两次输入的新密码不一致", en: "The two new passwords differ")
        }
        if !validator.errors.isEmpty {
            let errors = validator.errors
            // A failed change is a refusal worth recording (A5), through the same path as any other.
            _ = try? await services.store.perform(
                on: request.db, by: viewer.auditActor, .passwordChange,
                subject: AuditSubject(
                    type: "account", id: viewer.account.id?.uuidString, label: viewer.account.username)
            ) { _, _ -> Bool in throw DomainError.invalid(errors) }
            throw DomainError.invalid(errors)
        }
        let hash = try await services.passwords.hash(new)
        try await services.accounts.changePassword(
            viewer.accountID, passwordHash: hash, by: viewer.auditActor, on: request.db)
    }
}
