import Foundation

/// 离职人员使用本单位技术秘密 (T14): a former member of staff asks to use the unit's secrets in new work. The request
/// records who (a person who has left), the new work or result, the secrets concerned, whether the unit consents,
/// the fee agreed; the security office checks it and the leader decides, and the decision is the engine's.
public enum FormerStaffUse: RequestKindDefinition {
    public struct Payload: Codable, Sendable, Hashable {
        /// The former member of staff, from the register (status departed).
        public var personID: UUID?
        /// The new work or result the secrets would go into.
        public var newWork: String?
        /// The unit's secrets concerned (technical secrets, results).
        public var secretsConcerned: String?
        /// Whether the unit consents to the use on the terms below.
        public var consent: Bool?
        /// The fee agreed, as written in the agreement (e.g. "人民币 5 万元").
        public var fee: String?
        /// The person's name as the register had it at submission, written by the engine (principle 12).
        public var personName: String?

        public init(
            personID: UUID? = nil, newWork: String? = nil, secretsConcerned: String? = nil, consent: Bool? = nil,
            fee: String? = nil
        ) {
            self.personID = personID
            self.newWork = newWork
            self.secretsConcerned = secretsConcerned
            self.consent = consent
            self.fee = fee
        }
    }

    public static let kind = RequestKind(code: "formerStaffUse")
    public static let title = LocalizedText(zh: "离职人员使用技术秘密", en: "Former staff using secrets")
    public static let numberPrefix = "LZ"
    public static let subject = RequestSubject.person

    public static func validate(_ payload: Payload, catalogue: LevelCatalogue) -> [FieldError] {
        let t14 = RuleID("T14")
        var validator = FieldValidator()
        if payload.personID == nil {
            validator.add(field: "personID", rule: t14, zh: "请选择离职人员", en: "Choose the former member of staff")
        }
        _ = validator.required(
            payload.newWork, field: "newWork", label: LocalizedText(zh: "新的工作或成果", en: "New work"),
            maxLength: 1000)
        _ = validator.required(
            payload.secretsConcerned, field: "secretsConcerned",
            label: LocalizedText(zh: "涉及的技术秘密", en: "Secrets concerned"), maxLength: 1000)
        if payload.consent == nil {
            validator.add(field: "consent", rule: t14, zh: "请写明本单位是否同意", en: "State whether the unit consents")
        }
        let fee = validator.optional(
            payload.fee, field: "fee", label: LocalizedText(zh: "约定费用", en: "Fee agreed"), maxLength: 200)
        if payload.consent == true && fee == nil {
            // T14: consent comes with a fee; "无偿" is a fee agreed too, and must be written.
            validator.add(
                field: "fee", rule: t14, zh: "同意使用的，须写明约定的费用（无偿的写「无偿」）",
                en: "A consent names the fee agreed (write \"none\" if free)")
        }
        // Every complaint cites the rule, the generic ones (required, too long) too.
        return validator.errors.map {
            $0.rule == nil ? FieldError(field: $0.field, rule: t14, message: $0.message) : $0
        }
    }

    public static func defaultChain(level: LevelDefinition) -> [ApprovalStepSpec] {
        [ApprovalChains.securityOffice, ApprovalChains.leader]
    }
}

extension RequestKind {
    /// 离职人员使用技术秘密 (T14).
    public static let formerStaffUse = FormerStaffUse.kind
}
