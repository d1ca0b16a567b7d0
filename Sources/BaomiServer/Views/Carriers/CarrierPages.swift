import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// Registering a carrier, a carrier's record, a copy's record ("where is it now") and its label.
enum CarrierPages {
    struct Choices {
        let units: [OrgUnitModel]
        let people: [PersonModel]
        let projects: [ProjectModel]
        let classifiers: [PersonModel]
        let catalogue: LevelCatalogue
    }

    static func multiSelect(
        _ name: String, _ label: String, options: [(value: String, label: String)], selected: Set<String>,
        errors: [FieldError],
        context: PageContext
    ) -> BodyNode {
        let optionNodes = options.map { option in
            H.el(
                "option",
                [("value", option.value)] + (selected.contains(option.value) ? [("selected", "selected")] : []),
                text: option.label)
        }
        let hasError = errors.contains { $0.field == "scope" || $0.field == name }
        return H.el(
            "div", [("class", hasError ? "field has-error" : "field")],
            [
                H.el("label", [("for", "f-\(name)")], text: label),
                H.el(
                    "select",
                    [("id", "f-\(name)"), ("name", "\(name)[]"), ("multiple", "multiple"), ("class", "multi")],
                    optionNodes),
            ])
    }

    /// Shown once a 文号 was refused as already registered (C2): registering it anyway takes a tick and a reason,
    /// which the audit trail keeps.
    static func duplicateConfirmation(
        _ form: FormBuilder, values: [String: String], errors: [FieldError], context: PageContext
    ) -> [BodyNode] {
        let asked =
            values["confirmDuplicateDocumentNumber"] == "true"
            || errors.contains { $0.field == "duplicateDocumentNumberReason" }
            || errors.contains { $0.field == "documentNumber" && $0.rule == RuleID("C2") }
        guard asked else { return [] }
        return [
            form.checkbox(
                "confirmDuplicateDocumentNumber",
                context.t("确认：这是另一载体，仍以此文号登记", "Confirm: this is another carrier; register it under this number")),
            form.text(
                "duplicateDocumentNumberReason", context.t("理由（记入审计日志）", "Reason (kept in the audit trail)"),
                hint: context.t("如：同一文件再次收到、重新印发", "e.g. the same document received again, a re-issue")),
        ]
    }

    /// What the carrier form is for: registering a carrier directly, or proposing one for classification.
    enum Purpose {
        /// 直接登记: for carriers received from outside, which their originator already classified (C2).
        case register
        /// 定密审批 (T5.1): a carrier made here, registered only when its classification is approved.
        case classify
    }

