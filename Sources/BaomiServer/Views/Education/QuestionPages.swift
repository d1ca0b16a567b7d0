import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Plot

/// 题库 as its page shows it (E6.2): rows of plain values, the filter as typed, the import's outcome.
struct QuestionBankPage {
    struct Row {
        var id: UUID
        var type: QuestionType
        var stem: String
        var areas: [ContentArea]
        var difficulty: Difficulty
    }

    var rows: [Row]
    var total: Int
    var importErrors: [FieldError] = []
    var imported: Int?

    static let shown = 200

    init(_ models: [QuestionModel], importErrors: [FieldError] = [], imported: Int? = nil) {
        total = models.count
        rows = models.prefix(Self.shown).compactMap { model in
            guard let id = model.id, let question = model.question else { return nil }
            return Row(
                id: id, type: question.type, stem: question.stem, areas: question.areas, difficulty: question.difficulty
            )
        }
        self.importErrors = importErrors
        self.imported = imported
    }
}

enum QuestionPages {
    static func bank(_ context: PageContext, page: QuestionBankPage) -> HTML {
        let filters = H.el(
            "form", [("method", "get"), ("action", SiteRoute.questions.path), ("class", "filters")],
            [
                select(
                    context, "type", context.t("题型", "Type"),
                    QuestionType.allCases.map { ($0.rawValue, context.t($0.title)) }),
                select(
                    context, "area", context.t("内容领域", "Area"),
                    ContentArea.allCases.map { ($0.rawValue, context.t($0.title)) }),
                select(
                    context, "difficulty", context.t("难度", "Difficulty"),
                    Difficulty.allCases.map { ($0.rawValue, context.t($0.title)) }),
                H.el("label", [("for", "f-q")], text: context.t("题干", "Stem")),
                H.void(
                    "input", [("type", "search"), ("id", "f-q"), ("name", "q"), ("value", context.query["q"] ?? "")]),
                H.el("button", [("type", "submit"), ("class", "secondary")], text: context.t("筛选", "Filter")),
            ])
        let rows: [[BodyNode]] = page.rows.map { row in
            [
                .text(context.t(row.type.title)),
                H.link(.question(row.id), String(row.stem.prefix(80)), classes: "wrap"),
                .text(row.areas.map { context.t($0.title) }.joined(separator: "、")),
                .text(context.t(row.difficulty.title)),
            ]
        }
        var sections: [BodyNode] = [
            H.el(
                "p", [("class", "actions")],
                [
                    H.link(.questionNew, context.t("新建试题", "New question"), classes: "button"),
                    H.link(.questionsExport, context.t("导出 CSV", "Export CSV"), classes: "button secondary"),
                    H.link(.questionsWorkbook, context.t("导出 Excel", "Export Excel"), classes: "button secondary"),
                    H.link(.exams, context.t("考试", "Exams"), classes: "button secondary"),
                ]),
            importForm(context, page: page),
            filters,
            H.el(
                "p", [("class", "count"), ("id", "question-count")],
                text: context.t("共 \(page.total) 道", "\(page.total) questions")
                    + (page.total > page.rows.count
                        ? context.t("，显示前 \(page.rows.count) 道", "; the first \(page.rows.count) shown") : "")),
            H.table(
                [
                    context.t("题型", "Type"), context.t("题干", "Stem"), context.t("内容领域", "Areas"),
                    context.t("难度", "Difficulty"),
                ],
                rows, empty: context.t("题库中还没有试题。", "The bank has no questions yet.")),
        ]
        if let imported = page.imported {
            sections.insert(
                H.el(
                    "div", [("class", "alert alert-ok"), ("role", "status"), ("id", "import-done")],
                    text: context.t("已导入 \(imported) 道试题。", "\(imported) questions imported.")), at: 0)
        }
        return Layout.page(context, title: context.t("题库", "Question bank"), sections)
    }

