import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Plot

/// The audit trail as each reviewer may see it (S1, S2): the auditor reviews the administrators, the security
/// administrator everybody else.
enum AuditPage {
    static func render(
        _ context: PageContext, records: [VisibleAuditRecord], levels: LevelCatalogue, filters: [String: String],
        checkpoint: AuditCheckpoint?, verification: AuditVerifier.Report?, nextBefore: Int64?, scope: String
    ) -> HTML {
        let filter = FormBuilder(context, values: filters)
        let filterBar = H.el(
            "form", [("method", "get"), ("action", SiteRoute.audit.path), ("class", "filters")],
            [
                filter.select(
                    "action", context.t("操作", "Action"),
                    options: AuditAction.catalogued.map { (value: $0.rawValue, label: context.t($0.title)) },
                    emptyLabel: context.t("（全部）", "(all)")),
                filter.text("actor", context.t("账号", "Account")),
                filter.select(
                    "outcome", context.t("结果", "Outcome"),
                    options: AuditOutcome.allCases.map { (value: $0.rawValue, label: context.t($0.title)) },
                    emptyLabel: context.t("（全部）", "(all)")),
                filter.text("from", context.t("起始日期", "From"), type: "date"),
                filter.text("until", context.t("截止日期", "Until"), type: "date"),
                H.el(
                    "div", [("class", "actions")],
                    [H.el("button", [("type", "submit")], text: context.t("筛选", "Filter"))]),
            ])
        let rows: [[BodyNode]] = records.map { visible in
            let record = visible.record
            let outcome = AuditOutcome(rawValue: record.outcome)
            var details = AuditPresentation.details(visible.details, context: context, levels: levels)
            if visible.redacted {
                details += (details.isEmpty ? "" : "；") + context.t("载体内容已隐去 (A2)", "carrier details withheld (A2)")
            }
            return [
                .text(String(record.leafIndex)), .text(DisplayTime.format(auditTime: record.recordedAt)),
                .text(record.actorName),
                .text(record.ip ?? "—"), .text(context.t(AuditAction(record.action).title)),
                .text(AuditPresentation.object(visible, context: context)),
                H.badge(
                    outcome.map { context.t($0.title) } ?? record.outcome, kind: outcome == .success ? "ok" : "warn"),
                .text(record.rule ?? ""), H.el("span", [("class", "details")], text: details),
            ]
        }
        var sections: [BodyNode] = [
            H.el("p", [("class", "muted")], text: scope),
            integrity(context, checkpoint: checkpoint, verification: verification),
            filterBar,
            H.table(
                [
                    "#", context.t("时间", "Time"), context.t("账号", "Account"), "IP", context.t("操作", "Action"),
                    context.t("对象", "Object"),
                    context.t("结果", "Outcome"), context.t("规则", "Rule"), context.t("详情", "Details"),
                ],
                rows, empty: context.t("没有符合条件的记录。", "No records match.")),
        ]
        if let nextBefore {
            var query = filters.filter { !$0.value.isEmpty }
            query["before"] = String(nextBefore)
            let text = query.sorted { $0.key < $1.key }.map {
                "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            }.joined(separator: "&")
            sections.append(
                H.el(
                    "nav", [("class", "pager")],
                    [H.link(.audit, query: "?" + text, context.t("更早的记录 →", "Older records →"))]))
        }
        return Layout.page(context, title: context.t("审计", "Audit"), sections)
    }

    private static func integrity(
        _ context: PageContext, checkpoint: AuditCheckpoint?, verification: AuditVerifier.Report?
    ) -> BodyNode {
        var children: [BodyNode] = [H.el("h2", [], text: context.t("日志完整性 (S2)", "Log integrity (S2)"))]
        if let checkpoint {
            children.append(
                H.el(
                    "p", [],
                    text: context.t(
                        "最新签名检查点：\(checkpoint.treeSize) 条记录，根哈希 \(checkpoint.rootHash.prefix(16))…，签署于 \(DisplayTime.format(auditTime: checkpoint.signedAt))。",
                        "Latest signed checkpoint: \(checkpoint.treeSize) records, root \(checkpoint.rootHash.prefix(16))…, signed \(DisplayTime.format(auditTime: checkpoint.signedAt))."
                    )))
        }
        if let verification {
            if !verification.problems.isEmpty {
                let messages = verification.problems.map(\.message).joined(separator: "; ")
                children.append(
                    H.el(
                        "div", [("class", "alert alert-error"), ("role", "alert"), ("id", "verify-result")],
                        text: context.t(
                            "校验失败：\(messages)（已检查 \(verification.recordsChecked) 条）",
                            "Verification failed: \(messages) (\(verification.recordsChecked) records checked)"))
                )
            } else {
                children.append(
                    H.el(
                        "div", [("class", "alert alert-ok"), ("role", "status"), ("id", "verify-result")],
                        text: context.t(
                            "校验通过：\(verification.recordsChecked) 条记录、\(verification.checkpointsChecked) 个检查点全部一致。",
                            "Verified: all \(verification.recordsChecked) records and \(verification.checkpointsChecked) checkpoints match."
                        )))
            }
        }
        for warning in verification?.warnings ?? [] {
            children.append(
                H.el(
                    "div", [("class", "alert alert-warn"), ("role", "status")],
                    text: context.t("注意：", "Note: ") + warning))
        }
        if context.can(.verifyAudit) {
            children.append(
                FormBuilder(context).form(
                    action: .auditVerify, submit: context.t("立即校验全部日志", "Verify the whole log now"), [],
                    id: "verify-form"))
        }
        return H.el("section", [("class", "card")], children)
    }
}
