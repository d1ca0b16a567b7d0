/// A rule's refusal: which rule, and why, in both languages.
///
/// Reads like `复制绝密级载体须经原定密机关批准 (C5.1)` / `Copying a 绝密 carrier needs the originating authority's
/// approval (C5.1)`; the rule ID is appended when the message is shown.
public struct Refusal: Error, Hashable, Sendable {
    public let rule: RuleID
    public let reason: LocalizedText

    public init(rule: RuleID, zh: String, en: String) {
        self.rule = rule
        self.reason = LocalizedText(zh: zh, en: en)
    }

    /// The reason followed by the rule ID, as users see it.
    public func message(in language: Language) -> String {
        "\(reason.text(in: language)) (\(rule))"
    }
}

/// What a rule function answers (DESIGN principle 1): the web pages, the API and the command line all ask the same
/// function and get the same decision.
public enum Decision: Hashable, Sendable {
    case allowed
    case refused(Refusal)

    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }

    public var refusal: Refusal? {
        if case .refused(let refusal) = self { return refusal }
        return nil
    }

    /// Throws the refusal, so a caller can write `try decision.enforce()` and let the error model do the rest.
    public func enforce() throws(Refusal) {
        if case .refused(let refusal) = self { throw refusal }
    }
}
