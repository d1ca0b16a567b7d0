import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The pages of agreements (T8, T9, T15, L1.1): the 保密协议台账, the versioned texts, and a person's agreements.
/// Each renders a page model built by `AgreementsController`.
enum AgreementPages {
    struct LedgerModel {
        var rows: [AgreementLedger.Row]
    }

    struct TextsModel {
        var texts: [(id: UUID, kind: AgreementKind, version: Int, title: String, body: String, published: String)]
        var mayPublish: Bool
    }

    struct AgreementLine {
        var id: UUID
        var kind: AgreementKind
        var version: Int
        var state: AgreementState
        var personSignedOn: String?
        var unitSignedOn: String?
        var inForceFrom: String?
        var endedOn: String?
        var reason: String?
        var validUntil: String?
        var nonCompeteUntil: String?
        var scan: (fileName: String, sha256: String)?
        var payments:
            [(id: UUID, kind: AgreementPaymentKind, amount: String, dueOn: String, paidOn: String?, note: String)]
    }

    struct PersonModel {
        var personID: UUID
        var name: String
        var postClass: SecretPostClass
        var required: [AgreementKind]
        var agreements: [AgreementLine]
        var mayManage: Bool
    }

    static func ledger(_ context: PageContext, _ model: LedgerModel) -> HTML {
        let sections: [BodyNode] = [
            H.el(
                "p", [("class", "actions")],
                [
                    H.link(.agreements(.ledgerExport), context.t("下载 CSV", "Download CSV")), .text(" "),
                    H.link(.agreements(.ledgerWorkbook), context.t("下载 Excel", "Download Excel")), .text(" "),
                    H.link(.agreements(.texts), context.t("协议文本", "Agreement texts")),
                ]),
            H.table(
                AgreementLedger.headers,
                model.rows.enumerated().map { index, row in
                    var cells = ([String(index + 1)] + row.cells).map { BodyNode.text($0) }
                    cells[1] = H.link(.agreements(.person(row.personID)), row.name)
                    cells[3] = .text(context.t(row.kind.title))
                    cells[6] = .text(context.t(row.state.title))
                    return cells.map { H.el("span", [], [$0]) }
                },
                empty: context.t("尚无保密协议。", "No agreements yet.")),
        ]
        return Layout.page(context, title: context.t("保密协议台账", "Agreements register"), sections)
    }

    static func texts(
        _ context: PageContext, _ model: TextsModel, values: [String: String] = [:], errors: [FieldError] = []
    ) -> HTML {
        var sections: [BodyNode] = model.texts.map { text in
            H.el(
                "section", [("class", "card"), ("id", "text-\(text.kind.rawValue)-\(text.version)")],
                [
                    H.el(
                        "h2", [],
                        text: "\(context.t(text.kind.title)) · "
                            + context.t("第\(text.version)版", "version \(text.version)")),
                    H.el("p", [("class", "muted")], text: "\(text.title) · \(text.published)"),
                    H.el("pre", [("class", "wrap")], text: text.body),
                ])
        }
        if model.mayPublish {
            let form = FormBuilder(context, values: values, errors: errors)
            sections.insert(
                form.form(
                    action: .agreements(.texts), submit: context.t("发布新版本", "Publish a new version"),
                    [
                        form.select(
                            "kind", context.t("协议类型", "Kind"),
                            options: AgreementKind.allCases.map { ($0.rawValue, context.t($0.title)) }, required: true),
                        form.text("title", context.t("标题", "Title"), required: true),
                        H.el("label", [("for", "f-body")], text: context.t("正文", "Text")),
                        H.el(
                            "textarea", [("id", "f-body"), ("name", "body"), ("rows", "10"), ("required", "required")],
                            text: values["body"] ?? ""),
                    ], id: "text-form"), at: 0)
        }
        return Layout.page(context, title: context.t("保密协议文本", "Agreement texts"), sections)
    }

