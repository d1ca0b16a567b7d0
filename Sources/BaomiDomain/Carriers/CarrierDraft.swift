import Foundation

/// A carrier as an officer registers it, checked before anything is written (C1.1, C1.2, C9, T5.1).
public struct CarrierDraft: Hashable, Sendable {
    public var title: String
    public var documentNumber: String
    public var category: CarrierCategory
    public var form: CarrierForm
    public var source: CarrierSource
    public var level: LevelDefinition
    public var period: SecrecyPeriod
    public var copyCount: Int
    public var copyingAllowed: Bool
    public var departmentID: UUID
    public var projectID: UUID?
    public var scopePeople: [UUID]
    public var scopeDepartments: [UUID]
    public var scopeProjects: [UUID]
    public var classifierID: UUID?
    public var classificationBasis: String
    public var classifiedOn: String?
    public var originatingAuthority: String
    public var isProductionWaste: Bool
    public var notes: String
    /// Why a carrier is registered under a 文号 the register already holds — the explicit confirmation a duplicate
    /// needs, recorded in the audit trail — or nil.
    public var duplicateDocumentNumberReason: String?

    /// Raw values from a form, the API or an import file.
    public struct Input: Sendable, Codable, Hashable {
        public var title: String?
        public var documentNumber: String?
        public var category: String?
        public var form: String?
        public var source: String?
        public var level: String?
        public var period: String?
        public var copyCount: Int?
        public var copyingAllowed: Bool?
        public var departmentID: String?
        public var projectID: String?
        public var scopePeople: [String]?
        public var scopeDepartments: [String]?
        public var scopeProjects: [String]?
        public var classifierID: String?
        public var classificationBasis: String?
        public var classifiedOn: String?
        public var originatingAuthority: String?
        public var isProductionWaste: Bool?
        public var notes: String?
        /// For a received carrier: how many copies the dispatch note says were sent (C2: count and compare).
        public var declaredCount: Int?
        /// The confirmation that registers a carrier under a 文号 already in the register: why (C1, C2).
        public var duplicateDocumentNumberReason: String?

        public init() {}
    }

    /// The largest batch of copies one registration makes; beyond it a typo ("1000" for "10") is likelier.
    public static let maximumCopies = 500

