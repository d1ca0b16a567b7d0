import BaomiDomain
import Foundation
import RoutingKit
import Vapor

/// Answers a method the address does not serve — `TRACE`, `DELETE` on a list, any method Baomi never serves —
/// with 405 problem+json and the `Allow` header (RFC 9110 §15.5.6), instead of the router's 404 (#12); `OPTIONS`
/// on a served address gets 204 with `Allow`. Only requests no route matched reach it, so it costs nothing on the
/// way to a handler.
struct MethodNotAllowedMiddleware: Middleware {
    /// The methods Baomi answers at all; anything else is a 405 wherever it is sent.
    private static let known: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapError { error in
            guard error is RouteNotFound else { return request.eventLoop.makeFailedFuture(error) }
            let allowed = Self.methods(serving: request.url.path, routes: request.application.routes.all)
            if request.method == .OPTIONS, !allowed.isEmpty {
                let response = Response(status: .noContent)
                response.headers.replaceOrAdd(name: .allow, value: allowed.joined(separator: ", "))
                return request.eventLoop.makeSucceededFuture(response)
            }
            guard !allowed.isEmpty || !Self.known.contains(request.method.rawValue) else {
                return request.eventLoop.makeFailedFuture(error)
            }
            return request.eventLoop.makeCompletedFuture {
                let response = try Problem(
                    status: .methodNotAllowed, slug: "method-not-allowed",
                    text: LocalizedText(
                        zh: "该地址不支持 \(request.method.rawValue) 请求",
                        en: "This address does not answer \(request.method.rawValue)"),
                    language: request.language
                ).response()
                response.headers.replaceOrAdd(name: .allow, value: allowed.joined(separator: ", "))
                return response
            }
        }
    }

    /// The methods of every route whose path matches, GET bringing HEAD, in a stable order.
    static func methods(serving path: String, routes: [Route]) -> [String] {
        let parts = path.split(separator: "/").map(String.init)
        var methods = Set<String>()
        for route in routes where matches(route.path.filter { $0 != .constant("") }, parts) {
            methods.insert(route.method.rawValue)
            if route.method == .GET { methods.insert(HTTPMethod.HEAD.rawValue) }
        }
        return methods.sorted()
    }

    private static func matches(_ pattern: [PathComponent], _ parts: [String]) -> Bool {
        for (index, component) in pattern.enumerated() {
            if case .catchall = component { return parts.count > index }
            guard index < parts.count else { return false }
            if case .constant(let text) = component, text != parts[index] { return false }
        }
        return pattern.count == parts.count
    }
}
