import BaomiDomain
import FluentKit
import Foundation
import Plot

/// 我的考试 and the take page (E6.2). The take page renders an `AttemptSheet`, which before submission holds no
/// answer key and no explanation: what is not in the model cannot reach the page.
enum AttemptPages {
    static func myExams(_ context: PageContext, exams: [MyExam], message: String? = nil) -> HTML {
        let rows: [[BodyNode]] = exams.map { exam in
            var action: BodyNode = .text("")
            if let running = exam.runningAttempt {
                action = H.link(.attempt(running), context.t("继续作答", "Continue"), classes: "button")
            } else if exam.mayStart.isAllowed {
                action = H.el(
                    "form", [("method", "post"), ("action", SiteRoute.examStart(exam.id).path)],
                    [
                        FormBuilder(context).csrf(),
                        H.el("button", [("type", "submit"), ("class", "primary")], text: context.t("开始考试", "Start")),
                    ])
            } else if let refusal = exam.mayStart.refusal {
                action = H.el("span", [("class", "hint")], text: refusal.message(in: context.language))
            }
            var result: BodyNode = .text("—")
            if let best = exam.best {
                result = H.link(
                    .attempt(best.attempt),
                    "\(best.score)/\(exam.maxScore) "
                        + (best.passed ? context.t("及格", "passed") : context.t("不及格", "failed")))
            }
            return [
                .text(exam.title), .text(context.t(exam.purpose.title)),
                .text(context.dateTime(exam.opensAt) + " — " + context.dateTime(exam.closesAt)),
                .text(context.t("\(exam.timeLimitMinutes) 分钟", "\(exam.timeLimitMinutes) min")),
                .text("\(exam.passMark)/\(exam.maxScore)"),
                .text(
                    context.t(
                        "\(max(0, exam.attemptsAllowed - exam.attemptsUsed)) 次",
                        "\(max(0, exam.attemptsAllowed - exam.attemptsUsed))")),
                result, action,
            ]
        }
        var content: [BodyNode] = []
        if let message {
            content.append(H.el("div", [("class", "alert alert-error"), ("role", "alert")], text: message))
        }
        content.append(
            H.el(
                "div", [("id", "my-exams")],
                [
                    H.table(
                        [
                            context.t("考试", "Exam"), context.t("用途", "Purpose"), context.t("开放时间", "Window"),
                            context.t("时长", "Time"), context.t("及格/满分", "Pass/full"),
                            context.t("剩余次数", "Attempts left"),
                            context.t("最好成绩", "Best"), context.t("操作", "Action"),
                        ],
                        rows, empty: context.t("目前没有您可参加的考试。", "No exams are open to you."))
                ]))
        return Layout.page(context, title: context.t("我的考试", "My exams"), content)
    }

    static func take(_ context: PageContext, sheet: AttemptSheet, now: Date, errors: [FieldError] = []) -> HTML {
        if sheet.submittedAt != nil { return result(context, sheet: sheet) }
        let remaining = max(0, Int(sheet.deadline.timeIntervalSince(now)))
        let header = H.el(
            "div",
            [
                ("class", "card exam-clock"), ("id", "exam-clock"),
                ("data-deadline", ISO8601DateFormatter().string(from: sheet.deadline)),
            ],
            [
                H.el(
                    "p", [],
                    text: context.t(
                        "请在 \(context.dateTime(sheet.deadline)) 前交卷（以服务器时间为准，剩余约 \(remaining / 60) 分钟）；逾时提交不予受理 (E6.2)。",
                        "Submit before \(context.dateTime(sheet.deadline)) (server time; about \(remaining / 60) minutes left); a late submission is refused (E6.2)."
                    )),
                H.el(
                    "p", [("class", "hint"), ("data-save-status", "")],
                    text: context.t("答案会在作答时自动保存；也可点「保存答案」。", "Answers save as you go; or press Save answers.")),
            ])
        var content: [BodyNode] = [header]
        if !errors.isEmpty {
            content.append(
                H.el(
                    "div", [("class", "alert alert-error"), ("role", "alert"), ("id", "form-errors")],
                    errors.map { H.el("p", [], text: context.t($0.message) + ($0.rule.map { " (\($0))" } ?? "")) }))
        }
        let questions: [BodyNode] = sheet.items.map { item in question(context, item) }
        content.append(
            H.el(
                "form",
                [
                    ("method", "post"), ("action", SiteRoute.attemptAnswers(sheet.id).path),
                    ("class", "form exam-paper"), ("id", "exam-paper"),
                    ("data-autosave", SiteRoute.attemptAnswers(sheet.id).path),
                ],
                [FormBuilder(context).csrf()] + questions + [
                    H.el(
                        "div", [("class", "actions")],
                        [
                            H.el(
                                "button", [("type", "submit"), ("class", "secondary"), ("id", "save-answers")],
                                text: context.t("保存答案", "Save answers")),
                            H.el(
                                "button",
                                [
                                    ("type", "submit"), ("class", "primary"), ("id", "submit-exam"),
                                    ("formaction", SiteRoute.attemptSubmit(sheet.id).path),
                                ],
                                text: context.t("交卷", "Submit")),
                        ])
                ]))
        return Layout.page(context, title: sheet.examTitle, content)
    }