    public static func parse(_ input: Input, catalogue: LevelCatalogue) throws(DomainError) -> CarrierDraft {
        var validator = FieldValidator()
        let c11 = RuleID("C1.1")
        let title = validator.required(
            input.title, field: "title", label: LocalizedText(zh: "载体名称", en: "Title"), maxLength: 200)
        let documentNumber =
            validator.optional(
                input.documentNumber, field: "documentNumber", label: LocalizedText(zh: "文号", en: "Document number"),
                maxLength: 64) ?? ""
        let category = CarrierCategory(rawValue: input.category?.trimmed ?? "")
        if category == nil {
            unknown(
                input.category, field: "category", rule: RuleID("T6"), label: LocalizedText(zh: "载体类别", en: "Category"),
                accepted: .of(CarrierCategory.self, title: \.title), into: &validator,
                empty: ("请选择载体类别", "Choose a category"))
        }
        let form = CarrierForm(rawValue: input.form?.trimmed ?? "")
        if form == nil {
            unknown(
                input.form, field: "form", label: LocalizedText(zh: "载体形态", en: "Form"),
                accepted: .of(CarrierForm.self, title: \.title), into: &validator, empty: ("请选择载体形态", "Choose a form"))
        }
        let source = CarrierSource(
            rawValue: (input.source?.trimmed).flatMap { $0.isEmpty ? nil : $0 } ?? CarrierSource.made.rawValue)
        if source == nil {
            unknown(
                input.source, field: "source", label: LocalizedText(zh: "来源", en: "Source"),
                accepted: .of(CarrierSource.self, title: \.title), into: &validator, empty: ("", ""))
        }
        let level = catalogue.definition(LevelID(rawValue: input.level?.trimmed ?? ""))
        if level == nil {
            unknown(
                input.level, field: "level", rule: c11, label: LocalizedText(zh: "密级", en: "Level"),
                accepted: AcceptedValues(catalogue.levels.map { ($0.name.zh, $0.id.rawValue) }), into: &validator,
                empty: ("未标明密级的载体不能登记", "A carrier cannot be registered without a level"))
        }
        let period = SecrecyPeriod.parse(input.period)
        if let level, let refusal = period.check(for: level, classifiedOn: input.classifiedOn?.trimmed).refusal {
            validator.add(field: "period", refusal: refusal)
        }
        // A carrier made here is marked with its period (C1.1); only a received one whose originator left it unmarked
        // takes the national maximum (C9), and the register shows it as unmarked. Work secrets carry no period.
        if let level, level.regime != .work, period == .unmarked, source != .received {
            validator.add(
                field: "period", rule: c11, zh: "自制载体须标明保密期限（只有来文未标明的才按最长期限计）",
                en:
                    "A carrier made here states its secrecy period (only a received one left unmarked counts as the maximum)"
            )
        }
        let copyCount = input.copyCount ?? 0
        if !(1...maximumCopies).contains(copyCount) {
            validator.add(
                field: "copyCount", rule: c11, zh: "制作数量须在 1 到 \(maximumCopies) 份之间",
                en: "The number of copies must be 1 to \(maximumCopies)")
        }
        let department = UUID.parse(input.departmentID, field: "departmentID", into: &validator)
        if department == nil && !validator.errors.contains(where: { $0.field == "departmentID" }) {
            validator.add(field: "departmentID", zh: "请选择责任部门", en: "Choose the responsible department")
        }
        let project = UUID.parse(input.projectID, field: "projectID", into: &validator)
        let people = parseIDs(input.scopePeople, field: "scopePeople", into: &validator)
        let departments = parseIDs(input.scopeDepartments, field: "scopeDepartments", into: &validator)
        let projects = parseIDs(input.scopeProjects, field: "scopeProjects", into: &validator)
        if people.isEmpty && departments.isEmpty && projects.isEmpty {
            validator.add(
                field: "scope", rule: c11, zh: "请确定知悉范围（人员、部门或项目）",
                en: "State the distribution scope (people, departments or projects)")
        }
        let classifier = UUID.parse(input.classifierID, field: "classifierID", into: &validator)
        let basis =
            validator.optional(
                input.classificationBasis, field: "classificationBasis", label: LocalizedText(zh: "定密依据", en: "Basis"),
                maxLength: 500) ?? ""
        // Also 2026/3/1 and 2026年3月1日, as spreadsheets and people write days; 2026-02-30 is refused by name.
        let classifiedOn = validator.date(
            input.classifiedOn, field: "classifiedOn", label: classifiedOnLabel, lenient: true)?.description
        let authority =
            validator.optional(
                input.originatingAuthority, field: "originatingAuthority",
                label: LocalizedText(zh: "原定密机关", en: "Originating authority"), maxLength: 200) ?? ""
        if source == .made && classifier == nil && !validator.errors.contains(where: { $0.field == "classifierID" }) {
            validator.add(
                field: "classifierID", rule: RuleID("T5.1"), zh: "自制载体须由定密责任人定密",
                en: "A carrier made here needs its classifying official")
        }
        if source == .received && authority.isEmpty {
            validator.add(
                field: "originatingAuthority", rule: RuleID("C2"), zh: "收文须登记来文单位（原定密机关）",
                en: "A received carrier records its originating authority")
        }
        var notes =
            validator.optional(
                input.notes, field: "notes", label: LocalizedText(zh: "备注", en: "Notes"), maxLength: 1000) ?? ""
        let duplicateReason = validator.optional(
            input.duplicateDocumentNumberReason, field: "duplicateDocumentNumberReason",
            label: LocalizedText(zh: "重复文号的理由", en: "Reason for the repeated document number"), maxLength: 500)
        // A confirmation that gives no reason confirms nothing (C2): it is asked for, on every way in.
        if input.duplicateDocumentNumberReason != nil, duplicateReason == nil {
            validator.add(
                field: "duplicateDocumentNumberReason", rule: RuleID("C2"), zh: "请写明以重复文号登记的理由",
                en: "Say why it is registered under a repeated document number")
        }
        // A received count that differs from the dispatch note is registered as counted, and flagged (C2).
        if source == .received, let declared = input.declaredCount, declared != copyCount {
            notes = "清点不符：来文注明 \(declared) 份，实收 \(copyCount) 份。" + notes
        }
        try validator.check()
        guard let category, let form, let source, let level, let department else {
            throw DomainError.invalid(field: "title", zh: "输入有误", en: "Invalid input")
        }
        return CarrierDraft(
            title: title, documentNumber: documentNumber, category: category, form: form, source: source, level: level,
            period: period, copyCount: copyCount, copyingAllowed: input.copyingAllowed ?? false,
            departmentID: department,
            projectID: project, scopePeople: people, scopeDepartments: departments, scopeProjects: projects,
            classifierID: source == .made ? classifier : nil, classificationBasis: basis, classifiedOn: classifiedOn,
            originatingAuthority: authority, isProductionWaste: input.isProductionWaste ?? false, notes: notes,
            duplicateDocumentNumberReason: duplicateReason)
    }

    /// The 定密日期 field's name in messages.
    public static let classifiedOnLabel = LocalizedText(zh: "定密日期", en: "Classified on")

    /// A choice left empty asks for one; a value that is none of the choices is refused naming the choices.
    private static func unknown(
        _ value: String?, field: String, rule: RuleID? = nil, label: LocalizedText, accepted: AcceptedValues,
        into validator: inout FieldValidator, empty: (zh: String, en: String)
    ) {
        let text = (value ?? "").trimmed
        if text.isEmpty && !empty.zh.isEmpty {
            validator.add(field: field, rule: rule, zh: empty.zh, en: empty.en)
        } else {
            validator.add(field: field, rule: rule, unknown: text, label: label, accepted: accepted)
        }
    }

    private static func parseIDs(_ texts: [String]?, field: String, into validator: inout FieldValidator) -> [UUID] {
        var ids: [UUID] = []
        for text in texts ?? [] where !text.trimmed.isEmpty {
            if let id = UUID(uuidString: text.trimmed) {
                if !ids.contains(id) { ids.append(id) }
            } else {
                validator.add(field: field, zh: "编号格式无效", en: "Not a valid id")
            }
        }
        return ids
    }

    /// 第n份/共N份 (C1.2).
    public static func serialText(_ serial: Int, of total: Int, language: Language) -> String {
        language == .en ? "copy \(serial) of \(total)" : "第\(serial)份/共\(total)份"
    }
}
