import Foundation

/// How a cooperation contract covers secrecy (T23): a separate secrecy agreement, a confidentiality clause in the
/// contract itself, or — for now — neither.
public enum SecrecyCoverage: String, CaseIterable, Hashable, Sendable, Codable {
    case agreement
    case clause
    case none

    public var title: LocalizedText {
        switch self {
        case .agreement: LocalizedText(zh: "单独签订保密协议", en: "Separate secrecy agreement")
        case .clause: LocalizedText(zh: "合同中的保密条款", en: "Confidentiality clause in the contract")
        case .none: LocalizedText(zh: "尚无", en: "Not yet")
        }
    }
}

/// A cooperation contract with an outside party (外协/合作单位) as a form or the API submits it: raw text, checked
/// by `CooperationRules.validate` before anything is written.
public struct CooperationContractDraft: Hashable, Sendable {
    public var partnerName: String?
    /// 统一社会信用代码, optional: not every partner (a foreign body, a person) has one.
    public var partnerCreditCode: String?
    public var subject: String?
    /// `LevelID` raw value of the highest secrets involved; nil or empty: the cooperation involves no secrets.
    public var level: String?
    public var startsOn: String?
    public var endsOn: String?
    public var departmentID: UUID?
    public var coverage: String?
    /// `YYYY-MM-DD` the secrecy agreement was signed (coverage `agreement`).
    public var agreementSignedOn: String?
    /// Where the confidentiality clause is, e.g. "第十二条" (coverage `clause`).
    public var clauseReference: String?

    public init(
        partnerName: String? = nil, partnerCreditCode: String? = nil, subject: String? = nil, level: String? = nil,
        startsOn: String? = nil, endsOn: String? = nil, departmentID: UUID? = nil, coverage: String? = nil,
        agreementSignedOn: String? = nil, clauseReference: String? = nil
    ) {
        self.partnerName = partnerName
        self.partnerCreditCode = partnerCreditCode
        self.subject = subject
        self.level = level
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.departmentID = departmentID
        self.coverage = coverage
        self.agreementSignedOn = agreementSignedOn
        self.clauseReference = clauseReference
    }
}

/// A draft that passed the rules: what the register stores.
public struct CooperationContractFacts: Hashable, Sendable {
    public var partnerName: String
    public var partnerCreditCode: String?
    public var subject: String
    public var level: LevelID?
    public var startsOn: String
    public var endsOn: String
    public var departmentID: UUID
    public var coverage: SecrecyCoverage
    public var agreementSignedOn: String?
    public var clauseReference: String?
}

/// T23: cooperation with outside parties on secret matters needs a secrecy agreement or a confidentiality clause in
/// the contract. Pure, so the page, the API and the compliance check ask the same questions.
public enum CooperationRules {
    public static let rule = RuleID("T23")
    /// A contract ending within this many days is announced, so a follow-up contract gets its coverage in time.
    public static let endingNoticeDays = 30

