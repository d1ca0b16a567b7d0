import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

@Suite("API contract: problem+json, OpenAPI, headers, health (S4)", .serialized)
struct APIContractTests {
    @Test("S4 malformed or invalid input gets 400/422 problem+json and writes nothing")
    func badInputWritesNothing() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let sysadmin = try await client.token("sysadmin")
            let auditSize = try await test.app.baomi.store.audit.size(on: test.db)
            let cases: [(String, HTTPStatus)] = [
                ("{", .badRequest),
                ("[1,2]", .badRequest),
                ("{\"name\": 5, \"code\": \"X\"}", .badRequest),
                ("{\"name\": \"\", \"code\": \"\"}", .unprocessableEntity),
                // outside the published schema (an enum, a length): 400 naming the field (#12)
                ("{\"name\": \"X\", \"code\": \"X\", \"kind\": \"galaxy\"}", .badRequest),
                (
                    "{\"name\": \"X\", \"code\": \"X\", \"kind\": \"department\", \"parentID\": \"00000000-0000-0000-0000-000000000000\"}",
                    .unprocessableEntity
                ),
                (
                    "{\"name\": \"\(String(repeating: "长", count: 300))\", \"code\": \"X\", \"kind\": \"unit\"}",
                    .badRequest
                ),
            ]
            for (body, status) in cases {
                let reply = try await client.send(.POST, "/api/v1/org-units", token: sysadmin, rawBody: body)
                #expect(reply.status == status, "\(body)")
                #expect(reply.isProblem, "\(body)")
                let problem = try reply.json()
                #expect((problem["zh"] as? String)?.isEmpty == false)
                #expect((problem["en"] as? String)?.isEmpty == false)
            }
            let notJSON = try await client.send(.POST, "/api/v1/org-units", token: sysadmin, form: [("name", "X")])
            #expect(notJSON.status == .badRequest)
            #expect(try await client.send(.GET, "/api/v1/org-units/not-a-uuid", token: sysadmin).status == .notFound)
            #expect(try await client.send(.GET, "/api/v1/org-units/\(UUID())", token: sysadmin).status == .notFound)
            #expect(try await client.send(.GET, "/api/v1/nothing-here", token: sysadmin).status == .notFound)
            #expect(try await client.send(.GET, "/api/v1/org-units").status == .unauthorized)
            #expect(try await client.send(.GET, "/api/v1/org-units", token: "forged").status == .unauthorized)
            #expect(try await test.app.baomi.organisation.units(on: test.db).isEmpty)
            #expect(try await test.app.baomi.store.audit.size(on: test.db) == auditSize)
        }
    }

    @Test("OpenAPI 3.1 lists every /api/v1 operation the router serves")
    func openAPIListsEveryOperation() async throws {
        try await withTestApp { test in
            let reply = try await Client(app: test.app).send(.GET, "/openapi.json")
            #expect(reply.status == .ok)
            let document = try reply.json()
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, methods in methods.keys.map { "\($0.uppercased()) \(path)" } })
            let served = Set(
                test.app.routes.all.compactMap { route -> String? in
                    let parts = route.path.map { component -> String in
                        if case .parameter(let name) = component { return "{\(name)}" }
                        return component.description
                    }
                    guard parts.starts(with: ["api", "v1"]) else { return nil }
                    return "\(route.method.rawValue) /" + parts.joined(separator: "/")
                })
            #expect(!served.isEmpty)
            #expect(served == documented)
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let referenced = reply.body.components(separatedBy: "#/components/schemas/").dropFirst().compactMap {
                $0.split(separator: "\"").first.map(String.init)
            }
            for name in referenced { #expect(schemas[name] != nil, "missing schema \(name)") }
        }
    }

    @Test("S3 every response carries a strict CSP, no framing and no sniffing")
    func securityHeaders() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            for path in ["/login", "/api/v1/me", "/healthz", "/assets/baomi.css"] {
                let reply = try await client.send(.GET, path)
                let csp = reply.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("script-src 'self'"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(reply.headers.first(name: "X-Frame-Options") == "DENY")
                #expect(reply.headers.first(name: "X-Content-Type-Options") == "nosniff")
            }
            let login = try await client.send(.GET, "/login")
            #expect(!login.body.contains("<script>"))
            #expect(!login.body.contains("style=\""))
        }
    }

    @Test("healthz, readyz and Prometheus metrics")
    func operationalEndpoints() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            #expect(try await client.send(.GET, "/healthz").status == .ok)
            let ready = try await client.send(.GET, "/readyz")
            #expect(ready.status == .ok)
            #expect(
                try ready.json()["migrations"] as? String == "\(BaomiMigrations.all.count)/\(BaomiMigrations.all.count)"
            )
            _ = try await client.send(.GET, "/login")
            let metrics = try await client.send(.GET, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.body.contains("baomi_http_requests_total"))
        }
    }

    @Test("Pages answer in Chinese by default and in English when asked; unknown pages get the error page")
    func languages() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let chinese = try await client.send(.GET, "/login")
            #expect(chinese.body.contains("lang=\"zh-CN\""))
            #expect(chinese.body.contains("用户名"))
            let english = try await client.send(.GET, "/login", cookies: ["baomi_lang": "en"])
            #expect(english.body.contains("User name"))
            let switched = try await client.send(.GET, "/language/en?back=%2Flogin")
            #expect(switched.headers.setCookie?["baomi_lang"]?.string == "en")
            #expect(try await client.send(.GET, "/").headers.first(name: .location) == "/login")
            let missing = try await client.send(.GET, "/no/such/page")
            #expect(missing.status == .notFound)
            #expect(missing.body.contains("不存在"))
        }
    }
}
