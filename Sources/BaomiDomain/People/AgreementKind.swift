import Foundation

/// The agreements a person signs with the unit (T8, T11, T12, L1.1). Each kind has texts the security office
/// versions; a person's agreement pins the version it was signed on.
public enum AgreementKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// 知识产权保护协议 with secrecy clauses: everyone who may learn technical secrets (T8).
    case ipProtection
    /// 保密承诺书: the leaders' nine-point commitment of the second regulation (L1.1).
    case commitment
    /// 竞业限制协议: key staff, for three years after leaving (T11).
    case nonCompete
    /// 离岗保密承诺书: signed on leaving (T12).
    case departureCommitment

    public var title: LocalizedText {
        switch self {
        case .ipProtection: LocalizedText(zh: "知识产权保护协议", en: "IP protection agreement")
        case .commitment: LocalizedText(zh: "保密承诺书", en: "Secrecy commitment")
        case .nonCompete: LocalizedText(zh: "竞业限制协议", en: "Non-compete agreement")
        case .departureCommitment: LocalizedText(zh: "离岗保密承诺书", en: "Departure secrecy commitment")
        }
    }

    /// The rule that asks for this kind of agreement.
    public var rule: RuleID {
        switch self {
        case .ipProtection: RuleID("T8")
        case .commitment: RuleID("L1.1")
        case .nonCompete: RuleID("T11")
        case .departureCommitment: RuleID("T12")
        }
    }

    /// The text each kind starts with, before the security office publishes its own version.
    public var defaultText: String {
        switch self {
        case .ipProtection:
            """
            本人因工作可能知悉本单位的技术秘密，自愿与本单位签订本《知识产权保护协议》，承诺：
            一、不以任何方式泄漏、发表、使用、许可、出售、转让本单位的技术秘密；
            二、离开本单位前将全部技术资料、实验材料、实验设备和产品等交回本单位；
            三、本协议一经双方当事人签章，即发生法律效力（第十五条）。
            """
        case .commitment:
            // 保密管理制度第二篇《领导干部保密工作职责制》第 1 条的九项（L1.1）。
            """
            本人模范遵守保密法律、法规和下列保密职责制：
            ①不泄露知悉的党和国家秘密。
            ②不在无保密保障的场所阅办秘密文件、资料。
            ③不使用无保密保障的电信通信传输党和国家秘密。
            ④不在家属、亲友、熟人和其他无关人员面前谈论涉及党和国家秘密事项。
            ⑤不在私人通讯及公开发表的文章、著作中涉及党和国家秘密资料。
            ⑥不得携带秘密文件、资料参加社交活动。
            ⑦不在出国访问、考察等外事活动中携带秘密文件、资料。
            ⑧不在接受来访和采访活动中涉及党和国家秘密。
            ⑨阅办完毕的秘密文件、资料应按规定及时清退、归档。
            """
        case .nonCompete:
            """
            本人在离开本单位三年内，不在生产同类产品或经营同类业务且有竞争关系或者其他利害关系的其他单位内任职，
            也不自己生产、经营与本单位有竞争关系的同类产品或业务（第十一条）。
            """
        case .departureCommitment:
            """
            本人离开本单位时已交回全部涉密载体、技术资料、实验材料、设备和样品，离开后继续履行保密义务和竞业限制义务，
            不擅自复制、发表、泄露、使用或转让本单位的技术秘密（第十二条、第二十二条）。
            """
        }
    }
}

/// Where a person's agreement stands (T15: it binds once both sides sign; T9: a refusal is recorded).
public enum AgreementState: String, CaseIterable, Hashable, Sendable, Codable {
    case draft
    case signedByPerson
    case signedByUnit
    case inForce
    case ended
    case refused

    public var title: LocalizedText {
        switch self {
        case .draft: LocalizedText(zh: "待签订", en: "Draft")
        case .signedByPerson: LocalizedText(zh: "本人已签，待单位签章", en: "Signed by the person")
        case .signedByUnit: LocalizedText(zh: "单位已签章，待本人签字", en: "Signed by the unit")
        case .inForce: LocalizedText(zh: "生效", en: "In force")
        case .ended: LocalizedText(zh: "已终止", en: "Ended")
        case .refused: LocalizedText(zh: "拒签", en: "Refused")
        }
    }

    /// Still open for signatures: the states from which a signature or a refusal may follow.
    public var awaitsSignature: Bool { self == .draft || self == .signedByPerson || self == .signedByUnit }

    /// A state nothing follows (an ended or refused agreement is kept as it was; a new one is drafted instead).
    public var isClosed: Bool { self == .ended || self == .refused }
}

/// What the unit pays under an agreement (T15).
public enum AgreementPaymentKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// 保密补贴.
    case allowance
    /// 报酬 (for technical development, 第十五条).
    case remuneration

    public var title: LocalizedText {
        switch self {
        case .allowance: LocalizedText(zh: "保密补贴", en: "Secrecy allowance")
        case .remuneration: LocalizedText(zh: "报酬", en: "Remuneration")
        }
    }
}

/// An amount of money in fen, written `1200.50` (yuan with at most two decimals).
public enum Yuan {
    public static func cents(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]), whole >= 0, whole < 1_000_000_000,
            parts[0].allSatisfy(\.isASCII)
        else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...2).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int64(digits)
            else { return nil }
            fraction = digits.count == 1 ? value * 10 : value
        }
        return whole * 100 + fraction
    }

    public static func text(_ cents: Int64) -> String {
        "\(cents / 100).\(String(cents % 100).count == 1 ? "0" : "")\(cents % 100)"
    }
}
