import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Testing
import Vapor

@testable import BaomiServer

/// 涉密岗位任用 as a request of the approval engine (A2, A4, T8, T9, E6.6(3), A7).
@Suite("Putting a person on a post is a request (A2, A4, T8, T9, E6.6(3), A7)", .serialized)
struct PostAppointmentTests {
    static func person(_ name: String, number: String, world: CarrierWorld) async throws -> String {
        try #require(
            try await world.client.send(
                .POST, "/api/v1/people", token: world.sysadmin,
                json: ["name": name, "employeeNumber": number, "departmentID": world.department]
            ).json()["id"] as? String)
    }

    static func submit(
        _ person: String, post: String, token: String, world: CarrierWorld
    ) async throws
        -> Client.Reply
    {
        try await world.client.send(
            .POST, "/api/v1/requests", token: token,
            json: [
                "kind": "secretPost", "copyIDs": [String](), "reason": "工作需要",
                "payload": ["personID": person, "postCode": post],
            ])
    }

    @Test("E6.6(3) T8 A4 A2 refused on submission until trained and signed; approved, the class follows the post")
    func appointment() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let created = try await client.send(
                .POST, "/api/v1/posts", token: world.office,
                json: ["code": "GW-9", "name": "总体设计师", "departmentID": world.department, "postClass": "core"])
            #expect(created.status == .created)
            let person = try await Self.person("任新岗", number: "E-901", world: world)
            let hr = try await world.clearedAccount("hrdept", roles: ["personnel"], postClass: "nonSecret")
            // No pre-post training: refused on submission, naming the rule.
            let untrained = try await Self.submit(person, post: "GW-9", token: hr, world: world)
            #expect(untrained.status == .unprocessableEntity && untrained.isProblem, "\(untrained.body)")
            #expect(try untrained.json()["rule"] as? String == "E6.6(3)")
            // The page: the form redisplayed with the refusal.
            let cookies = ["baomi_session": world.office]
            let form = try await client.send(.GET, "/org/posts/appointments/new?person=\(person)", cookies: cookies)
            #expect(form.status == .ok && form.body.contains("appointment-form") && form.body.contains("GW-9"))
            let csrf = try #require(csrfToken(in: form.body))
            let redisplayed = try await client.send(
                .POST, "/org/posts/appointments/new",
                form: [("csrf", csrf), ("personID", person), ("postCode", "GW-9"), ("reason", "工作需要")],
                cookies: cookies)
            #expect(redisplayed.status == .unprocessableEntity && redisplayed.body.contains("E6.6(3)"))
            try await client.earnPrePost(person)
            let unsigned = try await Self.submit(person, post: "GW-9", token: hr, world: world)
            #expect(try unsigned.json()["rule"] as? String == "A4")
            #expect((try unsigned.json()["zh"] as? String)?.contains("知识产权保护协议") == true)
            try await client.signAgreements(person)
            let unknown = try await Self.submit(person, post: "NOPE", token: hr, world: world)
            #expect(unknown.status == .unprocessableEntity)
            #expect(try unknown.json()["rule"] as? String == "A2")
            let submitted = try await Self.submit(person, post: "GW-9", token: hr, world: world)
            #expect(submitted.status == .created, "\(submitted.body)")
            let id = try #require(try submitted.json()["id"] as? String)
            let twice = try await Self.submit(person, post: "GW-9", token: hr, world: world)
            #expect(twice.status == .conflict)
            // Department head (none: escalated to the office), then the office.
            var last: Client.Reply?
            for _ in 0..<2 {
                last = try await client.send(
                    .POST, "/api/v1/requests/\(id)/decision", token: world.office, json: ["verdict": "approve"])
            }
            #expect(try last?.json()["state"] as? String == "done", "\(last?.body ?? "")")
            let after = try await client.send(.GET, "/api/v1/people/\(person)", token: world.office).json()
            #expect(after["post"] as? String == "总体设计师")
            let clearance = try await client.send(
                .GET, "/api/v1/people/\(person)/clearance", token: world.secadmin
            ).json()
            #expect(clearance["postClass"] as? String == "core", "\(clearance)")
            let history = try await client.send(.GET, "/api/v1/people/\(person)/posts", token: hr).jsonArray()
            #expect(history.first?["postCode"] as? String == "GW-9")
            #expect((history.first?["requestNumber"] as? String)?.hasPrefix("SG-") == true)
            // The request page shows the facts as they were.
            let page = try await client.send(.GET, "/requests/\(id)", cookies: cookies)
            #expect(page.body.contains("总体设计师") && page.body.contains("核心涉密人员"))
            // The person's page offers the request to HR and the office.
            let personPage = try await client.send(.GET, "/org/people/\(person)", cookies: cookies)
            #expect(personPage.body.contains("/org/posts/appointments/new?person="))
        }
    }

    @Test("A4 A7 the last approval asks again: a person leaving since the submission is refused, nothing changes")
    func refusedOnApproval() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            _ = try await client.send(
                .POST, "/api/v1/posts", token: world.office,
                json: ["code": "GW-8", "name": "工艺师", "departmentID": world.department, "postClass": "general"])
            let person = try await Self.person("将离岗", number: "E-902", world: world)
            try await client.prepareForPost(person)
            let hr = try await world.clearedAccount("hrdept", roles: ["personnel"], postClass: "nonSecret")
            let submitted = try await Self.submit(person, post: "GW-8", token: hr, world: world)
            let id = try #require(try submitted.json()["id"] as? String)
            // Since the submission the person has started leaving (as a departure request would set it).
            let model = try #require(try await PersonModel.find(UUID(uuidString: person), on: test.db))
            model.status = PersonStatus.leaving.rawValue
            try await model.save(on: test.db)
            var last: Client.Reply?
            for _ in 0..<2 {
                last = try await client.send(
                    .POST, "/api/v1/requests/\(id)/decision", token: world.office, json: ["verdict": "approve"])
                if last?.status != .ok { break }
            }
            #expect(last?.status == .unprocessableEntity, "\(last?.body ?? "")")
            #expect(try last?.json()["rule"] as? String == "A4")
            let clearance = try await client.send(
                .GET, "/api/v1/people/\(person)/clearance", token: world.secadmin
            ).json()
            #expect(clearance["postClass"] as? String == "nonSecret", "\(clearance)")
            #expect(try await PostAssignmentModel.query(on: test.db).count() == 0)
        }
    }
}
