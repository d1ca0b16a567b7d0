import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The approval engine's own pages and sections (issue #14): a step's line with who decided for whom, the rounds of
/// a request returned for changes and the resubmission form, the inbox 待办, stand-ins 代理 and the chains 审批流程.
enum ApprovalPages {
    static func decisionTitle(_ decision: String?, context: PageContext) -> String {
        switch decision {
        case "approve": context.t("同意", "Approved")
        case "refuse": context.t("不同意", "Refused")
        case "return": context.t("退回修改", "Returned for changes")
        default: context.t("待审批", "Waiting")
        }
    }

    /// One step: its title, decision, who decided (`X 代 Y` for a stand-in), when, the comment and the conditions.
    static func stepLine(_ step: RequestDetail.StepLine, context: PageContext) -> BodyNode {
        var text = step.title + "："
        text += decisionTitle(step.decision, context: context)
        if step.decision != nil { text += " — \(step.decidedBy) \(context.dateTime(step.decidedAt))" }
        if !step.comment.isEmpty { text += context.t("，意见：", ", comment: ") + step.comment }
        if !step.conditions.isEmpty { text += context.t("，附加条件：", ", conditions: ") + step.conditions }
        return H.el("li", [("class", step.decision == nil ? "waiting" : "decided")], text: text)
    }

    /// Every round's submission (退回修改 keeps them all) and, for the requester of a returned request, the form to
    /// change the reason and resubmit.
    static func roundSections(_ context: PageContext, page: RequestDetail) -> [BodyNode] {
        var sections: [BodyNode] = []
        if page.revisions.count > 1 {
            sections.append(
                H.el(
                    "section", [("class", "card"), ("id", "revisions")],
                    [
                        H.el("h2", [], text: context.t("历次提交", "Submissions")),
                        H.table(
                            [context.t("轮次", "Round"), context.t("事由", "Reason"), context.t("提交", "Submitted")],
                            page.revisions.map {
                                [
                                    .text(String($0.round)), H.el("span", [("class", "wrap")], text: $0.reason),
                                    .text("\($0.submittedBy) \(context.dateTime($0.submittedAt))"),
                                ]
                            }, empty: ""),
                    ]))
        }
        if let reason = page.resubmitReason {
            let form = FormBuilder(context, values: ["reason": reason], errors: page.errors)
            sections.append(
                H.el(
                    "section", [("class", "card"), ("id", "resubmit")],
                    [
                        H.el("h2", [], text: context.t("修改后重新提交", "Change and resubmit")),
                        form.form(
                            action: .requestResubmit(page.id), submit: context.t("重新提交", "Resubmit"),
                            [form.text("reason", context.t("事由", "Reason"), required: true)], id: "resubmit-form"),
                    ]))
        }
        return sections
    }

    // MARK: Inbox

    static func inbox(
        _ context: PageContext, lines: [InboxLine], standingInFor: [String], page: Int, hasMore: Bool
    ) -> HTML {
        let rows: [[BodyNode]] = lines.map { line in
            [
                H.link(.request(line.requestID), line.number), .text(line.kind), .text(line.subject),
                .text(line.requester), RequestPages.stateBadge(line.state, context: context),
                .text(context.dateTime(line.since)),
            ]
        }
        var body: [BodyNode] = []
        if !standingInFor.isEmpty {
            body.append(
                H.el(
                    "p", [("class", "note"), ("id", "standing-in")],
                    text: context.t(
                        "您今天代理：\(standingInFor.joined(separator: "、"))",
                        "Today you stand in for: \(standingInFor.joined(separator: ", "))")))
        }
        body.append(
            H.table(
                [
                    context.t("编号", "No."), context.t("类型", "Kind"), context.t("载体", "Carrier"),
                    context.t("申请人", "Requester"), context.t("状态", "State"), context.t("等待自", "Waiting since"),
                ], rows, empty: context.t("没有待我审批的申请。", "Nothing is waiting for you.")))
        var pager: [BodyNode] = []
        if page > 1 {
            pager.append(H.link(.inbox, query: "?page=\(page - 1)", context.t("上一页", "Previous"), classes: "button"))
        }
        if hasMore {
            pager.append(H.link(.inbox, query: "?page=\(page + 1)", context.t("下一页", "Next"), classes: "button"))
        }
        body.append(H.el("nav", [("class", "toolbar")], pager))
        return Layout.page(context, title: context.t("待办", "Inbox"), body)
    }

    // MARK: Stand-ins

