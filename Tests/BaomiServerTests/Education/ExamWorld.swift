import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

/// A department, the security office, a member of staff with an account linked to a person, and a small bank
/// whose keys and explanations carry marker text a test can look for (E6.2).
struct ExamWorld {
    let world: CarrierWorld
    let staff: String
    let staffPerson: String

    var client: Client { world.client }
    var office: String { world.office }

    /// Words only the key and the explanations contain: a page or answer before submission must not.
    static let keyMarker = "钥匙标记甲乙"
    static let explanationMarker = "解析标记丙丁"

    static func make(_ test: TestApp) async throws -> ExamWorld {
        let world = try await CarrierWorld.make(test)
        let person = try #require(
            try await world.client.send(
                .POST, "/api/v1/people", token: world.sysadmin,
                json: ["name": "考生甲", "employeeNumber": "E-KS1", "departmentID": world.department]
            ).json()["id"] as? String)
        let staff = try await world.client.account(
            "kaosheng", roles: ["staff"], sysadmin: world.sysadmin, secadmin: world.secadmin, personID: person)
        return ExamWorld(world: world, staff: staff, staffPerson: person)
    }

    /// The CSRF token of the member of staff's pages.
    func csrf() async throws -> String {
        let page = try await client.send(.GET, "/education/my-exams", cookies: ["baomi_session": staff])
        return try #require(csrfToken(in: page.body))
    }

    /// Adds the four kinds of question; returns their ids (single, multiple, true/false, fill-in).
    func addQuestions() async throws -> [String] {
        let bodies: [[String: Any]] = [
            [
                "type": "singleChoice", "stem": "涉密载体应当存放在？", "options": ["密码保险柜", "办公桌", "窗台"],
                "correct": [0], "areas": ["basics"], "difficulty": "easy",
                "explanation": "\(Self.explanationMarker)一：保险柜",
            ],
            [
                "type": "multipleChoice", "stem": "下列属于国家秘密密级的是？", "options": ["绝密", "机密", "内部", "秘密"],
                "correct": [0, 1, 3], "areas": ["law"], "difficulty": "medium",
                "explanation": "\(Self.explanationMarker)二",
            ],
            [
                "type": "trueFalse", "stem": "涉密计算机可以连接互联网。", "correct": [1], "areas": ["networkSecurity"],
                "difficulty": "easy", "explanation": "\(Self.explanationMarker)三",
            ],
            [
                "type": "fillIn", "stem": "保密工作的方针是积极防范、突出重点、依法____。", "accepted": ["管理\(Self.keyMarker)"],
                "areas": ["policy"], "difficulty": "hard", "explanation": "\(Self.explanationMarker)四",
            ],
        ]
        var ids: [String] = []
        for body in bodies {
            let created = try await client.send(.POST, "/api/v1/questions", token: office, json: body)
            #expect(created.status == .created, "\(created.body)")
            ids.append(try #require(try created.json()["id"] as? String))
        }
        return ids
    }

    /// An exam of the given questions, open from now for a day.
    func exam(
        _ questions: [String], purpose: String = "prePost", passMark: Int = 30, attempts: Int = 2, minutes: Int = 30,
        contest: Bool = false
    ) async throws -> String {
        let now = world.client.app.baomi.clock()
        let created = try await client.send(
            .POST, "/api/v1/exams", token: office,
            json: [
                "title": "上岗前保密考试", "purpose": purpose, "questionIDs": questions, "pointsPerQuestion": 10,
                "timeLimitMinutes": minutes, "passMark": passMark, "attemptsAllowed": attempts,
                "opensAt": ISO8601DateFormatter().string(from: now.addingTimeInterval(-60)),
                "closesAt": ISO8601DateFormatter().string(from: now.addingTimeInterval(86_400)), "contest": contest,
            ])
        #expect(created.status == .created, "\(created.body)")
        return try #require(try created.json()["id"] as? String)
    }

    /// Starts an attempt as the member of staff; returns its JSON.
    func start(_ exam: String, token: String? = nil) async throws -> [String: Any] {
        let started = try await client.send(.POST, "/api/v1/exams/\(exam)/attempts", token: token ?? staff)
        #expect(started.status == .created, "\(started.body)")
        return try started.json()
    }

    /// Answers every question of an attempt right (or wrong), through the API.
    func answer(_ attempt: [String: Any], right: Bool, token: String? = nil) async throws {
        let id = try #require(attempt["id"] as? String)
        let items = try #require(attempt["items"] as? [[String: Any]])
        for item in items {
            let question = try #require(item["questionID"] as? String)
            let stem = try #require(item["stem"] as? String)
            let body: [String: Any] =
                switch stem {
                case let s where s.hasPrefix("涉密载体"): ["selected": right ? [0] : [1]]
                case let s where s.hasPrefix("下列"): ["selected": right ? [0, 1, 3] : [0, 1]]
                case let s where s.hasPrefix("涉密计算机"): ["selected": right ? [1] : [0]]
                default: ["text": right ? "　管理\(Self.keyMarker) " : "放任"]
                }
            let saved = try await client.send(
                .PUT, "/api/v1/attempts/\(id)/answers/\(question)", token: token ?? staff, json: body)
            #expect(saved.status == .noContent, "\(saved.body)")
        }
    }
}
