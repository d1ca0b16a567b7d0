/// The organisation's training settings (T30): how long a pre-post credit counts before a secret post may be given
/// on it (E6.6(3)), and how long before a holiday its briefing is due (E6.5).
public struct TrainingPolicy: Hashable, Sendable, Codable {
    public var prePostValidityMonths: Int
    public var briefingLeadDays: Int
    /// `YYYY-MM-DD`: the day the organisation's training records in Baomi begin (教育培训记录起始日). The reminders of
    /// people's own duties (induction, pre-post, on-post, refresher) run from it — before it the records are on
    /// paper, and every member of staff would be flagged on the day of installation. nil: not yet begun.
    public var dutiesSince: String?

    public init(
        prePostValidityMonths: Int = TrainingGate.defaultValidityMonths, briefingLeadDays: Int = 14,
        dutiesSince: String? = nil
    ) {
        self.prePostValidityMonths = prePostValidityMonths
        self.briefingLeadDays = briefingLeadDays
        self.dutiesSince = dutiesSince
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
        if let since = dutiesSince, CalendarDay(since) == nil {
            validator.add(
                field: "dutiesSince", rule: RuleID("E1"), zh: "记录起始日须为 YYYY-MM-DD 格式的日期",
                en: "The start of the records is a date YYYY-MM-DD")
        }
        try validator.check()
    }
}
