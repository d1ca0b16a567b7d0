import Foundation

/// What the security administrator sets on a person (A2, A4, A7): post class, compartments, groups, 脱密期, reason.
public struct ClearanceDraft: Hashable, Sendable {
    public var postClass: SecretPostClass
    public var compartments: [UUID]
    public var groups: [UUID]
    public var separationUntil: String?
    public var reason: String

    public init(
        postClass: SecretPostClass, compartments: [UUID], groups: [UUID], separationUntil: String?, reason: String
    ) {
        self.postClass = postClass
        self.compartments = compartments
        self.groups = groups
        self.separationUntil = separationUntil
        self.reason = reason
    }

    public struct Input: Sendable {
        public var postClass: String?
        public var compartments: [String]
        public var groups: [String]
        public var separationUntil: String?
        public var reason: String?

        public init(
            postClass: String?, compartments: [String] = [], groups: [String] = [], separationUntil: String? = nil,
            reason: String?
        ) {
            self.postClass = postClass
            self.compartments = compartments
            self.groups = groups
            self.separationUntil = separationUntil
            self.reason = reason
        }
    }

    /// Every field checked at once, so a form shows every mistake together.
    public static func parse(_ input: Input) throws(DomainError) -> ClearanceDraft {
        var validator = FieldValidator()
        let postClass = SecretPostClass(rawValue: input.postClass?.trimmed ?? "")
        if postClass == nil {
            validator.add(field: "postClass", rule: RuleID("A2"), zh: "请选择涉密等级", en: "Choose a post class")
        }
        func ids(_ texts: [String], field: String) -> [UUID] {
            let trimmed = texts.map(\.trimmed).filter { !$0.isEmpty }
            let parsed = trimmed.compactMap(UUID.init(uuidString:))
            if parsed.count != trimmed.count {
                validator.add(field: field, zh: "编号无效", en: "Not a valid id")
            }
            return Array(Set(parsed)).sorted { $0.uuidString < $1.uuidString }
        }
        let compartments = ids(input.compartments, field: "compartments")
        let groups = ids(input.groups, field: "groups")
        let separationUntil = validator.date(
            input.separationUntil, field: "separationUntil",
            label: LocalizedText(zh: "脱密期截止日期", en: "End of the separation period"), rule: RuleID("A7"))?
            .description
        let reason = validator.required(
            input.reason, field: "reason", label: LocalizedText(zh: "变更理由", en: "Reason"), maxLength: 500)
        try validator.check()
        return ClearanceDraft(
            postClass: postClass ?? .nonSecret, compartments: compartments, groups: groups,
            separationUntil: separationUntil, reason: reason)
    }
}

/// Kinds of entry in the reading register (阅知登记, C4, T2): readings of a copy — handed over, read in place, taken.
/// Looking at a carrier's record in Baomi is not a reading; it stays in the audit trail (A5).
public enum ReadingKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// Looked at the carrier's or a copy's record: written by earlier versions, which counted page views.
    case view
    /// Took a copy in hand (borrowing, carrying out).
    case take
    /// Signed for a copy handed over to them (an internal dispatch received, C2).
    case handOver
    /// Read a copy in place, under the custodian's eye, without taking it away (L1.2).
    case readInPlace

    public var title: LocalizedText {
        switch self {
        case .view: LocalizedText(zh: "查阅记录（旧）", en: "Viewed the record (earlier version)")
        case .take: LocalizedText(zh: "取用载体", en: "Took a copy")
        case .handOver: LocalizedText(zh: "交接签收", en: "Signed for a hand-over")
        case .readInPlace: LocalizedText(zh: "现场阅读", en: "Read in place")
        }
    }
}
