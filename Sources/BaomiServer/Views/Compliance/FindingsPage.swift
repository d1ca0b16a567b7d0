import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// 合规提醒 (REMIND): the findings the viewer should act on, most urgent first, with their history one filter away.
enum FindingsPage {
    struct Names {
        var departments: [UUID: String] = [:]
        var people: [UUID: String] = [:]
    }

    static func page(
        _ context: PageContext, rows: [VisibleFinding], total: Int, query: FindingQuery, names: Names,
        message: String? = nil
    ) -> HTML {
        var sections: [BodyNode] = []
        if let message {
            sections.append(H.el("div", [("class", "alert alert-ok"), ("role", "status")], text: message))
        }
        sections.append(filters(context))
        if context.can(.manageSecrecyOrganisation) {
            sections.append(
                FormBuilder(context).form(
                    action: .findingsCheck, submit: context.t("立即检查", "Check now"), [], id: "check-now",
                    primary: false))
        }
        let state =
            query.open == true
            ? context.t("未关闭", "open") : query.open == false ? context.t("已关闭", "closed") : context.t("全部", "all")
        sections.append(
            H.el(
                "p", [("class", "count"), ("id", "finding-count")],
                text: context.t("共 \(total) 条\(state)提醒", "\(total) \(state) findings")))
        sections.append(
            H.table(
                [
                    context.t("级别", "Severity"), context.t("规则", "Rule"), context.t("检查", "Check"),
                    context.t("对象", "Subject"), context.t("说明", "Explanation"), context.t("责任", "Responsible"),
                    context.t("期限", "Due"), context.t("发现", "Found"),
                ] + (query.open == true ? [] : [context.t("关闭", "Closed")]),
                rows.map { row(context, $0, names: names, showClosed: query.open != true) },
                empty: query.open == true
                    ? context.t("没有未关闭的提醒。", "No open findings.") : context.t("没有提醒。", "No findings.")))
        sections.append(pager(context, query: query, total: total))
        return Layout.page(context, title: context.t("合规提醒", "Compliance findings"), sections)
    }

    /// The workbench's section: the five most urgent, and the way to the rest.
    static func summary(_ context: PageContext, rows: [VisibleFinding], total: Int) -> BodyNode {
        H.el(
            "section", [("class", "card"), ("id", "my-findings")],
            [
                H.el("h2", [], text: context.t("我的合规提醒", "My findings")),
                H.table(
                    [
                        context.t("级别", "Severity"), context.t("规则", "Rule"), context.t("对象", "Subject"),
                        context.t("说明", "Explanation"), context.t("期限", "Due"),
                    ],
                    rows.map { finding in
                        [
                            severityBadge(context, finding.severity), .text(finding.rule), subject(context, finding),
                            H.el("span", [("class", "wrap")], text: context.t(finding.explanation)),
                            .text(finding.due ?? "—"),
                        ]
                    }, empty: context.t("没有需要处理的提醒。", "Nothing to act on.")),
                total > rows.count
                    ? H.link(.findings, context.t("查看全部 \(total) 条", "All \(total) findings")) : .empty,
            ])
    }

    static func severityBadge(_ context: PageContext, _ raw: String) -> BodyNode {
        let severity = FindingSeverity(rawValue: raw) ?? .notice
        let kind =
            switch severity {
            case .overdue: "danger"
            case .warning: "warn"
            case .notice: "info"
            }
        return H.badge(context.t(severity.title), kind: kind)
    }

