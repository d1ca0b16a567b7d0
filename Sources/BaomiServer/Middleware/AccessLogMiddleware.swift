import BaomiPersistence
import Foundation
import Logging
import Vapor

/// One log line per request — method, route, status, duration, account, request id — and the request id on every
/// answer (`X-Request-ID`, and `requestID` in problem+json), so a user's problem report leads to its log lines. The route is the registered pattern
/// (`GET /carriers/:id`), never the query, which can hold a search for a carrier's title.
struct AccessLogMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let started = ContinuousClock.now
        return next.respond(to: request).map { response in
            response.headers.replaceOrAdd(name: "X-Request-ID", value: request.id)
            Self.addRequestID(request.id, to: response)
            let elapsed = ContinuousClock.now - started
            let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            request.logger.info(
                "request",
                metadata: [
                    "method": .string(request.method.rawValue),
                    "route": .string(request.route.map(Self.pattern) ?? request.url.path),
                    "status": .stringConvertible(response.status.code),
                    "durationMs": .string(String(format: "%.1f", milliseconds)),
                    "account": .string(request.viewer?.account.username ?? "-"),
                ])
            return response
        }
    }

    /// Every problem+json answer, whoever built it, names the request it answers.
    static func addRequestID(_ id: String, to response: Response) {
        guard response.headers.contentType?.subType == "problem+json", let buffer = response.body.buffer,
            var problem = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any]
        else { return }
        problem["requestID"] = id
        guard let data = try? JSONSerialization.data(withJSONObject: problem, options: [.sortedKeys]) else { return }
        response.body = .init(data: data)
    }

    static func pattern(_ route: Route) -> String {
        "/" + route.path.map(\.description).joined(separator: "/")
    }
}
