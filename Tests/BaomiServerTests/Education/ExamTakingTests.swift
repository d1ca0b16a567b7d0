import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Testing
import Vapor

@testable import BaomiServer

@Suite("Exams taken in the browser and the API (E6.2)")
struct ExamTakingTests {
    @Test("E6.2 an open attempt carries no answer key and no explanation, on the page or in the API")
    func noKeyBeforeSubmission() async throws {
        try await withTestApp { test in
            let world = try await ExamWorld.make(test)
            let exam = try await world.exam(try await world.addQuestions())
            let attempt = try await world.start(exam)
            let id = try #require(attempt["id"] as? String)
            try await world.answer(attempt, right: true)

            let api = try await world.client.send(.GET, "/api/v1/attempts/\(id)", token: world.staff)
            let page = try await world.client.send(
                .GET, "/education/attempts/\(id)", cookies: ["baomi_session": world.staff])
            #expect(api.status == .ok)
            #expect(page.status == .ok)
            #expect(page.body.contains("涉密载体应当存放在"))
            for body in [api.body, page.body] {
                #expect(!body.contains(ExamWorld.explanationMarker))
                #expect(!body.contains("\"key\""))
                #expect(!body.contains("\"explanation\""))
                #expect(!body.contains("\"correct\""))
            }
            // The fill-in answer the person typed is theirs to see; the accepted answer itself is only in their text.
            let items = try #require(try api.json()["items"] as? [[String: Any]])
            #expect(items.allSatisfy { $0["key"] == nil && $0["explanation"] == nil && $0["correct"] == nil })

            // After submission the key and the explanations are shown.
            let submitted = try await world.client.send(.POST, "/api/v1/attempts/\(id)/submit", token: world.staff)
            #expect(submitted.status == .ok)
            #expect(submitted.body.contains(ExamWorld.explanationMarker))
            let result = try await world.client.send(
                .GET, "/education/attempts/\(id)", cookies: ["baomi_session": world.staff])
            #expect(result.body.contains(ExamWorld.explanationMarker))
        }
    }

    @Test("E6.2 a submission after the deadline and its grace is refused, citing E6.2, and nothing is scored")
    func lateSubmissionRefused() async throws {
        try await withTestApp { test in
            let world = try await ExamWorld.make(test)
            let exam = try await world.exam(try await world.addQuestions(), minutes: 10)
            let attempt = try await world.start(exam)
            let id = try #require(attempt["id"] as? String)
            try await world.answer(attempt, right: true)
            // Past ten minutes and the 30 s grace (a look at 我的考试 on the way keeps the session from idling out, S3).
            test.clock.advance(minutes: 6)
            _ = try await world.client.send(.GET, "/api/v1/me/exams", token: world.staff)
            test.clock.advance(minutes: 4.6)
            let late = try await world.client.send(.POST, "/api/v1/attempts/\(id)/submit", token: world.staff)
            #expect(late.status == .unprocessableEntity)
            #expect(try late.json()["rule"] as? String == "E6.2")
            let saved = try await world.client.send(.GET, "/api/v1/attempts/\(id)", token: world.staff).json()
            #expect(saved["submittedAt"] == nil)
            #expect(saved["score"] == nil)
            let question = try #require((attempt["items"] as? [[String: Any]])?.first?["questionID"] as? String)
            let answer = try await world.client.send(
                .PUT, "/api/v1/attempts/\(id)/answers/\(question)", token: world.staff, json: ["selected": [0]])
            #expect(answer.status == .unprocessableEntity)
        }
    }

    @Test("E6.2 within the grace after the deadline a submission still counts")
    func submissionWithinGrace() async throws {
        try await withTestApp { test in
            let world = try await ExamWorld.make(test)
            let exam = try await world.exam(try await world.addQuestions(), minutes: 10)
            let attempt = try await world.start(exam)
            try await world.answer(attempt, right: true)
            test.clock.advance(minutes: 6)
            _ = try await world.client.send(.GET, "/api/v1/me/exams", token: world.staff)
            test.clock.advance(minutes: 4.25)
            let id = try #require(attempt["id"] as? String)
            let submitted = try await world.client.send(.POST, "/api/v1/attempts/\(id)/submit", token: world.staff)
            #expect(submitted.status == .ok)
            #expect(try submitted.json()["score"] as? Int == 40)
        }
    }

