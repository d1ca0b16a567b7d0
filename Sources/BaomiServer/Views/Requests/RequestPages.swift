import BaomiDomain
import BaomiPersistence
import FluentKit
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

    /// A carrier as the viewer may see it on a request: its number and title, or the reference that stands for it
    /// (principle 11): a requester or approver is told which carrier, not what it holds.
    static func carrierName(_ carrier: CarrierModel, sights: CarrierSights, context: PageContext) -> String {
        sights.words(carrier.id, "\(carrier.number) \(carrier.title)", duty: true).map(context.t) ?? ""
    }

    /// What the request concerns, named as it was when the request was made (principle 12); whether the viewer may
    /// read it is decided on the carrier as it is now (principle 11).
    static func subject(_ request: RequestModel, sights: CarrierSights, context: PageContext) -> String {
        if let carrier = request.carrier {
            guard let was = request.items.first?.snapshot else {
                return carrierName(carrier, sights: sights, context: context)
            }
            return sights.words(carrier.id, "\(was.carrierNumber) \(was.carrierTitle)", duty: true).map(context.t) ?? ""
        }
        // Not in the register (a draft carrier): the request is shown only to those cleared for what it proposes.
        if request.items.isEmpty, let proposed = RequestPayloadViews.subject(of: request, context: context) {
            return proposed
        }
        let carriers = Set(
            request.items.map {
                sights.words($0.copy.$carrier.id, $0.snapshot.carrierNumber, duty: true).map(context.t) ?? ""
            }
        ).sorted()
        return context.t(
            "\(request.items.count) 份（\(carriers.joined(separator: "、"))）",
            "\(request.items.count) copies (\(carriers.joined(separator: ", ")))")
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

    /// A copy as a link for its keepers, as text for an approver, who need not be in its scope (a leader); by its
    /// carrier's reference for someone who may not read it.
    static func copyReference(_ item: RequestItemModel, sights: CarrierSights, context: PageContext) -> BodyNode {
        let copy = item.copy
        let serial = CarrierPresentation.serial(copy.serial, of: item.copyTotal, context: context)
        guard sights.sight(copy.$carrier.id, duty: true) == .full else {
            return .text("\(context.t(CarrierVisibility.reference(copy.$carrier.id))) \(serial)")
        }
        let text = "\(item.carrierNumber) \(serial)"
        return context.can(.manageCarriers) ? H.link(.copy(copy.id ?? UUID()), text) : .text(text)
    }

    static func facts(
        _ request: RequestModel, sights: CarrierSights, context: PageContext, catalogue: LevelCatalogue
    ) -> [(String, String)] {
        var facts: [(String, String)] = [
            (context.t("类型", "Kind"), RequestKind(rawValue: request.kind).map { context.t($0.title) } ?? request.kind),
            (context.t("对象", "Subject"), subject(request, sights: sights, context: context)),
            (context.t("申请人", "Requester"), request.requesterName),
            (context.t("事由", "Reason"), request.reason),
            (context.t("提交时间", "Submitted"), context.dateTime(request.createdAt)),
        ]
        if request.kind == RequestKind.reclassify.rawValue, let was = request.items.first?.snapshot {
            facts.append((context.t("申请时标志", "Marking when requested"), was.marking))
        }
        facts += RequestPayloadViews.lines(of: request, context: context, catalogue: catalogue)
        return facts
    }

    static func detail(
        _ context: PageContext, request: RequestModel, sights: CarrierSights,
        confirmations: [DestructionConfirmationModel], catalogue: LevelCatalogue,
        canDecide: Bool, canConfirm: Bool, isRequester: Bool, loan: LoanActions.Options? = nil,
        revisions: [RequestRevisionModel] = [], attachments: [RequestAttachmentModel] = [],
        errors: [FieldError] = []
    ) -> HTML {
        let id = request.id ?? UUID()
        let steps = request.steps.sorted { $0.position < $1.position }
        let stepItems = steps.map { ApprovalPages.stepLine($0, rounds: request.round > 1, context: context) }
        // Each copy as it was when the request was made (principle 12), its state as it is now.
        let copyRows: [[BodyNode]] = request.items.map { item in
            let readable = sights.sight(item.copy.$carrier.id, duty: true) == .full
            return [
                copyReference(item, sights: sights, context: context),
                readable ? CarrierPresentation.markingBadge(item.snapshot) : .text("—"),
                H.el("span", [("class", "wrap")], text: readable ? item.carrierTitle : "—"),
                .text(readable ? CarrierPresentation.whereabouts(item.snapshot) : "—"),
                CarrierPresentation.state(item.copy.state, context: context),
            ]
        }
        var sections: [BodyNode] = [
            H.el("div", [("class", "marking-header")], [stateBadge(request.state, context: context)]),
            H.el(
                "section", [("class", "card")],
                [
                    H.el(
                        "dl", [("class", "facts")],
                        facts(request, sights: sights, context: context, catalogue: catalogue).flatMap {
                            [H.el("dt", [], text: $0.0), H.el("dd", [], text: $0.1)]
                        })
                ]),
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
                ]),
            H.el(
                "section", [("class", "card")],
                [
                    H.el("h2", [], text: context.t("审批步骤", "Steps")),
                    H.el("ol", [("class", "timeline"), ("id", "request-steps")], stepItems),
                ]),
        ]
        // A refusal with no decision form to sit next to (a supervisor's confirmation, a withdrawal) shows on top.
        if !canDecide, errors.contains(where: { $0.field != "file" }) {
            sections.insert(
                H.el(
                    "div", [("class", "alert alert-error"), ("role", "alert"), ("id", "request-error")],
                    text: errors.map { context.t($0.message) + ($0.rule.map { " (\($0))" } ?? "") }.joined(
                        separator: "；")), at: 0)
        }
        if canDecide {
            let form = FormBuilder(context, errors: errors)
            let waiting = RequestRepository.waitingStep(of: request)
            let waitingIsRecorded =
                waiting.map { step -> Bool in
                    if case .recorded = step.1.approver { return true }
                    return false
                } ?? false
            sections.append(
                H.el(
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
                                // The step shown: a decision that finds another came first is refused, not applied
                                // to the next step (principle 5).
                                H.void(
                                    "input",
                                    [
                                        ("type", "hidden"), ("name", "step"),
                                        ("value", waiting.map { "\($0.0.position)" } ?? ""),
                                    ]),
                                form.text(
                                    "comment",
                                    waitingIsRecorded
                                        ? context.t("外部批准的文号或日期 (C5.1)", "Reference of the outside approval (C5.1)")
                                        : context.t("意见", "Comment")),
                                form.text("conditions", context.t("附加条件", "Conditions")),
                                H.el(
                                    "div", [("class", "actions")],
                                    [
                                        H.el(
                                            "button",
                                            [
                                                ("type", "submit"), ("name", "verdict"), ("value", "approve"),
                                                ("class", "primary"), ("id", "approve"),
                                            ], text: context.t("同意", "Approve")),
                                        .text(" "),
                                        H.el(
                                            "button",
                                            [
                                                ("type", "submit"), ("name", "verdict"), ("value", "refuse"),
                                                ("id", "refuse"),
                                            ], text: context.t("不同意", "Refuse")),
                                        .text(" "),
                                        H.el(
                                            "button",
                                            [
                                                ("type", "submit"), ("name", "verdict"), ("value", "return"),
                                                ("id", "return"),
                                            ], text: context.t("退回修改", "Return for changes")),
                                    ]),
                            ]),
                    ]))
        }
        if let loan {
            sections.append(
                LoanPages.section(
                    context, requestID: id, options: loan, errors: errors.filter { $0.field == "placeID" }))
        }
        sections += ApprovalPages.roundSections(
            context, request: request, revisions: revisions, isRequester: isRequester, errors: errors)
        if isRequester && RequestState(rawValue: request.state)?.isOpen == true {
            sections.append(
                FormBuilder(context).form(
                    action: .requestWithdraw(id), submit: context.t("撤回申请", "Withdraw"), [], primary: false,
                    confirm: context.t("确认撤回该申请？", "Withdraw this request?")))
        }
        if request.kind == RequestKind.destroy.rawValue
            && (request.state == RequestState.approved.rawValue || request.state == RequestState.done.rawValue)
        {
            var children: [BodyNode] = [
                H.el("h2", [], text: context.t("监销确认 (C8)", "Supervisors' confirmations (C8)")),
                H.el(
                    "ul", [("id", "confirmations")],
                    confirmations.map { H.el("li", [], text: "\($0.name) \(context.dateTime($0.confirmedAt))") }),
            ]
            if canConfirm && request.state == RequestState.approved.rawValue {
                children.append(
                    FormBuilder(context).form(
                        action: .requestConfirmDestruction(id),
                        submit: context.t("我作为监销人确认已销毁", "I supervised and confirm the destruction"), [],
                        id: "confirm-form"))
            }
            // The certificate lists every copy in full: it is printed by someone who may read them all (A2).
            let readsAll = request.items.allSatisfy { sights.sight($0.copy.$carrier.id, duty: true) == .full }
            if request.state == RequestState.done.rawValue && readsAll {
                children.append(
                    H.link(
                        .requestCertificate(id), context.t("打印销毁证明", "Print the destruction certificate"),
                        classes: "button primary"))
            }
            sections.append(H.el("section", [("class", "card")], children))
        }
        sections.append(
            AttachmentsSection.render(context, requestID: id, attachments: attachments, errors: errors))
        // 审批表 (A6, S2): every request prints, whatever its kind or state.
        sections.append(
            H.el(
                "p", [("class", "toolbar"), ("id", "print-form")],
                [H.link(.requestPrint(id), context.t("打印审批表", "Print the approval form"), classes: "button")]))
        return Layout.page(
            context,
            title: "\(request.number) " + (RequestKind(rawValue: request.kind).map { context.t($0.title) } ?? ""),
            sections)
    }

    /// 销毁证明 (C8: records kept permanently): the batch, how, where, who approved, escorted and supervised — each
    /// copy as it was destroyed (`destroyed`: its destruction event by copy id), each approver as they signed
    /// (principle 12).
    static func certificate(
        _ context: PageContext, request: RequestModel, destroyed: [UUID: CopyEventModel],
        confirmations: [DestructionConfirmationModel], catalogue: LevelCatalogue
    ) -> HTML {
        let approvers = request.steps.sorted { $0.position < $1.position }.map {
            "\($0.approver(in: .zh))（\(context.dateTime($0.decidedAt))）"
        }
        let copies = request.items.map { item in (item, destroyed[item.$copy.id]?.snapshot ?? item.snapshot) }
        let rows: [[BodyNode]] = copies.enumerated().map { index, entry in
            let (item, was) = entry
            return [
                .text(String(index + 1)), .text(was.carrierNumber), .text(was.carrierTitle), .text(was.levelName),
                .text(CarrierDraft.serialText(item.copy.serial, of: was.copyTotal, language: .zh)),
            ]
        }
        let highest =
            copies.compactMap { catalogue.definition(LevelID(rawValue: $0.1.level)) }
            .max { $0.protectionWeight < $1.protectionWeight }?.name.zh ?? ""
        return LedgerPages.printShell(
            context, title: "销毁证明 \(request.number)",
            [
                H.el("div", [("class", "print-marking")], text: highest),
                H.el("h1", [], text: "涉密载体销毁证明"),
                H.el(
                    "p", [],
                    text: "批次编号：\(request.number)　　事由：\(request.reason)　　销毁日期："
                        + (request.closedAt.map { String(DisplayTime.format($0).prefix(10)) } ?? "—")),
                H.el(
                    "dl", [("class", "facts")],
                    RequestPayloadViews.lines(of: request, context: context, catalogue: catalogue).flatMap {
                        [H.el("dt", [], text: $0.0), H.el("dd", [], text: $0.1)]
                    }),
                H.table(["序号", "载体编号", "名称", "密级", "份号"], rows, empty: ""),
                H.el("p", [], text: "批准人：" + approvers.joined(separator: "；")),
                H.el(
                    "p", [("id", "supervisors")],
                    text: "监销人："
                        + confirmations.map { "\($0.name)（\(context.dateTime($0.confirmedAt))）" }.joined(separator: "；")
                ),
                H.el("p", [], text: "监销人签字：＿＿＿＿＿＿　＿＿＿＿＿＿　　日期：＿＿＿＿＿＿"),
                H.el("div", [("class", "print-marking")], text: highest),
            ])
    }
}
