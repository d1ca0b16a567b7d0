import Foundation

/// 定密审批 (T5.1, C9): a carrier made here is classified before it is registered. The security office or a
/// department's secrecy officer drafts it — proposed level, period, scope, basis (定密依据), its classifying
/// official (定密责任人) — the classification reviewer checks it, the leader in charge decides, and only the last
/// approval registers the carrier and its copies. Until then the draft is in the request alone: in no register,
/// report or export, and nothing can be done with it.
public enum Classify: RequestKindDefinition {
    public struct Payload: Codable, Sendable, Hashable {
        /// The carrier as the registration form takes it (`CarrierDraft.Input`).
        public var draft: CarrierDraft.Input

        public init(draft: CarrierDraft.Input) {
            self.draft = draft
        }
    }

    public static let kind = RequestKind(code: "classify")
    public static let title = LocalizedText(zh: "定密审批", en: "Classification")
    public static let numberPrefix = "DM"
    public static let subject = RequestSubject.draftCarrier

    /// The draft by the registration's own rules (`CarrierDraft.parse`, C1.1, C9); a carrier classified here is one
    /// made here, so it names its classifying official (T5.1).
    public static func validate(_ payload: Payload, catalogue: LevelCatalogue) -> [FieldError] {
        do {
            _ = try draft(payload, catalogue: catalogue)
            return []
        } catch DomainError.invalid(let errors) {
            return errors
        } catch {
            return [
                FieldError(
                    field: "title", rule: RuleID("T5.1"), message: LocalizedText(zh: "输入有误", en: "Invalid input"))
            ]
        }
    }

    /// The draft carrier the payload proposes: always one made here.
    public static func draft(_ payload: Payload, catalogue: LevelCatalogue) throws(DomainError) -> CarrierDraft {
        var input = payload.draft
        input.source = CarrierSource.made.rawValue
        input.declaredCount = nil
        return try CarrierDraft.parse(input, catalogue: catalogue)
    }

    /// The proposed level and project: a reader of the request must be cleared for them (A2, principle 11).
    public static func proposedLabel(_ payload: Payload) -> ProposedLabel? {
        ProposedLabel(
            level: LevelID(rawValue: payload.draft.level?.trimmed ?? ""),
            projectID: payload.draft.projectID.flatMap { UUID(uuidString: $0.trimmed) },
            departmentID: payload.draft.departmentID.flatMap { UUID(uuidString: $0.trimmed) })
    }

    public static func defaultChain(level: LevelDefinition) -> [ApprovalStepSpec] {
        [ApprovalChains.classificationReviewer, ApprovalChains.leader]
    }
}

extension RequestKind {
    /// 定密 (T5.1, C9).
    public static let classify = Classify.kind
}
