import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

/// Unknown filter values are a 400 naming what is accepted, never 200 with nothing (S4, #12); methods an address
/// does not serve are a 405 (#12).
@Suite("Filters read strictly, 405 for unserved methods (S4, #12)", .serialized)
struct FilterValidationTests {
    /// A value the parameter does not accept, and a text its refusal must contain.
    private static func badValues(for parameter: APIOperation.Parameter) -> [(String, String)] {
        guard
            case .query(let name, let type, let description, _, let values, let range, let maxLength, let format) =
                parameter
        else { return [] }
        var cases: [(String, String)] = []
        if let values { cases.append(("SECRET", values[0])) }
        if type == "integer" {
            cases.append(("abc", name))
            if let range { cases.append((String(range.lowerBound - 1), String(range.lowerBound))) }
        }
        if let maxLength { cases.append((String(repeating: "长", count: maxLength + 1), String(maxLength))) }
        // The one date reader names the value that is no day (2026-13-45), and the format for text that is no date.
        if format == "date" { cases += [("2026-13-45", "2026-13-45 不是存在的日期"), ("soon", "YYYY-MM-DD")] }
        if description.contains("code or UUID") { cases.append(("D06", "D06")) }
        cases.append(("\(values?[0] ?? "1")&\(name)=\(values?[0] ?? "1")", name))
        return cases
    }

    @Test("S4 every list operation's every filter refuses an unknown value with 400 naming what it accepts")
    func everyListFilterIsStrict() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let auditor = try await client.token("auditor")
            var checked = 0
            for operation in test.app.apiRegistry.all where operation.method == .GET {
                let parameters = operation.parameters.filter {
                    if case .query = $0 { return true } else { return false }
                }
                guard !parameters.isEmpty else { continue }
                let path = "/api/v1/" + operation.path.replacingOccurrences(of: "{name}", with: "carrierLedger")
                // the first account the operation serves at all
                var token: String?
                for candidate in [world.office, world.secadmin, auditor] {
                    let status = try await client.send(.GET, path, token: candidate).status
                    if status != .forbidden && status != .unauthorized {
                        token = candidate
                        break
                    }
                }
                let reader = try #require(token, "nobody may call \(operation.operationID)")
                for parameter in parameters {
                    guard case .query(let name, _, _, _, _, _, _, _) = parameter else { continue }
                    for (value, named) in Self.badValues(for: parameter) {
                        let encoded =
                            value.contains("&")
                            ? value : value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
                        let reply = try await client.send(.GET, "\(path)?\(name)=\(encoded)", token: reader)
                        #expect(
                            reply.status == .badRequest, "\(operation.operationID) \(name)=\(value): \(reply.status)")
                        #expect(reply.isProblem)
                        let errors = (try reply.json()["errors"] as? [[String: Any]]) ?? []
                        #expect(
                            errors.contains { $0["field"] as? String == name && "\($0["zh"] ?? "")".contains(named) },
                            "\(operation.operationID) \(name)=\(value): \(errors)")
                        checked += 1
                    }
                }
            }
            #expect(checked > 40)
        }
    }

    @Test("S4 codes that name nothing are refused as such; codes that exist filter")
    func codesAndPages() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            _ = try await client.send(.POST, "/api/v1/carriers", token: world.office, json: world.carrierBody())
            let unknown = try await client.send(.GET, "/api/v1/carriers?department=D06", token: world.office)
            #expect(unknown.status == .badRequest)
            #expect((try unknown.json()["zh"] as? String)?.contains("部门编码 D06 不存在") == true)
            let level = try await client.send(.GET, "/api/v1/copies?level=SECRET", token: world.office)
            #expect(level.status == .badRequest)
            #expect((try level.json()["en"] as? String)?.contains("topSecret, secret") == true)
            // a department by its code works as by its UUID
            let byCode = try await client.send(.GET, "/api/v1/carriers?department=D-TECH", token: world.office)
            #expect(try byCode.json()["total"] as? Int == 1)
            let byID = try await client.send(
                .GET, "/api/v1/carriers?department=\(world.department)", token: world.office)
            #expect(try byID.json()["total"] as? Int == 1)
            // pages: the filter bar says what was wrong, over an empty ledger
            let cookies = ["baomi_session": world.office]
            let page = try await client.send(.GET, "/carriers?level=SECRET&department=D06", cookies: cookies)
            #expect(page.status == .badRequest)
            #expect(page.body.contains("部门编码 D06 不存在"))
            #expect(page.body.contains("level 不能是「SECRET」"))
            #expect(page.body.contains("class=\"filters\""))
            let copies = try await client.send(.GET, "/carriers/copies?state=gone", cookies: cookies)
            #expect(copies.status == .badRequest)
            #expect(copies.body.contains("state 不能是「gone」"))
            let findings = try await client.send(.GET, "/compliance?severity=huge", cookies: cookies)
            #expect(findings.status == .badRequest)
            #expect(findings.body.contains("severity 不能是「huge」"))
            let reports = try await client.send(.GET, "/reports?department=D06", cookies: cookies)
            #expect(reports.status == .badRequest)
            #expect(reports.body.contains("部门编码 D06 不存在"))
            let people = try await client.send(.GET, "/org/people?department=D06", cookies: cookies)
            #expect(people.status == .badRequest)
            let requests = try await client.send(.GET, "/requests?kind=steal", cookies: cookies)
            #expect(requests.status == .badRequest)
        }
    }

    @Test("S4 TRACE and any method an address does not serve answer 405 problem+json with Allow")
    func methodNotAllowed() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let token = try await client.token("sysadmin")
            for (method, path, allow) in [
                (HTTPMethod.TRACE, "/api/v1/org-units", "GET, HEAD, POST"),
                (.DELETE, "/api/v1/org-units/\(UUID())", "GET, HEAD, PUT"),
                (.PATCH, "/api/v1/me", "GET, HEAD"),
                (.TRACE, "/login", "GET, HEAD, POST"),
                (.RAW(value: "PROPFIND"), "/api/v1/nowhere", ""),
            ] {
                let reply = try await client.send(method, path, token: token)
                #expect(reply.status == .methodNotAllowed, "\(method) \(path): \(reply.status)")
                #expect(reply.isProblem, "\(method) \(path)")
                #expect(reply.headers.first(name: .allow) ?? "" == allow, "\(method) \(path)")
            }
            #expect(try await client.send(.GET, "/api/v1/nowhere", token: token).status == .notFound)
            #expect(try await client.send(.DELETE, "/api/v1/nowhere", token: token).status == .notFound)
            let options = try await client.send(.OPTIONS, "/api/v1/org-units")
            #expect(options.status == .noContent)
            #expect(options.headers.first(name: .allow) == "GET, HEAD, POST")
        }
    }

    @Test("S4 /reports/{name} lists its names, so /reports/self-inspection is never one of them")
    func reportPathsAreUnambiguous() async throws {
        try await withTestApp { test in
            let document = try await Client(app: test.app).send(.GET, "/openapi.json").json()
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let operation = try #require(paths["/api/v1/reports/{name}"]?["get"] as? [String: Any])
            let name = try #require(
                (operation["parameters"] as? [[String: Any]])?.first { $0["name"] as? String == "name" })
            let names = try #require((name["schema"] as? [String: Any])?["enum"] as? [String])
            #expect(names == Report.allCases.map(\.rawValue))
            #expect(!names.contains("self-inspection"))
        }
    }
}
