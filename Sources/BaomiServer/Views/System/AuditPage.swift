import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Plot

/// The audit trail as each reviewer may see it (S1, S2): the auditor reviews the administrators, the security
/// administrator everybody else.
enum AuditPage {
    static func render(
        _ context: PageContext, records: [AuditRecord], filters: [String: String], checkpoint: AuditCheckpoint?,
        verification: AuditVerifier.Report?, nextBefore: Int64?, scope: String
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
        let rows: [[BodyNode]] = records.map { record in
            let outcome = AuditOutcome(rawValue: record.outcome)
            let details = AuditPresentation.details(record.decodedDetails, context: context)
            return [
                .text(String(record.leafIndex)), .text(DisplayTime.format(auditTime: record.recordedAt)),
                .text(record.actorName),
                .text(record.ip ?? "—"), .text(context.t(AuditAction(record.action).title)),
                .text(AuditPresentation.object(record, context: context)),
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

/// Audit records in words a reviewer reads: object types and detail keys translated, empty details left out.
enum AuditPresentation {
    static let objectTypes: [String: LocalizedText] = [
        "account": LocalizedText(zh: "账号", en: "Account"), "orgUnit": LocalizedText(zh: "组织机构", en: "Org unit"),
        "person": LocalizedText(zh: "人员", en: "Person"), "route": LocalizedText(zh: "功能", en: "Function"),
        "settings": LocalizedText(zh: "参数", en: "Settings"), "auditLog": LocalizedText(zh: "审计日志", en: "Audit log"),
        "storagePlace": LocalizedText(zh: "存放位置", en: "Storage place"),
        "project": LocalizedText(zh: "项目", en: "Project"),
        "carrier": LocalizedText(zh: "载体", en: "Carrier"), "copy": LocalizedText(zh: "载体份", en: "Copy"),
    ]

    static let detailKeys: [String: LocalizedText] = [
        "reason": LocalizedText(zh: "原因", en: "reason"), "kind": LocalizedText(zh: "方式", en: "kind"),
        "role": LocalizedText(zh: "职务", en: "role"), "roles": LocalizedText(zh: "角色", en: "roles"),
        "code": LocalizedText(zh: "编码", en: "code"), "language": LocalizedText(zh: "语言", en: "language"),
        "capability": LocalizedText(zh: "所需权限", en: "capability"), "records": LocalizedText(zh: "记录数", en: "records"),
        "problem": LocalizedText(zh: "问题", en: "problem"), "status": LocalizedText(zh: "状态", en: "status"),
        "person": LocalizedText(zh: "人员", en: "person"), "disabled": LocalizedText(zh: "停用", en: "disabled"),
        "failedSignIns": LocalizedText(zh: "失败次数", en: "failed sign-ins"), "name": LocalizedText(zh: "名称", en: "name"),
        "employeeNumber": LocalizedText(zh: "工号", en: "employee number"), "old": LocalizedText(zh: "原值", en: "old"),
        "new": LocalizedText(zh: "新值", en: "new"), "level": LocalizedText(zh: "密级", en: "level"),
        "copies": LocalizedText(zh: "份数", en: "copies"), "action": LocalizedText(zh: "操作", en: "action"),
        "place": LocalizedText(zh: "位置", en: "place"), "from": LocalizedText(zh: "原状态", en: "from"),
        "to": LocalizedText(zh: "新状态", en: "to"), "note": LocalizedText(zh: "备注", en: "note"),
        "channel": LocalizedText(zh: "传递方式", en: "channel"), "escorts": LocalizedText(zh: "递送人", en: "escorts"),
        "sealed": LocalizedText(zh: "密封包装", en: "sealed"), "supervisor": LocalizedText(zh: "监督人", en: "supervisor"),
        "onSite": LocalizedText(zh: "现场维修", en: "on site"),
        "storageRemoved": LocalizedText(zh: "已拆除存储部件", en: "storage removed"),
        "copyOf": LocalizedText(zh: "源自", en: "copy of"), "serial": LocalizedText(zh: "份号", en: "copy"),
        "verdict": LocalizedText(zh: "意见", en: "verdict"), "expected": LocalizedText(zh: "应有", en: "expected"),
        "found": LocalizedText(zh: "找到", en: "found"), "unexpected": LocalizedText(zh: "清单外", en: "unexpected"),
        "missing": LocalizedText(zh: "未找到", en: "missing"),
        "confirmations": LocalizedText(zh: "监销确认", en: "confirmations"),
    ]

    static func object(_ record: AuditRecord, context: PageContext) -> String {
        let type = record.objectType.map { objectTypes[$0].map(context.t) ?? $0 }
        return [type, record.objectLabel ?? record.objectID].compactMap { $0 }.joined(separator: " ")
    }

    static func details(_ details: [String: String], context: PageContext) -> String {
        details.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
            .map { "\(detailKeys[$0.key].map(context.t) ?? $0.key)：\(value($0.value, key: $0.key, context: context))" }
            .joined(separator: "；")
    }

    /// Values in words: channels by name, yes and no instead of true and false.
    static func value(_ raw: String, key: String, context: PageContext) -> String {
        switch raw {
        case "true": return context.t("是", "yes")
        case "false": return context.t("否", "no")
        default:
            if key == "channel", let channel = TransmissionChannel(rawValue: raw) { return context.t(channel.title) }
            if key == "copyOf" { return context.t("第\(raw)份", "copy \(raw)") }
            if key == "verdict" { return raw == "approve" ? context.t("同意", "approve") : context.t("不同意", "refuse") }
            return raw
        }
    }
}
