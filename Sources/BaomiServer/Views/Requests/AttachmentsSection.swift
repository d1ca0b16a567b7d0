import BaomiDomain
import Foundation
import Plot

/// Non-secret files beside a record — a request's attachments (#14), a training session's materials (E6.1): each
/// as a download link with its size and SHA-256, and, for whoever may add one, the upload form with its 非涉密
/// declaration; a refusal shows beside the form.
enum AttachmentsSection {
    static func render(
        _ context: PageContext, requestID: UUID, attachments: [AttachmentLine], errors: [FieldError]
    ) -> BodyNode {
        render(
            context, attachments, download: { .requestAttachment(requestID, $0) },
            upload: .requestAttachments(requestID), errors: errors)
    }

    /// `upload` is nil for a viewer who may only read; `title` and `empty` name what the files are.
    static func render(
        _ context: PageContext, _ attachments: [AttachmentLine], download: (UUID) -> SiteRoute, upload: SiteRoute?,
        errors: [FieldError], title: LocalizedText = LocalizedText(zh: "附件", en: "Attachments"),
        empty: LocalizedText = LocalizedText(zh: "没有附件。", en: "No attachments.")
    ) -> BodyNode {
        let rows: [[BodyNode]] = attachments.map { attachment in
            [
                H.link(download(attachment.id), attachment.fileName), .text(attachment.type),
                .text(size(attachment.size)), .text(attachment.uploadedBy),
                .text(context.dateTime(attachment.uploadedAt)),
                H.el("code", [("class", "wrap")], text: attachment.sha256),
            ]
        }
        var children: [BodyNode] = [H.el("h2", [], text: context.t(title))]
        if let error = errors.first(where: { $0.field == "file" }) {
            children.append(
                H.el(
                    "div", [("class", "alert alert-error"), ("role", "alert"), ("id", "attachment-error")],
                    text: context.t(error.message) + (error.rule.map { " (\($0))" } ?? "")))
        }
        children.append(
            H.table(
                [
                    context.t("文件", "File"), context.t("类型", "Type"), context.t("大小", "Size"),
                    context.t("上传人", "Uploaded by"), context.t("时间", "Time"), "SHA-256",
                ], rows, empty: context.t(empty)))
        if let upload { children.append(uploadForm(context, action: upload, errors: errors)) }
        return H.el("section", [("class", "card"), ("id", "attachments")], children)
    }

    private static func uploadForm(_ context: PageContext, action: SiteRoute, errors: [FieldError]) -> BodyNode {
        let form = FormBuilder(context, errors: errors.filter { $0.field == "file" })
        return H.el(
            "form",
            [
                ("method", "post"), ("action", action.path), ("class", "form"),
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
    }

    static func size(_ bytes: Int64) -> String {
        bytes >= 1024 * 1024
            ? String(format: "%.1f MB", Double(bytes) / 1_048_576)
            : bytes >= 1024 ? "\(bytes / 1024) KB" : "\(bytes) B"
    }
}
