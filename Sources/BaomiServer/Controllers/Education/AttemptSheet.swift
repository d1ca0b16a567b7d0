import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Vapor

/// One attempt as its taker sees it (E6.2), on the take page and from `GET /api/v1/attempts/{id}`: the questions and
/// options in this person's order, what they saved, the deadline the server keeps. The answer key and the
/// explanations are filled in only once the attempt is submitted — before that they are not in the value at all,
/// so neither the page nor the JSON can carry them.
struct AttemptSheet: Content {
    struct Option: Content {
        /// The option's index in the question (what an answer names), not its place on this paper.
        var index: Int
        var letter: String
        var text: String
    }

    struct Answer: Content {
        var selected: [Int]
        var text: String
    }

    struct Item: Content {
        var questionID: UUID
        var position: Int
        var type: String
        var typeTitle: String
        var stem: String
        var options: [Option]
        var saved: Answer?
        /// After submission only.
        var correct: Bool?
        var key: Answer?
        var explanation: String?
    }

    var id: UUID
    var examID: UUID
    var examTitle: String
    var purpose: String
    var number: Int
    var personName: String
    var startedAt: Date
    var deadline: Date
    var graceSeconds: Int
    var submittedAt: Date?
    var score: Int?
    var maxScore: Int
    var passMark: Int
    var passed: Bool?
    var items: [Item]

    init(_ attempt: ExamAttemptModel, exam: ExamModel, definition: ExamDefinition, context: PageContext) {
        id = attempt.id ?? UUID()
        examID = exam.id ?? UUID()
        examTitle = exam.title
        purpose = definition.purpose.rawValue
        number = attempt.number
        personName = attempt.personName
        startedAt = attempt.startedAt
        deadline = attempt.deadline
        graceSeconds = Int(ExamDefinition.submissionGrace)
        submittedAt = attempt.submittedAt
        score = attempt.score
        maxScore = attempt.maxScore
        passMark = definition.passMark
        passed = attempt.passed
        let answers = attempt.answers
        let submitted = attempt.submittedAt != nil
        items = attempt.paper.enumerated().map { position, item in
            let question = item.question
            let saved = answers[item.questionID]
            return Item(
                questionID: item.questionID, position: position + 1, type: question.type.rawValue,
                typeTitle: context.t(question.type.title), stem: question.stem,
                options: item.order.enumerated().compactMap { place, index in
                    guard question.options.indices.contains(index) else { return nil }
                    return Option(index: index, letter: OptionLetters.letter(place), text: question.options[index])
                },
                saved: saved.map { Answer(selected: $0.selected, text: $0.text) },
                correct: submitted ? Scoring.isCorrect(saved, to: question) : nil,
                key: submitted
                    ? Answer(selected: question.correct, text: question.accepted.joined(separator: " | ")) : nil,
                explanation: submitted ? question.explanation : nil)
        }
    }
}

/// An answer as the API takes it: the options picked (by their `index`) or the text written.
struct AnswerInput: Content {
    var selected: [Int]?
    var text: String?

    var response: QuestionResponse { QuestionResponse(selected: selected ?? [], text: text ?? "") }
}
