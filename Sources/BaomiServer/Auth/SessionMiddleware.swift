import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// Finds the session behind a request — the `baomi_session` cookie for pages, `Authorization: Bearer` for the
/// API — and logs the account in for this request. It never refuses; `Guard` does that.
struct SessionMiddleware: AsyncMiddleware {
    static let cookieName = "baomi_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let token = request.headers.bearerAuthorization?.token ?? request.cookies[Self.cookieName]?.string
        if let token, !token.isEmpty {
            let services = request.baomi
            let policy = try await request.settings().securityPolicy
            if let session = try await services.sessions.resume(
                token: token, idleTimeout: TimeInterval(policy.idleTimeoutMinutes * 60), now: services.clock(),
                on: request.db), !session.account.isDisabled
            {
                request.auth.login(Viewer(account: session.account, session: session))
            }
        }
        return try await next.respond(to: request)
    }

    static func cookie(token: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, isSecure: secure, isHTTPOnly: true, sameSite: .strict)
    }

    static var expiredCookie: HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), isHTTPOnly: true, sameSite: .strict)
    }
}
