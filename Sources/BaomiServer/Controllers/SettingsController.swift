import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

/// System settings (S3; 系统管理员).
enum SettingsController {
    struct PolicyForm: Content {
        var passwordMinLength: String?
        var passwordMinClasses: String?
        var lockoutThreshold: String?
        var lockoutMinutes: String?
        var idleTimeoutMinutes: String?
        var totpRequiredForAdministrators: String?

        var values: [String: String] {
            [
                "passwordMinLength": passwordMinLength ?? "", "passwordMinClasses": passwordMinClasses ?? "",
                "lockoutThreshold": lockoutThreshold ?? "", "lockoutMinutes": lockoutMinutes ?? "",
                "idleTimeoutMinutes": idleTimeoutMinutes ?? "",
                "totpRequiredForAdministrators": totpRequiredForAdministrators ?? "",
            ]
        }

        func policy() throws(DomainError) -> SecurityPolicy {
            var validator = FieldValidator()
            func number(_ text: String?, _ field: String) -> Int {
                guard let value = Int(text?.trimmed ?? "") else {
                    validator.add(field: field, zh: "须为整数", en: "Must be a whole number")
                    return 0
                }
                return value
            }
            let policy = SecurityPolicy(
                passwordMinLength: number(passwordMinLength, "passwordMinLength"),
                passwordMinClasses: number(passwordMinClasses, "passwordMinClasses"),
                lockoutThreshold: number(lockoutThreshold, "lockoutThreshold"),
                lockoutMinutes: number(lockoutMinutes, "lockoutMinutes"),
                idleTimeoutMinutes: number(idleTimeoutMinutes, "idleTimeoutMinutes"),
                totpRequiredForAdministrators: totpRequiredForAdministrators == "true")
            try validator.check()
            return policy
        }
    }

    @Sendable static func page(_ request: Request) async throws -> HTMLPage {
        try await request.require(.manageSettings)
        let policy = try await request.baomi.settings.securityPolicy(on: request.db)
        return HTMLPage(html: SettingsPage.render(PageContext(request), policy: policy))
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageSettings)
        try request.verifyCSRF()
        let form = try request.content.decode(PolicyForm.self)
        do {
            try await request.baomi.settings.setSecurityPolicy(try form.policy(), by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.settings.path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            let policy = try await request.baomi.settings.securityPolicy(on: request.db)
            return try await HTMLPage(
                html: SettingsPage.render(PageContext(request), policy: policy, values: form.values, errors: errors),
                status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        }
    }
}
