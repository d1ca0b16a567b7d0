import BaomiDomain
import Foundation
import Plot

/// The request page's attachments (#14): each as a download link with its size and SHA-256, and the upload form
/// with its 非涉密 declaration; a refusal shows beside the form.
enum AttachmentsSection {
    static func render(
        _ context: PageContext, requestID: UUID, attachments: [AttachmentLine], errors: [FieldError]
    ) -> BodyNode {
        let rows: [[BodyNode]] = attachments.map { attachment in
            [
                H.link(.requestAttachment(requestID, attachment.id), attachment.fileName), .text(attachment.type),
                .text(size(attachment.size)), .text(attachment.uploadedBy),
                .text(context.dateTime(attachment.uploadedAt)),
                H.el("code", [("class", "wrap")], text: attachment.sha256),
            ]
        }
        let form = FormBuilder(context, errors: errors.filter { $0.field == "file" })
        let upload = H.el(
            "form",
            [
                ("method", "post"), ("action", SiteRoute.requestAttachments(requestID).path), ("class", "form"),
                ("enctype", "multipart/form-data"), ("id", "attachment-form"),
            ],
            [
                form.csrf(),
                H.el(
                    "label", [("for", "f-file")],
                    text: context.t("文件（PDF、PNG、JPEG、TIFF）", "File (PDF, PNG, JPEG, TIFF)")),
                H.void("input", [("type", "file"), ("id", "f-file"), ("name", "file"), ("required", "required")]),
                H.el(
                    "label", [("class", "check")],
                    [
                        H.void(
                            "input",
                            [("type", "checkbox"), ("name", "nonSecret"), ("value", "1"), ("required", "required")]),
                        .text(
                            context.t(
                                " 我确认该文件不含涉密内容（非涉密）", " I confirm the file holds nothing classified (non-secret)")),
                    ]),
                H.el(
                    "div", [("class", "actions")],
                    [H.el("button", [("type", "submit")], text: context.t("上传附件", "Upload"))]),
            ])
        var children: [BodyNode] = [H.el("h2", [], text: context.t("附件", "Attachments"))]
        if let error = errors.first(where: { $0.field == "file" }) {
            children.append(
                H.el(
                    "div", [("class", "alert alert-error"), ("role", "alert"), ("id", "attachment-error")],
                    text: context.t(error.message) + (error.rule.map { " (\($0))" } ?? "")))
        }
        children += [
            H.table(
                [
                    context.t("文件", "File"), context.t("类型", "Type"), context.t("大小", "Size"),
                    context.t("上传人", "Uploaded by"), context.t("时间", "Time"), "SHA-256",
                ], rows, empty: context.t("没有附件。", "No attachments.")),
            upload,
        ]
        return H.el("section", [("class", "card"), ("id", "attachments")], children)
    }

    static func size(_ bytes: Int64) -> String {
        bytes >= 1024 * 1024
            ? String(format: "%.1f MB", Double(bytes) / 1_048_576)
            : bytes >= 1024 ? "\(bytes / 1024) KB" : "\(bytes) B"
    }
}
