import Foundation

/// How long the duties last after a person leaves a secret post: the 脱密期 by post class (A7: current practice 核心
/// 3–5 years, 重要 2–3, 一般 1–2; defaults 3/2/1) and the non-compete period of key staff (T11: 3 years). The
/// security office changes it (`SettingsRepository.setDeparturePolicy`, audited).
public struct DeparturePolicy: Codable, Hashable, Sendable {
    public var coreYears: Int
    public var importantYears: Int
    public var generalYears: Int
    public var nonCompeteYears: Int

    public init(coreYears: Int, importantYears: Int, generalYears: Int, nonCompeteYears: Int) {
        self.coreYears = coreYears
        self.importantYears = importantYears
        self.generalYears = generalYears
        self.nonCompeteYears = nonCompeteYears
    }

    /// A7's defaults 3/2/1 and T11's 3 years.
    public static let nationalDefault = DeparturePolicy(
        coreYears: 3, importantYears: 2, generalYears: 1, nonCompeteYears: 3)

    /// The years of 脱密期 a post class carries (none for a post that is not secret).
    public func separationYears(_ postClass: SecretPostClass) -> Int {
        switch postClass {
        case .core: coreYears
        case .important: importantYears
        case .general: generalYears
        case .nonSecret: 0
        }
    }

    /// A7's ranges, and a higher class never shorter than a lower one; T11's period 1–3 years by law.
    public func validate() throws(DomainError) {
        var errors: [FieldError] = []
        func check(_ value: Int, _ range: ClosedRange<Int>, field: String, label: LocalizedText, rule: String) {
            if !range.contains(value) {
                errors.append(
                    FieldError(
                        field: field, rule: RuleID(rule),
                        message: LocalizedText(
                            zh: "\(label.zh)须为 \(range.lowerBound)–\(range.upperBound) 年",
                            en: "\(label.en) is \(range.lowerBound)–\(range.upperBound) years")))
            }
        }
        check(coreYears, 3...5, field: "coreYears", label: LocalizedText(zh: "核心涉密人员脱密期", en: "Core"), rule: "A7")
        check(
            importantYears, 2...3, field: "importantYears", label: LocalizedText(zh: "重要涉密人员脱密期", en: "Important"),
            rule: "A7")
        check(
            generalYears, 1...2, field: "generalYears", label: LocalizedText(zh: "一般涉密人员脱密期", en: "General"),
            rule: "A7")
        check(
            nonCompeteYears, 1...3, field: "nonCompeteYears", label: LocalizedText(zh: "竞业限制期", en: "Non-compete"),
            rule: "T11")
        if errors.isEmpty, coreYears < importantYears || importantYears < generalYears {
            errors.append(
                FieldError(
                    field: "coreYears", rule: RuleID("A7"),
                    message: LocalizedText(
                        zh: "核心涉密人员的脱密期不能短于重要，重要不能短于一般",
                        en: "A higher class's period cannot be shorter than a lower one's")))
        }
        if !errors.isEmpty { throw .invalid(errors) }
    }
}

/// The periods a completed departure starts (A7, T11), computed on the day it completes: access ends that day.
public struct DeparturePeriods: Hashable, Sendable {
    /// Last day of the 脱密期, nil for a post that was not secret.
    public var separationUntil: String?
    /// Last day of the non-compete period, nil for someone who is not key staff.
    public var nonCompeteUntil: String?

    public init(separationUntil: String?, nonCompeteUntil: String?) {
        self.separationUntil = separationUntil
        self.nonCompeteUntil = nonCompeteUntil
    }

    /// T11's key staff (decided for Baomi): a 核心涉密人员, a member of a key project, or a secret post in a key
    /// department (要害部门).
    public static func isKeyStaff(postClass: SecretPostClass, inKeyDepartment: Bool, inKeyProject: Bool) -> Bool {
        postClass == .core || inKeyProject || (inKeyDepartment && postClass != .nonSecret)
    }

    public static func compute(
        completedOn day: CalendarDay, postClass: SecretPostClass, keyStaff: Bool, policy: DeparturePolicy
    ) -> DeparturePeriods {
        let separation = policy.separationYears(postClass)
        return DeparturePeriods(
            separationUntil: separation > 0 ? day.adding(years: separation).description : nil,
            nonCompeteUntil: keyStaff ? day.adding(years: policy.nonCompeteYears).description : nil)
    }
}

extension CalendarDay {
    /// The same day `years` later; 29 February becomes 28 February in a common year.
    public func adding(years: Int) -> CalendarDay {
        CalendarDay(year: year + years, month: month, day: day)
            ?? CalendarDay(year: year + years, month: month, day: day - 1) ?? self
    }
}

/// A person's status changes only through a departure (T22, A7): nobody sets "leaving" or "departed" by editing the
/// person, importing a roll or any other way, and nobody takes a leaver back to "active" while their departure runs.
public enum PersonStatusChange {
    public static func check(from old: PersonStatus?, to new: PersonStatus) -> Refusal? {
        if new == old { return nil }
        switch new {
        case .leaving, .departed:
            return Refusal(
                rule: RuleID("T22"),
                zh: "人员只能通过离岗离职审批变为「\(new.title.zh)」（T22、A7）：请在人员页面发起离岗离职申请",
                en:
                    "A person becomes \(new.title.en.lowercased()) only through a departure request (T22, A7): start "
                    + "one from the person's page")
        case .active where old == .leaving:
            return Refusal(
                rule: RuleID("T22"), zh: "离岗离职办理中的人员：请撤回其离岗离职申请，而不是直接改为在岗",
                en: "This person's departure is under way: withdraw the departure request instead")
        case .active:
            return nil
        }
    }
}
