import Foundation
import Testing

@testable import BaomiDomain

@Suite("Scoring, papers and exam rules (E6.2)")
struct ExamRulesTests {
    static let single = Question(
        type: .singleChoice, stem: "单选", options: ["甲", "乙", "丙"], correct: [1], areas: [.basics], difficulty: .easy)
    static let multiple = Question(
        type: .multipleChoice, stem: "多选", options: ["甲", "乙", "丙", "丁"], correct: [0, 2, 3], areas: [.law],
        difficulty: .medium)
    static let truth = Question(type: .trueFalse, stem: "判断", correct: [1], areas: [.policy], difficulty: .easy)
    static let fill = Question(
        type: .fillIn, stem: "填空", accepted: ["积极防范", "ＡＢＣ 123"], areas: [.policy], difficulty: .hard)

    @Test("E6.2 a single choice scores only its one right option")
    func singleChoice() {
        #expect(Scoring.isCorrect(QuestionResponse(selected: [1]), to: Self.single))
        #expect(!Scoring.isCorrect(QuestionResponse(selected: [0]), to: Self.single))
        #expect(!Scoring.isCorrect(QuestionResponse(selected: [0, 1]), to: Self.single))
        #expect(!Scoring.isCorrect(nil, to: Self.single))
    }

    @Test("E6.2 a multiple choice scores exactly the right options, in any order, no credit for part of them")
    func multipleChoice() {
        #expect(Scoring.isCorrect(QuestionResponse(selected: [3, 0, 2]), to: Self.multiple))
        #expect(!Scoring.isCorrect(QuestionResponse(selected: [0, 2]), to: Self.multiple))
        #expect(!Scoring.isCorrect(QuestionResponse(selected: [0, 1, 2, 3]), to: Self.multiple))
    }

    @Test("E6.2 true or false")
    func trueFalse() {
        #expect(Self.truth.options == ["正确", "错误"])
        #expect(Scoring.isCorrect(QuestionResponse(selected: [1]), to: Self.truth))
        #expect(!Scoring.isCorrect(QuestionResponse(selected: [0]), to: Self.truth))
    }

    @Test("E6.2 a fill-in compares trimmed text, full- and half-width alike, against every accepted answer")
    func fillIn() {
        #expect(Scoring.isCorrect(QuestionResponse(text: "  积极防范　"), to: Self.fill))
        #expect(Scoring.isCorrect(QuestionResponse(text: "abc  １２３"), to: Self.fill))
        #expect(!Scoring.isCorrect(QuestionResponse(text: "积极"), to: Self.fill))
        #expect(!Scoring.isCorrect(QuestionResponse(text: "   "), to: Self.fill))
        #expect(
            Scoring.score(
                [Self.single, Self.multiple, Self.truth, Self.fill],
                responses: [
                    QuestionResponse(selected: [1]), QuestionResponse(selected: [0]), nil,
                    QuestionResponse(text: "积极防范"),
                ], points: 5) == 10)
    }

    @Test("E6.2 a question is checked: stem, area, options and an answer that fits its type")
    func questionValidation() {
        let bad = Question(
            type: .singleChoice, stem: " ", options: ["甲"], correct: [0, 3], areas: [], difficulty: .easy)
        let fields = Set(bad.problems.map(\.field))
        #expect(fields == ["stem", "areas", "options", "answer"])
        #expect(bad.problems.allSatisfy { $0.rule == RuleID("E6.2") })
        #expect(Self.multiple.problems.isEmpty && Self.fill.problems.isEmpty && Self.truth.problems.isEmpty)
    }

    @Test("E6.2 E5 a draw takes the counts asked per area and difficulty; each seed its own order")
    func draws() throws {
        var bank: [BankEntry] = []
        for area in ContentArea.allCases {
            for difficulty in Difficulty.allCases {
                for _ in 0..<4 { bank.append(BankEntry(id: UUID(), areas: [area], difficulty: difficulty)) }
            }
        }
        let exam = ExamDefinition(
            title: "抽题", purpose: .general,
            draws: [
                DrawRule(area: .law, difficulty: .hard, count: 3), DrawRule(area: .cases, difficulty: .easy, count: 2),
            ],
            timeLimitMinutes: 10, passMark: 3, attemptsAllowed: 1, opensAt: Date(), closesAt: Date() + 60)
        #expect(exam.problems.isEmpty)
        let byID = Dictionary(uniqueKeysWithValues: bank.map { ($0.id, $0) })
        var orders = Set<[UUID]>()
        for seed in UInt64(1)...20 {
            let paper = try ExamPaper.questions(exam, bank: bank, seed: seed)
            #expect(paper.count == 5)
            #expect(paper.filter { byID[$0]?.areas == [.law] && byID[$0]?.difficulty == .hard }.count == 3)
            #expect(paper.filter { byID[$0]?.areas == [.cases] && byID[$0]?.difficulty == .easy }.count == 2)
            #expect(try ExamPaper.questions(exam, bank: bank, seed: seed) == paper)
            orders.insert(paper)
        }
        #expect(orders.count > 10)
        var short = exam
        short.draws = [DrawRule(area: .law, difficulty: .hard, count: 5)]
        #expect(throws: DomainError.self) { try ExamPaper.questions(short, bank: bank, seed: 1) }
        let order = ExamPaper.optionOrder(count: 4, type: .singleChoice, seed: 7, position: 0)
        #expect(order.sorted() == [0, 1, 2, 3])
        #expect(ExamPaper.optionOrder(count: 2, type: .trueFalse, seed: 7, position: 0) == [0, 1])
    }

    @Test("E6.2 the window, the attempts allowed, the audience and the deadline with its grace")
    func startAndSubmit() {
        let opens = Date(timeIntervalSince1970: 1_000_000)
        let department = UUID()
        let exam = ExamDefinition(
            title: "考试", purpose: .prePost, questionIDs: [UUID()], timeLimitMinutes: 30, passMark: 1,
            attemptsAllowed: 2, opensAt: opens, closesAt: opens + 3600, audience: [department])
        func start(_ now: Date, used: Int = 0, in unit: UUID? = department) -> Bool {
            ExamRules.mayStart(exam, departmentID: unit, attemptsUsed: used, hasOpenAttempt: false, now: now).isAllowed
        }
        #expect(start(opens + 1))
        #expect(!start(opens - 1))
        #expect(!start(opens + 3600))
        #expect(!start(opens + 1, used: 2))
        #expect(!start(opens + 1, in: UUID()))
        #expect(ExamRules.deadline(exam, startedAt: opens + 3000) == opens + 3600)
        let deadline = opens + 1800
        #expect(ExamRules.mayWrite(deadline: deadline, submittedAt: nil, now: deadline + 30).isAllowed)
        #expect(!ExamRules.mayWrite(deadline: deadline, submittedAt: nil, now: deadline + 31).isAllowed)
        #expect(!ExamRules.mayWrite(deadline: deadline, submittedAt: opens, now: opens + 10).isAllowed)
        #expect(ExamRules.mayManage(audience: [department], stewarded: [department]).isAllowed)
        #expect(!ExamRules.mayManage(audience: [], stewarded: [department]).isAllowed)
        #expect(ExamRules.mayManage(audience: [], stewarded: nil).isAllowed)
    }

    @Test("E6.2 a contest ranks by score, then by time taken")
    func contestOrder() {
        let now = Date()
        #expect(ExamRules.ranksBefore((90, 300, now), (80, 100, now)))
        #expect(ExamRules.ranksBefore((90, 200, now), (90, 300, now - 100)))
        #expect(!ExamRules.ranksBefore((90, 300, now), (90, 200, now)))
    }
}
