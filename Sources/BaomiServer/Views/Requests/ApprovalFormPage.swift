import BaomiDomain
import Foundation
import Plot
import QRCode

/// 审批表 on A4 (UI.md "Print view"): black on white, the marking at top and bottom, each step with its decider,
/// time and comment, signature lines, and the QR code of the audit leaf that ties the paper to the log (S2).
enum ApprovalFormPage {
    static func render(_ context: PageContext, form: ApprovalForm) -> HTML {
        let facts: [(String, String)] =
            [
                (context.t("申请编号", "Request no."), form.number),
                (context.t("申请类型", "Kind"), form.kindTitle),
                (context.t("申请人", "Requester"), form.requester),
                (context.t("提交时间", "Submitted"), context.dateTime(form.submittedAt)),
                (context.t("对象", "Subject"), form.subject),
                (context.t("事由", "Reason"), form.reason),
            ] + form.rows.map { ($0.label, $0.value) }
            + [(context.t("状态", "State"), form.stateTitle)]
        let factRows: [[BodyNode]] = facts.map { [.text($0.0), H.el("span", [("class", "wrap")], text: $0.1)] }
        let stepRows: [[BodyNode]] = form.steps.map { step in
            [
                .text(step.title), .text(step.decisionTitle), .text(step.decidedBy ?? ""),
                .text(step.decidedAt.map(context.dateTime) ?? ""),
                H.el("span", [("class", "wrap")], text: step.comment),
            ]
        }
        let marking = form.marking ?? ""
        var content: [BodyNode] = [
            H.el("div", [("class", "print-marking")], text: marking),
            H.el("h1", [], text: context.t("审批表", "Approval form") + "（\(form.kindTitle)）"),
            H.table([context.t("项目", "Item"), context.t("内容", "Entry")], factRows, empty: ""),
            H.el("h2", [], text: context.t("审批意见", "Decisions")),
            H.table(
                [
                    context.t("审批环节", "Step"), context.t("意见", "Decision"), context.t("审批人", "Approver"),
                    context.t("时间", "Time"), context.t("批注", "Comment"),
                ], stepRows, empty: ""),
            H.el(
                "p", [],
                text: context.t("申请人签字：", "Requester's signature: ") + "＿＿＿＿＿＿　　"
                    + context.t("审批人签字：", "Approver's signature: ") + "＿＿＿＿＿＿　　"
                    + context.t("日期：", "Date: ") + "＿＿＿＿＿＿"),
        ]
        if let leaf = form.leaf {
            let svg = (try? QRCode.encode(leaf.text, correction: .medium).svg(moduleSize: 3, quietZone: 4)) ?? ""
            content.append(
                H.el(
                    "div", [("class", "form-seal"), ("id", "form-seal")],
                    [
                        H.el("div", [("class", "qr")], [.raw(svg)]),
                        H.el(
                            "p", [],
                            text: context.t(
                                "本表对应审计日志第 \(leaf.index) 条记录（\(DisplayTime.format(auditTime: leaf.recordedAt))），可在「核验」页面或以 baomi audit prove \(leaf.index) 核验。",
                                "This form is tied to audit record \(leaf.index) (\(DisplayTime.format(auditTime: leaf.recordedAt))); check it on the Verify page or with baomi audit prove \(leaf.index)."
                            )),
                        H.el("p", [("class", "leaf-text")], text: leaf.text),
                    ]))
        }
        content.append(H.el("div", [("class", "print-marking")], text: marking))
        return LedgerPages.printShell(
            context, title: context.t("审批表", "Approval form") + " \(form.number)",
            [H.el("div", [("class", "approval-form")], content)])
    }
}
