import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// Finds the session behind a request — the `baomi_session` cookie for pages, `Authorization: Bearer` for the
/// API — and logs the account in for this request. It never refuses; `Guard` does that. Future-based: a request
/// without a session passes straight through.
///
/// The API takes only the bearer token, never the cookie (S3, #12): a browser attaches the cookie to any request a
/// foreign page makes it send, and the API's writes carry no form CSRF token, so a cookie there would let another
/// site drive them. The pages never call the API (they are server-rendered forms with their own CSRF token), so
/// nothing legitimate is lost, and no API operation needs a CSRF check of its own.
struct SessionMiddleware: Middleware {
    static let cookieName = "baomi_session"

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let cookie = request.isAPI ? nil : request.cookies[Self.cookieName]?.string
        let token = request.headers.bearerAuthorization?.token ?? cookie
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