    @Test("E6.2 a replayed submission is refused with 409 and the first score stands")
    func replayRefused() async throws {
        try await withTestApp { test in
            let world = try await ExamWorld.make(test)
            let exam = try await world.exam(try await world.addQuestions())
            let attempt = try await world.start(exam)
            let id = try #require(attempt["id"] as? String)
            try await world.answer(attempt, right: false)
            let first = try await world.client.send(.POST, "/api/v1/attempts/\(id)/submit", token: world.staff)
            #expect(first.status == .ok)
            let replay = try await world.client.send(.POST, "/api/v1/attempts/\(id)/submit", token: world.staff)
            #expect(replay.status == .conflict)
            #expect(try replay.json()["rule"] as? String == "E6.2")
            // Nor may the answers change afterwards, by the API or the page.
            let question = try #require((attempt["items"] as? [[String: Any]])?.first?["questionID"] as? String)
            let change = try await world.client.send(
                .PUT, "/api/v1/attempts/\(id)/answers/\(question)", token: world.staff, json: ["selected": [0]])
            #expect(change.status == .unprocessableEntity)
            let page = try await world.client.send(
                .POST, "/education/attempts/\(id)/submit", form: [("csrf", try await world.csrf())],
                cookies: ["baomi_session": world.staff])
            #expect(page.status != .seeOther)
            #expect(
                try await world.client.send(.GET, "/api/v1/attempts/\(id)", token: world.staff).json()["score"] as? Int
                    == 0)
        }
    }

    @Test("E6.2 attempts beyond the number allowed are refused")
    func attemptsLimited() async throws {
        try await withTestApp { test in
            let world = try await ExamWorld.make(test)
            let exam = try await world.exam(try await world.addQuestions(), attempts: 2)
            for _ in 0..<2 {
                let attempt = try await world.start(exam)
                let id = try #require(attempt["id"] as? String)
                #expect(
                    try await world.client.send(.POST, "/api/v1/attempts/\(id)/submit", token: world.staff).status
                        == .ok)
            }
            let third = try await world.client.send(.POST, "/api/v1/exams/\(exam)/attempts", token: world.staff)
            #expect(third.status == .unprocessableEntity)
            #expect(try third.json()["rule"] as? String == "E6.2")
            let mine = try await world.client.send(.GET, "/api/v1/me/exams", token: world.staff).jsonArray()
            #expect(mine.first?["attemptsLeft"] as? Int == 0)
            #expect(mine.first?["mayStart"] as? Bool == false)
        }
    }

    @Test("E6.2 E6.6(3) a failed attempt writes no credit; passing writes exactly one of the exam's purpose")
    func passingWritesOneCredit() async throws {
        try await withTestApp { test in
            let world = try await ExamWorld.make(test)
            let exam = try await world.exam(try await world.addQuestions(), purpose: "prePost", passMark: 30)
            let person = try #require(UUID(uuidString: world.staffPerson))
            let failed = try await world.start(exam)
            try await world.answer(failed, right: false)
            let failedID = try #require(failed["id"] as? String)
            let failure = try await world.client.send(.POST, "/api/v1/attempts/\(failedID)/submit", token: world.staff)
            #expect(try failure.json()["passed"] as? Bool == false)
            #expect(try await TrainingCredits().credits(of: person, on: test.db).isEmpty)

            let passed = try await world.start(exam)
            try await world.answer(passed, right: true)
            let passedID = try #require(passed["id"] as? String)
            let success = try await world.client.send(.POST, "/api/v1/attempts/\(passedID)/submit", token: world.staff)
            #expect(try success.json()["passed"] as? Bool == true)
            #expect(try success.json()["score"] as? Int == 40)
            let credits = try await TrainingCredits().credits(of: person, on: test.db)
            #expect(credits.count == 1)
            #expect(credits.first?.purpose == .prePost)
            #expect(credits.first?.source == .exam)
            #expect(credits.first?.sourceID == UUID(uuidString: passedID))
        }
    }

    @Test("E6.2 of two submissions of one attempt at once, exactly one wins and the other is a 409")
    func oneSubmissionWins() async throws {
        try await withTestApp { test in
            let world = try await ExamWorld.make(test)
            let exam = try await world.exam(try await world.addQuestions(), attempts: 5)
            let person = try #require(UUID(uuidString: world.staffPerson))
            for round in 0..<5 {
                let attempt = try await world.start(exam)
                try await world.answer(attempt, right: true)
                let id = try #require(attempt["id"] as? String)
                async let first = world.client.send(.POST, "/api/v1/attempts/\(id)/submit", token: world.staff)
                async let second = world.client.send(.POST, "/api/v1/attempts/\(id)/submit", token: world.staff)
                let statuses = [try await first.status, try await second.status].map(\.code).sorted()
                #expect(statuses == [200, 409], "round \(round)")
            }
            #expect(try await TrainingCredits().credits(of: person, on: test.db).count == 5)
        }
    }

    @Test(
        "E6.2 the page saves answers without script and submits them, and the certificate names the submission's leaf")
    func pageJourneyAndCertificate() async throws {
        try await withTestApp { test in
            let world = try await ExamWorld.make(test)
            let questions = try await world.addQuestions()
            let exam = try await world.exam(questions)
            let cookies = ["baomi_session": world.staff]
            let csrf = try await world.csrf()
            let mine = try await world.client.send(.GET, "/education/my-exams", cookies: cookies)
            #expect(mine.body.contains("上岗前保密考试"))
            let started = try await world.client.send(
                .POST, "/education/exams/\(exam)/start", form: [("csrf", csrf)], cookies: cookies)
            #expect(started.status == .seeOther)
            let location = try #require(started.headers.first(name: .location))
            let id = String(location.split(separator: "/").last ?? "")
            let attempt = try await world.client.send(.GET, "/api/v1/attempts/\(id)", token: world.staff).json()
            var form: [(String, String)] = [("csrf", csrf)]
            for item in try #require(attempt["items"] as? [[String: Any]]) {
                let question = try #require(item["questionID"] as? String).lowercased()
                form.append(("present", question))
                switch item["type"] as? String {
                case "singleChoice": form.append(("q-\(question)", "0"))
                case "multipleChoice": form += [("q-\(question)", "0"), ("q-\(question)", "1"), ("q-\(question)", "3")]
                case "trueFalse": form.append(("q-\(question)", "1"))
                default: form.append(("q-\(question)", "管理\(ExamWorld.keyMarker)"))
                }
            }
            let saved = try await world.client.send(
                .POST, "/education/attempts/\(id)/answers", form: form, cookies: cookies)
            #expect(saved.status == .seeOther)
            let submitted = try await world.client.send(
                .POST, "/education/attempts/\(id)/submit", form: [("csrf", csrf)], cookies: cookies)
            #expect(submitted.status == .seeOther)
            let result = try await world.client.send(.GET, "/education/attempts/\(id)", cookies: cookies)
            #expect(result.body.contains("40/40"))
            let certificate = try await world.client.send(
                .GET, "/education/attempts/\(id)/certificate", cookies: cookies)
            #expect(certificate.status == .ok)
            #expect(certificate.body.contains("保密教育考试合格证书"))
            #expect(certificate.body.contains("baomi:leaf:"))
            #expect(certificate.body.contains("<svg"))
            let leaf = try #require(
                certificate.body.components(separatedBy: "leaf-text\">").dropFirst().first?.components(separatedBy: "<")
                    .first)
            let attemptID = try #require(UUID(uuidString: id))
            let record = try #require(try await test.app.baomi.exams.submissionRecord(of: attemptID, on: test.db))
            #expect(leaf == AuditLeafReference(index: record.leafIndex, hash: record.leafHash).text)
            #expect(record.action == "exam.submit")
        }
    }
}
