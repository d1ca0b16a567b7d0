import Foundation

/// A key project (重大科技计划项目) a person is a member of, as T10 judges it: membership is the person's clearance
/// holding the project's compartment (A1, A2), the one list of who has access.
public struct KeyProjectFact: Hashable, Sendable {
    public var id: UUID
    public var code: String
    public var name: String
    /// `YYYY-MM-DD`, the last day of the project; nil: not yet fixed, so it runs on.
    public var endsOn: String?

    public init(id: UUID, code: String, name: String, endsOn: String?) {
        self.id = id
        self.code = code
        self.name = name
        self.endsOn = endsOn
    }

    /// "P-01 名称（至 2027-06-30）" as forms and refusals name it.
    public var label: LocalizedText {
        LocalizedText(
            zh: "\(code) \(name)" + (endsOn.map { "（至 \($0)）" } ?? "（未定结束日期）"),
            en: "\(code) \(name)" + (endsOn.map { " (until \($0))" } ?? " (no end date)"))
    }
}

/// Why a tracking file (专档) was opened (T10).
public enum TrackingFileReason: String, CaseIterable, Hashable, Sendable, Codable {
    /// A key member's resignation, approved before the project ended.
    case departure
    /// A key member's transfer out of the project, approved before it ended.
    case transfer
    /// A key member left without the unit's consent: legal follow-up.
    case withoutConsent

    public var title: LocalizedText {
        switch self {
        case .departure: LocalizedText(zh: "提前离岗离职（经批准）", en: "Left before the end (approved)")
        case .transfer: LocalizedText(zh: "提前调离（经批准）", en: "Transferred before the end (approved)")
        case .withoutConsent: LocalizedText(zh: "未经同意擅自离岗", en: "Left without consent")
        }
    }
}

/// T10: members of key projects leaving before the project ends — in principle refused; if approved, with the extra
/// approval, a new agreement and a tracking file; leaving without consent is tracked too. Pure, so pages, API,
/// import and the engine ask the same questions.
public enum KeyProjectRules {
    public static let rule = RuleID("T10")
    /// A tracking file open this many days without a follow-up entry raises a finding.
    public static let followUpDays = 90

    /// A project is running on `today` until the end of its last day; without an end date it runs on.
    public static func isRunning(endsOn: String?, today: String) -> Bool {
        guard let endsOn else { return true }
        return endsOn >= today
    }

    /// The key projects, still running, among a person's projects.
    public static func running(_ projects: [KeyProjectFact], today: String) -> [KeyProjectFact] {
        projects.filter { isRunning(endsOn: $0.endsOn, today: today) }
    }

    /// Taking running key projects out of a clearance directly is refused: it is a 重点项目人员调离 request with the
    /// leader's approval (T10). Nil when nothing running is removed.
    public static func directRemoval(of removed: [KeyProjectFact], today: String) -> Refusal? {
        let running = running(removed, today: today)
        guard !running.isEmpty else { return nil }
        let names = (
            zh: running.map(\.label.zh).joined(separator: "、"), en: running.map(\.label.en).joined(separator: ", ")
        )
        return Refusal(
            rule: rule,
            zh: "重点项目 \(names.zh) 尚未结束：成员调离须提出「重点项目人员调离」申请，经主管领导批准后办理",
            en: "The key project \(names.en) has not ended: a member leaves it through a key-project transfer request "
                + "approved by the leader in charge")
    }

    /// The extra step of a departure of a key member before the project ends: the 主管领导 (leader in charge) of
    /// the member's department, the relation the engine resolves at submission; its title says why (T10).
    public static func leaderStep(for projects: [KeyProjectFact]) -> ApprovalStepSpec {
        let codes = projects.map(\.code).joined(separator: "、")
        return ApprovalStepSpec(
            approver: .relation(.leaderInCharge),
            title: LocalizedText(
                zh: "主管领导审批（重点项目 \(codes) 成员在项目结束前离开，T10）",
                en: "Leader in charge (member of key project \(codes) leaving before it ends, T10)"),
            escalation: .role(.securityOffice))
    }

    /// Checks a record of leaving without consent.
    public static func validateWithoutConsent(day: String?, account: String?, today: String) -> [FieldError] {
        dated(
            day, field: "occurredOn", label: LocalizedText(zh: "离岗日期", en: "Day they left"), text: account,
            textField: "account", textLabel: LocalizedText(zh: "情况说明", en: "What happened"), today: today)
    }

    /// Checks a follow-up entry of a tracking file.
    public static func validateEntry(day: String?, text: String?, today: String) -> [FieldError] {
        dated(
            day, field: "enteredOn", label: LocalizedText(zh: "跟踪日期", en: "Day"), text: text, textField: "text",
            textLabel: LocalizedText(zh: "跟踪情况", en: "Follow-up"), today: today)
    }

    /// A day no later than today and a text of at most 2,000 characters, every complaint citing T10.
    private static func dated(
        _ day: String?, field: String, label: LocalizedText, text: String?, textField: String,
        textLabel: LocalizedText, today: String
    ) -> [FieldError] {
        var errors: [FieldError] = []
        switch CalendarDay.parse(day ?? "", field: field, label: label, rule: rule) {
        case .failure(let error): errors.append(error)
        case .success(let parsed) where parsed.description > today:
            errors.append(
                FieldError(
                    field: field, rule: rule,
                    message: LocalizedText(zh: "\(label.zh)不能晚于今天", en: "\(label.en) cannot be after today")))
        case .success: break
        }
        var validator = FieldValidator()
        _ = validator.required(text, field: textField, label: textLabel, maxLength: 2000)
        errors += validator.errors.map { FieldError(field: $0.field, rule: rule, message: $0.message) }
        return errors
    }
}
