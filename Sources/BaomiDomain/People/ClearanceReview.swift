/// 涉密人员复审: every 涉密人员's post is reviewed again on a cycle the security office sets — whether the person still
/// needs the class they hold, and still meets its preconditions (A2, A4). The review confirms the post or says it must
/// change; the change itself goes through the clearance form and its gates.
public enum ReviewOutcome: String, CaseIterable, Codable, Sendable {
    /// 维持: the post and its class stand.
    case confirmed
    /// 需调整: the class must be lowered or the post ended.
    case changeNeeded

    public var title: LocalizedText {
        switch self {
        case .confirmed: LocalizedText(zh: "维持", en: "Confirmed")
        case .changeNeeded: LocalizedText(zh: "需调整", en: "Change needed")
        }
    }
}

/// The re-review cycle (T30: the security office's setting).
public struct ReviewPolicy: Hashable, Sendable, Codable {
    public var cycleMonths: Int

    public init(cycleMonths: Int = 12) {
        self.cycleMonths = cycleMonths
    }

    public static let defaultPolicy = ReviewPolicy()

    /// A review falls due this many days before it is overdue.
    public static let warningDays = 30

    public func validate() throws(DomainError) {
        guard (1...60).contains(cycleMonths) else {
            throw .invalid(
                field: "cycleMonths", rule: RuleID("A2"), zh: "复审周期须为 1 到 60 个月", en: "A cycle is 1 to 60 months")
        }
    }

    /// The day the next review is due: a cycle after the last review, or after the day the class was granted when
    /// there has been none. nil when neither is known.
    public func due(lastReviewedOn: String?, postSince: String?) -> String? {
        guard let from = lastReviewedOn ?? postSince, let day = CalendarDay(from) else { return nil }
        return day.adding(months: cycleMonths)?.description
    }
}

/// A review as recorded (A2).
public struct ClearanceReviewDraft: Hashable, Sendable {
    public var reviewedOn: String
    public var outcome: ReviewOutcome
    public var note: String?

    public init(reviewedOn: String, outcome: ReviewOutcome, note: String?) {
        self.reviewedOn = reviewedOn
        self.outcome = outcome
        self.note = note
    }

    /// The review as typed: a real day not after today, an outcome, and a note when a change is needed.
    public static func parse(
        reviewedOn: String?, outcome: String?, note: String?, today: String
    ) throws(DomainError) -> ClearanceReviewDraft {
        var validator = FieldValidator()
        let rule = RuleID("A2")
        var day: String?
        switch CalendarDay.parse(
            reviewedOn ?? "", field: "reviewedOn", label: LocalizedText(zh: "复审日期", en: "Reviewed on"), rule: rule)
        {
        case .success(let parsed): day = parsed.description
        case .failure(let error):
            validator.add(field: error.field, rule: error.rule, zh: error.message.zh, en: error.message.en)
        }
        if let day, day > today {
            validator.add(field: "reviewedOn", rule: rule, zh: "复审日期不能晚于今天", en: "A review is not dated in the future")
        }
        let chosen = outcome.flatMap { ReviewOutcome(rawValue: $0.trimmed) }
        if chosen == nil {
            validator.add(field: "outcome", rule: rule, zh: "请选择复审结论", en: "Choose the outcome")
        }
        let text = note?.trimmed ?? ""
        if text.count > 500 {
            validator.add(field: "note", rule: rule, zh: "说明不得超过 500 字", en: "The note is at most 500 characters")
        }
        if chosen == .changeNeeded && text.isEmpty {
            validator.add(field: "note", rule: rule, zh: "结论为需调整时须写明原因", en: "Say why a change is needed")
        }
        try validator.check()
        return ClearanceReviewDraft(
            reviewedOn: day ?? today, outcome: chosen ?? .confirmed, note: text.isEmpty ? nil : text)
    }
}
