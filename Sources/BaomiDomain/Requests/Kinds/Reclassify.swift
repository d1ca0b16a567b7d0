import Foundation

/// 解密与变更审批 (C9): declassify a carrier, change its level within its regime, or extend its period; reviewed by
/// the classification reviewer, then decided by the leader in charge (LIFECYCLE.md "reclassify").
public enum Reclassify: RequestKindDefinition {
    public enum Change: String, CaseIterable, Hashable, Sendable, Codable {
        case declassify
        case changeLevel
        case extend
    }

    public struct Payload: Codable, Sendable, Hashable {
        /// `Change` raw value.
        public var change: String?
        public var newLevel: String?
        public var newPeriod: String?

        public init(change: String? = nil, newLevel: String? = nil, newPeriod: String? = nil) {
            self.change = change
            self.newLevel = newLevel
            self.newPeriod = newPeriod
        }
    }

    public static let kind = RequestKind(code: "reclassify")
    public static let title = LocalizedText(zh: "解密与变更审批", en: "Declassification or change")
    public static let numberPrefix = "JM"
    public static let subject = RequestSubject.carrier

    /// The change must be one of the three; the new level and period are judged against the carrier as it is
    /// (`check`).
    public static func validate(_ payload: Payload, catalogue: LevelCatalogue) -> [FieldError] {
        guard Change(rawValue: payload.change ?? "") != nil else {
            return [
                FieldError(
                    field: "change", rule: RuleID("C9"),
                    message: LocalizedText(
                        zh: "请选择解密、变更密级或延长期限", en: "Choose declassify, change level or extend"))
            ]
        }
        return []
    }

    /// The change against the carrier's level and the day it was first classified (C9): another level of the same
    /// regime, and a new period within the target level's maximum.
    public static func check(
        _ payload: Payload, level: LevelDefinition, classifiedOn: String, catalogue: LevelCatalogue
    ) -> [FieldError] {
        let change = Change(rawValue: payload.change ?? "")
        let newLevel = catalogue.definition(LevelID(rawValue: payload.newLevel ?? ""))
        if change == .changeLevel {
            guard let newLevel, newLevel.regime == level.regime, newLevel.id != level.id else {
                return [
                    FieldError(
                        field: "newLevel", rule: RuleID("C9"),
                        message: LocalizedText(zh: "请选择同一类别的另一密级", en: "Choose another level of the same regime"))
                ]
            }
        }
        if change == .extend || change == .changeLevel,
            let refusal = SecrecyPeriod.parse(payload.newPeriod).check(
                for: newLevel ?? level, classifiedOn: classifiedOn
            ).refusal
        {
            return [FieldError(field: "newPeriod", rule: refusal.rule, message: refusal.reason)]
        }
        return []
    }

    public static func defaultChain(level: LevelDefinition) -> [ApprovalStepSpec] {
        // LIFECYCLE.md: 定密审核人 → 主管领导.
        [ApprovalChains.classificationReviewer, ApprovalChains.leader]
    }
}

extension RequestKind {
    /// 解密 / 密级变更 / 延长保密期限 (C9).
    public static let reclassify = Reclassify.kind
}