    private static func select(
        _ context: PageContext, _ name: String, _ label: String, _ options: [(String, String)]
    ) -> BodyNode {
        let current = context.query[name] ?? ""
        return H.el(
            "span", [],
            [
                H.el("label", [("for", "f-\(name)")], text: label),
                H.el(
                    "select", [("id", "f-\(name)"), ("name", name)],
                    [H.el("option", [("value", "")], text: context.t("全部", "All"))]
                        + options.map { value, text in
                            H.el(
                                "option", [("value", value)] + (value == current ? [("selected", "selected")] : []),
                                text: text)
                        }),
            ])
    }

    /// Upload of a CSV or xlsx file: all or nothing, each bad row named (E6.2).
    private static func importForm(_ context: PageContext, page: QuestionBankPage) -> BodyNode {
        var children: [BodyNode] = [
            H.el("h2", [], text: context.t("导入题库（CSV 或 Excel）", "Import questions (CSV or Excel)")),
            H.el(
                "p", [("class", "hint")],
                text: context.t(
                    "列：\(QuestionSheet.headers.joined(separator: "、"))。整个文件要么全部导入，要么一道也不导入；有问题的行逐一列出。",
                    "Columns: \(QuestionSheet.headers.joined(separator: ", ")). The whole file is imported or none of it; each bad row is named."
                )),
        ]
        if !page.importErrors.isEmpty {
            children.append(
                H.el(
                    "div", [("class", "alert alert-error"), ("role", "alert"), ("id", "import-errors")],
                    [
                        .text(context.t("未导入任何试题，请修正以下问题：", "Nothing was imported; correct the following:")),
                        H.el(
                            "ul", [],
                            page.importErrors.prefix(200).map {
                                H.el("li", [], text: context.t($0.message) + " (E6.2)")
                            }),
                    ]))
        }
        children.append(
            H.el(
                "form",
                [
                    ("method", "post"), ("action", SiteRoute.questionsImport.path), ("enctype", "multipart/form-data"),
                    ("class", "form"), ("id", "import-form"),
                ],
                [
                    FormBuilder(context).csrf(),
                    H.el("label", [("for", "f-file")], text: context.t("文件", "File")),
                    H.void(
                        "input",
                        [
                            ("type", "file"), ("id", "f-file"), ("name", "file"), ("accept", ".csv,.xlsx"),
                            ("required", "required"),
                        ]),
                    H.el(
                        "div", [("class", "actions")],
                        [H.el("button", [("type", "submit"), ("class", "primary")], text: context.t("导入", "Import"))]),
                ]))
        return H.el("section", [("class", "card")], children)
    }

    /// A question's form: the sheet's columns as fields, so the page and the import read one format.
    static func form(
        _ context: PageContext, id: UUID?, values: [String: String], errors: [FieldError]
    ) -> HTML {
        let form = FormBuilder(context, values: values, errors: errors)
        var fields: [BodyNode] = [
            form.select(
                "type", context.t("题型", "Type"),
                options: QuestionType.allCases.map { ($0.rawValue, context.t($0.title)) }, required: true,
                includeEmpty: false),
            form.text("stem", context.t("题干", "Stem"), required: true),
        ]
        fields += OptionLetters.all.prefix(6).map { letter in
            form.text("option\(letter)", context.t("选项", "Option ") + String(letter))
        }
        fields += [
            form.text(
                "answer", context.t("答案", "Answer"), required: true,
                hint: context.t(
                    "选择题填字母（如 A 或 ACD）；判断题填「正确」或「错误」；填空题填参考答案，多个用 | 分隔",
                    "Letters for choice questions (A or ACD); 正确 or 错误 for true/false; accepted answers separated by | for fill-in"
                ))
        ]
        fields += ContentArea.allCases.map { form.checkbox("areas", context.t($0.title), value: $0.rawValue) }
        fields += [
            form.select(
                "difficulty", context.t("难度", "Difficulty"),
                options: Difficulty.allCases.map { ($0.rawValue, context.t($0.title)) }, required: true,
                includeEmpty: false),
            form.text("explanation", context.t("解析", "Explanation")),
        ]
        let title = id == nil ? context.t("新建试题", "New question") : context.t("修改试题", "Edit question")
        return Layout.page(
            context, title: title,
            [
                form.form(
                    action: id.map { .question($0) } ?? .questionNew, submit: context.t("保存", "Save"), fields,
                    id: "question-form")
            ])
    }
}
