import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Plot

/// An exam as the list and its page show it (E6.2).
struct ExamSummary {
    var id: UUID
    var title: String
    var purpose: TrainingPurpose
    var opensAt: Date
    var closesAt: Date
    var questionCount: Int
    var maxScore: Int
    var passMark: Int
    var timeLimitMinutes: Int
    var attemptsAllowed: Int
    var audience: String
    var contest: Bool
    var randomDraw: Bool

    init(_ exam: ExamModel, _ definition: ExamDefinition, audience: String) {
        id = exam.id ?? UUID()
        title = exam.title
        purpose = definition.purpose
        opensAt = definition.opensAt
        closesAt = definition.closesAt
        questionCount = definition.questionCount
        maxScore = definition.maxScore
        passMark = definition.passMark
        timeLimitMinutes = definition.timeLimitMinutes
        attemptsAllowed = definition.attemptsAllowed
        self.audience = audience
        contest = definition.contest
        randomDraw = definition.questionIDs.isEmpty
    }
}

enum ExamPages {
    static func list(_ context: PageContext, exams: [ExamSummary]) -> HTML {
        let rows: [[BodyNode]] = exams.map { exam in
            [
                H.link(.exam(exam.id), exam.title), .text(context.t(exam.purpose.title)),
                .text(context.dateTime(exam.opensAt) + " — " + context.dateTime(exam.closesAt)),
                .text(String(exam.questionCount)), .text("\(exam.passMark)/\(exam.maxScore)"), .text(exam.audience),
                .text(exam.contest ? context.t("竞赛", "Contest") : ""),
            ]
        }
        return Layout.page(
            context, title: context.t("考试", "Exams"),
            [
                H.el(
                    "p", [("class", "actions")],
                    [
                        H.link(.examNew, context.t("新建考试", "New exam"), classes: "button"),
                        H.link(.questions, context.t("题库", "Question bank"), classes: "button secondary"),
                    ]),
                H.table(
                    [
                        context.t("考试名称", "Title"), context.t("用途", "Purpose"), context.t("开放时间", "Window"),
                        context.t("题数", "Questions"), context.t("及格/满分", "Pass/full"), context.t("参考范围", "Audience"),
                        context.t("竞赛", "Contest"),
                    ], rows, empty: context.t("还没有考试。", "No exams yet.")),
            ])
    }

    static func facts(_ context: PageContext, _ exam: ExamSummary) -> BodyNode {
        let facts: [(String, String)] = [
            (context.t("用途", "Purpose"), context.t(exam.purpose.title) + " (\(exam.purpose.rule))"),
            (context.t("开放时间", "Window"), context.dateTime(exam.opensAt) + " — " + context.dateTime(exam.closesAt)),
            (
                context.t("组卷方式", "Paper"),
                exam.randomDraw
                    ? context.t("每人随机抽题", "Drawn at random per person") : context.t("固定试题", "Fixed questions")
            ),
            (context.t("题数", "Questions"), String(exam.questionCount)),
            (context.t("及格分/满分", "Pass mark / full score"), "\(exam.passMark)/\(exam.maxScore)"),
            (
                context.t("考试时长", "Time limit"),
                context.t("\(exam.timeLimitMinutes) 分钟", "\(exam.timeLimitMinutes) minutes")
            ),
            (context.t("允许作答次数", "Attempts allowed"), String(exam.attemptsAllowed)),
            (context.t("参考范围", "Audience"), exam.audience),
        ]
        return H.el(
            "dl", [("class", "facts")], facts.flatMap { [H.el("dt", [], text: $0.0), H.el("dd", [], text: $0.1)] })
    }

    static func detail(
        _ context: PageContext, exam: ExamSummary, departments: [ExamResults.Department], results: [ExamResultDTO]
    ) -> HTML {
        let departmentRows: [[BodyNode]] = departments.map {
            [
                .text($0.departmentName), .text(String($0.people)), .text(String($0.passedPeople)),
                .text(String($0.attempts)),
                .text(String(format: "%.1f", $0.averageBestScore)),
            ]
        }
        let resultRows: [[BodyNode]] = results.map { result in
            [
                .text(result.personName), .text(result.departmentName), .text(String(result.number)),
                .text(context.dateTime(result.startedAt)),
                .text(result.submittedAt.map(context.dateTime) ?? context.t("未交卷", "Not submitted")),
                .text(result.score.map { "\($0)/\(result.maxScore)" } ?? "—"),
                .text(result.passed.map { $0 ? context.t("及格", "Passed") : context.t("不及格", "Failed") } ?? "—"),
            ]
        }
        var links: [BodyNode] = [
            H.link(.examResultsExport(exam.id), context.t("导出 CSV", "Export CSV"), classes: "button secondary"),
            H.link(.examResultsWorkbook(exam.id), context.t("导出 Excel", "Export Excel"), classes: "button secondary"),
        ]
        if exam.contest {
            links.insert(H.link(.examRanking(exam.id), context.t("竞赛排名", "Ranking"), classes: "button"), at: 0)
        }
        return Layout.page(
            context, title: exam.title,
            [
                facts(context, exam),
                H.el("p", [("class", "actions")], links),
                H.el("h2", [], text: context.t("按部门", "By department")),
                H.table(
                    [
                        context.t("部门", "Department"), context.t("参考人数", "People"), context.t("及格人数", "Passed"),
                        context.t("作答次数", "Attempts"), context.t("平均最好成绩", "Mean best score"),
                    ],
                    departmentRows, empty: context.t("还没有人参加。", "Nobody has taken it yet.")),
                H.el("h2", [], text: context.t("按人员", "By person")),
                H.el(
                    "div", [("id", "results")],
                    [
                        H.table(
                            [
                                context.t("姓名", "Name"), context.t("部门", "Department"), context.t("第几次", "Attempt"),
                                context.t("开始", "Started"), context.t("交卷", "Submitted"), context.t("得分", "Score"),
                                context.t("结果", "Result"),
                            ],
                            resultRows, empty: context.t("还没有人参加。", "Nobody has taken it yet."))
                    ]),
            ])
    }

    static func ranking(_ context: PageContext, exam: ExamSummary, ranks: [ExamResults.Rank]) -> HTML {
        let rows: [[BodyNode]] = ranks.map {
            [
                .text(String($0.rank)), .text($0.personName), .text($0.departmentName), .text(String($0.score)),
                .text(
                    context.t(
                        "\($0.secondsTaken / 60) 分 \($0.secondsTaken % 60) 秒",
                        "\($0.secondsTaken / 60) min \($0.secondsTaken % 60) s")),
            ]
        }
        return Layout.page(
            context, title: context.t("竞赛排名", "Ranking") + " · " + exam.title,
            [
                H.el(
                    "p", [("class", "hint")],
                    text: context.t(
                        "按最好成绩排名；同分者用时少者在前 (E6.2)。", "Ranked by best score; on a tie, less time first (E6.2).")),
                H.el(
                    "div", [("id", "ranking")],
                    [
                        H.table(
                            [
                                context.t("名次", "Rank"), context.t("姓名", "Name"), context.t("部门", "Department"),
                                context.t("得分", "Score"), context.t("用时", "Time"),
                            ],
                            rows, empty: context.t("还没有人交卷。", "Nobody has submitted yet."))
                    ]),
            ])
    }
}
