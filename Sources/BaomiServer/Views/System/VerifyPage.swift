import BaomiDomain
import Foundation
import Plot

/// 核验 (S2): paste or scan a printed form's QR text; the answer says whether its record is in the log, with the
/// inclusion proof against the newest signed checkpoint, and the record only as the audit pages would show it.
enum VerifyPage {
    static func render(
        _ context: PageContext, query: String, result: LeafProofDTO?, errors: [FieldError] = []
    ) -> HTML {
        let form = FormBuilder(context, values: ["q": query], errors: errors)
        var sections: [BodyNode] = [
            H.el(
                "section", [("class", "card")],
                [
                    H.el(
                        "p", [],
                        text: context.t(
                            "审批表上的二维码记录了审计日志中一条记录的序号和哈希。扫描后粘贴其文字，即可核验纸面表格与日志一致 (S2)。",
                            "A printed form's QR code holds the index and hash of one audit record. Paste its text to check the paper against the log (S2)."
                        )),
                    H.el(
                        "form",
                        [
                            ("method", "get"), ("action", SiteRoute.verify.path), ("class", "form"),
                            ("id", "verify-form"),
                        ],
                        [
                            form.text(
                                "q", context.t("二维码文字或记录序号", "QR text or record index"), required: true,
                                hint: "baomi:leaf:12:…"),
                            H.el(
                                "div", [("class", "actions")],
                                [
                                    H.el(
                                        "button", [("type", "submit"), ("class", "primary")],
                                        text: context.t("核验", "Verify"))
                                ]),
                        ]),
                ])
        ]
        if !errors.isEmpty {
            sections.insert(
                H.el(
                    "div", [("class", "alert alert-error"), ("role", "alert"), ("id", "form-errors")],
                    text: errors.map { context.t($0.message) }.joined(separator: "；")), at: 0)
        }
        if let result { sections.append(outcome(context, result)) }
        return Layout.page(context, title: context.t("核验审批表", "Verify a form"), sections)
    }

    private static func outcome(_ context: PageContext, _ result: LeafProofDTO) -> BodyNode {
        let verdict: BodyNode =
            result.verified
            ? H.el(
                "div", [("class", "alert alert-success"), ("id", "verify-result"), ("data-verified", "true")],
                text: context.t(
                    "核验通过：审批表所载记录（第 \(result.leafIndex) 条）在审计日志中，且包含于已签名的检查点。",
                    "Verified: the form's record (\(result.leafIndex)) is in the audit log, under a signed checkpoint.")
            )
            : H.el(
                "div", [("class", "alert alert-error"), ("id", "verify-result"), ("data-verified", "false")],
                text: context.t("核验未通过：", "Not verified: ")
                    + result.failures.map { context.t($0.zh, $0.en) }.joined(separator: "；"))
        let facts: [(String, String)] = [
            (context.t("记录序号", "Record index"), String(result.leafIndex)),
            (context.t("纸面哈希", "Hash on the paper"), result.claimedHash ?? "—"),
            (context.t("日志中的哈希", "Hash in the log"), result.leafHash ?? "—"),
            (context.t("检查点大小", "Checkpoint size"), String(result.treeSize)),
            (context.t("检查点根哈希", "Checkpoint root"), result.rootHash),
            (context.t("签名时间", "Signed at"), DisplayTime.format(auditTime: result.signedAt)),
            (context.t("签名密钥", "Signing key"), result.keyID),
            (context.t("签名", "Signature"), result.signature),
        ]
        var children: [BodyNode] = [
            verdict,
            H.el(
                "dl", [("class", "facts")], facts.flatMap { [H.el("dt", [], text: $0.0), H.el("dd", [], text: $0.1)] }),
            H.el("h2", [], text: context.t("审计路径（RFC 6962）", "Audit path (RFC 6962)")),
            H.el("ol", [("id", "audit-path"), ("class", "hashes")], result.auditPath.map { H.el("li", [], text: $0) }),
        ]
        if let record = result.record {
            let details = record.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            children += [
                H.el("h2", [], text: context.t("记录内容", "The record")),
                H.el(
                    "dl", [("class", "facts"), ("id", "verify-record")],
                    [
                        (context.t("时间", "Time"), DisplayTime.format(auditTime: record.recordedAt)),
                        (context.t("操作人", "Actor"), record.actorName), (context.t("操作", "Action"), record.action),
                        (context.t("对象", "Object"), record.objectLabel ?? ""),
                        (context.t("结果", "Outcome"), record.outcome),
                        (context.t("详情", "Details"), details.joined(separator: "；")),
                    ].flatMap { [H.el("dt", [], text: $0.0), H.el("dd", [], text: $0.1)] }),
            ]
        }
        return H.el("section", [("class", "card")], children)
    }
}