    static func person(
        _ context: PageContext, _ model: PersonModel, values: [String: String] = [:], errors: [FieldError] = []
    ) -> HTML {
        let needs =
            model.required.isEmpty
            ? context.t("非涉密岗位，无须签订", "No secret post: none needed")
            : model.required.map { context.t($0.title) + " (\($0.rule))" }.joined(separator: "、")
        var sections: [BodyNode] = [
            H.el(
                "dl", [("class", "facts")],
                [
                    H.el("dt", [], text: context.t("涉密等级", "Secret post")),
                    H.el("dd", [], text: context.t(model.postClass.title)),
                    H.el("dt", [], text: context.t("岗位所需协议", "Agreements the post needs")),
                    H.el("dd", [], text: needs),
                ])
        ]
        if model.mayManage {
            let form = FormBuilder(context, values: values, errors: errors.filter { $0.field != "file" })
            sections.append(
                form.form(
                    action: .agreements(.person(model.personID)), submit: context.t("起草协议", "Draft an agreement"),
                    [
                        form.select(
                            "kind", context.t("协议类型", "Kind"),
                            options: AgreementKind.allCases.map { ($0.rawValue, context.t($0.title)) }, required: true),
                        form.text(
                            "validUntil", context.t("有效期至（可空）", "Valid until (optional)"), type: "date"),
                        form.text(
                            "nonCompeteUntil", context.t("竞业限制期止（竞业限制协议）", "Non-compete until"), type: "date"),
                    ], id: "draft-form"))
        }
        for line in model.agreements {
            sections.append(agreement(context, line, mayManage: model.mayManage, errors: errors))
        }
        if model.agreements.isEmpty {
            sections.append(H.el("p", [("class", "muted")], text: context.t("尚无保密协议。", "No agreements yet.")))
        }
        return Layout.page(context, title: context.t("保密协议", "Agreements") + " · " + model.name, sections)
    }

