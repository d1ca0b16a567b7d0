import Foundation

/// The four kinds of question a secrecy quiz asks (E6.2).
public enum QuestionType: String, CaseIterable, Codable, Sendable {
    case singleChoice
    case multipleChoice
    case trueFalse
    case fillIn

    public var title: LocalizedText {
        switch self {
        case .singleChoice: LocalizedText(zh: "单选题", en: "Single choice")
        case .multipleChoice: LocalizedText(zh: "多选题", en: "Multiple choice")
        case .trueFalse: LocalizedText(zh: "判断题", en: "True or false")
        case .fillIn: LocalizedText(zh: "填空题", en: "Fill in")
        }
    }

    /// Whether the answer is picked among options (and so the options are shuffled per person).
    public var hasOptions: Bool { self != .fillIn }
}

/// How hard a question is; random draws ask for counts per area and difficulty (E6.2).
public enum Difficulty: String, CaseIterable, Codable, Sendable {
    case easy
    case medium
    case hard

    public var title: LocalizedText {
        switch self {
        case .easy: LocalizedText(zh: "易", en: "Easy")
        case .medium: LocalizedText(zh: "中", en: "Medium")
        case .hard: LocalizedText(zh: "难", en: "Hard")
        }
    }
}

/// One question of the bank (E6.2, E5): the stem, the options (none for fill-in; 正确/错误 for true or false), the
/// answer key and the explanation shown once an attempt is submitted — never before.
public struct Question: Codable, Sendable, Hashable {
    public var type: QuestionType
    public var stem: String
    public var options: [String]
    /// Indices into `options` of the right ones (choice and true/false questions).
    public var correct: [Int]
    /// The accepted answers of a fill-in question, any one of which scores.
    public var accepted: [String]
    public var areas: [ContentArea]
    public var difficulty: Difficulty
    public var explanation: String

    public init(
        type: QuestionType, stem: String, options: [String] = [], correct: [Int] = [], accepted: [String] = [],
        areas: [ContentArea], difficulty: Difficulty, explanation: String = ""
    ) {
        self.type = type
        self.stem = stem
        self.options = type == .trueFalse ? Self.trueFalseOptions : options
        self.correct = correct.sorted()
        self.accepted = accepted
        self.areas = areas
        self.difficulty = difficulty
        self.explanation = explanation
    }

    /// The two options of a true-or-false question, in this order: 0 is true.
    public static let trueFalseOptions = ["正确", "错误"]
    public static let maxOptions = 8
    public static let rule = RuleID("E6.2")

    /// Every problem with the question, each citing E6.2; empty when it may be stored.
    public var problems: [FieldError] {
        var validator = FieldValidator()
        let rule = Self.rule
        if stem.trimmed.isEmpty { validator.add(field: "stem", rule: rule, zh: "请填写题干", en: "The stem is required") }
        if stem.count > 2000 {
            validator.add(field: "stem", rule: rule, zh: "题干不能超过 2000 个字符", en: "The stem is longer than 2000")
        }
        if areas.isEmpty {
            validator.add(
                field: "areas", rule: rule, zh: "请至少选择一个教育内容领域 (E5)", en: "Tag at least one content area (E5)")
        }
        if explanation.count > 2000 {
            validator.add(
                field: "explanation", rule: rule, zh: "解析不能超过 2000 个字符", en: "The explanation is longer than 2000")
        }
        switch type {
        case .singleChoice, .multipleChoice:
            if options.count < 2 || options.count > Self.maxOptions {
                validator.add(
                    field: "options", rule: rule, zh: "选择题须有 2 至 \(Self.maxOptions) 个选项",
                    en: "A choice question has 2 to \(Self.maxOptions) options")
            } else if options.contains(where: { $0.trimmed.isEmpty || $0.count > 500 }) {
                validator.add(
                    field: "options", rule: rule, zh: "选项不能为空，也不能超过 500 个字符",
                    en: "An option is empty or longer than 500 characters")
            }
            checkCorrect(&validator, single: type == .singleChoice)
        case .trueFalse:
            checkCorrect(&validator, single: true)
        case .fillIn:
            if accepted.isEmpty || accepted.contains(where: { $0.trimmed.isEmpty || $0.count > 200 }) {
                validator.add(
                    field: "answer", rule: rule, zh: "填空题须给出至少一个参考答案（每个不超过 200 个字符）",
                    en: "A fill-in question needs at least one accepted answer (each at most 200 characters)")
            }
        }
        return validator.errors
    }

    private func checkCorrect(_ validator: inout FieldValidator, single: Bool) {
        let inRange =
            !correct.isEmpty && correct.allSatisfy { options.indices.contains($0) }
            && Set(correct).count == correct.count
        if !inRange {
            validator.add(
                field: "answer", rule: Self.rule, zh: "答案须是题目中的选项", en: "The answer must name the question's options")
        } else if single, correct.count != 1 {
            validator.add(
                field: "answer", rule: Self.rule, zh: "\(type.title.zh)只能有一个正确答案",
                en: "A \(type.title.en.lowercased()) question has exactly one right answer")
        } else if type == .multipleChoice, correct.count < 2 {
            validator.add(
                field: "answer", rule: Self.rule, zh: "多选题须有至少两个正确答案",
                en: "A multiple-choice question has at least two right answers")
        }
    }

    /// Throws `DomainError.invalid` naming every problem (E6.2).
    public func validate() throws(DomainError) {
        let problems = self.problems
        if !problems.isEmpty { throw DomainError.invalid(problems) }
    }
}

/// Option letters as people write them: A, B, C… (the first eight).
public enum OptionLetters {
    public static let all: [Character] = ["A", "B", "C", "D", "E", "F", "G", "H"]

    public static func letter(_ index: Int) -> String {
        all.indices.contains(index) ? String(all[index]) : "?"
    }

    /// "ACD", "A,C,D" or "a c d" as indices; nil when a letter is not an option letter.
    public static func indices(_ text: String) -> [Int]? {
        var result: [Int] = []
        for character in text.uppercased() where !",，、;； ".contains(character) {
            guard let index = all.firstIndex(of: character) else { return nil }
            result.append(index)
        }
        return result
    }
}
