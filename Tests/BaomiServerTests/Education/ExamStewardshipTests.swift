import BaomiDomain
import Foundation
import Testing
import Vapor

@testable import BaomiServer

@Suite("Who sets exams and who takes them (E6.2, T5.2)")
struct ExamStewardshipTests {
    func examBody(_ questions: [String], audience: [String], now: Date) -> [String: Any] {
        [
            "title": "部门保密考试", "purpose": "general", "questionIDs": questions, "pointsPerQuestion": 10,
            "timeLimitMinutes": 30, "passMark": 20, "attemptsAllowed": 1, "audience": audience,
            "opensAt": ISO8601DateFormatter().string(from: now.addingTimeInterval(-60)),
            "closesAt": ISO8601DateFormatter().string(from: now.addingTimeInterval(3600)),
        ]
    }

    @Test("T5.2 E6.2 a secrecy officer sets exams only for their own department; others' exams are not theirs to see")
    func officerScope() async throws {
        try await withTestApp { test in
            let world = try await ExamWorld.make(test)
            let client = world.client
            let questions = try await world.addQuestions()
            let root = try await client.send(
                .GET, "/api/v1/org-units/\(world.world.department)", token: world.world.sysadmin
            ).json()["parentID"]
            let other = try #require(
                try await client.send(
                    .POST, "/api/v1/org-units", token: world.world.sysadmin,
                    json: ["name": "财务部", "code": "D-FIN", "kind": "department", "parentID": root ?? NSNull()]
                ).json()["id"] as? String)
            let officer = try await world.world.clearedAccount("bmy", roles: ["secrecyOfficer"])
            let now = test.app.baomi.clock()

            let everyone = try await client.send(
                .POST, "/api/v1/exams", token: officer, json: examBody(questions, audience: [], now: now))
            #expect(everyone.status == .unprocessableEntity)
            #expect(try everyone.json()["rule"] as? String == "T5.2")
            let elsewhere = try await client.send(
                .POST, "/api/v1/exams", token: officer, json: examBody(questions, audience: [other], now: now))
            #expect(elsewhere.status == .unprocessableEntity)
            let own = try await client.send(
                .POST, "/api/v1/exams", token: officer,
                json: examBody(questions, audience: [world.world.department], now: now))
            #expect(own.status == .created)
            let ownID = try #require(try own.json()["id"] as? String)

            let office = try await client.send(
                .POST, "/api/v1/exams", token: world.office, json: examBody(questions, audience: [other], now: now))
            let officeID = try #require(try office.json()["id"] as? String)
            #expect(try await client.send(.GET, "/api/v1/exams/\(officeID)", token: officer).status == .notFound)
            #expect(
                try await client.send(.GET, "/api/v1/exams/\(officeID)/results", token: officer).status == .notFound)
            let listed = try await client.send(.GET, "/api/v1/exams", token: officer).jsonArray().compactMap {
                $0["id"] as? String
            }
            #expect(listed == [ownID])

            // The member of staff in the officer's department sees their department's exam, not the other one.
            let mine = try await client.send(.GET, "/api/v1/me/exams", token: world.staff).jsonArray().compactMap {
                $0["id"] as? String
            }
            #expect(mine == [ownID])
            let refused = try await client.send(.POST, "/api/v1/exams/\(officeID)/attempts", token: world.staff)
            #expect(refused.status == .unprocessableEntity)
            #expect(try refused.json()["rule"] as? String == "E6.2")
            // Staff keep no bank (S1 table: 题库 belongs to the office and the officers).
            #expect(try await client.send(.GET, "/api/v1/questions", token: world.staff).status == .forbidden)
        }
    }
}