    static func new(
        _ context: PageContext, choices: Choices, values: [String: String], lists: [String: Set<String>] = [:],
        errors: [FieldError] = [], purpose: Purpose = .register
    ) -> HTML {
        let form = FormBuilder(context, values: values, errors: errors)
        let catalogue = choices.catalogue
        let people = choices.people.map { (value: $0.id?.uuidString ?? "", label: "\($0.name)（\($0.department.name)）") }
        let scopeErrors = errors.filter { $0.field == "scope" }.map {
            H.el(
                "div", [("class", "field-error"), ("id", "e-scope")],
                text: context.t($0.message) + ($0.rule.map { " (\($0))" } ?? ""))
        }
        let fields: [BodyNode] = [
            H.el(
                "fieldset", [],
                [
                    H.el("legend", [], text: context.t("载体", "Carrier")),
                    form.text("title", context.t("载体名称", "Title"), required: true),
                    form.text("documentNumber", context.t("文号", "Document number")),
                ] + duplicateConfirmation(form, values: values, errors: errors, context: context) + [
                    form.select(
                        "category", context.t("载体类别 (T6)", "Category (T6)"),
                        options: CarrierCategory.allCases.map { (value: $0.rawValue, label: context.t($0.title)) },
                        required: true),
                    form.select(
                        "form", context.t("载体形态", "Form"),
                        options: CarrierForm.allCases.map { (value: $0.rawValue, label: context.t($0.title)) },
                        required: true),
                ]
                    + (purpose == .register
                        ? [
                            form.select(
                                "source", context.t("来源", "Source"),
                                options: CarrierSource.allCases.map {
                                    (value: $0.rawValue, label: context.t($0.title))
                                },
                                required: true, includeEmpty: false)
                        ] : []) + [
                        form.select(
                            "departmentID", context.t("责任部门", "Responsible department"),
                            options: OrganisationPages.unitOptions(choices.units), required: true),
                        form.select(
                            "projectID", context.t("所属项目", "Project"),
                            options: choices.projects.map {
                                (value: $0.id?.uuidString ?? "", label: "\($0.code) \($0.name)")
                            }),
                    ]),
            H.el(
                "fieldset", [],
                [
                    H.el("legend", [], text: context.t("密级与期限 (C1.1, C9)", "Level and period (C1.1, C9)")),
                    form.select(
                        "level", context.t("密级", "Level"),
                        options: catalogue.levels.map {
                            (value: $0.id.rawValue, label: context.t($0.regime.title) + " · " + context.t($0.name))
                        }, required: true),
                    form.text(
                        "period", context.t("保密期限", "Secrecy period"), required: true,
                        hint: context.t(
                            "年数（如 20）、日期（YYYY-MM-DD）、长期、公布前或解密条件；来文未标明期限的填「未标明」",
                            "Years (e.g. 20), a date (YYYY-MM-DD), longTerm, untilPublished, or a condition; "
                                + "\"unmarked\" for a received carrier whose originator marked none")),
                    form.text(
                        "copyCount", context.t("份数（实际清点）", "Number of copies (as counted)"), required: true,
                        type: "number"),
                ]
                    + (purpose == .register
                        ? [
                            form.text(
                                "declaredCount",
                                context.t(
                                    "来文注明份数（收文时填写，C2）", "Copies stated on the dispatch note (received, C2)"),
                                type: "number")
                        ] : []) + [
                        form.checkbox("copyingAllowed", context.t("允许复制 (C5.2)", "Copying allowed (C5.2)")),
                        form.checkbox(
                            "isProductionWaste",
                            context.t("制作过程中的草稿、废页等 (C1.3)", "Production waste: drafts, spoiled pages (C1.3)")),
                    ]),
            H.el(
                "fieldset", [],
                [
                    H.el("legend", [], text: context.t("知悉范围（至少一项）(C1.1)", "Distribution scope (at least one) (C1.1)")),
                    multiSelect(
                        "scopePeople", context.t("人员", "People"), options: people, selected: lists["scopePeople"] ?? [],
                        errors: errors, context: context),
                    multiSelect(
                        "scopeDepartments", context.t("部门", "Departments"),
                        options: OrganisationPages.unitOptions(choices.units),
                        selected: lists["scopeDepartments"] ?? [], errors: errors, context: context),
                    multiSelect(
                        "scopeProjects", context.t("项目", "Projects"),
                        options: choices.projects.map {
                            (value: $0.id?.uuidString ?? "", label: "\($0.code) \($0.name)")
                        }, selected: lists["scopeProjects"] ?? [], errors: errors, context: context),
                ] + scopeErrors),
            H.el(
                "fieldset", [],
                [
                    H.el("legend", [], text: context.t("定密 (T5.1) / 来文 (C2)", "Classification (T5.1) / received (C2)")),
                    form.select(
                        "classifierID", context.t("定密责任人（自制）", "Classifying official (made here)"),
                        options: choices.classifiers.map { (value: $0.id?.uuidString ?? "", label: $0.name) }),
                    form.text("classificationBasis", context.t("定密依据", "Basis")),
                ]
                    + (purpose == .register
                        ? [
                            form.text("classifiedOn", context.t("定密日期", "Classified on"), type: "date"),
                            form.text(
                                "originatingAuthority",
                                context.t("原定密机关 / 来文单位（收文）", "Originating authority / sender (received)")),
                        ]
                        : [
                            form.text(
                                "reason", context.t("事由（提请定密的理由）", "Reason (why it is classified)"), required: true)
                        ]) + [form.text("notes", context.t("备注", "Notes"))]),
        ]
        switch purpose {
        case .register:
            return Layout.page(
                context, title: context.t("直接登记涉密载体", "Register a classified carrier directly"),
                [
                    H.el(
                        "p", [("class", "alert alert-info"), ("id", "direct-registration")],
                        [
                            .text(
                                context.t(
                                    "直接登记用于外来载体：来文单位（原定密机关）已定密。本单位产生的载体请先提交",
                                    "Direct registration is for carriers received from outside, which their originator "
                                        + "already classified. A carrier made here goes through ")),
                            H.link(.classificationNew, context.t("定密审批", "classification")),
                            .text(context.t("（T5.1），批准后自动登记。", " first (T5.1); its approval registers it.")),
                        ]),
                    H.el(
                        "div", [("class", "card")],
                        [
                            form.form(
                                action: .carrierNew, submit: context.t("登记", "Register"), fields, id: "carrier-form")
                        ]),
                ])
        case .classify:
            return Layout.page(
                context, title: context.t("定密审批：拟定密载体", "Classification: a proposed carrier"),
                [
                    H.el(
                        "p", [("class", "alert alert-info")],
                        text: context.t(
                            "拟定密载体经定密审核人审核、主管领导批准后登记入台账；此前不在任何台账、报表或导出中 (T5.1)。",
                            "The proposed carrier is reviewed by the classification reviewer and approved by the leader "
                                + "in charge, then registered; until then it is in no register, report or export (T5.1)."
                        )),
                    H.el(
                        "div", [("class", "card")],
                        [
                            form.form(
                                action: .classificationNew, submit: context.t("提交定密审批", "Submit for classification"),
                                fields, id: "classification-form")
                        ]),
                ])
        }
    }

