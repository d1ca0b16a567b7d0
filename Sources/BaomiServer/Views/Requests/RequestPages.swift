import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// Requests of the approval engine (UI.md "Request"): the request, its steps with who decided what and when, and
/// for the current approver the decision buttons with a comment box.
enum RequestPages {
    static func stateBadge(_ raw: String, context: PageContext) -> BodyNode {
        let state = RequestState(rawValue: raw)
        let kind =
            state == .done || state == .approved
            ? "ok" : state == .refused ? "warn" : state == .withdrawn ? "muted" : "info"
        return H.badge(state.map { context.t($0.title) } ?? raw, kind: kind)
    }

    static func list(_ context: PageContext, model: ListModel) -> HTML {
        let (kind, title) = (model.kind, model.title)
        let rows: [[BodyNode]] = model.rows.map { row in
            [
                H.link(.request(row.id), row.number), .text(row.kind),
                H.el("span", [("class", "wrap")], text: row.subject), .text(row.requester),
                .text(context.dateTime(row.createdAt)), stateBadge(row.state, context: context),
                row.waitingForMe ? H.badge(context.t("待我审批", "Waiting for me"), kind: "warn") : .text(""),
            ]
        }
        var toolbar: [BodyNode] = []
        if context.can(.manageCarriers) && (kind == nil || kind == .destroy) {
            toolbar.append(
                H.link(.destructionNew, context.t("新建销毁批次", "New destruction batch"), classes: "button primary"))
        }
        let filters = H.el(
            "nav", [("class", "toolbar")],
            [
                H.link(.requests, context.t("全部", "All"), classes: "button"),
                H.link(.requests, query: "?waiting=1", context.t("待我审批", "Waiting for me"), classes: "button"),
            ]
                + RequestKind.allCases.map {
                    H.link(.requests, query: "?kind=\($0.rawValue)", context.t($0.title), classes: "button")
                })
        return Layout.page(
            context, title: title,
            [
                H.el("div", [("class", "toolbar")], toolbar), filters,
                H.table(
                    [
                        context.t("编号", "No."), context.t("类型", "Kind"), context.t("对象", "Subject"),
                        context.t("申请人", "Requester"),
                        context.t("提交时间", "Submitted"), context.t("状态", "State"), "",
                    ],
                    rows, empty: context.t("没有申请。", "No requests.")),
            ])
    }

    /// The workbench's "my requests": what I asked for and where it stands.
    static func mine(_ context: PageContext, rows requests: [RequestRow]) -> BodyNode {
        let rows: [[BodyNode]] = requests.map { row in
            [
                H.link(.request(row.id), row.number), .text(row.kind),
                H.el("span", [("class", "wrap")], text: row.subject), stateBadge(row.state, context: context),
            ]
        }
        return H.el(
            "section", [("class", "card"), ("id", "my-requests")],
            [
                H.el("h2", [], text: context.t("我的申请", "My requests")),
                H.table(
                    [
                        context.t("编号", "No."), context.t("类型", "Kind"), context.t("对象", "Subject"),
                        context.t("状态", "State"),
                    ],
                    rows, empty: context.t("没有在办的申请。", "No requests under way.")),
            ])
    }

