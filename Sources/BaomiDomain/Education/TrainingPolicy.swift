/// The organisation's training settings (T30): how long a pre-post credit counts before a secret post may be given
/// on it (E6.6(3)), and how long before a holiday its briefing is due (E6.5).
public struct TrainingPolicy: Hashable, Sendable, Codable {
    public var prePostValidityMonths: Int
    public var briefingLeadDays: Int

    public init(
        prePostValidityMonths: Int = TrainingGate.defaultValidityMonths, briefingLeadDays: Int = 14
    ) {
        self.prePostValidityMonths = prePostValidityMonths
        self.briefingLeadDays = briefingLeadDays
    }

    public static let nationalDefault = TrainingPolicy()

    public func validate() throws(DomainError) {
        var validator = FieldValidator()
        if !(1...60).contains(prePostValidityMonths) {
            validator.add(
                field: "prePostValidityMonths", rule: RuleID("E6.6(3)"), zh: "上岗前培训有效期须为 1 到 60 个月",
                en: "The pre-post training counts for 1 to 60 months")
        }
        if !(1...60).contains(briefingLeadDays) {
            validator.add(
                field: "briefingLeadDays", rule: RuleID("E6.5"), zh: "节前教育提前天数须为 1 到 60 天",
                en: "A briefing is due 1 to 60 days before")
        }
        try validator.check()
    }
}
