import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Testing
import Vapor

@testable import BaomiServer

@Suite("The question bank: import, export, draws (E6.2, E5)")
struct QuestionBankTests {
    /// A bank of `count` questions in Chinese, every type, area and difficulty, as a CSV file.
    static func chineseBank(_ count: Int) -> String {
        var lines = [QuestionSheet.headers.joined(separator: ",")]
        let areas = ContentArea.allCases
        let difficulties = ["易", "中", "难"]
        for index in 0..<count {
            let area = areas[index % areas.count].title.zh
            let difficulty = difficulties[(index / areas.count) % 3]
            let stem = "第\(index + 1)题：关于“\(area)”，下列说法正确的是？"
            let options = ["选项甲\(index)", "选项乙\(index)", "选项丙\(index)", "选项丁\(index)", "", "", "", ""]
            let row: [String] =
                switch index % 4 {
                case 0: ["单选", stem] + options + ["B", area, difficulty, "解析：依据保密法第\(index)条"]
                case 1: ["多选", stem] + options + ["ACD", area, difficulty, "多选解析\(index)"]
                case 2: ["判断", "涉密人员离岗应当办理移交手续（\(index)）。", "", "", "", "", "", "", "", "", "正确", area, difficulty, ""]
                default:
                    [
                        "填空", "保密期限届满的，自行____（\(index)）。", "", "", "", "", "", "", "", "", "解密|解除", area, difficulty,
                        "填空解析",
                    ]
                }
            lines.append(row.map(CSVWriter.field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    func importFile(_ world: ExamWorld, _ text: String, name: String = "题库.csv") async throws -> Client.Reply {
        try await world.client.send(
            .POST, "/api/v1/question-imports", token: world.office,
            json: ["fileName": name, "content": Data(text.utf8).base64EncodedString()])
    }

    @Test("E6.2 a bank of 1,000 questions in Chinese imports in one go, and exports to CSV and xlsx that import again")
    func thousandQuestions() async throws {
        try await withTestApp { test in
            let world = try await ExamWorld.make(test)
            let imported = try await importFile(world, Self.chineseBank(1000))
            #expect(imported.status == .created, "\(imported.body.prefix(500))")
            #expect(try imported.json()["imported"] as? Int == 1000)
            let all = try await world.client.send(.GET, "/api/v1/questions", token: world.office).jsonArray()
            #expect(all.count == 1000)
            let hard = try await world.client.send(
                .GET, "/api/v1/questions?area=policy&difficulty=hard&type=singleChoice", token: world.office
            ).jsonArray()
            #expect(!hard.isEmpty)
            #expect(
                hard.allSatisfy { ($0["areas"] as? [String]) == ["policy"] && $0["difficulty"] as? String == "hard" })

            // The export is the import's own format: the workbook reads back to the same 1,000 questions.
            let cookies = ["baomi_session": world.office]
            let workbook = try await world.client.send(.GET, "/education/questions/export.xlsx", cookies: cookies)
            #expect(workbook.status == .ok)
            let csv = try await world.client.send(.GET, "/education/questions/export.csv", cookies: cookies)
            #expect(csv.body.contains("关于“保密法律法规”"))
            let (questions, problems) = QuestionSheet.parse(try CSVTable.parse(csv.body).records)
            #expect(problems.isEmpty)
            #expect(questions.count == 1000)
        }
    }

    @Test("E6.2 an xlsx workbook imports as a CSV file does")
    func workbookImports() async throws {
        try await withTestApp { test in
            let world = try await ExamWorld.make(test)
            let rows = try CSVTable.parse(Self.chineseBank(12)).records.map(\.fields)
            let workbook = try XLSXWorkbook(sheetName: "题库", headers: rows[0], rows: Array(rows.dropFirst())).data()
            let imported = try await world.client.send(
                .POST, "/api/v1/question-imports", token: world.office,
                json: ["fileName": "题库.xlsx", "content": workbook.base64EncodedString()])
            #expect(imported.status == .created, "\(imported.body)")
            #expect(try imported.json()["imported"] as? Int == 12)
        }
    }

    @Test("E6.2 each bad row is named by its row number and reason, and nothing of the file is written")
    func badRowsNamed() async throws {
        try await withTestApp { test in
            let world = try await ExamWorld.make(test)
            var lines = Self.chineseBank(20).components(separatedBy: "\r\n")
            // Row 6: a choice answer that is no option letter; row 9: an area E5 does not know; row 14: no stem.
            lines[5] = lines[5].replacingOccurrences(of: ",B,", with: ",Z,")
            lines[8] = lines[8].replacingOccurrences(of: ",反窃密,", with: ",娱乐,")
            var fields = lines[13].components(separatedBy: ",")
            fields[1] = ""
            lines[13] = fields.joined(separator: ",")
            let refused = try await importFile(world, lines.joined(separator: "\r\n"))
            #expect(refused.status == .unprocessableEntity)
            let errors = try #require(try refused.json()["errors"] as? [[String: Any]])
            let messages = errors.compactMap { $0["zh"] as? String }
            #expect(messages.contains { $0.hasPrefix("第 6 行「答案」") })
            #expect(messages.contains { $0.hasPrefix("第 9 行「内容领域」") })
            #expect(messages.contains { $0.hasPrefix("第 14 行「题干」") })
            #expect(errors.count == 3)
            #expect(try await world.client.send(.GET, "/api/v1/questions", token: world.office).jsonArray().isEmpty)

            // The page names them too, beside the upload form.
            let cookies = ["baomi_session": world.office]
            let page = try await world.client.send(.GET, "/education/questions", cookies: cookies)
            let upload = multipart(
                file: Array(lines.joined(separator: "\r\n").utf8), name: "题库.csv",
                fields: [("csrf", try #require(csrfToken(in: page.body)))])
            let shown = try await world.client.sendBytes(
                .POST, "/education/questions/import", body: upload.body, contentType: upload.type, cookies: cookies)
            #expect(shown.status == .unprocessableEntity)
            #expect(shown.body.contains("第 9 行「内容领域」"))
            #expect(try await world.client.send(.GET, "/api/v1/questions", token: world.office).jsonArray().isEmpty)
        }
    }

    @Test("E6.2 E5 a random draw gives each person the counts asked of each area and difficulty, in their own order")
    func randomDrawPerPerson() async throws {
        try await withTestApp { test in
            let world = try await ExamWorld.make(test)
            _ = try await importFile(world, Self.chineseBank(300))
            let now = test.app.baomi.clock()
            let created = try await world.client.send(
                .POST, "/api/v1/exams", token: world.office,
                json: [
                    "title": "年度保密知识竞赛", "purpose": "general", "contest": true,
                    "draws": [
                        ["area": "law", "difficulty": "easy", "count": 3],
                        ["area": "networkSecurity", "difficulty": "hard", "count": 2],
                    ],
                    "pointsPerQuestion": 10, "timeLimitMinutes": 20, "passMark": 30, "attemptsAllowed": 1,
                    "opensAt": ISO8601DateFormatter().string(from: now.addingTimeInterval(-60)),
                    "closesAt": ISO8601DateFormatter().string(from: now.addingTimeInterval(3600)),
                ])
            #expect(created.status == .created, "\(created.body)")
            let exam = try #require(try created.json()["id"] as? String)
            let bank = try await world.client.send(.GET, "/api/v1/questions", token: world.office).jsonArray()
            let byID = Dictionary(uniqueKeysWithValues: bank.compactMap { q in (q["id"] as? String).map { ($0, q) } })
            let other = try await world.world.clearedAccount("kaosheng2", roles: ["staff"])
            var papers: [[String]] = []
            for token in [world.staff, other] {
                let attempt = try await world.start(exam, token: token)
                let ids = try #require(attempt["items"] as? [[String: Any]]).compactMap { $0["questionID"] as? String }
                let drawn = ids.compactMap { byID[$0.lowercased()] ?? byID[$0] }
                #expect(drawn.count == 5)
                let law = drawn.filter {
                    ($0["areas"] as? [String]) == ["law"] && $0["difficulty"] as? String == "easy"
                }
                let network = drawn.filter {
                    ($0["areas"] as? [String]) == ["networkSecurity"] && $0["difficulty"] as? String == "hard"
                }
                #expect(law.count == 3)
                #expect(network.count == 2)
                papers.append(ids)
            }
            #expect(papers[0] != papers[1])
        }
    }
}
