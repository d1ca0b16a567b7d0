import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The pages of secrecy education (E5–E6.7): the 保密教育培训台账, a session with its attendees, the form that
/// records one, and a person's training record. Each renders a page model built by `TrainingController`.
enum TrainingPages {
    struct LedgerModel {
        var year: Int
        var rows: [TrainingLedger.Row]
        var mayRecord: Bool
    }

    struct SessionModel {
        var id: UUID
        var ledger: TrainingLedger.Row
        var purpose: TrainingPurpose
        var place: String
        var attendees: [SessionAttendee]
        /// What the session answers: "plan · month · planned session", and the holiday or activity briefed for.
        var plannedSession: String?
        var calendarEvent: String?
        var materials: [AttachmentLine]
        var mayRecord: Bool
        /// The viewer may confirm their own attendance: held, and not yet recorded for them.
        var mayConfirm: Bool
    }

    struct RecordModel {
        var name: String
        var credits: [TrainingCredit]
        var standing: TrainingStanding
        /// Sessions of the last months the person may still confirm (their own page only).
        var confirmable: [(id: UUID, heldOn: String, title: String)]
    }

    static func ledger(_ context: PageContext, _ model: LedgerModel) -> HTML {
        let year = "year=\(model.year)"
        var sections: [BodyNode] = [
            H.el(
                "form", [("method", "get"), ("class", "filters")],
                [
                    H.el("label", [("for", "f-year")], text: context.t("年度", "Year")),
                    H.void("input", [("id", "f-year"), ("name", "year"), ("value", String(model.year))]),
                    H.el("button", [("type", "submit")], text: context.t("查看", "Show")),
                ]),
            H.el(
                "p", [("class", "actions")],
                [
                    H.link(.training(.ledgerExport), query: year, context.t("下载 CSV", "Download CSV")),
                    .text(" "),
                    H.link(.training(.ledgerWorkbook), query: year, context.t("下载 Excel", "Download Excel")),
                ]
                    + (model.mayRecord
                        ? [.text(" "), H.link(.training(.sessionNew), context.t("登记培训", "Record a session"))] : [])),
        ]
        sections.append(
            H.table(
                TrainingLedger.headers,
                model.rows.map { row in
                    var cells = row.cells.map { BodyNode.text($0) }
                    cells[1] = H.link(.training(.session(row.sessionID)), row.title)
                    cells[2] = .text(row.areas.map { context.t($0.title) }.joined(separator: "、"))
                    cells[3] = .text(context.t(row.form.title))
                    cells[5] = .text(Self.names(row.attendees))
                    return cells.map { H.el("span", [], [$0]) }
                },
                empty: context.t("本年度尚未登记培训。", "No sessions recorded this year.")))
        return Layout.page(context, title: context.t("保密教育培训台账", "Secrecy education register"), sections)
    }

    static func names(_ names: [String]) -> String {
        names.count > 12 ? names.prefix(12).joined(separator: "、") + "…" : names.joined(separator: "、")
    }

