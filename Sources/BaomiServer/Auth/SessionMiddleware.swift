import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// Finds the session behind a request — the `baomi_session` cookie for pages, `Authorization: Bearer` for the
/// API — and logs the account in for this request. It never refuses; `Guard` does that. Future-based: a request
/// without a session passes straight through.
struct SessionMiddleware: Middleware {
    static let cookieName = "baomi_session"

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let token = request.headers.bearerAuthorization?.token ?? request.cookies[Self.cookieName]?.string
        guard let token, !token.isEmpty else { return next.respond(to: request) }
        return request.eventLoop.makeFutureWithTask { try await Self.logIn(request, token: token) }
            .flatMap { next.respond(to: request) }
    }

    private static func logIn(_ request: Request, token: String) async throws {
        let services = request.baomi
        let policy = try await request.settings().securityPolicy
        if let session = try await services.sessions.resume(
            token: token, idleTimeout: TimeInterval(policy.idleTimeoutMinutes * 60), now: services.clock(),
            reading: request.reads, on: request.db), !session.account.isDisabled
        {
            request.auth.login(Viewer(account: session.account, session: session))
        }
    }

    static func cookie(token: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, isSecure: secure, isHTTPOnly: true, sameSite: .strict)
    }

    static var expiredCookie: HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), isHTTPOnly: true, sameSite: .strict)
    }
}