    /// Checks a draft against the level catalogue as of `today` (`YYYY-MM-DD`); every complaint cites T23.
    public static func validate(
        _ draft: CooperationContractDraft, levels: LevelCatalogue, today: String
    ) -> Result<CooperationContractFacts, DomainError> {
        var validator = FieldValidator()
        let partner = validator.required(
            draft.partnerName, field: "partnerName", label: LocalizedText(zh: "合作单位名称", en: "Partner"))
        let creditCode = validator.optional(
            draft.partnerCreditCode, field: "partnerCreditCode",
            label: LocalizedText(zh: "统一社会信用代码", en: "Credit code"), maxLength: 18)
        if let creditCode, !isCreditCode(creditCode) {
            validator.add(
                field: "partnerCreditCode", zh: "统一社会信用代码应为 18 位数字或大写字母",
                en: "The credit code is 18 digits or capital letters")
        }
        let subject = validator.required(
            draft.subject, field: "subject", label: LocalizedText(zh: "合作事项", en: "Subject"), maxLength: 500)
        let levelText = (draft.level ?? "").trimmed
        let level = levelText.isEmpty ? nil : LevelID(rawValue: levelText)
        if let level, levels.definition(level) == nil {
            validator.add(field: "level", zh: "请从密级目录中选择密级", en: "Choose a level from the catalogue")
        }
        if draft.departmentID == nil {
            validator.add(field: "departmentID", zh: "请选择责任部门", en: "Choose the responsible department")
        }
        let startsOn = day(draft.startsOn, field: "startsOn", label: LocalizedText(zh: "开始日期", en: "Start"), &validator)
        let endsOn = day(draft.endsOn, field: "endsOn", label: LocalizedText(zh: "结束日期", en: "End"), &validator)
        if let startsOn, let endsOn, endsOn < startsOn {
            validator.add(field: "endsOn", zh: "结束日期不能早于开始日期", en: "The end cannot be before the start")
        }
        let coverage = SecrecyCoverage(rawValue: (draft.coverage ?? "").trimmed)
        var signedOn: String?
        var clause: String?
        switch coverage {
        case nil: validator.add(field: "coverage", zh: "请选择保密约定方式", en: "Choose how secrecy is covered")
        case .agreement?:
            signedOn = day(
                draft.agreementSignedOn, field: "agreementSignedOn",
                label: LocalizedText(zh: "保密协议签订日期", en: "Agreement signed on"), &validator)
            if let signedOn, let startsOn, signedOn > startsOn {
                validator.add(
                    field: "agreementSignedOn", zh: "涉密合作须在开始前签订保密协议：签订日期不能晚于开始日期",
                    en: "The secrecy agreement must be signed before the cooperation starts")
            }
        case .clause?:
            clause = validator.required(
                draft.clauseReference, field: "clauseReference",
                label: LocalizedText(zh: "保密条款位置", en: "Clause reference"))
        case .none?: break
        }
        var errors = validator.errors.map { FieldError(field: $0.field, rule: rule, message: $0.message) }
        // A contract on secrets that has already started must say how secrecy is covered (T23).
        if let startsOn, let coverage,
            isUncovered(level: level?.rawValue, coverage: coverage, startsOn: startsOn, today: today)
        {
            errors.append(
                FieldError(
                    field: "coverage", rule: rule,
                    message: LocalizedText(
                        zh: "涉密合作须在开始前签订保密协议或在合同中订立保密条款",
                        en:
                            "Cooperation on secrets needs a secrecy agreement or a confidentiality clause before it starts"
                    )))
        }
        guard errors.isEmpty, let startsOn, let endsOn, let coverage, let departmentID = draft.departmentID else {
            return .failure(.invalid(errors))
        }
        return .success(
            CooperationContractFacts(
                partnerName: partner, partnerCreditCode: creditCode, subject: subject, level: level,
                startsOn: startsOn, endsOn: endsOn, departmentID: departmentID, coverage: coverage,
                agreementSignedOn: signedOn, clauseReference: clause))
    }

    /// A secret contract that has started without a secrecy agreement or clause (the compliance finding).
    public static func isUncovered(level: String?, coverage: SecrecyCoverage, startsOn: String, today: String) -> Bool {
        level != nil && coverage == .none && startsOn <= today
    }

    /// 18 characters of the GB 32100 alphabet (digits and capitals without I, O, S, V, Z).
    static func isCreditCode(_ text: String) -> Bool {
        text.count == 18 && text.allSatisfy { "0123456789ABCDEFGHJKLMNPQRTUWXY".contains($0) }
    }

    private static func day(
        _ text: String?, field: String, label: LocalizedText, _ validator: inout FieldValidator
    ) -> String? {
        switch CalendarDay.parse(text ?? "", field: field, label: label, rule: rule) {
        case .failure(let error):
            validator.add(field: field, zh: error.message.zh, en: error.message.en)
            return nil
        case .success(let day): return day.description
        }
    }
}
