import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The tracking files (专档跟踪, T10): the security office's list and a file's page with its dated entries, the form
/// to add one and the form to close the file. Each renders a page model built by `KeyProjectsController`.
enum TrackingFilePages {
    struct Row {
        var id: UUID
        var personName: String
        var project: String
        var reason: TrackingFileReason
        var occurredOn: String
        var openedAt: Date
        var closedAt: Date?
    }

    struct Entry {
        var enteredOn: String
        var text: String
        var recordedBy: String
        var recordedAt: Date
    }

    struct FileModel {
        var row: Row
        var personID: UUID
        var projectID: UUID
        var requestID: UUID?
        var account: String
        var openedBy: String
        var closedBy: String?
        var closeNote: String?
        var entries: [Entry]
    }

    static func list(_ context: PageContext, rows: [Row], includeClosed: Bool) -> HTML {
        Layout.page(
            context, title: context.t("专档跟踪", "Tracking files"),
            [
                H.el(
                    "p", [("class", "muted")],
                    text: context.t(
                        "重点项目成员在项目结束前调离、辞职，或未经同意擅自离岗的，建立专档跟踪；超过 \(KeyProjectRules.followUpDays) 天没有跟踪记录的列入合规提醒 (T10)。",
                        "A key-project member who leaves before the project ends, approved or without consent, is followed in a tracking file; one without an entry for \(KeyProjectRules.followUpDays) days is a finding (T10)."
                    )),
                H.el(
                    "p", [],
                    [
                        includeClosed
                            ? H.link(.keyProjects(.files), context.t("只看未关闭的", "Open files only"))
                            : H.link(.keyProjects(.files), query: "?state=all", context.t("包括已关闭的", "Include closed"))
                    ]),
                H.table(
                    [
                        context.t("人员", "Person"), context.t("项目", "Project"), context.t("原因", "Reason"),
                        context.t("离开日期", "Left on"), context.t("建档时间", "Opened"), context.t("关闭时间", "Closed"),
                    ],
                    rows.map { row in
                        [
                            H.link(.keyProjects(.file(row.id)), row.personName), .text(row.project),
                            .text(context.t(row.reason.title)), .text(row.occurredOn),
                            .text(context.dateTime(row.openedAt)),
                            .text(row.closedAt.map { context.dateTime($0) } ?? "—"),
                        ]
                    }, empty: context.t("没有专档。", "No tracking files.")),
            ])
    }

    /// Which form a redisplay is for.
    enum Form: String {
        case entry, close
    }

    static func file(
        _ context: PageContext, _ model: FileModel, form failed: Form? = nil, values: [String: String] = [:],
        errors: [FieldError] = []
    ) -> HTML {
        let row = model.row
        var facts: [(String, String)] = [
            (context.t("人员", "Person"), row.personName), (context.t("项目", "Project"), row.project),
            (context.t("原因", "Reason"), context.t(row.reason.title)),
            (context.t("离开日期", "Left on"), row.occurredOn), (context.t("情况", "Account"), model.account),
            (context.t("建档", "Opened"), "\(context.dateTime(row.openedAt)) \(model.openedBy)"),
        ]
        if let closed = row.closedAt {
            facts.append(
                (
                    context.t("关闭", "Closed"),
                    "\(context.dateTime(closed)) \(model.closedBy ?? "") \(model.closeNote ?? "")"
                ))
        }
        var sections: [BodyNode] = [
            H.el(
                "dl", [("class", "facts")],
                facts.flatMap { [H.el("dt", [], text: $0.0), H.el("dd", [], text: $0.1)] }),
            H.el(
                "p", [],
                [H.link(.person(model.personID), context.t("人员信息", "The person"))]
                    + (context.can(.trackKeyProjects)
                        ? [
                            .text(" · "),
                            H.link(.keyProjects(.project(model.projectID)), context.t("项目", "The project")),
                        ]
                        : [])
                    + (model.requestID.map {
                        [.text(" · "), H.link(.request($0), context.t("批准的申请", "The approved request"))]
                    } ?? [])),
            H.el("h2", [], text: context.t("跟踪记录", "Follow-up entries")),
            H.table(
                [
                    context.t("日期", "Date"), context.t("情况", "Follow-up"), context.t("登记人", "Recorded by"),
                    context.t("登记时间", "Recorded at"),
                ],
                model.entries.map { entry in
                    [
                        .text(entry.enteredOn), H.el("span", [("class", "wrap")], text: entry.text),
                        .text(entry.recordedBy), .text(context.dateTime(entry.recordedAt)),
                    ]
                }, empty: context.t("还没有跟踪记录。", "No entries yet.")),
        ]
        if row.closedAt == nil {
            let entry =
                failed == .entry
                ? FormBuilder(context, values: values, errors: errors) : FormBuilder(context, values: [:])
            let close =
                failed == .close
                ? FormBuilder(context, values: values, errors: errors) : FormBuilder(context, values: [:])
            sections += [
                H.el(
                    "section", [("class", "card"), ("id", "entry")],
                    [
                        H.el("h2", [], text: context.t("登记跟踪情况", "Add an entry")),
                        entry.form(
                            action: .keyProjects(.entries(row.id)), submit: context.t("登记", "Add"),
                            [
                                entry.text("enteredOn", context.t("日期", "Date"), required: true, type: "date"),
                                entry.text("text", context.t("跟踪情况", "Follow-up"), required: true),
                            ], id: "entry-form"),
                    ]),
                H.el(
                    "section", [("class", "card"), ("id", "close")],
                    [
                        H.el("h2", [], text: context.t("关闭专档", "Close the file")),
                        close.form(
                            action: .keyProjects(.close(row.id)), submit: context.t("关闭", "Close"),
                            [close.text("note", context.t("关闭说明", "Closing note"), required: true)], id: "close-form",
                            primary: false, confirm: context.t("确定关闭该专档？", "Close this tracking file?")),
                    ]),
            ]
        }
        return Layout.page(context, title: context.t("专档", "Tracking file") + " · \(row.personName)", sections)
    }
}
