/// A message in both of Baomi's languages. Chinese is the default; English is complete too (DESIGN principle 10).
public struct LocalizedText: Hashable, Sendable, Codable {
    public let zh: String
    public let en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// The text in the given language; anything that is not English reads Chinese.
    public func text(in language: Language) -> String {
        switch language {
        case .zh: zh
        case .en: en
        }
    }

    /// Both texts on one line, for logs, the command line and problem+json `detail`.
    public var bilingual: String { "\(zh) / \(en)" }
}

/// The interface languages.
public enum Language: String, CaseIterable, Sendable, Codable {
    case zh
    case en

    /// Picks a language from an HTTP `Accept-Language` header value; Chinese unless English is preferred first.
    public static func preferred(fromAcceptLanguage header: String?) -> Language {
        guard let header, let first = header.split(separator: ",").first else { return .zh }
        return first.trimmingWhitespace().lowercased().hasPrefix("en") ? .en : .zh
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var text = self
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
