import Foundation

/// A secrecy period (保密期限, C9): years, an end date, a condition, 长期 or 公布前. An unmarked period counts as the
/// level's maximum.
public enum SecrecyPeriod: Hashable, Sendable, Codable {
    case years(Int)
    /// Until a date (`YYYY-MM-DD`).
    case until(String)
    /// Until a condition is met, e.g. "项目验收后".
    case condition(String)
    /// 长期 (commercial secrets).
    case longTerm
    /// 公布前 (until published).
    case untilPublished
    /// No period marked: the maximum applies (C9).
    case unmarked

    public func markingText(defaultYears: Int?) -> String {
        switch self {
        case .years(let years): "\(years)年"
        case .until(let date): "\(date)前"
        case .condition(let condition): condition
        case .longTerm: "长期"
        case .untilPublished: "公布前"
        // The national maximum applies to a received carrier whose originator marked no period (C9), shown as such.
        case .unmarked: defaultYears.map { "\($0)年（未标明）" } ?? "长期"
        }
    }

    /// Checks the period against the level (C9): state secrets in years up to the maximum, a date or a condition;
    /// commercial secrets 长期, 公布前 or a date; work secrets anything but a year count beyond ten. An end date is
    /// capped like a year count: no later than the level's maximum from `classifiedOn`, the day it was classified.
    public func check(for level: LevelDefinition, classifiedOn: String? = nil) -> Decision {
        if case .until(let day) = self, Self.isDate(day), let maximum = level.maximumYears, let classifiedOn,
            Self.isDate(classifiedOn)
        {
            let latest = ComplianceRules.adding(years: maximum, to: classifiedOn)
            if day > latest {
                return .refused(
                    Refusal(
                        rule: RuleID("C9"),
                        zh: "\(level.name.zh)保密期限不能超过 \(maximum) 年：自定密日期 \(classifiedOn) 起最晚至 \(latest)",
                        en: "A \(level.name.en) period cannot exceed \(maximum) years: from \(classifiedOn), "
                            + "\(latest) at the latest"))
            }
        }
        return checkKind(for: level)
    }

    private func checkKind(for level: LevelDefinition) -> Decision {
        let c9 = RuleID("C9")
        switch (level.regime, self) {
        case (.state, .years(let years)):
            if let maximum = level.maximumYears, years > maximum || years < 1 {
                return .refused(
                    Refusal(
                        rule: c9, zh: "\(level.name.zh)保密期限不能超过 \(maximum) 年",
                        en: "A \(level.name.en) period cannot exceed \(maximum) years"))
            }
            return .allowed
        case (.state, .longTerm), (.state, .untilPublished):
            return .refused(
                Refusal(
                    rule: c9, zh: "国家秘密的保密期限须为年限、日期或解密条件",
                    en: "A state secret's period is a number of years, a date or a condition"))
        case (.commercial, .years):
            return .refused(
                Refusal(
                    rule: c9, zh: "商业秘密的保密期限为长期、公布前或具体日期",
                    en: "A commercial secret's period is long-term, until published, or a date"))
        case (_, .until(let text)):
            return Self.dateRefusal(text).map(Decision.refused) ?? .allowed
        case (_, .condition(let text)):
            // A date that does not exist (2026-02-30) is a mistaken date, not a condition to keep.
            if CalendarDay.looksLikeDate(text) { return Self.dateRefusal(text).map(Decision.refused) ?? .allowed }
            return text.trimmed.isEmpty
                ? .refused(Refusal(rule: c9, zh: "请写明解密条件", en: "State the condition")) : .allowed
        default:
            return .allowed
        }
    }

    /// The field's name in refusals of a period's date.
    public static let label = LocalizedText(zh: "保密期限", en: "Secrecy period")

    /// Why a period's end date is not a day (naming the value, C9), or nil.
    static func dateRefusal(_ text: String) -> Refusal? {
        guard case .failure(let error) = CalendarDay.parse(text, field: "period", label: label, lenient: true) else {
            return nil
        }
        return Refusal(rule: RuleID("C9"), zh: error.message.zh, en: error.message.en)
    }

    /// Whether `text` is a real calendar date written `YYYY-MM-DD` (`CalendarDay` reads it).
    public static func isDate(_ text: String) -> Bool {
        CalendarDay(text) != nil
    }

    /// The calendar day `days` after a `YYYY-MM-DD` day, written the same way.
    public static func day(_ text: String, plus days: Int) -> String {
        CalendarDay(text).map { $0.adding(days: days).description } ?? text
    }

    /// The day the period ends (C9): years from the classification day, an end date, or the level's maximum when
    /// unmarked. A condition, 长期 and 公布前 have no day.
    public func endDay(classifiedOn: String, maximumYears: Int?) -> String? {
        switch self {
        case .years(let years): ComplianceRules.adding(years: years, to: classifiedOn)
        case .until(let day): day
        case .unmarked: maximumYears.map { ComplianceRules.adding(years: $0, to: classifiedOn) }
        case .condition, .longTerm, .untilPublished: nil
        }
    }

    /// Parses a form or JSON value: `10` or `10年`, `2030-12-31`, `长期`/`longTerm`, `公布前`/`untilPublished`,
    /// empty for unmarked, anything else a condition.
    public static func parse(_ text: String?) -> SecrecyPeriod {
        let text = (text ?? "").trimmed
        if text.isEmpty || text == "unmarked" || text == "未标明" { return .unmarked }
        if text == "长期" || text == "longTerm" { return .longTerm }
        if text == "公布前" || text == "untilPublished" { return .untilPublished }
        let digits = text.hasSuffix("年") ? String(text.dropLast()) : text
        if let years = Int(digits) { return .years(years) }
        // 2030/12/31 and 2030年12月31日 are the same day as 2030-12-31; a date-shaped text that is no day stays a
        // condition here, and `check` refuses it naming the value.
        if let day = CalendarDay(text, lenient: true) { return .until(day.description) }
        return .condition(text)
    }

    /// The inverse of `parse`, for forms and JSON.
    public var text: String {
        switch self {
        case .years(let years): String(years)
        case .until(let date): date
        case .condition(let condition): condition
        case .longTerm: "longTerm"
        case .untilPublished: "untilPublished"
        case .unmarked: ""
        }
    }
}
