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
        var title: String
        var department: String
        var planned: [(month: Int, title: String, audience: String)]
    }

    static func plans(_ context: PageContext, year: Int, coverage: [CoverageRow], plans: [PlanRow]) -> HTML {
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
        return Layout.page(context, title: context.t("保密教育年度计划", "Annual education plans"), sections)
    }

    struct EventRow {
        var name: String
        var kind: String
        var startsOn: String
        var responsible: String
    }

    static func calendar(_ context: PageContext, events: [EventRow], mayManage: Bool) -> HTML {
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
        }
        return Layout.page(
            context, title: context.t("节假日与重大活动日历", "Holiday and activity calendar"), sections)
    }
}
