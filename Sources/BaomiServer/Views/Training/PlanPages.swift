import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The plan page (E5, E6.1): per department, which content areas the year's sessions covered and which planned
/// sessions are late; and the calendar of holidays and activities briefings are due before (E6.5).
enum PlanPages {
    struct CoverageRow {
        var department: String
        var sessions: Int
        var attendances: Int
        var covered: Set<ContentArea>
        var late: [String]
    }

    struct PlanRow {
        var id: UUID
        var title: String
        var department: String
        var planned: [(month: Int, title: String, audience: String)]
    }

    /// The forms of the plan page, for those who keep plans: a new plan, and a planned session for each plan. A refused
    /// form comes back with its values and errors (`forPlan`: which plan's session form, nil: the new plan's).
    struct Forms {
        var departments: [(value: String, label: String)]
        var values: [String: String] = [:]
        var errors: [FieldError] = []
        var forPlan: UUID?
    }

    static func plans(
        _ context: PageContext, year: Int, coverage: [CoverageRow], plans: [PlanRow], forms: Forms? = nil
    ) -> HTML {
        let headers =
            [context.t("部门", "Department"), context.t("场次", "Sessions"), context.t("人次", "Attendances")]
            + ContentArea.allCases.map { context.t($0.title) } + [context.t("逾期未举行", "Late")]
        var sections: [BodyNode] = [
            H.el("p", [], text: context.t("\(year) 年度", "Year \(year)")),
            H.el("h2", [], text: context.t("内容覆盖与逾期", "Coverage and late sessions")),
            H.table(
                headers,
                coverage.map { row in
                    ([row.department, String(row.sessions), String(row.attendances)]
                        + ContentArea.allCases.map { row.covered.contains($0) ? "✓" : "—" }
                        + [row.late.isEmpty ? "—" : row.late.joined(separator: "；")]).map { H.el("span", [], text: $0) }
                },
                empty: context.t("本年度尚无培训与计划。", "No sessions or plans this year.")),
            H.el("h2", [], text: context.t("年度计划", "Annual plans")),
        ]
        sections.append(
            H.table(
                [context.t("计划", "Plan"), context.t("部门", "Department"), context.t("计划场次", "Planned sessions")],
                plans.map { plan in
                    [
                        plan.title, plan.department,
                        plan.planned.map { "\($0.month)月 \($0.title)（\($0.audience)）" }.joined(separator: "；"),
                    ].map { H.el("span", [], text: $0) }
                },
                empty: context.t("尚无年度计划。", "No plans yet.")))
        if let forms {
            sections += plans.map { plannedSessionForm(context, year: year, plan: $0, forms: forms) }
            sections.append(newPlanForm(context, year: year, forms: forms))
        }
        return Layout.page(context, title: context.t("保密教育年度计划", "Annual education plans"), sections)
    }

    static func newPlanForm(_ context: PageContext, year: Int, forms: Forms) -> BodyNode {
        let mine = forms.forPlan == nil
        let form = FormBuilder(context, values: mine ? forms.values : [:], errors: mine ? forms.errors : [])
        return H.el(
            "section", [("class", "card"), ("id", "new-plan")],
            [
                H.el("h2", [], text: context.t("新建年度计划 (E6.1)", "New annual plan (E6.1)")),
                form.form(
                    action: .training(.plans), submit: context.t("新建计划", "Create the plan"),
                    [
                        H.void("input", [("type", "hidden"), ("name", "year"), ("value", String(year))]),
                        form.text("title", context.t("计划名称", "Title"), required: true),
                        form.select(
                            "departmentID", context.t("部门", "Department"), options: forms.departments,
                            emptyLabel: context.t("全单位", "The whole organisation")),
                    ], id: "plan-form"),
            ])
    }

    static func plannedSessionForm(_ context: PageContext, year: Int, plan: PlanRow, forms: Forms) -> BodyNode {
        let mine = forms.forPlan == plan.id
        let form = FormBuilder(context, values: mine ? forms.values : [:], errors: mine ? forms.errors : [])
        return H.el(
            "section", [("class", "card")],
            [
                H.el("h2", [], text: context.t("「\(plan.title)」增加计划场次", "Add a planned session to \(plan.title)")),
                form.form(
                    action: .training(.plannedSessionNew(plan.id)), submit: context.t("增加", "Add"),
                    [
                        form.text("month", context.t("月份（1–12）", "Month (1–12)"), required: true, type: "number"),
                        form.text("title", context.t("主题", "Subject"), required: true),
                        form.select(
                            "purpose", context.t("目的", "Purpose"),
                            options: TrainingPurpose.allCases.map { ($0.rawValue, context.t($0.title)) },
                            includeEmpty: false),
                        form.text("audience", context.t("对象", "Audience"), required: true),
                        H.el(
                            "fieldset", [],
                            [H.el("legend", [], text: context.t("内容类别 (E5)", "Content areas (E5)"))]
                                + ContentArea.allCases.map {
                                    form.checkbox("areas[]", context.t($0.title), value: $0.rawValue)
                                }),
                    ], id: "planned-session-form-\(plan.id.uuidString.lowercased())"),
            ])
    }

    struct EventRow {
        var name: String
        var kind: String
        var startsOn: String
        var responsible: String
    }

    static func calendar(
        _ context: PageContext, events: [EventRow], mayManage: Bool, values: [String: String] = [:],
        errors: [FieldError] = []
    ) -> HTML {
        var sections: [BodyNode] = [
            H.table(
                [
                    context.t("名称", "Name"), context.t("类别", "Kind"), context.t("日期", "Date"),
                    context.t("负责人", "Responsible"),
                ],
                events.map { [$0.name, $0.kind, $0.startsOn, $0.responsible].map { H.el("span", [], text: $0) } },
                empty: context.t("日历中没有即将到来的节假日或活动。", "Nothing upcoming on the calendar."))
        ]
        if mayManage {
            sections.append(
                FormBuilder(context).form(
                    action: .training(.calendar), submit: context.t("添加2027年法定节假日", "Add the 2027 public holidays"),
                    [], id: "national-holidays", primary: false))
            let form = FormBuilder(context, values: values, errors: errors)
            sections.append(
                H.el(
                    "section", [("class", "card"), ("id", "new-activity")],
                    [
                        H.el("h2", [], text: context.t("添加重大涉密活动 (E6.5)", "Add a major secret activity (E6.5)")),
                        form.form(
                            action: .training(.calendarEvents), submit: context.t("添加", "Add"),
                            [
                                form.text("name", context.t("名称", "Name"), required: true),
                                form.text("startsOn", context.t("开始日期", "Starts on"), required: true, type: "date"),
                            ], id: "activity-form"),
                    ]))
        }
        return Layout.page(
            context, title: context.t("节假日与重大活动日历", "Holiday and activity calendar"), sections)
    }
}
