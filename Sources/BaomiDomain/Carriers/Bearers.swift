import Foundation

/// Someone who carries a classified carrier — an escort or courier of a transmission (递送人), a person carrying it
/// out of the office (携带人), a designated courier to a leader in hospital (C3, C4, L3): a person on the register,
/// as the access decision sees them.
public struct Bearer: Hashable, Sendable {
    public var personID: UUID
    public var name: String
    public var subject: AccessSubject

    public init(personID: UUID, name: String, subject: AccessSubject) {
        self.personID = personID
        self.name = name
        self.subject = subject
    }
}

/// Who may carry a carrier (C3, C4): people from the register, each with a secret post that covers the level and
/// not barred (leaving, departed, in 脱密期, A4, A7) — never a name typed in.
public enum BearerRules {
    /// Every bearer is cleared for `level`; at least `minimum` different people are named. `role` names them in the
    /// message ("递送人", "携带人").
    public static func check(
        _ bearers: [Bearer], level: LevelDefinition, minimum: Int, field: String, rule: RuleID, role: LocalizedText,
        postClasses: PostClassCatalogue, levels: LevelCatalogue
    ) -> [FieldError] {
        var errors: [FieldError] = []
        for bearer in bearers {
            if let refusal = refusal(
                bearer, level: level, role: role, rule: rule, postClasses: postClasses, levels: levels)
            {
                errors.append(FieldError(field: field, rule: refusal.rule, message: refusal.reason))
            }
        }
        if Set(bearers.map(\.personID)).count < minimum {
            errors.append(
                FieldError(
                    field: field, rule: rule,
                    message: minimum >= 2
                        ? LocalizedText(
                            zh: "\(level.name.zh)级载体须由两名不同的\(role.zh)携带：请从人员名册中选择两人",
                            en: "A \(level.name.en) carrier travels with two different people (\(role.en)): choose "
                                + "both from the register")
                        : LocalizedText(
                            zh: "请从人员名册中选择\(role.zh)", en: "Choose the \(role.en) from the register")))
        }
        return errors
    }

    /// Why this person may not carry a carrier of this level, or nil.
    public static func refusal(
        _ bearer: Bearer, level: LevelDefinition, role: LocalizedText, rule: RuleID, postClasses: PostClassCatalogue,
        levels: LevelCatalogue
    ) -> Refusal? {
        if let barred = bearer.subject.barred {
            return Refusal(
                rule: barred.rule, zh: "\(role.zh)\(bearer.name)：\(barred.reason.zh)",
                en: "\(role.en) \(bearer.name): \(barred.reason.en)")
        }
        guard let rank = bearer.subject.clearance.rank(in: level.regime), rank >= level.rank else {
            let needed = postClasses.lowestClass(covering: level, levels: levels)
            return Refusal(
                rule: rule,
                zh: "\(role.zh)\(bearer.name)为\(bearer.subject.postClass.title.zh)，不能携带\(level.name.zh)级载体"
                    + "（须\(needed?.title.zh ?? "更高涉密等级")）",
                en: "\(role.en) \(bearer.name) holds \(bearer.subject.postClass.title.en) and cannot carry a "
                    + "\(level.name.en) carrier (needs \(needed?.title.en ?? "a higher clearance"))")
        }
        return nil
    }
}

/// What qualifies an outside unit to receive a carrier (C3): its secrecy qualification (保密资格) as recorded from
/// its certificate. Each covers levels up to one of the catalogue's, so the check follows the organisation's levels.
public enum ReceiverQualification: String, CaseIterable, Hashable, Sendable, Codable {
    /// 国家机关、党政机关: receives state secrets under its own rules.
    case stateOrgan
    /// 一级保密资格单位: up to 绝密.
    case gradeOne
    /// 二级保密资格单位: up to 机密.
    case gradeTwo
    /// 三级保密资格单位: up to 秘密.
    case gradeThree
    /// 签订保密协议的合作单位: commercial and work secrets only.
    case confidentialityAgreement

    public var title: LocalizedText {
        switch self {
        case .stateOrgan: LocalizedText(zh: "国家机关", en: "State organ")
        case .gradeOne: LocalizedText(zh: "一级保密资格单位", en: "Grade 1 secrecy qualification")
        case .gradeTwo: LocalizedText(zh: "二级保密资格单位", en: "Grade 2 secrecy qualification")
        case .gradeThree: LocalizedText(zh: "三级保密资格单位", en: "Grade 3 secrecy qualification")
        case .confidentialityAgreement: LocalizedText(zh: "签订保密协议的单位", en: "Unit under a confidentiality agreement")
        }
    }

    /// The highest level it covers.
    public var covers: LevelID {
        switch self {
        case .stateOrgan, .gradeOne: .topSecret
        case .gradeTwo: .secret
        case .gradeThree: .confidential
        case .confidentialityAgreement: .coreCommercial
        }
    }

    /// An outside receiver is named with its qualification and certificate, and the qualification covers the
    /// level (C3).
    public static func check(
        _ qualification: ReceiverQualification?, certificate: String, level: LevelDefinition, levels: LevelCatalogue
    ) -> [FieldError] {
        let c3 = RuleID("C3")
        guard let qualification else {
            return [
                FieldError(
                    field: "receiverQualification", rule: c3,
                    message: LocalizedText(
                        zh: "发往外单位须登记接收单位的保密资格", en: "Record the outside receiver's secrecy qualification"))
            ]
        }
        var errors: [FieldError] = []
        if let covered = levels.definition(qualification.covers),
            covered.protectionWeight < level.protectionWeight
        {
            errors.append(
                FieldError(
                    field: "receiverQualification", rule: c3,
                    message: LocalizedText(
                        zh: "\(qualification.title.zh)最高只能接收\(covered.name.zh)级载体，不能接收\(level.name.zh)级载体",
                        en:
                            "A receiver with \(qualification.title.en.lowercased()) may receive up to \(covered.name.en), "
                            + "not \(level.name.en)")))
        }
        if certificate.trimmed.isEmpty {
            errors.append(
                FieldError(
                    field: "receiverCertificate", rule: c3,
                    message: LocalizedText(
                        zh: "请登记接收单位的资格证书或协议编号", en: "Record the receiver's certificate or agreement number")))
        }
        return errors
    }
}
