import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The pages of travel abroad (A7, L1.7) and of former staff (T14): the trips and the form that asks for one, a
/// trip with its briefing and debriefing, the passport register with log-out and log-in, and the former staff's
/// requests. Each renders a page model built by `TravelController` (principle 15).
enum TravelPages {
    struct TripRow {
        var id: UUID
        var number: String
        var traveller: String
        var department: String
        var destinations: String
        var departure: String
        var back: String
        var state: RequestState
        var briefed: Bool
        var debriefed: Bool
    }

    struct TripsModel {
        var rows: [TripRow]
        /// Why the viewer needs an approval (A7), or nil when it is not required of them.
        var viewerNeeds: LocalizedText?
        var mayFile: Bool
        var mayManage: Bool
        var debriefingDays: Int
    }

    struct TripModel {
        var row: TripRow
        var lines: [(String, String)]
        var briefing: TravelRepository.Report?
        var debriefing: TravelRepository.Report?
        var debriefingDue: String
        /// The security office records the briefing and debriefing of an approved trip.
        var mayRecord: Bool
    }

    struct DocumentRow {
        var id: UUID
        var holder: String
        var department: String
        var kind: TravelDocumentKind
        var number: String
        var expiresOn: String
        var custody: DocumentCustody
        var trip: String
    }

    struct DocumentsModel {
        var rows: [DocumentRow]
        var people: [FormChoice]
        var debriefingDays: Int
    }

    struct FormerStaffRow {
        var id: UUID
        var number: String
        var person: String
        var newWork: String
        var consent: String
        var fee: String
        var state: RequestState
    }

    // MARK: Trips

    static func trips(_ context: PageContext, _ model: TripsModel) -> HTML {
        var sections: [BodyNode] = []
        let need =
            model.viewerNeeds.map { context.t($0) }
            ?? context.t(
                "您目前不在涉密岗位、也不在脱密期内：出境无须审批，如需要仍可申请 (A7)。",
                "You hold no secret post and are not in a 脱密期: travel abroad needs no approval, though you may still ask (A7)."
            )
        sections.append(H.el("p", [("class", "hint")], text: need))
        if model.mayFile {
            sections.append(
                H.el(
                    "p", [("class", "actions")], [H.link(.travel(.tripNew), context.t("申请出境", "Ask to travel abroad"))])
            )
        }
        if model.mayManage {
            sections.append(
                H.el(
                    "p", [("class", "hint")],
                    text: context.t(
                        "回国后 \(model.debriefingDays) 天内须作回国汇报、交回证件 (A7)。",
                        "Debriefing and passport due within \(model.debriefingDays) days of the return (A7).")))
        }
        sections.append(
            H.table(
                [
                    context.t("编号", "Number"), context.t("出境人员", "Traveller"), context.t("部门", "Department"),
                    context.t("前往", "Destinations"), context.t("出境日期", "Departure"), context.t("回国日期", "Return"),
                    context.t("状态", "State"), context.t("行前教育", "Briefing"), context.t("回国汇报", "Debriefing"),
                ],
                model.rows.map { row in
                    [
                        H.link(.travel(.trip(row.id)), row.number), .text(row.traveller), .text(row.department),
                        .text(row.destinations), .text(row.departure), .text(row.back),
                        .text(context.t(row.state.title)),
                        .text(row.briefed ? context.t("已开展", "held") : "—"),
                        .text(row.debriefed ? context.t("已汇报", "held") : "—"),
                    ]
                },
                empty: context.t("尚无出境审批。", "No trips yet.")))
        return Layout.page(context, title: context.t("出境审批", "Travel abroad"), sections)
    }

