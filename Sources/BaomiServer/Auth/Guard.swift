import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// Why a request cannot go on as it is; `ProblemMiddleware` turns each into a page or problem+json.
enum RequestFailure: Error {
    /// Not signed in, or the session ended (401; pages redirect to the sign-in page).
    case signInRequired
    /// The account must change its password before anything else (S3).
    case passwordChangeRequired
    /// Policy requires a second factor and the account has none yet (S3).
    case totpEnrolmentRequired
    /// The account's roles do not allow this (403, S1).
    case accessDenied(Refusal)
    /// The request could not be read (400).
    case malformed(LocalizedText)
    /// Fields or parameters break the published contract: missing, null, unknown values (400, #12). With
    /// `unknownReference`, every one is a well-formed code or id that names nothing (`department=D06`).
    case invalidFields([FieldError], unknownReference: Bool = false)
    /// The form's CSRF token is missing or wrong (403).
    case csrfMismatch
    /// An upload over the configured size (413, #14).
    case tooLarge(Refusal)
}

extension Request {
    /// The signed-in viewer, who has no pending duty that blocks ordinary work.
    func requireViewer(allowingPendingDuties: Bool = false) async throws -> Viewer {
        guard let viewer else { throw RequestFailure.signInRequired }
        if !allowingPendingDuties {
            if viewer.account.mustChangePassword { throw RequestFailure.passwordChangeRequired }
            if viewer.roles.contains(where: \.isAdministrator), !viewer.account.totpEnabled,
                try await settings().securityPolicy.totpRequiredForAdministrators
            {
                throw RequestFailure.totpEnrolmentRequired
            }
        }
        return viewer
    }

    /// The viewer, if their roles grant `capability` (S1). A refusal is written to the audit trail first (A5).
    @discardableResult
    func require(_ capability: Capability) async throws -> Viewer {
        let viewer = try await requireViewer()
        let decision = AccessPolicy.decide(roles: viewer.roles, capability: capability)
        if let refusal = decision.refusal {
            try await baomi.store.record(
                [
                    AuditEvent(
                        action: .accessDenied,
                        subject: AuditSubject(type: "route", id: "\(method.rawValue) \(url.path)"),
                        outcome: .refused, rule: refusal.rule,
                        details: ["capability": capability.rawValue, "reason": refusal.reason.zh])
                ], by: viewer.auditActor, on: db)
            throw RequestFailure.accessDenied(refusal)
        }
        return viewer
    }

    /// Checks the CSRF token a form sent back against the session's (or, before sign-in, the cookie's).
    func verifyCSRF() throws {
        let sent = try? content.get(String.self, at: "csrf")
        let expected = viewer?.session.csrfToken ?? cookies[CSRF.cookieName]?.string
        guard let sent, let expected, !expected.isEmpty, CSRF.constantTimeEquals(sent, expected) else {
            throw RequestFailure.csrfMismatch
        }
    }
}

/// CSRF tokens: per session once signed in; a double-submit cookie on the sign-in form.
enum CSRF {
    static let cookieName = "baomi_csrf"

    static func constantTimeEquals(_ left: String, _ right: String) -> Bool {
        let left = Array(left.utf8)
        let right = Array(right.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func newToken() -> String {
        [UInt8].random(count: 24).base64.replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