    static func delegations(
        _ context: PageContext, lines: [DelegationLine], values: [String: String], errors: [FieldError]
    ) -> HTML {
        let table: [[BodyNode]] = lines.map { line in
            var actions: [BodyNode] = []
            if line.mine, !line.revoked {
                actions.append(
                    FormBuilder(context).form(
                        action: .delegationRevoke(line.id), submit: context.t("取消", "Revoke"), [], primary: false))
            }
            return [
                .text(line.mine ? context.t("我的代理人", "My stand-in") : context.t("我代理", "I stand in for")),
                .text(line.person), .text(line.period),
                .text(line.revoked ? context.t("已取消", "Revoked") : ""), H.el("div", [], actions),
            ]
        }
        let form = FormBuilder(context, values: values, errors: errors)
        return Layout.page(
            context, title: context.t("审批代理", "Stand-ins"),
            [
                H.el(
                    "p", [("class", "note")],
                    text: context.t(
                        "代理人在期间内可查看并审批由您审批的步骤，每项审批都记明“代”谁审批；任何人都不能审批自己的申请 (A6)。",
                        "Your stand-in sees and decides your steps during the period; each decision says for whom. "
                            + "Nobody approves their own request (A6).")),
                H.table(
                    [
                        context.t("类别", "Kind"), context.t("人员", "Who"), context.t("期间", "Period"),
                        context.t("状态", "State"), "",
                    ], table, empty: context.t("没有代理设置。", "No stand-ins.")),
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el("h2", [], text: context.t("指定代理人", "Name a stand-in")),
                        form.form(
                            action: .delegations, submit: context.t("保存", "Save"),
                            [
                                form.text("standIn", context.t("代理人用户名", "Stand-in's username"), required: true),
                                form.text("startsOn", context.t("起始日期", "From"), required: true, type: "date"),
                                form.text("endsOn", context.t("截止日期", "Until"), required: true, type: "date"),
                            ], id: "delegation-form"),
                    ]),
            ])
    }

    // MARK: Chains

    /// The chains page: each kind and level, its versions, and a form for a new version (principle 9).
    static func chains(
        _ context: PageContext, kind: RequestKind, level: LevelID?, versions: [ChainCatalogue.Version],
        catalogue: LevelCatalogue, waitingDays: Int, values: [String: String], errors: [FieldError]
    ) -> HTML {
        let choices = H.el(
            "nav", [("class", "toolbar")],
            RequestKind.allCases.map {
                H.link(.chains, query: "?kind=\($0.rawValue)", context.t($0.title), classes: "button")
            })
        let levels = H.el(
            "nav", [("class", "toolbar")],
            [H.link(.chains, query: "?kind=\(kind.rawValue)", context.t("各密级通用", "Every level"), classes: "button")]
                + catalogue.levels.map {
                    H.link(
                        .chains, query: "?kind=\(kind.rawValue)&level=\($0.id.rawValue)", context.t($0.name),
                        classes: "button")
                })
        let versionRows: [[BodyNode]] = versions.map { version in
            [
                .text(String(version.number)),
                H.el(
                    "ol", [],
                    version.steps.map { step in
                        H.el("li", [], text: ChainForm.describe(step, context: context))
                    }),
                .text(version.note), .text(version.createdBy),
                .text(version.createdAt.map { context.dateTime($0) } ?? ""),
            ]
        }
        let form = FormBuilder(context, values: values, errors: errors)
        var fields: [BodyNode] = [
            H.void("input", [("type", "hidden"), ("name", "kind"), ("value", kind.rawValue)]),
            H.void("input", [("type", "hidden"), ("name", "level"), ("value", level?.rawValue ?? "")]),
        ]
        let approvers = ChainForm.approverOptions(context: context)
        for index in 0..<ChainForm.maxSteps {
            fields.append(
                H.el(
                    "fieldset", [("class", "chain-step")],
                    [
                        H.el("legend", [], text: context.t("第\(index + 1)步", "Step \(index + 1)")),
                        form.text("title\(index)", context.t("名称", "Title")),
                        form.select("approver\(index)", context.t("审批人", "Approver"), options: approvers),
                        form.text(
                            "person\(index)", context.t("指定人员工号（审批人选“指定人员”时）", "Employee number (for a named person)")),
                        form.select("also\(index)", context.t("另一审批人", "Another approver"), options: approvers),
                        form.select(
                            "mode\(index)", context.t("多人时", "With two approvers"),
                            options: [
                                ("any", context.t("或签（任一人审批）", "Any one (或签)")),
                                ("all", context.t("会签（每人分别审批，不同账号）", "All, each a different account (会签)")),
                            ], includeEmpty: false),
                        form.select(
                            "escalation\(index)",
                            context.t("除申请人外无人可审时转交", "When only the requester could decide, route to"),
                            options: approvers, emptyLabel: context.t("（拒绝提交）", "(refuse the request)")),
                    ]))
        }
        fields.append(form.text("note", context.t("变更说明", "Why it changes"), required: true))
        return Layout.page(
            context, title: context.t("审批流程", "Approval chains"),
            [
                choices, levels,
                H.el(
                    "h2", [],
                    text: context.t(kind.title) + " · "
                        + (level.flatMap { catalogue.definition($0) }.map { context.t($0.name) }
                            ?? context.t("各密级通用", "every level"))),
                H.table(
                    [
                        context.t("版本", "Version"), context.t("步骤", "Steps"), context.t("说明", "Note"),
                        context.t("修改人", "By"), context.t("时间", "When"),
                    ], versionRows, empty: ""),
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el("h2", [], text: context.t("新版本", "New version")),
                        H.el(
                            "p", [("class", "note")],
                            text: context.t(
                                "已提交的申请按提交时的版本审批；全部步骤留空即恢复国家默认。",
                                "Requests already submitted keep their version; leave every step empty to return to the "
                                    + "national default.")),
                        form.form(
                            action: .chains, submit: context.t("保存为新版本", "Save as a new version"), fields,
                            id: "chain-form"),
                    ]),
                waitingDaysSection(context, days: waitingDays, errors: errors),
            ])
    }

    /// After how many days a waiting request becomes a finding for the security office (A6).
    static func waitingDaysSection(_ context: PageContext, days: Int, errors: [FieldError]) -> BodyNode {
        let form = FormBuilder(
            context, values: ["waitingDays": String(days)], errors: errors.filter { $0.field == "waitingDays" })
        return H.el(
            "section", [("class", "card"), ("id", "waiting-days")],
            [
                H.el("h2", [], text: context.t("审批超时提醒", "Requests waiting too long")),
                form.form(
                    action: .chainsWaitingDays, submit: context.t("保存", "Save"),
                    [
                        form.text(
                            "waitingDays", context.t("申请等待审批超过（天）即提醒保密办", "Tell the security office after (days)"),
                            required: true, type: "number")
                    ], id: "waiting-days-form"),
            ])
    }
}
