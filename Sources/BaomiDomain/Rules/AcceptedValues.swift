/// What a field accepts, for the message that refuses a value it does not: `无法识别的载体形态「软盘」，应为：纸介质
/// (paper)、光盘 (opticalDisc)…`. Whoever mistyped a value sees at once what would have been right.
public struct AcceptedValues: Sendable {
    /// Each accepted value as people write it in Chinese, and its code word.
    public var values: [(zh: String, code: String)]
    /// At most this many are listed; the rest are counted (a directory of departments may be long).
    public var limit: Int

    public init(_ values: [(zh: String, code: String)], limit: Int = 40) {
        self.values = values
        self.limit = limit
    }

    /// The values of a string enumeration with a Chinese title.
    public static func of<Value: RawRepresentable<String> & CaseIterable>(
        _ type: Value.Type, title: (Value) -> LocalizedText
    ) -> AcceptedValues {
        AcceptedValues(type.allCases.map { (title($0).zh, $0.rawValue) })
    }

    /// Codes only (department codes, project codes), each written once.
    public static func codes(_ codes: [String], limit: Int = 40) -> AcceptedValues {
        AcceptedValues(codes.sorted().map { ($0, $0) }, limit: limit)
    }

    /// `纸介质 (paper)、光盘 (opticalDisc)` / `paper, opticalDisc`, with `等 N 个` / `and N more` past the limit.
    public var list: LocalizedText {
        let shown = values.prefix(limit)
        let more = values.count - shown.count
        let zh = shown.map { $0.zh == $0.code ? $0.zh : "\($0.zh) (\($0.code))" }.joined(separator: "、")
        let en = shown.map(\.code).joined(separator: ", ")
        return LocalizedText(
            zh: zh + (more > 0 ? " 等，另有 \(more) 个" : ""), en: en + (more > 0 ? " and \(more) more" : ""))
    }

    /// `无法识别的<label>「value」，应为：…` / `Unknown <label> "value"; use one of …`.
    public func refusing(_ value: String, label: LocalizedText) -> LocalizedText {
        if values.isEmpty {
            return LocalizedText(
                zh: "无法识别的\(label.zh)「\(value)」（尚未设置任何\(label.zh)）",
                en: "Unknown \(label.en.lowercased()) \"\(value)\" (none is set up yet)")
        }
        return LocalizedText(
            zh: "无法识别的\(label.zh)「\(value)」，应为：\(list.zh)",
            en: "Unknown \(label.en.lowercased()) \"\(value)\"; use one of \(list.en)")
    }
}

extension FieldValidator {
    /// Records that `value` is none of the accepted values, naming them.
    public mutating func add(
        field: String, rule: RuleID? = nil, unknown value: String, label: LocalizedText, accepted: AcceptedValues
    ) {
        let message = accepted.refusing(value, label: label)
        add(field: field, rule: rule, zh: message.zh, en: message.en)
    }
}