    static func newTrip(
        _ context: PageContext, people: [FormChoice], values: [String: String], errors: [FieldError],
        viewerNeeds: LocalizedText?
    ) -> HTML {
        let form = FormBuilder(context, values: values, errors: errors)
        let choices = RequestFormChoices(
            context: context, form: form, level: nil, catalogue: .nationalDefault, people: people, cleared: [],
            cabinets: [])
        let fields =
            TravelAbroadPayloadView.fields(choices) + [form.text("reason", context.t("备注", "Remarks"), required: true)]
        return Layout.page(
            context, title: context.t("申请出境", "Ask to travel abroad"),
            [
                H.el(
                    "p", [("class", "hint")],
                    text: viewerNeeds.map { context.t($0) }
                        ?? context.t(
                            "涉密人员和脱密期人员出境须经保密办审核、主管领导批准 (A7)；不得携带涉密载体出境 (L1.7)。",
                            "People in a secret post or in their 脱密期 travel abroad only when the security office and the "
                                + "leader approve (A7); classified carriers never go abroad (L1.7).")),
                form.form(action: .travel(.tripNew), submit: context.t("提交审批", "Submit"), fields),
            ])
    }

    static func trip(_ context: PageContext, _ model: TripModel, values: [String: String], errors: [FieldError]) -> HTML
    {
        let row = model.row
        var sections: [BodyNode] = [
            H.el(
                "dl", [("class", "facts")],
                ([
                    (context.t("编号", "Number"), row.number), (context.t("状态", "State"), context.t(row.state.title)),
                ] + model.lines).flatMap { [H.el("dt", [], text: $0.0), H.el("dd", [], text: $0.1)] }),
            H.el("p", [], [H.link(.request(row.id), context.t("查看审批详情", "See the approval"))]),
        ]
        for (kind, report) in [(TripReportKind.briefing, model.briefing), (.debriefing, model.debriefing)] {
            sections.append(H.el("h2", [], text: context.t(kind.title)))
            if let report {
                sections.append(
                    H.el(
                        "dl", [("class", "facts")],
                        [
                            (context.t("日期", "Date"), report.heldOn), (context.t("主持人", "Held by"), report.heldBy),
                            (context.t("内容", "Notes"), report.notes),
                            (context.t("登记人", "Recorded by"), report.recordedBy),
                        ].flatMap { [H.el("dt", [], text: $0.0), H.el("dd", [], text: $0.1)] }))
                continue
            }
            if kind == .debriefing {
                sections.append(
                    H.el(
                        "p", [("class", "hint")],
                        text: context.t("应于 \(model.debriefingDue) 前完成 (A7)", "Due by \(model.debriefingDue) (A7)")))
            }
            guard model.mayRecord else {
                sections.append(H.el("p", [], text: context.t("尚未登记。", "Not recorded yet.")))
                continue
            }
            let mine = values["kind"] == kind.rawValue
            let form = FormBuilder(context, values: mine ? values : [:], errors: mine ? errors : [])
            sections.append(
                form.form(
                    action: .travel(.tripReport(row.id)), submit: context.t("登记", "Record"),
                    [
                        H.void("input", [("type", "hidden"), ("name", "kind"), ("value", kind.rawValue)]),
                        form.text("heldOn", context.t("日期", "Date"), required: true, type: "date"),
                        form.text("heldBy", context.t("主持人", "Held by"), required: true),
                        form.text("notes", context.t("内容", "Notes")),
                    ], id: "report-\(kind.rawValue)"))
        }
        return Layout.page(context, title: context.t("出境", "Trip") + " " + row.number, sections)
    }

    // MARK: Passports