    static func detail(_ context: PageContext, page: RequestDetail) -> HTML {
        let id = page.id
        let copyRows: [[BodyNode]] = page.copies.map { line in
            [
                line.link.map { H.link(.copy($0), line.label) } ?? .text(line.label),
                line.snapshot.map(CarrierPresentation.markingBadge) ?? .text("—"),
                H.el("span", [("class", "wrap")], text: line.title ?? "—"),
                .text(line.snapshot.map(CarrierPresentation.whereabouts) ?? "—"),
                CarrierPresentation.state(line.state, context: context),
            ]
        }
        var sections: [BodyNode] = [
            H.el("div", [("class", "marking-header")], [stateBadge(page.state, context: context)]),
            H.el(
                "section", [("class", "card")],
                [
                    H.el(
                        "dl", [("class", "facts")],
                        page.facts.flatMap { [H.el("dt", [], text: $0.0), H.el("dd", [], text: $0.1)] })
                ]),
        ]
        // A request about a person (a departure, a trip) names no copies: no empty card for them.
        if !page.copies.isEmpty {
            sections.append(
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el("h2", [], text: context.t("载体份", "Copies")),
                        H.table(
                            [
                                context.t("份号", "Copy"), context.t("密级标志", "Marking"), context.t("名称", "Title"),
                                context.t("申请时持有人或存放位置", "Holder or place when requested"),
                                context.t("现状态", "State now"),
                            ], copyRows, empty: ""),
                    ]))
        }
        sections.append(
            H.el(
                "section", [("class", "card")],
                [
                    H.el("h2", [], text: context.t("审批步骤", "Steps")),
                    H.el(
                        "ol", [("class", "timeline"), ("id", "request-steps")],
                        page.steps.map { ApprovalPages.stepLine($0, context: context) }),
                ]))
        // A refusal with no decision form to sit next to (a supervisor's confirmation, a withdrawal) shows on top.
        if page.decision == nil, page.errors.contains(where: { $0.field != "file" }) {
            sections.insert(
                H.el(
                    "div", [("class", "alert alert-error"), ("role", "alert"), ("id", "request-error")],
                    text: page.errors.map { context.t($0.message) + ($0.rule.map { " (\($0))" } ?? "") }.joined(
                        separator: "；")), at: 0)
        }
        if let decision = page.decision {
            sections.append(decisionSection(context, id: id, decision: decision, errors: page.errors))
        }
        if let loan = page.loan {
            sections.append(
                LoanPages.section(
                    context, requestID: id, loan: loan, errors: page.errors.filter { $0.field == "placeID" }))
        }
        sections += ApprovalPages.roundSections(context, page: page)
        if page.canWithdraw {
            sections.append(
                FormBuilder(context).form(
                    action: .requestWithdraw(id), submit: context.t("撤回申请", "Withdraw"), [], primary: false,
                    confirm: context.t("确认撤回该申请？", "Withdraw this request?")))
        }
        if let destruction = page.destruction {
            sections.append(destructionSection(context, id: id, destruction: destruction))
        }
        if let departure = page.departure {
            sections.append(DeparturePages.section(context, panel: departure, errors: page.errors))
        }
        sections.append(
            AttachmentsSection.render(context, requestID: id, attachments: page.attachments, errors: page.errors))
        // 审批表 (A6, S2): every request prints, whatever its kind or state.
        sections.append(
            H.el(
                "p", [("class", "toolbar"), ("id", "print-form")],
                [H.link(.requestPrint(id), context.t("打印审批表", "Print the approval form"), classes: "button")]))
        return Layout.page(context, title: "\(page.number) \(page.kindTitle)", sections)
    }

    static func decisionSection(
        _ context: PageContext, id: UUID, decision: RequestDetail.DecisionForm, errors: [FieldError]
    ) -> BodyNode {
        let form = FormBuilder(context, errors: errors)
        func button(_ verdict: String, _ label: String, primary: Bool = false) -> BodyNode {
            H.el(
                "button",
                [("type", "submit"), ("name", "verdict"), ("value", verdict), ("id", verdict)]
                    + (primary ? [("class", "primary")] : []), text: label)
        }
        return H.el(
            "section", [("class", "card"), ("id", "decision")],
            [
                H.el("h2", [], text: context.t("审批", "Decide")),
                H.el(
                    "form",
                    [
                        ("method", "post"), ("action", SiteRoute.requestDecide(id).path), ("class", "form"),
                        ("id", "decide-form"),
                    ],
                    [
                        form.csrf(),
                        H.void(
                            "input",
                            [
                                ("type", "hidden"), ("name", "step"),
                                ("value", decision.stepPosition.map(String.init) ?? ""),
                            ]),
                        form.text(
                            "comment",
                            decision.recordsOutsideApproval
                                ? context.t("外部批准的文号或日期 (C5.1)", "Reference of the outside approval (C5.1)")
                                : context.t("意见", "Comment")),
                        form.text("conditions", context.t("附加条件", "Conditions")),
                        H.el(
                            "div", [("class", "actions")],
                            [
                                button("approve", context.t("同意", "Approve"), primary: true), .text(" "),
                                button("refuse", context.t("不同意", "Refuse")), .text(" "),
                                button("return", context.t("退回修改", "Return for changes")),
                            ]),
                    ]),
            ])
    }

    static func destructionSection(
        _ context: PageContext, id: UUID, destruction: RequestDetail.Destruction
    ) -> BodyNode {
        var children: [BodyNode] = [
            H.el("h2", [], text: context.t("监销确认 (C8)", "Supervisors' confirmations (C8)")),
            H.el(
                "ul", [("id", "confirmations")],
                destruction.confirmations.map { H.el("li", [], text: "\($0.name) \(context.dateTime($0.at))") }),
        ]
        if destruction.canConfirm {
            children.append(
                FormBuilder(context).form(
                    action: .requestConfirmDestruction(id),
                    submit: context.t("我作为监销人确认已销毁", "I supervised and confirm the destruction"), [],
                    id: "confirm-form"))
        }
        if destruction.canPrintCertificate {
            children.append(
                H.link(
                    .requestCertificate(id), context.t("打印销毁证明", "Print the destruction certificate"),
                    classes: "button primary"))
        }
        return H.el("section", [("class", "card")], children)
    }

    /// 销毁证明 (C8: records kept permanently): the batch, how, where, who approved, escorted and supervised.
    static func certificate(_ context: PageContext, certificate: DestructionCertificate) -> HTML {
        let rows: [[BodyNode]] = certificate.copies.enumerated().map { index, copy in
            [
                .text(String(index + 1)), .text(copy.carrierNumber), .text(copy.title), .text(copy.levelName),
                .text(copy.serial),
            ]
        }
        return LedgerPages.printShell(
            context, title: "销毁证明 \(certificate.number)",
            [
                H.el("div", [("class", "print-marking")], text: certificate.highestLevel),
                H.el("h1", [], text: "涉密载体销毁证明"),
                H.el(
                    "p", [],
                    text: "批次编号：\(certificate.number)　　事由：\(certificate.reason)　　销毁日期："
                        + (certificate.destroyedOn ?? "—")),
                H.el(
                    "dl", [("class", "facts")],
                    certificate.lines.flatMap { [H.el("dt", [], text: $0.0), H.el("dd", [], text: $0.1)] }),
                H.table(["序号", "载体编号", "名称", "密级", "份号"], rows, empty: ""),
                H.el("p", [], text: "批准人：" + certificate.approvers.joined(separator: "；")),
                H.el("p", [("id", "supervisors")], text: "监销人：" + certificate.supervisors.joined(separator: "；")),
                H.el("p", [], text: "监销人签字：＿＿＿＿＿＿　＿＿＿＿＿＿　　日期：＿＿＿＿＿＿"),
                H.el("div", [("class", "print-marking")], text: certificate.highestLevel),
            ])
    }
}
