import Foundation

/// 复制审批 (C5): copies made from one stored copy, approved by the leader in charge; 绝密 also by the originating
/// authority, whose written approval the security office records (C5.1).
public enum Reproduce: RequestKindDefinition {
    public struct Payload: Codable, Sendable, Hashable {
        /// Copies to make (C5.3).
        public var count: Int?
        /// Outside approval recorded for C5.1 (document reference).
        public var outsideApproval: String?

        public init(count: Int? = nil, outsideApproval: String? = nil) {
            self.count = count
            self.outsideApproval = outsideApproval
        }
    }

    public static let kind = RequestKind(code: "reproduce")
    public static let title = LocalizedText(zh: "复制审批", en: "Copying request")
    public static let numberPrefix = "FZ"
    public static let subject = RequestSubject.copiesOfOneCarrier

    /// The count is judged with the source (`ReproductionRules.check`, C5.2, C5.3) when it is submitted.
    public static func validate(_ payload: Payload, catalogue: LevelCatalogue) -> [FieldError] { [] }

    public static func defaultChain(level: LevelDefinition) -> [ApprovalStepSpec] {
        if level.copyNeedsOriginatorApproval {
            let originator = ApprovalStepSpec(
                approver: .recorded(LocalizedText(zh: "原定密机关书面批准", en: "Originating authority's written approval")),
                title: LocalizedText(zh: "原定密机关批准 (C5.1)", en: "Originating authority (C5.1)"))
            return [originator, ApprovalChains.leader]
        }
        return [ApprovalChains.leader]
    }
}

extension RequestKind {
    /// 复制 (C5).
    public static let reproduce = Reproduce.kind
}