    private static func question(_ context: PageContext, _ item: AttemptSheet.Item) -> BodyNode {
        let name = "q-\(item.questionID.uuidString.lowercased())"
        let saved = item.saved
        var controls: [BodyNode] = [
            H.void(
                "input", [("type", "hidden"), ("name", "present"), ("value", item.questionID.uuidString.lowercased())])
        ]
        if item.type == QuestionType.fillIn.rawValue {
            controls.append(
                H.void(
                    "input",
                    [
                        ("type", "text"), ("name", name), ("id", name), ("value", saved?.text ?? ""),
                        ("aria-label", context.t("答案", "Answer")),
                    ]))
        } else {
            let kind = item.type == QuestionType.multipleChoice.rawValue ? "checkbox" : "radio"
            controls += item.options.map { option in
                let id = "\(name)-\(option.index)"
                var attributes = [("type", kind), ("name", name), ("id", id), ("value", String(option.index))]
                if saved?.selected.contains(option.index) == true { attributes.append(("checked", "checked")) }
                return H.el(
                    "div", [("class", "check")],
                    [
                        H.void("input", attributes),
                        H.el("label", [("for", id)], text: "\(option.letter). \(option.text)"),
                    ])
            }
        }
        return H.el(
            "fieldset", [("class", "field question"), ("data-question", item.questionID.uuidString.lowercased())],
            [H.el("legend", [], text: "\(item.position). ［\(item.typeTitle)］\(item.stem)")] + controls)
    }

    /// After submission: the score and each question with its key and explanation.
    static func result(_ context: PageContext, sheet: AttemptSheet) -> HTML {
        let passed = sheet.passed == true
        var content: [BodyNode] = [
            H.el(
                "div",
                [
                    ("class", passed ? "alert alert-ok" : "alert alert-error"), ("id", "exam-result"),
                    ("role", "status"),
                ],
                text: context.t(
                    "得分 \(sheet.score ?? 0)/\(sheet.maxScore)，及格分 \(sheet.passMark)：",
                    "Score \(sheet.score ?? 0)/\(sheet.maxScore), pass mark \(sheet.passMark): ")
                    + (passed ? context.t("及格", "passed") : context.t("不及格", "failed")))
        ]
        if passed {
            content.append(
                H.el(
                    "p", [("class", "actions")],
                    [
                        H.link(
                            .attemptCertificate(sheet.id), context.t("打印合格证书", "Print the certificate"),
                            classes: "button")
                    ]))
        }
        content.append(H.link(.myExams, context.t("返回我的考试", "Back to my exams")))
        content += sheet.items.map { item in
            let given =
                item.saved.map { answer in
                    item.type == QuestionType.fillIn.rawValue ? answer.text : letters(answer.selected, in: item)
                } ?? ""
            let key =
                item.key.map { answer in
                    item.type == QuestionType.fillIn.rawValue ? answer.text : letters(answer.selected, in: item)
                } ?? ""
            return H.el(
                "section", [("class", "card question-result")],
                [
                    H.el("h3", [], text: "\(item.position). ［\(item.typeTitle)］\(item.stem)"),
                    H.el("ul", [], item.options.map { H.el("li", [], text: "\($0.letter). \($0.text)") }),
                    H.el(
                        "p", [],
                        text: context.t("您的答案：", "Your answer: ") + (given.isEmpty ? "—" : given) + "　"
                            + (item.correct == true ? context.t("正确", "right") : context.t("错误", "wrong"))),
                    H.el("p", [], text: context.t("正确答案：", "Right answer: ") + key),
                    H.el(
                        "p", [("class", "explanation")],
                        text: context.t("解析：", "Explanation: ") + (item.explanation ?? "")),
                ])
        }
        return Layout.page(context, title: sheet.examTitle, content)
    }

    /// Option indices as the letters this paper showed them under.
    private static func letters(_ indices: [Int], in item: AttemptSheet.Item) -> String {
        item.options.filter { indices.contains($0.index) }.map(\.letter).joined()
    }
}
