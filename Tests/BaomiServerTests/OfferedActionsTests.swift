import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

/// What a page offers, a viewer may do (UI.md: "refused actions are not shown as buttons"): every form a page shows
/// is sent back as it stands — its hidden fields and CSRF token, nothing typed — and must not end in 403. A form
/// the viewer may use answers with its own validation (422), a redirect or the page again; only a form the viewer
/// was never allowed to use is refused outright (T5.2, S1, A3).
/// On SQLite only, as `SideChannelTests`: what a page offers does not depend on the database.
@Suite("Pages offer only what the viewer may do (UI.md, T5.2, S1)", .serialized, .enabled(if: testsRunOnSQLite))
struct OfferedActionsTests {
    /// The forms of a page: each one's action and the fields it sends without anyone typing.
    static func forms(in html: String) -> [(action: String, fields: [(String, String)])] {
        var forms: [(String, [(String, String)])] = []
        var rest = html[...]
        while let open = rest.range(of: "<form") {
            guard let close = rest.range(of: "</form>", range: open.upperBound..<rest.endIndex) else { break }
            let form = String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
            let head = String(form.prefix { $0 != ">" })
            guard attribute("method", in: head)?.lowercased() == "post", let action = attribute("action", in: head)
            else { continue }
            var fields: [(String, String)] = []
            var inputs = form[...]
            while let input = inputs.range(of: "<input") {
                let tag = String(inputs[input.lowerBound...].prefix { $0 != ">" })
                inputs = inputs[input.upperBound...]
                guard attribute("type", in: tag) == "hidden", let name = attribute("name", in: tag) else { continue }
                fields.append((name, attribute("value", in: tag) ?? ""))
            }
            forms.append((action.replacingOccurrences(of: "&amp;", with: "&"), fields))
        }
        return forms
    }

    /// The new-request pages a page's buttons open.
    static func requestLinks(in html: String) -> [String] {
        html.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            .filter { $0.hasPrefix("/requests/new") }.map { $0.replacingOccurrences(of: "&amp;", with: "&") }
    }

    private static func attribute(_ name: String, in tag: String) -> String? {
        guard let start = tag.range(of: " \(name)=\"") else { return nil }
        return String(tag[start.upperBound...].prefix { $0 != "\"" })
    }

    @Test(
        "T5.2 S1 no page offers a department officer, a leader, staff or the office a form that ends in a full-page 403"
    )
    func noOfferedFormIsForbidden() async throws {
        try await withTestApp { test in
            var world = try await LeakWorld.make(test)
            // A market carrier the technical department is in the scope of: its officer reads it, but keeps only
            // the technical department's carriers (T5.2) — its pages must not offer them the market's steps.
            let office = world.token("bmbprobe")
            let market = try #require(world.ids["unit"]?[2])
            let director = try #require(world.ids["person"]?.first)
            let shared = try await world.client.send(
                .POST, "/api/v1/carriers", token: office,
                json: [
                    "title": "市场部共享资料", "documentNumber": "市〔2026〕3号", "category": "technicalSolution",
                    "form": "paper", "level": "confidential", "period": "10", "copyCount": 1,
                    "departmentID": market, "scopeDepartments": [market, try #require(world.ids["unit"]?[1])],
                    "classifierID": director, "classificationBasis": "保密事项范围第3条",
                ])
            #expect(shared.status == .created, "\(shared.body)")
            let carrier = try shared.json()
            let copy = try #require((carrier["copies"] as? [[String: Any]])?.first?["id"] as? String)
            let placed = try await world.client.send(
                .POST, "/api/v1/copies/\(copy)/steps", token: office,
                json: ["action": "place", "placeID": try #require(world.ids["place"]?[1])])
            #expect(placed.status == .ok, "\(placed.body)")
            world.ids["carrier", default: []].append(try #require(carrier["id"] as? String))
            world.ids["copy", default: []].append(copy)
            let addresses = SideChannelTests.addresses(test.app, world: world).filter { !$0.contains("?") }
            // Signing out or switching language is offered to everyone and ends the crawl's session or changes it.
            let skipped = ["/logout", "/language/", "/profile"]
            var refused: [String] = []
            var tried = 0
            for username in ["vdpc", "vdpi", "vldc", "vstc", "vofc"] {
                let token = world.token(username)
                var sent: Set<String> = []
                // The pages, and the request forms their buttons open (复制, 个人留存, 借阅…).
                var queue = addresses
                var opened: Set<String> = []
                while let address = queue.popLast() {
                    let page = try await world.client.send(.GET, address, token: token)
                    for link in Self.requestLinks(in: page.body) where opened.insert(link).inserted {
                        queue.append(link)
                    }
                    guard page.status == .ok, page.headers.contentType?.subType == "html" else { continue }
                    for form in Self.forms(in: page.body) where !skipped.contains(where: { form.action.hasPrefix($0) })
                    {
                        let key =
                            form.action
                            + form.fields.filter { $0.0 != "csrf" }.map { "\($0.0)=\($0.1)" }
                            .joined(separator: "&")
                        guard sent.insert(key).inserted else { continue }
                        tried += 1
                        let reply = try await world.client.send(
                            .POST, form.action, token: token, form: form.fields)
                        if reply.status == .forbidden {
                            refused.append("\(username) on \(address): \(key) → 403")
                        }
                    }
                }
            }
            #expect(tried > 20)
            #expect(refused.isEmpty, "\(refused.count) offered forms refused:\n\(refused.joined(separator: "\n"))")
        }
    }
}
