import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Vapor

/// A question of the bank with its key: only ever sent to those who keep the bank (E6.2).
struct QuestionDTO: Content {
    var id: UUID
    var type: String
    var stem: String
    var options: [String]
    var correct: [Int]
    var accepted: [String]
    var areas: [String]
    var difficulty: String
    var explanation: String

    init?(_ model: QuestionModel) {
        guard let id = model.id, let question = model.question else { return nil }
        self.id = id
        type = question.type.rawValue
        stem = question.stem
        options = question.type == .trueFalse ? Question.trueFalseOptions : question.options
        correct = question.correct
        accepted = question.accepted
        areas = question.areas.map(\.rawValue)
        difficulty = question.difficulty.rawValue
        explanation = question.explanation
    }
}

struct QuestionInput: Content {
    var type: String
    var stem: String
    var options: [String]?
    var correct: [Int]?
    var accepted: [String]?
    var areas: [String]
    var difficulty: String
    var explanation: String?

    /// The question it describes; the schema has already held the words to their enums.
    func question() throws -> Question {
        guard let type = QuestionType(rawValue: type), let difficulty = Difficulty(rawValue: difficulty) else {
            throw DomainError.invalid(
                field: "type", rule: ExamDefinition.rule, zh: "题型或难度无法识别", en: "Unknown type or difficulty")
        }
        return Question(
            type: type, stem: stem, options: options ?? [], correct: correct ?? [], accepted: accepted ?? [],
            areas: areas.compactMap(ContentArea.init(rawValue:)), difficulty: difficulty,
            explanation: explanation ?? "")
    }
}

struct QuestionImportInput: Content {
    var fileName: String
    /// The file's bytes (CSV or xlsx) in base64.
    var content: String
}

struct QuestionImportDTO: Content {
    var imported: Int
}

struct DrawRuleDTO: Content {
    var area: String
    var difficulty: String
    var count: Int
}

struct ExamInput: Content {
    var title: String
    var purpose: String
    var questionIDs: [UUID]?
    var draws: [DrawRuleDTO]?
    var pointsPerQuestion: Int?
    var timeLimitMinutes: Int
    var passMark: Int
    var attemptsAllowed: Int
    var opensAt: String
    var closesAt: String
    var audience: [UUID]?
    var contest: Bool?

    func definition() throws -> ExamDefinition {
        var validator = FieldValidator()
        let opens = ExamTime.parse(opensAt)
        let closes = ExamTime.parse(closesAt)
        if opens == nil {
            validator.add(field: "opensAt", rule: ExamDefinition.rule, zh: "开始时间格式不对", en: "opensAt is not a date-time")
        }
        if closes == nil {
            validator.add(
                field: "closesAt", rule: ExamDefinition.rule, zh: "截止时间格式不对", en: "closesAt is not a date-time")
        }
        try validator.check()
        return ExamDefinition(
            title: title, purpose: TrainingPurpose(rawValue: purpose) ?? .general, questionIDs: questionIDs ?? [],
            draws: (draws ?? []).compactMap { draw in
                guard let area = ContentArea(rawValue: draw.area),
                    let difficulty = Difficulty(rawValue: draw.difficulty)
                else { return nil }
                return DrawRule(area: area, difficulty: difficulty, count: draw.count)
            },
            pointsPerQuestion: pointsPerQuestion ?? 1, timeLimitMinutes: timeLimitMinutes, passMark: passMark,
            attemptsAllowed: attemptsAllowed, opensAt: opens ?? Date(), closesAt: closes ?? Date(),
            audience: audience ?? [], contest: contest ?? false)
    }
}

/// Times of an exam's window: ISO 8601 with a zone (`2026-12-05T09:00:00+08:00`), or a page's
/// `2026-12-05T09:00` read in the organisation's zone.
enum ExamTime {
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmed
        if let date = try? Date(trimmed, strategy: .iso8601) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = DisplayTime.zone
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) { return date }
        }
        return nil
    }

    /// A date as a page's `datetime-local` field shows it, in the organisation's zone.
    static func field(_ date: Date) -> String {
        DisplayTime.format(date).replacingOccurrences(of: " ", with: "T")
    }
}

struct ExamDTO: Content {
    var id: UUID
    var title: String
    var purpose: String
    var questionIDs: [UUID]
    var draws: [DrawRuleDTO]
    var questionCount: Int
    var pointsPerQuestion: Int
    var maxScore: Int
    var timeLimitMinutes: Int
    var passMark: Int
    var attemptsAllowed: Int
    var opensAt: Date
    var closesAt: Date
    var audience: [UUID]
    var contest: Bool
    var createdBy: String

    init(_ exam: ExamModel, _ definition: ExamDefinition) {
        id = exam.id ?? UUID()
        title = exam.title
        purpose = definition.purpose.rawValue
        questionIDs = definition.questionIDs
        draws = definition.draws.map {
            DrawRuleDTO(area: $0.area.rawValue, difficulty: $0.difficulty.rawValue, count: $0.count)
        }
        questionCount = definition.questionCount
        pointsPerQuestion = definition.pointsPerQuestion
        maxScore = definition.maxScore
        timeLimitMinutes = definition.timeLimitMinutes
        passMark = definition.passMark
        attemptsAllowed = definition.attemptsAllowed
        opensAt = definition.opensAt
        closesAt = definition.closesAt
        audience = definition.audience
        contest = definition.contest
        createdBy = exam.createdBy
    }
}

/// One attempt in an exam's results (per person, per department).
struct ExamResultDTO: Content {
    var attemptID: UUID
    var personID: UUID
    var personName: String
    var departmentName: String
    var number: Int
    var startedAt: Date
    var submittedAt: Date?
    var secondsTaken: Int?
    var score: Int?
    var maxScore: Int
    var passed: Bool?

    init(_ attempt: ExamAttemptModel) {
        attemptID = attempt.id ?? UUID()
        personID = attempt.$person.id
        personName = attempt.personName
        departmentName = attempt.departmentName
        number = attempt.number
        startedAt = attempt.startedAt
        submittedAt = attempt.submittedAt
        secondsTaken = attempt.secondsTaken
        score = attempt.score
        maxScore = attempt.maxScore
        passed = attempt.passed
    }
}

struct MyExamDTO: Content {
    var id: UUID
    var title: String
    var purpose: String
    var opensAt: Date
    var closesAt: Date
    var timeLimitMinutes: Int
    var questionCount: Int
    var maxScore: Int
    var passMark: Int
    var attemptsUsed: Int
    var attemptsLeft: Int
    var runningAttemptID: UUID?
    var bestScore: Int?
    var passed: Bool
    var mayStart: Bool

    init(_ exam: MyExam) {
        id = exam.id
        title = exam.title
        purpose = exam.purpose.rawValue
        opensAt = exam.opensAt
        closesAt = exam.closesAt
        timeLimitMinutes = exam.timeLimitMinutes
        questionCount = exam.questionCount
        maxScore = exam.maxScore
        passMark = exam.passMark
        attemptsUsed = exam.attemptsUsed
        attemptsLeft = max(0, exam.attemptsAllowed - exam.attemptsUsed)
        runningAttemptID = exam.runningAttempt
        bestScore = exam.best?.score
        passed = exam.best?.passed ?? false
        mayStart = exam.mayStart.isAllowed
    }
}