    /// Declassification and level changes go through a request (C9).
    static func reclassifyLink(_ context: PageContext, carrier: CarrierModel, manages: Bool) -> [BodyNode] {
        guard manages, let id = carrier.id else { return [] }
        return [
            H.link(
                .requestNew, query: "?kind=reclassify&carrier=\(id.uuidString)",
                context.t("申请解密或变更 (C9)", "Declassify or change (C9)"),
                classes: "button")
        ]
    }

    static func detail(
        _ context: PageContext, carrier: CarrierModel, copies: [CopyModel], scope: [String], catalogue: LevelCatalogue,
        markings: MarkingHistory, readings: [ReadingModel]?, readingPlaces: [UUID: String] = [:], manages: Bool
    ) -> HTML {
        let period = CarrierPresentation.period(carrier.period)
        let facts: [(String, String)] = [
            (context.t("载体编号", "Carrier no."), carrier.number),
            (context.t("文号", "Document no."), carrier.documentNumber.isEmpty ? "—" : carrier.documentNumber),
            (
                context.t("载体类别", "Category"),
                CarrierPresentation.title(carrier.category, CarrierCategory.self, context: context, title: \.title)
            ),
            (
                context.t("形态", "Form"),
                CarrierPresentation.title(carrier.form, CarrierForm.self, context: context, title: \.title)
            ),
            (
                context.t("来源", "Source"),
                CarrierPresentation.title(carrier.source, CarrierSource.self, context: context, title: \.title)
            ),
            (
                context.t("保密期限", "Period"),
                CarrierPresentation.periodText(
                    carrier.period, level: carrier.level, catalogue: catalogue, context: context)
            ),
            (context.t("份数", "Copies"), String(carrier.copyCount)),
            (
                context.t("允许复制", "Copying allowed"),
                carrier.copyingAllowed ? context.t("是", "Yes") : context.t("否", "No")
            ),
            (context.t("责任部门", "Department"), carrier.department.name),
            (context.t("所属项目", "Project"), carrier.project.map { "\($0.code) \($0.name)" } ?? "—"),
            (context.t("定密责任人", "Classifier"), carrier.classifier?.name ?? "—"),
            (context.t("定密依据", "Basis"), carrier.classificationBasis.isEmpty ? "—" : carrier.classificationBasis),
            (context.t("定密日期", "Classified on"), carrier.classifiedOn ?? "—"),
            (
                context.t("原定密机关", "Originating authority"),
                carrier.originatingAuthority.isEmpty ? "—" : carrier.originatingAuthority
            ),
            (context.t("知悉范围", "Scope"), scope.joined(separator: "、")),
            (context.t("登记人", "Registered by"), carrier.registeredBy),
            (context.t("备注", "Notes"), carrier.notes.isEmpty ? "—" : carrier.notes),
        ]
        let copyRows: [[BodyNode]] = copies.map { copy in
            [
                H.link(
                    .copy(copy.id ?? UUID()),
                    CarrierPresentation.serial(copy.serial, of: carrier.copyCount, context: context)),
                CarrierPresentation.state(copy.state, context: context),
                .text(copy.place?.name ?? copy.holder?.name ?? (copy.counterpart.isEmpty ? "—" : copy.counterpart)),
                .text(context.dateTime(copy.lastChangedAt)),
            ]
        }
        return Layout.page(
            context, title: carrier.title,
            [
                H.el(
                    "div", [("class", "marking-header")],
                    [
                        CarrierPresentation.levelBadge(
                            carrier.level, catalogue: catalogue, context: context, period: period),
                        .text(carrier.isProductionWaste ? context.t("制作过程废料 (C1.3)", "Production waste (C1.3)") : ""),
                    ] + reclassifyLink(context, carrier: carrier, manages: manages)),
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el(
                            "dl", [("class", "facts")],
                            facts.flatMap { [H.el("dt", [], text: $0.0), H.el("dd", [], text: $0.1)] })
                    ]),
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el("h2", [], text: context.t("各份去向", "Where each copy is")),
                        H.table(
                            [
                                context.t("份号", "Copy"), context.t("状态", "State"),
                                context.t("持有人或存放位置", "Holder or place"), context.t("最后变动", "Last change"),
                            ],
                            copyRows, empty: context.t("没有载体份。", "No copies.")),
                    ]),
                markingHistory(context, markings),
                disclosureRecord(context, readings, places: readingPlaces),
            ])
    }

    /// The markings the carrier has had (C9, principle 12): the one it was registered with and each change since,
    /// with the request that made it and who approved it. The header above shows the marking it has now.
    private static func markingHistory(_ context: PageContext, _ history: MarkingHistory) -> BodyNode {
        var rows: [[BodyNode]] = []
        if let registered = history.registered {
            rows.append([
                .text(context.dateTime(registered.at)), .text(context.t("登记", "Registered")), .text("—"),
                .text(registered.marking), .text("—"), .text("—"),
            ])
        }
        for change in history.changes {
            let kind: String =
                switch change.change {
                case "declassify": context.t("解密", "Declassified")
                case "changeLevel": context.t("变更密级", "Level changed")
                default: context.t("延长保密期限", "Period extended")
                }
            rows.append([
                .text(context.dateTime(change.at)), .text(kind),
                .text(change.fromMarking.isEmpty ? "—" : change.fromMarking),
                .text(change.toMarking.isEmpty ? "—" : change.toMarking),
                change.requestID.map { H.link(.request($0), change.requestNumber) } ?? .text(change.requestNumber),
                .text(change.approvedBy.isEmpty ? "—" : change.approvedBy),
            ])
        }
        return H.el(
            "section", [("class", "card"), ("id", "marking-history")],
            [
                H.el("h2", [], text: context.t("密级标志变更记录 (C9)", "Marking history (C9)")),
                H.table(
                    [
                        context.t("时间", "When"), context.t("事项", "What"), context.t("原标志", "From"),
                        context.t("新标志", "To"), context.t("依据", "Request"), context.t("批准人", "Approved by"),
                    ], rows, empty: context.t("未变更过。", "Never changed.")),
            ])
    }

    /// Everyone who has read a copy (阅知登记, C4, T2) — handed over, read in place, taken — for those who look after
    /// it, with the marking it bore then (principle 12). Looking at this page is not a reading: it stays in the
    /// audit trail.
    private static func disclosureRecord(
        _ context: PageContext, _ readings: [ReadingModel]?, places: [UUID: String]
    ) -> BodyNode {
        guard let readings else { return .empty }
        let rows: [[BodyNode]] = readings.map { reading in
            let how = context.t(
                ReadingKind(rawValue: reading.kind)?.title ?? LocalizedText(zh: reading.kind, en: reading.kind))
            let place = reading.placeID.flatMap { places[$0] }
            return [
                .text(context.dateTime(reading.at)), .text(reading.readerName),
                .text(place.map { "\(how)（\($0)）" } ?? how),
                .text(reading.marking.isEmpty ? "—" : reading.marking),
            ]
        }
        return H.el(
            "section", [("class", "card"), ("id", "readings")],
            [
                H.el("h2", [], text: context.t("阅知登记 (C4)", "Reading register (C4)")),
                H.table(
                    [
                        context.t("时间", "When"), context.t("阅知人", "Reader"), context.t("方式", "How"),
                        context.t("当时标志", "Marking then"),
                    ], rows,
                    empty: context.t("尚无阅知记录。", "Nobody has read it yet.")),
            ])
    }
}
