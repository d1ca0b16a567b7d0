import Foundation

/// 个人留存审批 (C10): one stored copy kept by a named person in a cabinet until a day, approved by the leader.
public enum Retain: RequestKindDefinition {
    public struct Payload: Codable, Sendable, Hashable {
        public var retainerID: UUID?
        public var placeID: UUID?
        /// `YYYY-MM-DD`.
        public var until: String?

        public init(retainerID: UUID? = nil, placeID: UUID? = nil, until: String? = nil) {
            self.retainerID = retainerID
            self.placeID = placeID
            self.until = until
        }
    }

    public static let kind = RequestKind(code: "retain")
    public static let title = LocalizedText(zh: "个人留存审批", en: "Personal retention")
    public static let numberPrefix = "LC"
    public static let subject = RequestSubject.copiesOfOneCarrier

    /// The day it is kept until; who keeps it and where are checked against the register at submission.
    public static func validate(_ payload: Payload, catalogue: LevelCatalogue) -> [FieldError] {
        let c10 = RuleID("C10")
        guard let until = payload.until, !until.trimmed.isEmpty else {
            return [
                FieldError(
                    field: "until", rule: c10,
                    message: LocalizedText(zh: "请写明留存期限（YYYY-MM-DD）", en: "State until when (YYYY-MM-DD)"))
            ]
        }
        if case .failure(let error) = CalendarDay.parse(
            until, field: "until", label: LocalizedText(zh: "留存期限", en: "Retained until"), rule: c10)
        {
            return [error]
        }
        return []
    }

    public static func defaultChain(level: LevelDefinition) -> [ApprovalStepSpec] {
        [ApprovalChains.leader]
    }
}

extension RequestKind {
    /// 个人留存 (C10).
    public static let retain = Retain.kind
}
