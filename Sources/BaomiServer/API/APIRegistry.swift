import BaomiDomain
import Foundation
import Synchronization
import Vapor

/// One documented API operation. Routes under `/api/v1` are registered only through `APIRegistry.register`, so
/// `/openapi.json` lists every operation by construction — and a test checks it against the router anyway.
struct APIOperation: Sendable {
    enum Parameter: Sendable {
        case path(String, description: String)
        /// A path parameter that is a code rather than a UUID; `values` lists every code it takes, so that a
        /// fixed path beside it (`reports/self-inspection` beside `reports/{name}`) is never one of them (#12).
        case pathText(String, description: String, values: [String]? = nil)
        /// A query parameter; `values`, `range`, `maxLength` and `format` state what the server accepts (anything
        /// else is a 400, #12), so the document is as strict as the server.
        case query(
            String, type: String, description: String, required: Bool = false, values: [String]? = nil,
            range: ClosedRange<Int>? = nil, maxLength: Int? = nil, format: String? = nil)
    }

    var method: HTTPMethod
    /// Path below `/api/v1`, with `{name}` placeholders, e.g. `org-units/{id}`.
    var path: String
    var operationID: String
    var tag: String
    var summary: String
    var parameters: [Parameter] = []
    var requestSchema: String?
    /// A `multipart/form-data` body (an upload) described by this schema; not checked by `BodySchemaCheck`, which
    /// reads JSON — the handler reads and checks each part (#14).
    var multipartSchema: String? = nil
    var responseSchema: String?
    var responseIsArray = false
    var successStatus = 200
    var needsSignIn = true
}

final class APIRegistry: Sendable {
    private let operations = Mutex<[APIOperation]>([])

    var all: [APIOperation] { operations.withLock { $0 } }

    func register(
        _ operation: APIOperation, on routes: any RoutesBuilder,
        _ handler: @escaping @Sendable (Request) async throws -> Response
    ) {
        operations.withLock { $0.append(operation) }
        let components =
            ["api", "v1"]
            + operation.path.split(separator: "/").map { part -> PathComponent in
                part.hasPrefix("{") ? .parameter(String(part.dropFirst().dropLast())) : .constant(String(part))
            }
        // The body is checked against the published schema before the handler reads it (#12).
        guard let schema = operation.requestSchema else {
            routes.on(operation.method, components, use: handler)
            return
        }
        let bodyCheck = BodySchemaCheck(schemaNamed: schema)
        let needsSignIn = operation.needsSignIn
        routes.on(operation.method, components) { request in
            // Who is asking comes first: a stranger learns nothing from the body's faults (401, not 400).
            if needsSignIn, request.viewer == nil { throw RequestFailure.signInRequired }
            try bodyCheck.check(request)
            return try await handler(request)
        }
    }
}

struct APIRegistryKey: StorageKey {
    typealias Value = APIRegistry
}

extension Application {
    var apiRegistry: APIRegistry {
        if let registry = storage[APIRegistryKey.self] { return registry }
        let registry = APIRegistry()
        storage[APIRegistryKey.self] = registry
        return registry
    }
}

extension Request {
    /// Encodes a value as the JSON answer with the given status.
    func json<T: Encodable>(_ value: T, status: HTTPResponseStatus = .ok) throws -> Response {
        let response = Response(status: status)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        try response.content.encode(value, using: encoder)
        return response
    }

    /// Decodes a JSON body; anything unreadable is a 400 with the field named, never a 500.
    func body<T: Decodable>(_ type: T.Type) throws -> T {
        guard headers.contentType == .json || headers.contentType?.subType == "json" else {
            throw RequestFailure.malformed(
                .init(
                    zh: "请求体须为 JSON（Content-Type: application/json）",
                    en: "The body must be JSON (Content-Type: application/json)"))
        }
        return try content.decode(T.self)
    }
}
