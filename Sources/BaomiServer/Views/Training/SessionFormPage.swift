import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// 登记培训: the form that records a session (E6.1–E6.7), redisplayed with its values and errors when refused.
enum SessionFormPage {
    /// What the form offers to choose from: departments, the year's planned sessions the session may carry out
    /// (E6.1), and the holidays and activities it may brief for (E6.5).
    struct Choices {
        var departments: [(id: UUID, name: String)]
        var plannedSessions: [(id: UUID, label: String)]
        var events: [(id: UUID, label: String)]
    }

    static func page(
        _ context: PageContext, choices: Choices, values: [String: String] = [:], errors: [FieldError] = []
    ) -> HTML {
        let form = FormBuilder(context, values: values, errors: errors)
        let fields: [BodyNode] = [
            form.text("title", context.t("主题", "Subject"), required: true),
            form.select(
                "form", context.t("形式", "Form"),
                options: SessionForm.allCases.map { ($0.rawValue, context.t($0.title)) }, required: true),
            form.select(
                "purpose", context.t("培训类别", "Purpose"),
                options: TrainingPurpose.allCases.map { ($0.rawValue, context.t($0.title) + " (\($0.rule))") },
                required: true, includeEmpty: false),
            form.text("heldOn", context.t("日期", "Date"), required: true, type: "date"),
            form.text("place", context.t("地点", "Place"), required: true),
            form.text("trainer", context.t("主讲人", "Trainer"), required: true),
            form.text("hours", context.t("学时", "Hours"), required: true),
            form.select(
                "departmentID", context.t("组织部门", "Organising department"),
                options: choices.departments.map { ($0.id.uuidString, $0.name) },
                emptyLabel: context.t("（全单位）", "(the organisation)")),
            form.select(
                "plannedSessionID", context.t("落实年度计划场次 (E6.1)", "Carries out the planned session (E6.1)"),
                options: choices.plannedSessions.map { ($0.id.uuidString, $0.label) },
                emptyLabel: context.t("（计划外）", "(not planned)")),
            form.select(
                "calendarEventID", context.t("节前/重大活动前教育 (E6.5)", "Briefing before (E6.5)"),
                options: choices.events.map { ($0.id.uuidString, $0.label) },
                emptyLabel: context.t("（否）", "(none)")),
            H.el(
                "fieldset", [("class", "field")],
                [H.el("legend", [], text: context.t("内容类别 (E5)", "Content areas (E5)"))]
                    + ContentArea.allCases.map { form.checkbox("areas[]", context.t($0.title), value: $0.rawValue) }),
            form.text("examNote", context.t("考试情况", "Examination")),
            form.text(
                "employeeNumbers", context.t("参加人员工号", "Attendees' employee numbers"),
                hint: context.t("已举行的培训可直接登记参加人员，以空格、逗号或顿号分隔", "For a held session; separated by spaces or commas")),
        ]
        return Layout.page(
            context, title: context.t("登记保密教育培训", "Record a training session"),
            [form.form(action: .training(.sessionNew), submit: context.t("登记", "Record"), fields, id: "session")])
    }
}