    private static func agreement(
        _ context: PageContext, _ line: AgreementLine, mayManage: Bool, errors: [FieldError]
    ) -> BodyNode {
        let facts: [(String, String)] = [
            (context.t("版本", "Version"), context.t("第\(line.version)版", "version \(line.version)")),
            (context.t("生效状态", "State"), context.t(line.state.title)),
            (context.t("本人签字", "Signed by the person"), line.personSignedOn ?? "—"),
            (context.t("单位签章", "Signed by the unit"), line.unitSignedOn ?? "—"),
            (context.t("生效日期", "In force from"), line.inForceFrom ?? "—"),
            (context.t("有效期至", "Valid until"), line.validUntil ?? "—"),
            (context.t("竞业限制期止", "Non-compete until"), line.nonCompeteUntil ?? "—"),
            (context.t("终止/拒签日期", "Ended or refused on"), line.endedOn ?? "—"),
            (context.t("原因", "Reason"), line.reason ?? "—"),
        ]
        var children: [BodyNode] = [
            H.el("h2", [], text: context.t(line.kind.title)),
            H.el(
                "dl", [("class", "facts")], facts.flatMap { [H.el("dt", [], text: $0.0), H.el("dd", [], text: $0.1)] }),
        ]
        if let scan = line.scan {
            children.append(
                H.el(
                    "p", [],
                    [
                        .text(context.t("签字扫描件：", "Signed scan: ")), H.link(.agreements(.scan(line.id)), scan.fileName),
                        .text(" SHA-256 "), H.el("code", [("class", "wrap")], text: scan.sha256),
                    ]))
        }
        children.append(
            H.table(
                [
                    context.t("类别", "Kind"), context.t("金额（元）", "Amount (yuan)"), context.t("应付日期", "Due"),
                    context.t("支付日期", "Paid"), context.t("说明", "Note"),
                ],
                line.payments.map {
                    [
                        .text(context.t($0.kind.title)), .text($0.amount), .text($0.dueOn), .text($0.paidOn ?? "—"),
                        .text($0.note),
                    ].map { H.el("span", [], [$0]) }
                }, empty: context.t("尚无保密补贴或报酬记录。", "No allowances or remuneration recorded.")))
        if mayManage {
            let mine = errors.filter { _ in true }
            let form = FormBuilder(context, errors: [])
            var steps: [(String, String)] = []
            if line.state.awaitsSignature {
                if line.personSignedOn == nil {
                    steps.append(("signByPerson", context.t("本人签字", "Signed by the person")))
                }
                if line.unitSignedOn == nil { steps.append(("signByUnit", context.t("单位签章", "Signed by the unit"))) }
                if line.personSignedOn == nil {
                    steps.append(("refuse", context.t("登记拒签 (T9)", "Record a refusal (T9)")))
                }
            }
            if line.state == .inForce { steps.append(("end", context.t("终止", "End"))) }
            if !steps.isEmpty {
                children.append(
                    form.form(
                        action: .agreements(.steps(line.id)), submit: context.t("登记", "Record"),
                        [
                            form.select("step", context.t("事项", "Step"), options: steps, required: true),
                            form.text("on", context.t("日期", "Day"), required: true, type: "date"),
                            form.text("reason", context.t("原因（终止或拒签时填写）", "Reason (ending or refusal)")),
                        ], id: "step-\(line.id.uuidString.lowercased())"))
            }
            if !line.state.isClosed {
                children.append(
                    form.form(
                        action: .agreements(.payments(line.id)), submit: context.t("登记补贴或报酬", "Record a payment due"),
                        [
                            form.select(
                                "kind", context.t("类别", "Kind"),
                                options: AgreementPaymentKind.allCases.map { ($0.rawValue, context.t($0.title)) },
                                required: true),
                            form.text("amount", context.t("金额（元）", "Amount (yuan)"), required: true),
                            form.text("dueOn", context.t("应付日期", "Due"), required: true, type: "date"),
                            form.text("note", context.t("说明", "Note")),
                        ], id: "payment-\(line.id.uuidString.lowercased())", primary: false))
            }
            for payment in line.payments where payment.paidOn == nil {
                children.append(
                    form.form(
                        action: .agreements(.paid(line.id)),
                        submit: context.t("登记已支付", "Record as paid") + " \(payment.amount)",
                        [
                            H.void(
                                "input", [("type", "hidden"), ("name", "paymentID"), ("value", payment.id.uuidString)]),
                            form.text("paidOn", context.t("支付日期", "Paid on"), required: true, type: "date"),
                        ], id: "paid-\(payment.id.uuidString.lowercased())", primary: false))
            }
            children.append(scanForm(context, line.id, errors: mine.filter { $0.field == "file" }))
        }
        return H.el("section", [("class", "card"), ("id", "agreement-\(line.id.uuidString.lowercased())")], children)
    }

    private static func scanForm(_ context: PageContext, _ id: UUID, errors: [FieldError]) -> BodyNode {
        var children: [BodyNode] = [FormBuilder(context).csrf()]
        if let error = errors.first {
            children.append(
                H.el(
                    "div", [("class", "alert alert-error"), ("role", "alert")],
                    text: context.t(error.message) + (error.rule.map { " (\($0))" } ?? "")))
        }
        children += [
            H.el("label", [("for", "f-file-\(id)")], text: context.t("签字扫描件（PDF、PNG、JPEG、TIFF）", "Signed scan")),
            H.void("input", [("type", "file"), ("id", "f-file-\(id)"), ("name", "file"), ("required", "required")]),
            H.el(
                "label", [("class", "check")],
                [
                    H.void(
                        "input",
                        [("type", "checkbox"), ("name", "nonSecret"), ("value", "1"), ("required", "required")]),
                    .text(context.t(" 我确认该文件不含涉密内容（非涉密）", " I confirm the file holds nothing classified")),
                ]),
            H.el(
                "div", [("class", "actions")],
                [H.el("button", [("type", "submit")], text: context.t("上传扫描件", "Upload"))]),
        ]
        return H.el(
            "form",
            [
                ("method", "post"), ("action", SiteRoute.agreements(.scans(id)).path), ("class", "form"),
                ("enctype", "multipart/form-data"),
            ], children)
    }
}
