import Foundation
import Vapor

/// Headers every response carries (S3): a strict CSP with no inline script, no framing, no MIME sniffing, and no
/// caching of pages that show secrecy data. A future-based middleware: it never waits for anything, and an async one
/// would start a task of its own on every request.
struct SecurityHeadersMiddleware: Middleware {
    /// Served over TLS: browsers are told to come back only that way (HSTS).
    var strictTransport = false

    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let strictTransport = strictTransport
        return next.respond(to: request).map { response in
            if strictTransport {
                response.headers.replaceOrAdd(
                    name: "Strict-Transport-Security", value: ServerTLS.strictTransportSecurity)
            }
            return Self.addHeaders(response)
        }
    }

    private static func addHeaders(_ response: Response) -> Response {
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        if response.headers.first(name: .cacheControl) == nil {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}