    static func session(_ context: PageContext, _ model: SessionModel, errors: [FieldError] = []) -> HTML {
        let row = model.ledger
        let facts: [(String, String)] = [
            (context.t("日期", "Date"), row.heldOn), (context.t("地点", "Place"), model.place),
            (context.t("培训类别", "Purpose"), context.t(model.purpose.title) + " (\(model.purpose.rule))"),
            (context.t("形式", "Form"), context.t(row.form.title)), (context.t("主讲人", "Trainer"), row.trainer),
            (context.t("内容类别", "Content areas"), row.areas.map { context.t($0.title) }.joined(separator: "、")),
            (context.t("学时", "Hours"), TrainingLedger.hours(row.hours)),
            (context.t("人数", "Attendees"), String(row.count)),
            (context.t("考试情况", "Examination"), row.examNote ?? "—"),
        ]
        var links: [(String, String)] = []
        if let planned = model.plannedSession { links.append((context.t("落实计划", "Planned session"), planned)) }
        if let event = model.calendarEvent { links.append((context.t("节前/活动前教育", "Briefing before"), event)) }
        var sections: [BodyNode] = [
            H.el(
                "dl", [("class", "facts")],
                (facts + links).flatMap { [H.el("dt", [], text: $0.0), H.el("dd", [], text: $0.1)] }),
            AttachmentsSection.render(
                context, model.materials, download: { .training(.sessionMaterial(model.id, $0)) },
                upload: model.mayRecord ? .training(.sessionMaterials(model.id)) : nil, errors: errors,
                title: LocalizedText(zh: "培训材料", en: "Materials"),
                empty: LocalizedText(zh: "尚无培训材料。", en: "No materials yet.")),
        ]
        if model.mayConfirm {
            sections.append(
                FormBuilder(context).form(
                    action: .training(.sessionConfirm(model.id)), submit: context.t("确认本人参加", "I attended"), [],
                    id: "confirm"))
        }
        sections.append(
            H.table(
                [context.t("工号", "Number"), context.t("姓名", "Name"), context.t("登记方式", "Recorded by")],
                model.attendees.map {
                    [
                        H.el("span", [], text: $0.employeeNumber), H.el("span", [], text: $0.name),
                        H.el("span", [], text: context.t($0.source.title)),
                    ]
                },
                empty: context.t("尚无参加人员。", "Nobody is recorded yet.")))
        if model.mayRecord {
            let form = FormBuilder(context, values: [:], errors: errors)
            sections.append(
                form.form(
                    action: .training(.sessionAttendance(model.id)), submit: context.t("登记参加人员", "Record attendees"),
                    [
                        form.text(
                            "employeeNumbers", context.t("参加人员工号", "Attendees' employee numbers"), required: true,
                            hint: context.t("以空格、逗号或顿号分隔", "Separated by spaces or commas"))
                    ], id: "attendance"))
        }
        return Layout.page(context, title: row.title, sections)
    }

    static func record(_ context: PageContext, _ model: RecordModel) -> HTML {
        let standing = model.standing
        func yes(_ value: Bool) -> String { value ? context.t("是", "yes") : context.t("否", "no") }
        let facts: [(String, String)] = [
            (context.t("最近培训日期", "Last trained"), standing.lastTrained ?? "—"),
            (context.t("上岗前培训有效", "Pre-post training current"), yes(standing.prePostCurrent)),
            (context.t("年度复训有效", "Refresher current"), yes(standing.refresherCurrent)),
            (context.t("复训到期", "Refresher due"), standing.refresherDue ?? "—"),
            (context.t("新进人员培训", "Induction"), yes(standing.hasInduction)),
            (context.t("在岗培训", "On-post training"), yes(standing.hasOnPost)),
        ]
        var sections: [BodyNode] = [
            H.el(
                "dl", [("class", "facts")], facts.flatMap { [H.el("dt", [], text: $0.0), H.el("dd", [], text: $0.1)] }),
            H.table(
                [
                    context.t("日期", "Date"), context.t("培训类别", "Purpose"), context.t("来源", "Source"),
                    context.t("主题", "Subject"), context.t("学时", "Hours"),
                ],
                model.credits.map { credit in
                    [
                        credit.earnedOn, context.t(credit.purpose.title),
                        credit.source == .session ? context.t("培训", "Session") : context.t("考试", "Exam"), credit.title,
                        TrainingLedger.hours(credit.hours),
                    ].map { H.el("span", [], text: $0) }
                },
                empty: context.t("尚无培训记录。", "No training recorded yet.")),
        ]
        if !model.confirmable.isEmpty {
            sections.append(H.el("h2", [], text: context.t("可确认参加的培训", "Sessions you may confirm")))
            sections.append(
                H.el(
                    "ul", [("id", "confirmable")],
                    model.confirmable.map {
                        H.el("li", [], [H.link(.training(.session($0.id)), "\($0.heldOn) \($0.title)")])
                    }))
        }
        return Layout.page(context, title: context.t("培训记录：", "Training record: ") + model.name, sections)
    }
}
