/// Errors every layer understands and maps to the same status codes (DESIGN "Errors and bad input").
public enum DomainError: Error, Hashable, Sendable {
    /// The input is well-formed but a field is wrong; nothing was written (S4). Maps to 422.
    case invalid([FieldError])
    /// The object does not exist, or the caller may not know that it does. Maps to 404.
    case notFound(LocalizedText)
    /// The object's current state does not allow the step (e.g. already taken). Maps to 409.
    case conflict(LocalizedText, rule: RuleID?)

    public static func invalid(field: String, rule: RuleID? = nil, zh: String, en: String) -> DomainError {
        .invalid([FieldError(field: field, rule: rule, message: LocalizedText(zh: zh, en: en))])
    }

    public static func notFound(zh: String, en: String) -> DomainError {
        .notFound(LocalizedText(zh: zh, en: en))
    }
}

/// One field's complaint, shown next to the field on a form and in problem+json `errors`.
public struct FieldError: Error, Hashable, Sendable, Codable {
    public let field: String
    public let rule: RuleID?
    public let message: LocalizedText

    public init(field: String, rule: RuleID? = nil, message: LocalizedText) {
        self.field = field
        self.rule = rule
        self.message = message
    }
}

/// Collects field errors while a form or a JSON body is checked, so the user sees every problem at once.
public struct FieldValidator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    /// A trimmed, non-empty value, or a "required" error for the field.
    public mutating func required(_ value: String?, field: String, label: LocalizedText, maxLength: Int = 200) -> String
    {
        let trimmed = (value ?? "").trimmed
        if trimmed.isEmpty {
            add(field: field, zh: "请填写\(label.zh)", en: "\(label.en) is required")
        } else if trimmed.count > maxLength {
            add(field: field, zh: "\(label.zh)不能超过 \(maxLength) 个字符", en: "\(label.en) is longer than \(maxLength)")
        }
        return trimmed
    }

    /// A trimmed value or nil when empty, with a length check.
    public mutating func optional(
        _ value: String?, field: String, label: LocalizedText, maxLength: Int = 200
    ) -> String? {
        let trimmed = (value ?? "").trimmed
        if trimmed.count > maxLength {
            add(field: field, zh: "\(label.zh)不能超过 \(maxLength) 个字符", en: "\(label.en) is longer than \(maxLength)")
        }
        return trimmed.isEmpty ? nil : trimmed
    }

    public mutating func add(field: String, rule: RuleID? = nil, zh: String, en: String) {
        errors.append(FieldError(field: field, rule: rule, message: LocalizedText(zh: zh, en: en)))
    }

    public mutating func add(field: String, refusal: Refusal) {
        errors.append(FieldError(field: field, rule: refusal.rule, message: refusal.reason))
    }

    /// Throws `DomainError.invalid` with everything collected, if anything was.
    public func check() throws(DomainError) {
        if !errors.isEmpty { throw DomainError.invalid(errors) }
    }
}

extension String {
    /// The string without leading and trailing whitespace.
    public var trimmed: String { String(self[...].trimmingWhitespace()) }
}