    private static func row(
        _ context: PageContext, _ finding: VisibleFinding, names: Names, showClosed: Bool
    )
        -> [BodyNode]
    {
        let check = ComplianceCheck(rawValue: finding.check)
        var responsible: [String] = []
        if let person = finding.personID.flatMap({ names.people[$0] }) { responsible.append(person) }
        if let department = finding.departmentID.flatMap({ names.departments[$0] }) { responsible.append(department) }
        if responsible.isEmpty { responsible.append(context.t("保密办", "Security office")) }
        var cells: [BodyNode] = [
            severityBadge(context, finding.severity), .text(finding.rule),
            .text(check.map { context.t($0.title) } ?? finding.check), subject(context, finding),
            H.el("span", [("class", "wrap")], text: context.t(finding.explanation)),
            .text(responsible.joined(separator: "、")), .text(finding.due ?? "—"),
            .text(context.dateTime(finding.openedAt)),
        ]
        if showClosed { cells.append(.text(finding.closedAt.map { context.dateTime($0) } ?? "—")) }
        return cells
    }

    /// The subject, linked to its page where the viewer has one; a carrier the viewer may not read is named by its
    /// reference and not linked (principle 11).
    private static func subject(_ context: PageContext, _ finding: VisibleFinding) -> BodyNode {
        guard finding.showsSubject else { return .text(context.t(finding.subject)) }
        let id = finding.subjectID
        let route: SiteRoute? =
            switch finding.subjectType {
            case "copy" where context.can(.manageCarriers): .copy(id)
            case "carrier" where context.can(.viewCarriers): .carrier(id)
            case "request" where context.can(.decideRequests): .request(id)
            case "person" where context.can(.viewOrganisation): .person(id)
            case "department" where context.can(.viewOrganisation): .orgUnit(id)
            case "place" where context.can(.manageCarriers): .place(id)
            case "trackingFile" where context.can(.trackKeyProjects): .keyProjects(.file(id))
            case "cooperationContract" where context.can(.viewAgreements): .agreements(.cooperationContract(id))
            default: nil
            }
        guard let route else { return .text(context.t(finding.subject)) }
        return H.link(route, context.t(finding.subject))
    }

    private static func filters(_ context: PageContext) -> BodyNode {
        let form = FormBuilder(context, values: context.query)
        let all = context.t("全部", "All")
        return H.el(
            "form", [("method", "get"), ("action", SiteRoute.findings.path), ("class", "filters")],
            [
                form.select(
                    "state", context.t("状态", "State"),
                    options: [
                        ("open", context.t("未关闭", "Open")), ("closed", context.t("已关闭", "Closed")),
                        ("all", context.t("全部", "All")),
                    ], includeEmpty: false),
                form.select(
                    "check", context.t("检查", "Check"),
                    options: ComplianceCheck.allCases.map {
                        (value: $0.rawValue, label: "\(context.t($0.title))（\($0.rule)）")
                    }, emptyLabel: all),
                form.select(
                    "severity", context.t("级别", "Severity"),
                    options: FindingSeverity.allCases.reversed().map {
                        (value: $0.rawValue, label: context.t($0.title))
                    },
                    emptyLabel: all),
                H.el(
                    "div", [("class", "actions")],
                    [H.el("button", [("type", "submit")], text: context.t("筛选", "Filter"))]),
            ])
    }

    private static func pager(_ context: PageContext, query: FindingQuery, total: Int) -> BodyNode {
        guard total > query.limit else { return .empty }
        var base = context.query
        var items: [BodyNode] = []
        func link(_ offset: Int, _ text: String) -> BodyNode {
            base["offset"] = String(offset)
            let encoded = base.sorted { $0.key < $1.key }.map {
                "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            }.joined(separator: "&")
            return H.link(.findings, query: "?" + encoded, text)
        }
        if query.offset > 0 { items.append(link(max(0, query.offset - query.limit), context.t("上一页", "Previous"))) }
        items.append(
            .text(
                context.t(
                    "第 \(query.offset + 1)–\(min(total, query.offset + query.limit)) 条",
                    "\(query.offset + 1)–\(min(total, query.offset + query.limit))")))
        if query.offset + query.limit < total {
            items.append(link(query.offset + query.limit, context.t("下一页", "Next")))
        }
        return H.el("nav", [("class", "pager"), ("aria-label", context.t("分页", "Pages"))], items)
    }
}
