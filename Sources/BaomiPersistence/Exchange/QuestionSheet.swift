import BaomiDomain
import Foundation

/// The question bank as a sheet (E6.2): one question a row, Chinese or English headers, read from CSV or xlsx and
/// written to both. `parse` checks every row and names each bad one by its row number and reason, so an import writes
/// the whole file or nothing.
///
/// Columns: 题型 (单选/多选/判断/填空), 题干, 选项A … 选项H, 答案 (choice: letters such as `A` or `ACD`; 判断: 正确/错误;
/// 填空: accepted answers separated by `|`), 内容领域 (E5 areas by name or code, separated by `;`, `；` or `、`), 难度
/// (易/中/难), 解析.
public enum QuestionSheet {
    public static let optionColumns = OptionLetters.all.map { "选项\($0)" }
    public static let headers = ["题型", "题干"] + optionColumns + ["答案", "内容领域", "难度", "解析"]
    static let englishHeaders =
        ["type", "stem"] + OptionLetters.all.map { "option\($0)" } + ["answer", "areas", "difficulty", "explanation"]

    /// One bad row: the row number a spreadsheet shows, the column, and why.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var row: Int
        public var column: String
        public var message: LocalizedText

        public var description: String { "第 \(row) 行「\(column)」：\(message.zh) (E6.2)" }
        public var english: String { "row \(row), \(column): \(message.en) (E6.2)" }
    }

    /// Every question of the file, or every problem in it.
    public static func parse(_ records: [CSVTable.Record]) -> (questions: [Question], problems: [Problem]) {
        let rows = records.filter { !$0.isBlank }
        guard let header = rows.first else {
            return ([], [Problem(row: 1, column: "题型", message: LocalizedText(zh: "文件是空的", en: "The file is empty"))])
        }
        var columns: [Int: Int] = [:]
        for (position, name) in header.fields.enumerated() {
            let cleaned = name.trimmed
            if let index = headers.firstIndex(of: cleaned) ?? englishHeaders.firstIndex(of: cleaned) {
                columns[index] = position
            }
        }
        for required in [0, 1, headers.count - 4, headers.count - 3, headers.count - 2] where columns[required] == nil {
            return (
                [],
                [
                    Problem(
                        row: header.line, column: headers[required],
                        message: LocalizedText(
                            zh: "表头缺少「\(headers[required])」列",
                            en: "The header has no \(englishHeaders[required]) column"))
                ]
            )
        }
        var questions: [Question] = []
        var problems: [Problem] = []
        for record in rows.dropFirst() {
            func cell(_ index: Int) -> String {
                guard let position = columns[index], record.fields.indices.contains(position) else { return "" }
                return CSVWriter.unguarded(record.fields[position].trimmed)
            }
            let (question, rowProblems) = parseRow(cell, row: record.line)
            if let question, rowProblems.isEmpty { questions.append(question) }
            problems += rowProblems
        }
        if questions.isEmpty && problems.isEmpty {
            problems.append(
                Problem(
                    row: header.line + 1, column: "题干",
                    message: LocalizedText(zh: "文件中没有试题", en: "No questions in the file")))
        }
        return (questions, problems)
    }

    /// A question typed into the page's form, whose fields are named as the English headers (`type`, `stem`,
    /// `optionA` …, `answer`, `areas` as `;`-joined codes, `difficulty`, `explanation`): the page reads the sheet's
    /// format, so a question means the same typed or imported. Problems come back by field.
    public static func parse(fields: [String: String]) -> (question: Question?, errors: [FieldError]) {
        let (question, problems) = parseRow({ fields[englishHeaders[$0]]?.trimmed ?? "" }, row: 1)
        let errors = problems.map { problem in
            let column = headers.firstIndex(of: problem.column) ?? 1
            return FieldError(field: englishHeaders[column], rule: ExamDefinition.rule, message: problem.message)
        }
        return (errors.isEmpty ? question : nil, errors)
    }

    /// A question as the form's fields (the inverse of `parse(fields:)`).
    public static func fields(_ question: Question) -> [String: String] {
        var fields = Dictionary(uniqueKeysWithValues: zip(englishHeaders, row(question)))
        fields["type"] = question.type.rawValue
        fields["difficulty"] = question.difficulty.rawValue
        fields["areas"] = question.areas.map(\.rawValue).joined(separator: ",")
        return fields
    }

    private static func parseRow(_ cell: (Int) -> String, row: Int) -> (Question?, [Problem]) {
        var problems: [Problem] = []
        func problem(_ column: Int, zh: String, en: String) {
            problems.append(Problem(row: row, column: headers[column], message: LocalizedText(zh: zh, en: en)))
        }
        let answerColumn = headers.count - 4
        guard let type = questionType(cell(0)) else {
            problem(
                0, zh: "题型「\(cell(0))」无法识别（可填：单选、多选、判断、填空）", en: "Unknown type (single, multiple, true/false, fill-in)")
            return (nil, problems)
        }
        var options: [String] = []
        for index in OptionLetters.all.indices {
            let text = cell(2 + index)
            if !text.isEmpty { options.append(text) }
        }
        let answer = cell(answerColumn)
        var correct: [Int] = []
        var accepted: [String] = []
        switch type {
        case .singleChoice, .multipleChoice:
            if let letters = OptionLetters.indices(answer), !letters.isEmpty {
                correct = letters
            } else {
                problem(
                    answerColumn, zh: "答案「\(answer)」须是选项字母，如 A 或 ACD",
                    en: "The answer must be option letters such as A or ACD")
            }
        case .trueFalse:
            if let value = truth(answer) {
                correct = [value ? 0 : 1]
            } else {
                problem(answerColumn, zh: "判断题答案须是「正确」或「错误」", en: "A true/false answer is 正确 or 错误")
            }
        case .fillIn:
            accepted = answer.split(whereSeparator: { $0 == "|" || $0 == "｜" }).map { String($0).trimmed }
                .filter { !$0.isEmpty }
        }
        var areas: [ContentArea] = []
        for name in cell(headers.count - 3).split(whereSeparator: { ";；,，".contains($0) }).map({ String($0).trimmed }) {
            // 、 separates areas too, except inside the one area whose name holds it (保密范围、定密、变更密级与解密).
            let parts = name.split(separator: "、").map { contentArea(String($0).trimmed) }
            if let area = contentArea(name) {
                areas.append(area)
            } else if parts.count > 1, parts.allSatisfy({ $0 != nil }) {
                areas += parts.compactMap { $0 }
            } else {
                problem(
                    headers.count - 3, zh: "内容领域「\(name)」不是保密教育的十个内容领域之一 (E5)",
                    en: "\(name) is not one of the ten content areas (E5)")
            }
        }
        guard let difficulty = difficulty(cell(headers.count - 2)) else {
            problem(
                headers.count - 2, zh: "难度「\(cell(headers.count - 2))」须是易、中或难", en: "Difficulty is easy, medium or hard"
            )
            return (nil, problems)
        }
        guard problems.isEmpty else { return (nil, problems) }
        let question = Question(
            type: type, stem: cell(1), options: options, correct: correct, accepted: accepted, areas: areas,
            difficulty: difficulty, explanation: cell(headers.count - 1))
        let columnOf = [
            "stem": 1, "options": 2, "answer": answerColumn, "areas": headers.count - 3,
            "explanation": headers.count - 1,
        ]
        for error in question.problems {
            problem(columnOf[error.field] ?? 1, zh: error.message.zh, en: error.message.en)
        }
        return (question, problems)
    }

    /// The bank's rows as the sheet lays them out (so an export imports again as it is).
    public static func row(_ question: Question) -> [String] {
        let answer: String
        switch question.type {
        case .singleChoice, .multipleChoice: answer = question.correct.map(OptionLetters.letter).joined()
        case .trueFalse: answer = question.correct.first == 0 ? "正确" : "错误"
        case .fillIn: answer = question.accepted.joined(separator: "|")
        }
        let options = question.type == .trueFalse ? [] : question.options
        return [question.type.title.zh.replacingOccurrences(of: "题", with: ""), question.stem]
            + OptionLetters.all.indices.map { options.indices.contains($0) ? options[$0] : "" }
            + [
                answer, question.areas.map(\.title.zh).joined(separator: "；"), question.difficulty.title.zh,
                question.explanation,
            ]
    }

    static func questionType(_ text: String) -> QuestionType? {
        let word = text.replacingOccurrences(of: "题", with: "").replacingOccurrences(of: "选择", with: "选")
        switch word {
        case "单选", "单项选", "single", "singleChoice": return .singleChoice
        case "多选", "多项选", "multiple", "multipleChoice": return .multipleChoice
        case "判断", "是非", "trueFalse", "truefalse": return .trueFalse
        case "填空", "fillIn", "fill": return .fillIn
        default: return nil
        }
    }

    static func truth(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "正确", "对", "是", "√", "✓", "t", "true", "a": return true
        case "错误", "错", "否", "×", "✗", "f", "false", "b": return false
        default: return nil
        }
    }

    static func contentArea(_ text: String) -> ContentArea? {
        ContentArea(rawValue: text)
            ?? ContentArea.allCases.first { $0.title.zh == text || $0.title.en.lowercased() == text.lowercased() }
    }

    static func difficulty(_ text: String) -> Difficulty? {
        switch text.lowercased() {
        case "易", "容易", "简单", "easy": return .easy
        case "中", "中等", "一般", "medium": return .medium
        case "难", "困难", "较难", "hard": return .hard
        default: return nil
        }
    }
}
