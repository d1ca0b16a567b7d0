import Foundation

/// What a returned item of a departure's checklist is (T22: technical materials, experimental materials, equipment
/// and products); registered carriers are not listed here, the T22 check finds them in the register.
public enum DepartureItemCategory: String, CaseIterable, Hashable, Sendable, Codable {
    case material
    case equipment
    case sample

    public var title: LocalizedText {
        switch self {
        case .material: LocalizedText(zh: "技术资料、实验资料", en: "Technical or experimental material")
        case .equipment: LocalizedText(zh: "设备", en: "Equipment")
        case .sample: LocalizedText(zh: "样品、产品", en: "Sample or product")
        }
    }
}

/// The two letters of a departure (T12).
public enum DepartureLetter: String, CaseIterable, Hashable, Sendable, Codable {
    /// 离职保密提醒书: the secrecy and non-compete duties, reiterated in writing to the leaver.
    case reminder
    /// 告知函: the notice to the new employer.
    case notice

    public var title: LocalizedText {
        switch self {
        case .reminder: LocalizedText(zh: "离职保密提醒书", en: "Reminder of secrecy duties")
        case .notice: LocalizedText(zh: "告知函", en: "Notice to the new employer")
        }
    }
}

/// How a letter was handed over (T12).
public enum LetterDelivery: String, CaseIterable, Hashable, Sendable, Codable {
    case inPerson
    case post
    case courier
    case email

    public var title: LocalizedText {
        switch self {
        case .inPerson: LocalizedText(zh: "当面送达（签收）", en: "In person, signed for")
        case .post: LocalizedText(zh: "挂号邮寄", en: "Registered post")
        case .courier: LocalizedText(zh: "专人送达", en: "By messenger")
        case .email: LocalizedText(zh: "电子邮件", en: "E-mail")
        }
    }
}

/// The refusals of a departure's own steps, citing their rules.
public enum DepartureRules {
    /// T22: completing a departure while the person still holds something of the unit's. Counted, not named: the
    /// request page names each one as far as its viewer may see it (principle 11).
    public static func holding(copies: Int, borrowings: Int, carryOuts: Int) -> Refusal {
        Refusal(
            rule: RuleID("T22"),
            zh: "离岗离职前须退还全部涉密载体：该人员仍持有 \(copies) 份、借阅未还 \(borrowings) 项、外带未还 \(carryOuts) 项，"
                + "请先逐项办理归还（见申请页面的待退还清单）",
            en:
                "Everything must be returned before leaving: the person still holds \(copies) copies and has "
                + "\(borrowings) borrowings and \(carryOuts) carryings out open; return each first (listed on the "
                + "request's page)")
    }

    /// T22: an item of the checklist not yet signed off.
    public static func unsigned(count: Int) -> Refusal {
        Refusal(
            rule: RuleID("T22"), zh: "退还清单中还有 \(count) 项未签收，须逐项签收后才能办结",
            en: "\(count) item(s) of the checklist are not yet signed off")
    }

    /// T12: a notice to nobody.
    public static let noNewEmployer = Refusal(
        rule: RuleID("T12"), zh: "该申请未填写新单位，无需告知函", en: "No new employer is named: there is no notice to deliver")
}
