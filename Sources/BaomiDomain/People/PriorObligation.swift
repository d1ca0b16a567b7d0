import Foundation

/// A new hire's duty towards a former employer (T13): HR learns it on hiring, so that the unit neither puts the person
/// where the duty would be broken nor takes on the former employer's secrets.
public enum PriorObligationKind: String, CaseIterable, Codable, Sendable {
    /// 保密义务: secrets of the former employer the person must keep.
    case secrecy
    /// 竞业限制: work the person may not do for a competitor of the former employer.
    case nonCompete

    public var title: LocalizedText {
        switch self {
        case .secrecy: LocalizedText(zh: "保密义务", en: "Secrecy duty")
        case .nonCompete: LocalizedText(zh: "竞业限制", en: "Non-compete")
        }
    }
}

public struct PriorObligation: Hashable, Sendable {
    public var employer: String
    public var kind: PriorObligationKind
    /// The field the duty covers (领域), e.g. "惯性导航" — compared with the post the person is to take.
    public var field: String
    /// `YYYY-MM-DD`: the last day the duty binds; nil when it binds without end (a secrecy duty often does).
    public var endsOn: String?

    public init(employer: String, kind: PriorObligationKind, field: String, endsOn: String?) {
        self.employer = employer
        self.kind = kind
        self.field = field
        self.endsOn = endsOn
    }

    public static func parse(
        employer: String?, kind: String?, field: String?, endsOn: String?
    ) throws(DomainError) -> PriorObligation {
        var validator = FieldValidator()
        let rule = RuleID("T13")
        let name = validator.required(
            employer, field: "employer", label: LocalizedText(zh: "原单位", en: "Former employer"))
        let chosen = kind.flatMap { PriorObligationKind(rawValue: $0.trimmed) }
        if chosen == nil { validator.add(field: "kind", rule: rule, zh: "请选择义务类型", en: "Choose the kind of duty") }
        let covered = validator.required(field, field: "field", label: LocalizedText(zh: "涉及领域", en: "Field"))
        var end: String?
        if let text = endsOn?.trimmed, !text.isEmpty {
            switch CalendarDay.parse(
                text, field: "endsOn", label: LocalizedText(zh: "义务截止日期", en: "Ends on"), rule: rule)
            {
            case .success(let day): end = day.description
            case .failure(let error):
                validator.add(field: error.field, rule: error.rule, zh: error.message.zh, en: error.message.en)
            }
        }
        try validator.check()
        return PriorObligation(employer: name, kind: chosen ?? .secrecy, field: covered, endsOn: end)
    }

    /// Whether the duty still binds on `today`.
    public func binds(on today: String) -> Bool { endsOn.map { $0 >= today } ?? true }

    /// Whether the duty, still binding, touches the post the person holds or is to take (T13): its field named in the
    /// post's title, its department or the registered post's field (`postField`), or the other way round. A warning
    /// for HR and the security office, not a refusal: only people can judge whether the fields truly meet.
    public func conflicts(post: String, department: String, postField: String? = nil, on today: String) -> Bool {
        guard binds(on: today) else { return false }
        let field = self.field.trimmed.lowercased()
        guard !field.isEmpty else { return false }
        return [post, department, postField ?? ""].map { $0.trimmed.lowercased() }.contains { place in
            !place.isEmpty && (place.contains(field) || field.contains(place))
        }
    }

    /// The warning shown beside the post and on the findings page (T13).
    public var warning: LocalizedText {
        let until = endsOn.map { "至 \($0)" } ?? "（无截止日期）"
        let untilEn = endsOn.map { "until \($0)" } ?? "(without end)"
        return LocalizedText(
            zh: "该人员对原单位「\(employer)」负有\(kind.title.zh)\(until)，涉及「\(field)」，与拟任岗位相关，请核实",
            en: "The person owes \(employer) a \(kind.title.en.lowercased()) \(untilEn) covering \"\(field)\", "
                + "which touches the post: check before relying on it")
    }
}
