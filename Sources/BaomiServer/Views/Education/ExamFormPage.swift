import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Plot

/// What the exam form offers (E6.2): the bank's questions to choose from, how many each area and difficulty holds
/// for random draws, and the departments an audience is made of.
struct ExamFormModel {
    struct Choice {
        var id: UUID
        var label: String
    }

    var questions: [Choice]
    /// Questions available per `area/difficulty`.
    var available: [String: Int]
    var departments: [Choice]

    init(questions models: [QuestionModel], departments: [Choice], context: PageContext) {
        var available: [String: Int] = [:]
        var questions: [Choice] = []
        for model in models {
            guard let id = model.id, let question = model.question else { continue }
            for area in question.areas {
                available["\(area.rawValue)/\(question.difficulty.rawValue)", default: 0] += 1
            }
            if questions.count < 300 {
                questions.append(
                    Choice(id: id, label: "［\(context.t(question.type.title))］" + String(question.stem.prefix(60))))
            }
        }
        self.questions = questions
        self.available = available
        self.departments = departments
    }
}

enum ExamFormPage {
    static func render(
        _ context: PageContext, model: ExamFormModel, values: [String: String], errors: [FieldError]
    ) -> HTML {
        let form = FormBuilder(context, values: values, errors: errors)
        let grid = H.el(
            "table", [("class", "ledger"), ("id", "draws")],
            [
                H.el(
                    "thead", [],
                    [
                        H.el(
                            "tr", [],
                            [H.el("th", [], text: context.t("内容领域", "Area"))]
                                + Difficulty.allCases.map { H.el("th", [], text: context.t($0.title)) })
                    ]),
                H.el(
                    "tbody", [],
                    ContentArea.allCases.map { area in
                        H.el(
                            "tr", [],
                            [H.el("td", [], text: context.t(area.title))]
                                + Difficulty.allCases.map { difficulty in
                                    let name = "draw.\(area.rawValue).\(difficulty.rawValue)"
                                    let available = model.available["\(area.rawValue)/\(difficulty.rawValue)"] ?? 0
                                    return H.el(
                                        "td", [],
                                        [
                                            H.void(
                                                "input",
                                                [
                                                    ("type", "number"), ("min", "0"), ("max", String(available)),
                                                    ("name", name), ("id", "f-\(name)"), ("value", values[name] ?? ""),
                                                    (
                                                        "aria-label",
                                                        "\(context.t(area.title)) \(context.t(difficulty.title))"
                                                    ), ("class", "narrow"),
                                                ]),
                                            .text(context.t(" / 共 \(available)", " / \(available)")),
                                        ])
                                }
                        )
                    }),
            ])
        let fields: [BodyNode] = [
            form.text("title", context.t("考试名称", "Title"), required: true),
            form.select(
                "purpose", context.t("用途", "Purpose"),
                options: TrainingPurpose.allCases.map { ($0.rawValue, context.t($0.title)) }, required: true,
                includeEmpty: false),
            H.el(
                "fieldset", [("class", "field")],
                [H.el("legend", [], text: context.t("固定试题（与随机抽题二选一）", "Fixed questions (or random draws below)"))]
                    + (model.questions.isEmpty
                        ? [H.el("p", [("class", "empty")], text: context.t("题库中还没有试题。", "The bank is empty."))] : [])
                    + model.questions.map {
                        form.checkbox("questionIDs", $0.label, value: $0.id.uuidString.lowercased())
                    }
                    + errorNodes(context, errors, "questions")),
            H.el(
                "fieldset", [("class", "field")],
                [
                    H.el(
                        "legend", [],
                        text: context.t(
                            "随机抽题：每人按内容领域和难度抽取的题数", "Random draws: questions per person by area and difficulty")), grid,
                ]
                    + errorNodes(context, errors, "draws")),
            form.text("pointsPerQuestion", context.t("每题分值", "Points per question"), required: true, type: "number"),
            form.text("passMark", context.t("及格分", "Pass mark"), required: true, type: "number"),
            form.text(
                "timeLimitMinutes", context.t("考试时长（分钟）", "Time limit (minutes)"), required: true, type: "number"),
            form.text("attemptsAllowed", context.t("允许作答次数", "Attempts allowed"), required: true, type: "number"),
            form.text("opensAt", context.t("开始时间", "Opens"), required: true, type: "datetime-local"),
            form.text("closesAt", context.t("截止时间", "Closes"), required: true, type: "datetime-local"),
            H.el(
                "fieldset", [("class", "field")],
                [H.el("legend", [], text: context.t("参考范围（不选即全体人员）", "Audience (none chosen: everyone)"))]
                    + model.departments.map {
                        form.checkbox("audience", $0.label, value: $0.id.uuidString.lowercased())
                    }
                    + errorNodes(context, errors, "audience")),
            form.checkbox("contest", context.t("竞赛（按得分、再按用时排名）", "Contest (ranked by score, then time)")),
        ]
        return Layout.page(
            context, title: context.t("新建考试", "New exam"),
            [form.form(action: .examNew, submit: context.t("创建考试", "Create the exam"), fields, id: "exam-form")])
    }

    private static func errorNodes(_ context: PageContext, _ errors: [FieldError], _ field: String) -> [BodyNode] {
        errors.filter { $0.field == field }.map {
            H.el(
                "div", [("class", "field-error"), ("id", "e-\(field)")],
                text: context.t($0.message) + ($0.rule.map { " (\($0))" } ?? ""))
        }
    }
}
