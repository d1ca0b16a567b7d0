import Foundation

/// What a person answered to one question: the options they picked (indices into the question's own options, not
/// the shuffled order they saw) or the text they wrote.
public struct QuestionResponse: Codable, Sendable, Hashable {
    public var selected: [Int]
    public var text: String

    public init(selected: [Int] = [], text: String = "") {
        self.selected = selected.sorted()
        self.text = text
    }

    public var isBlank: Bool { selected.isEmpty && text.trimmed.isEmpty }
}

/// Automatic scoring (E6.2): pure functions, the same for the page, the API and the benchmark.
public enum Scoring {
    /// Whether `response` is right. A multiple-choice question scores only when exactly the right options are
    /// picked (no credit for part of them: a half-known rule is not known); a fill-in answer scores when it equals
    /// one accepted answer after `normalised`.
    public static func isCorrect(_ response: QuestionResponse?, to question: Question) -> Bool {
        guard let response else { return false }
        switch question.type {
        case .singleChoice, .multipleChoice, .trueFalse:
            return !response.selected.isEmpty && Set(response.selected) == Set(question.correct)
                && response.selected.count == question.correct.count
        case .fillIn:
            let given = normalised(response.text)
            return !given.isEmpty && question.accepted.contains { normalised($0) == given }
        }
    }

    /// Text as compared: full-width forms folded to half-width (ＡＢＣ１２３ → ABC123, the ideographic space to a
    /// space) by Unicode compatibility mapping, letters lower-cased, runs of whitespace made one space, trimmed.
    public static func normalised(_ text: String) -> String {
        let folded = text.precomposedStringWithCompatibilityMapping.lowercased()
        return folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The score of a paper: `points` for each right answer.
    public static func score(
        _ questions: [Question], responses: [QuestionResponse?], points: Int
    ) -> Int {
        zip(questions, responses).reduce(0) { total, pair in
            total + (isCorrect(pair.1, to: pair.0) ? points : 0)
        }
    }
}
