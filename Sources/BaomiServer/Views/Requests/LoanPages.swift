import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// Borrowing and carrying out on the request page and the workbench (A6, C4, L1.9).
enum LoanPages {
    static func section(
        _ context: PageContext, requestID: UUID, loan: LoanPanel, errors: [FieldError] = []
    ) -> BodyNode {
        var facts: [(String, String)] = [
            (context.t("借用人", "Borrower"), loan.borrowerName),
            (context.t("应还日期", "Due back"), loan.returnDate),
        ]
        if !loan.usePlaceName.isEmpty { facts.append((context.t("使用地点", "Place of use"), loan.usePlaceName)) }
        if !loan.destination.isEmpty { facts.append((context.t("去向", "Destination"), loan.destination)) }
        if !loan.bearers.isEmpty {
            facts.append((context.t("携带人", "Carried by"), loan.bearers.joined(separator: "、")))
        }
        if let courier = loan.courier { facts.append((context.t("送达人", "Courier"), courier)) }
        facts.append(
            (
                context.t("借出", "Handed over"),
                loan.issued.map { "\(context.dateTime($0.at)) \($0.by)" } ?? context.t("尚未借出", "Not yet")
            ))
        facts.append(
            (
                context.t("交还", "Handed back"),
                loan.returned.map {
                    "\(context.dateTime($0.at)) \($0.by)"
                        + (loan.forced ? context.t("（保密办强制收回）", " (taken back by the security office)") : "")
                } ?? "—"
            ))
        facts.append(
            (
                context.t("清点入库", "Checked in"),
                loan.checkedIn.map { "\(context.dateTime($0.at)) \($0.by)" }
                    ?? (loan.returned == nil ? "—" : context.t("待保管人清点", "Waiting for the custodian"))
            ))
        var children: [BodyNode] = [
            H.el("h2", [], text: context.t("借用情况 (C4)", "The loan (C4)")),
            loan.overdue
                ? H.el(
                    "p", [("class", "alert alert-warn"), ("id", "loan-overdue")],
                    text: context.t("已逾期未还，请及时归还 (L1.9)", "Overdue: return it now (L1.9)")) : .empty,
            H.el(
                "dl", [("class", "facts"), ("id", "loan-facts")],
                facts.flatMap { [H.el("dt", [], text: $0.0), H.el("dd", [], text: $0.1)] }),
        ]
        let form = FormBuilder(context)
        if loan.canIssue {
            children.append(
                form.form(
                    action: .requestIssue(requestID), submit: context.t("交付借用人", "Hand over to the borrower"), [],
                    id: "issue-form"))
        }
        if loan.canReturn {
            children.append(
                form.form(
                    action: .requestReturn(requestID), submit: context.t("交还", "Hand it back"), [], id: "return-form"))
        }
        if loan.canCheckIn {
            // Carried out of a borrowing, it goes back to the borrower; otherwise into a place that may keep it.
            let fields: [BodyNode] =
                loan.returnsToBorrowing
                ? [
                    H.el(
                        "p", [("class", "muted")],
                        text: context.t("核对无误后交回借阅人，继续借阅。", "Once checked, it goes back to the borrower's loan."))
                ]
                : [
                    form.select(
                        "placeID", context.t("存放位置（默认原位置, C6）", "Storage place (its own by default, C6)"),
                        options: loan.places,
                        emptyLabel: context.t("— 原存放位置 —", "— where it came from —"))
                ]
            children.append(
                FormBuilder(context, values: [:], errors: errors).form(
                    action: .requestCheckIn(requestID), submit: context.t("清点入库", "Check it in"), fields,
                    id: "check-in-form"))
        }
        if loan.canTakeBack && !loan.canReturn {
            children.append(
                form.form(
                    action: .requestReturn(requestID), submit: context.t("强制收回", "Take it back"),
                    [H.void("input", [("type", "hidden"), ("name", "force"), ("value", "1")])], id: "take-back-form",
                    primary: false,
                    confirm: context.t("确认由保密办强制收回？此操作记入审计日志。", "Take it back? This is recorded in the audit trail.")))
        }
        return H.el("section", [("class", "card"), ("id", "loan")], children)
    }

    /// What a person holds and when it is due: the workbench's first table (L1.9).
    static func holdings(_ context: PageContext, loans: [HoldingLine]) -> BodyNode {
        let rows: [[BodyNode]] = loans.map { line in
            [
                line.copyLink.map { H.link(.copy($0), line.label) } ?? .text(line.label),
                H.el("span", [("class", "wrap")], text: line.title ?? "—"),
                .text(line.kind), .text(line.returnDate),
                line.overdue
                    ? H.badge(context.t("逾期", "Overdue"), kind: "warn") : H.badge(context.t("在借", "Out"), kind: "info"),
                H.link(.request(line.requestID), context.t("归还", "Return")),
            ]
        }
        return H.el(
            "section", [("class", "card"), ("id", "holdings")],
            [
                H.el("h2", [], text: context.t("我持有的载体", "What I hold")),
                H.table(
                    [
                        context.t("份号", "Copy"), context.t("名称", "Title"), context.t("方式", "How"),
                        context.t("应还日期", "Due back"), context.t("状态", "State"), "",
                    ], rows, empty: context.t("没有借用中的载体。", "Nothing borrowed.")),
            ])
    }
}
