/// A day of the calendar, written `YYYY-MM-DD` as every register writes dates (LEDGERS.md).
///
/// The one reader of dates people type — carrier dates, secrecy periods, return and retention dates, the end of a
/// 脱密期, filters: a day that does not exist (2026-02-30) is refused wherever a date is taken, and the refusal names
/// the field and the value, instead of the text being kept as something else (a condition) or dropped.
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// `YYYY-MM-DD`, zero-padded, so days compare as text in the order of time.
    public var description: String { "\(year.zeroPadded(4))-\(month.zeroPadded(2))-\(day.zeroPadded(2))" }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The day, if `year`-`month`-`day` exists in the proleptic Gregorian calendar, years 0001–9999 — every
    /// `full-date` of RFC 3339 that the OpenAPI document's `format: date` promises, so a filter the schema lets
    /// through is read, not refused.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.days(inMonth: month, of: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// 28–31: the Gregorian rules, so nothing depends on a time zone or Foundation's calendar.
    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The three numbers of a text shaped like a date — `YYYY-MM-DD`, or, when `lenient`, also `YYYY/M/D`, `YYYY.M.D`
    /// and `YYYY年M月D日` as spreadsheets and people write them — whether or not that day exists.
    static func numbers(_ text: String, lenient: Bool) -> (year: Int, month: Int, day: Int)? {
        var value = Substring(text).trimmingWhitespace()
        if lenient, value.hasSuffix("日") {
            value = value.dropLast()
        }
        let separators: Set<Character> = lenient ? ["-", "/", ".", "年", "月"] : ["-"]
        let parts = value.split(omittingEmptySubsequences: false, whereSeparator: { separators.contains($0) })
        guard parts.count == 3,
            parts.allSatisfy({ part in !part.isEmpty && part.allSatisfy { $0.isASCIIDigitCharacter } }),
            parts[0].count == 4
        else { return nil }
        let widths = lenient ? 1...2 : 2...2
        guard widths.contains(parts[1].count), widths.contains(parts[2].count),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        if !lenient, value.contains(where: { $0 != "-" && !$0.isASCIIDigitCharacter }) { return nil }
        return (year, month, day)
    }

    /// Whether a text is meant as a date — shaped like one — even when the day does not exist: `2026-02-30` is a
    /// mistaken date, never a secrecy condition.
    public static func looksLikeDate(_ text: String) -> Bool {
        numbers(text, lenient: true) != nil
    }

    /// The day a text names, or nil (malformed, or a day that does not exist).
    public init?(_ text: String, lenient: Bool = false) {
        guard let (year, month, day) = Self.numbers(text, lenient: lenient) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Reads a date a person typed into `field` (shown as `label`): the day, or a field error naming the field and
    /// the value — `「定密日期」2026-02-30 不是存在的日期` — so every form, the API and an import say the same.
    public static func parse(
        _ text: String, field: String, label: LocalizedText, rule: RuleID? = nil, lenient: Bool = false
    ) -> Result<CalendarDay, FieldError> {
        let value = String(Substring(text).trimmingWhitespace())
        if let day = CalendarDay(value, lenient: lenient) { return .success(day) }
        let message =
            numbers(value, lenient: lenient) != nil
            ? LocalizedText(
                zh: "「\(label.zh)」\(value) 不是存在的日期",
                en: "\(label.en): \(value) is not a day of the calendar")
            : LocalizedText(
                zh: "「\(label.zh)」须为 YYYY-MM-DD 格式的日期，而不是「\(value)」",
                en: "\(label.en) is a date YYYY-MM-DD, not \"\(value)\"")
        return .failure(FieldError(field: field, rule: rule, message: message))
    }

    /// The same day `months` later, or the month's last day when it is shorter (31 January + 1 month: 28 or 29
    /// February); nil past the calendar's years.
    public func adding(months: Int) -> CalendarDay? {
        let count = year * 12 + (month - 1) + months
        let (newYear, newMonth) = (count / 12, count % 12 + 1)
        guard (1...9999).contains(newYear) else { return nil }
        return CalendarDay(year: newYear, month: newMonth, day: min(day, Self.days(inMonth: newMonth, of: newYear)))
    }

    /// The day `days` later (earlier when negative).
    public func adding(days: Int) -> CalendarDay {
        var ordinal = self.ordinal + days
        // Civil-from-days (Howard Hinnant's algorithm), on days since 1970-01-01.
        ordinal += 719_468
        let era = (ordinal >= 0 ? ordinal : ordinal - 146_096) / 146_097
        let dayOfEra = ordinal - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return CalendarDay(year: year, month: month, day: day) ?? self
    }

    /// Days since 1970-01-01 (days-from-civil).
    var ordinal: Int {
        let year = month <= 2 ? self.year - 1 : self.year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension FieldValidator {
    /// A day from a form field, the API or an import cell: nil when empty; an error naming the field and the value
    /// when it is not a day that exists (2026-02-30).
    public mutating func date(
        _ value: String?, field: String, label: LocalizedText, rule: RuleID? = nil, lenient: Bool = false
    ) -> CalendarDay? {
        let text = (value ?? "").trimmed
        if text.isEmpty { return nil }
        switch CalendarDay.parse(text, field: field, label: label, rule: rule, lenient: lenient) {
        case .success(let day): return day
        case .failure(let error):
            add(field: field, rule: error.rule, zh: error.message.zh, en: error.message.en)
            return nil
        }
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