    static func documents(
        _ context: PageContext, _ model: DocumentsModel, values: [String: String], errors: [FieldError]
    ) -> HTML {
        var sections: [BodyNode] = [
            H.table(
                [
                    context.t("持有人", "Holder"), context.t("部门", "Department"), context.t("证件种类", "Kind"),
                    context.t("证件号码", "Number"), context.t("有效期至", "Expires"), context.t("保管情况", "Custody"),
                    context.t("出境审批", "Trip"), context.t("操作", "Action"),
                ],
                model.rows.map { row in
                    let form = FormBuilder(context)
                    var action: BodyNode = .text("—")
                    if case .out = row.custody {
                        action = form.form(
                            action: .travel(.documentIn(row.id)), submit: context.t("交回入柜", "Log in"), [],
                            primary: false)
                    } else if row.custody == .heldByUnit {
                        action = form.form(
                            action: .travel(.documentOut(row.id)), submit: context.t("借出", "Log out"), [],
                            primary: false)
                    }
                    return [
                        .text(row.holder), .text(row.department), .text(context.t(row.kind.title)), .text(row.number),
                        .text(row.expiresOn), .text(context.t(row.custody.title)), .text(row.trip), action,
                    ]
                },
                empty: context.t("尚未登记出境证件。", "No travel documents registered.")),
            H.el("h2", [], text: context.t("登记证件", "Register a document")),
        ]
        let form = FormBuilder(context, values: values, errors: errors)
        sections.append(
            form.form(
                action: .travel(.documents), submit: context.t("登记", "Register"),
                [
                    form.select(
                        "personID", context.t("持有人", "Holder"), options: model.people.map { ($0.value, $0.label) },
                        required: true),
                    form.select(
                        "kind", context.t("证件种类", "Kind"),
                        options: TravelDocumentKind.allCases.map { ($0.rawValue, context.t($0.title)) }, required: true),
                    form.text("number", context.t("证件号码", "Number"), required: true),
                    form.text("expiresOn", context.t("有效期至", "Expires on"), type: "date"),
                    form.select(
                        "heldByUnit", context.t("保管", "Custody"),
                        options: [
                            ("true", context.t("单位保管", "Kept by the unit")),
                            ("false", context.t("本人保管", "Kept by the person")),
                        ], includeEmpty: false),
                ], id: "register-document"))
        let policy = FormBuilder(context, values: ["debriefingDays": String(model.debriefingDays)], errors: errors)
        sections += [
            H.el("h2", [], text: context.t("回国汇报期限", "Debriefing days")),
            policy.form(
                action: .travel(.policy), submit: context.t("保存", "Save"),
                [
                    policy.text(
                        "debriefingDays",
                        context.t(
                            "回国后几天内汇报并交回证件（1–60）", "Days after the return for the debriefing and the passport (1–60)"),
                        required: true, type: "number")
                ], id: "travel-policy", primary: false),
        ]
        return Layout.page(context, title: context.t("出境证件管理", "Travel documents"), sections)
    }

    // MARK: Former staff

    static func formerStaff(
        _ context: PageContext, rows: [FormerStaffRow], people: [FormChoice], values: [String: String],
        errors: [FieldError]
    ) -> HTML {
        let form = FormBuilder(context, values: values, errors: errors)
        let choices = RequestFormChoices(
            context: context, form: form, level: nil, catalogue: .nationalDefault, people: people, cleared: [],
            cabinets: [])
        return Layout.page(
            context, title: context.t("离职人员使用技术秘密", "Former staff using the unit's secrets"),
            [
                H.el(
                    "p", [("class", "hint")],
                    text: context.t(
                        "离职人员在新的工作中使用本单位技术秘密，须经本单位同意并支付费用 (T14)。",
                        "Former staff use the unit's secrets in new work only with its consent and for a fee (T14).")),
                H.table(
                    [
                        context.t("编号", "Number"), context.t("离职人员", "Former member of staff"),
                        context.t("新的工作或成果", "New work"), context.t("是否同意", "Consent"),
                        context.t("约定费用", "Fee"), context.t("审批结果", "Decision"),
                    ],
                    rows.map { row in
                        [
                            H.link(.request(row.id), row.number), .text(row.person), .text(row.newWork),
                            .text(row.consent), .text(row.fee), .text(context.t(row.state.title)),
                        ]
                    },
                    empty: context.t("尚无申请。", "No requests yet.")),
                H.el("h2", [], text: context.t("登记申请", "Record a request")),
                form.form(
                    action: .travel(.formerStaff), submit: context.t("提交审批", "Submit"),
                    FormerStaffUsePayloadView.fields(choices) + [
                        form.text("reason", context.t("来函或事由", "Letter or reason"), required: true)
                    ]),
            ])
    }
}
