import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Plot
import Vapor

/// The page shell: top bar, navigation by role (UI.md), the main area.
enum Layout {
    static func page(_ context: PageContext, title: String, _ content: [BodyNode]) -> HTML {
        HTML(
            .attribute(named: "lang", value: context.language == .en ? "en" : "zh-CN"),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .title("\(title) · \(context.t("保密管理系统", "Baomi secrecy management"))"),
                .link(.rel(.stylesheet), .href(SiteRoute.stylesheet.path)),
                .script(.src(SiteRoute.script.path), .defer())
            ),
            .body(
                .a(.class("skip"), .href("#main"), .text(context.t("跳到正文", "Skip to content"))),
                topBar(context),
                .div(
                    .class(showsNavigation(context) ? "shell" : "shell shell-plain"),
                    navigation(context),
                    .element(
                        named: "main",
                        nodes: [H.attr("id", "main"), H.el("h1", [], text: title)] + notice(context) + content)
                )
            )
        )
    }

    private static func topBar(_ context: PageContext) -> BodyNode {
        var right: [BodyNode] = []
        if let viewer = context.viewer {
            right.append(
                H.el(
                    "span", [("class", "who")],
                    text: whoText(context, viewer)))
            if let open = context.openFindings, open > 0 {
                right.append(
                    H.el(
                        "a", [("href", SiteRoute.findings.path), ("id", "findings-badge")],
                        [
                            .text(context.t("合规提醒 ", "Findings ")),
                            H.el("span", [("class", "finding-count")], text: String(open)),
                        ]))
            }
            right.append(H.link(.profile, context.t("个人设置", "Profile")))
            right.append(
                H.el(
                    "form", [("method", "post"), ("action", SiteRoute.profileLanguage.path), ("class", "inline")],
                    [
                        H.void("input", [("type", "hidden"), ("name", "csrf"), ("value", context.csrfToken)]),
                        H.void(
                            "input",
                            [
                                ("type", "hidden"), ("name", "language"),
                                ("value", context.language == .en ? "zh" : "en"),
                            ]),
                        H.void("input", [("type", "hidden"), ("name", "back"), ("value", context.pathWithQuery)]),
                        H.el(
                            "button", [("type", "submit"), ("class", "link"), ("id", "switch-language")],
                            text: context.language == .en ? "中文" : "English"),
                    ]))
            right.append(
                H.el(
                    "form", [("method", "post"), ("action", SiteRoute.logout.path), ("class", "inline")],
                    [
                        H.void("input", [("type", "hidden"), ("name", "csrf"), ("value", context.csrfToken)]),
                        H.el("button", [("type", "submit"), ("class", "link")], text: context.t("退出", "Sign out")),
                    ]))
        } else {
            let other = context.language == .en ? "zh" : "en"
            right.append(
                H.el(
                    "a",
                    [
                        (
                            "href",
                            SiteRoute.language(other).path + "?back="
                                + (context.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")
                        ), ("id", "switch-language"),
                    ],
                    text: context.language == .en ? "中文" : "English"))
        }
        return H.el(
            "header", [("class", "topbar")],
            [
                H.el("a", [("class", "brand"), ("href", "/")], text: context.t("保密管理系统", "Baomi")),
                H.el("div", [("class", "topbar-right")], right),
            ])
    }

    /// The menu is hidden until the viewer may work: signed in and past the forced password change.
    private static func showsNavigation(_ context: PageContext) -> Bool {
        guard let viewer = context.viewer else { return false }
        return !viewer.account.mustChangePassword
    }

    /// Menu entries the viewer's roles can use, and nothing else (UI.md).
    private static func navigation(_ context: PageContext) -> BodyNode {
        guard showsNavigation(context) else { return .empty }
        var sections: [(String, [(SiteRoute, String)])] = [
            (
                context.t("工作台", "Workbench"),
                [(.dashboard, context.t("我的工作台", "My workbench"))]
                    // 待办 with its count (issue #14): everyone who may decide, or stand in for someone who does.
                    + (context.inboxCount.map { count in
                        [
                            (
                                .inbox,
                                context.t("待办", "Inbox")
                                    + (count > 0 ? "（\(count >= 1000 ? "999+" : String(count))）" : "")
                            )
                        ]
                    } ?? [])
                    + [(.verify, context.t("核验审批表", "Verify a form"))]
                    + (context.can(.viewOverview) ? [(.overview, context.t("保密工作总览", "Overview"))] : [])
                    + (context.can(.decideRequests) && !context.can(.manageCarriers)
                        ? [(.requests, context.t("审批", "Approvals"))] : [])
            )
        ]
        if context.can(.viewCarriers) {
            var carriers: [(SiteRoute, String)] = [
                (.carriers, context.t("台账", "Ledger")), (.carrierCopies, context.t("份号台账", "Copy ledger")),
            ]
            // Readers (staff, leaders) see the ledgers as the access decision lets them; the keepers see the rest.
            if context.can(.manageCarriers) {
                carriers.append((.classificationNew, context.t("定密审批", "Classification")))
                carriers.append((.carrierNew, context.t("登记载体", "Register a carrier")))
                carriers.append((.requests, context.t("复制、销毁与变更", "Copying, destruction, changes")))
                carriers.append((.inventories, context.t("清查", "Inventories")))
                carriers.append((.register("incoming"), context.t("登记簿", "Registers")))
                carriers += [
                    (.places, context.t("存放位置", "Storage places")), (.projects, context.t("涉密项目", "Projects")),
                ]
            }
            sections.append((context.t("载体管理", "Carriers"), carriers))
        }
        if context.can(.viewOrganisation) {
            var people: [(SiteRoute, String)] =
                [
                    (.people, context.t("人员", "People")), (.workingGroup, context.t("保密工作小组", "Working group")),
                ] + AgreementsController.navigation(context) + CooperationController.navigation(context)
            if context.can(.viewPosts) { people.append((.posts(.list), context.t("涉密岗位", "Secret posts"))) }
            // 离岗离职 (T22, A7, T11): the people still bound after leaving.
            if context.can(.manageDepartures) {
                people += [
                    (.departures(.separation), context.t("脱密期人员", "Separation period")),
                    (.departures(.nonCompete), context.t("竞业限制人员", "Non-compete")),
                ]
            }
            people += KeyProjectsController.navigation(context)
            sections.append((context.t("人员管理", "People"), people))
        }
        // 出境 (A7, L1.7, T14): one's own trips; the office keeps the passports and records former staff's requests.
        let travel = TravelController.navigation(context)
        if !travel.isEmpty { sections.append((context.t("出境管理", "Travel abroad"), travel)) }
        // 保密教育 (UI.md, E1–E6.7): each person's training and exams; the office and secrecy officers keep the
        // sessions, plans, question bank and exams.
        var education: [(SiteRoute, String)] = []
        if context.viewer?.account.$person.id != nil || context.can(.viewTraining) {
            education += TrainingController.navigation(context)
        }
        if context.can(.takeExams) { education.append((.myExams, context.t("我的考试", "My exams"))) }
        if context.can(.manageExams) {
            education += [(.questions, context.t("题库", "Question bank")), (.exams, context.t("考试", "Exams"))]
        }
        if !education.isEmpty { sections.append((context.t("保密教育", "Education"), education)) }
        if context.can(.viewFindings) {
            sections.append((context.t("合规提醒", "Compliance"), [(.findings, context.t("合规提醒", "Findings"))]))
        }
        if context.can(.viewReports) {
            sections.append((context.t("报表", "Reports"), [(.reports, context.t("报表", "Reports"))]))
        }
        var system: [(SiteRoute, String)] = []
        if context.can(.viewOrganisation) { system.append((.orgUnits, context.t("组织机构", "Organisation"))) }
        if context.can(.manageAccounts) || context.can(.unlockAccounts) {
            system.append((.accounts, context.t("账号", "Accounts")))
        }
        if context.can(.manageAccounts) || context.can(.manageRoles) {
            system.append((.accountChanges, context.t("双人复核", "Two-person changes")))
        }
        if context.can(.manageRoles) { system.append((.roles, context.t("角色与密级", "Roles and levels"))) }
        if context.can(.manageLevels) { system.append((.levels, context.t("密级设置", "Levels"))) }
        if context.can(.manageSettings) { system.append((.settings, context.t("参数", "Settings"))) }
        if context.can(.manageSecrecyOrganisation) { system.append((.chains, context.t("审批流程", "Approval chains"))) }
        if context.can(.readAdministratorAudit) || context.can(.readUserAudit) {
            system.append((.audit, context.t("审计", "Audit")))
        }
        if !system.isEmpty { sections.append((context.t("系统", "System"), system)) }
        // The entry whose path is the longest prefix of this page's is the current one.
        let currentRoute = currentEntry(among: sections.flatMap { $0.1.map(\.0) }, path: context.path)
        return H.el(
            "nav", [("class", "sidenav"), ("aria-label", context.t("主导航", "Main navigation"))],
            sections.map { title, items in
                H.el(
                    "div", [("class", "nav-section")],
                    [
                        H.el("div", [("class", "nav-title")], text: title),
                        H.el(
                            "ul", [],
                            items.map { route, label in
                                let current = route == currentRoute
                                return H.el(
                                    "li", [],
                                    [
                                        H.el(
                                            "a", [("href", route.path)] + (current ? [("aria-current", "page")] : []),
                                            text: label)
                                    ])
                            }),
                    ])
            })
    }

    /// "张三（部门保密员）"; for the built-in administrators, whose name is their role, "sysadmin（系统管理员）".
    private static func whoText(_ context: PageContext, _ viewer: Viewer) -> String {
        let roles = viewer.roles.sortedByCase.map { context.t($0.title) }
        let name =
            roles.count == 1 && viewer.account.displayName == viewer.roles.sortedByCase.first?.title.zh
            ? viewer.account.username : viewer.account.displayName
        return roles.isEmpty
            ? name : name + context.t("（\(roles.joined(separator: "、"))）", " (\(roles.joined(separator: ", ")))")
    }

    private static func currentEntry(among routes: [SiteRoute], path: String) -> SiteRoute? {
        var best: SiteRoute?
        for route in routes {
            // Every register tab belongs to the one 登记簿 entry.
            let prefix = route == .register("incoming") ? "/carriers/registers" : route.path
            let matches = route == .dashboard ? path == "/" : path == prefix || path.hasPrefix(prefix + "/")
            if matches && route.path.count > (best?.path.count ?? -1) { best = route }
        }
        return best
    }

    private static func notice(_ context: PageContext) -> [BodyNode] {
        if context.query["proposed"] != nil {
            return [
                H.el(
                    "div", [("class", "alert alert-ok"), ("role", "status"), ("id", "proposed-notice")],
                    text: context.t(
                        "已提交，待安全保密管理员批准后生效 (S1)。",
                        "Proposed: it takes effect once the security administrator approves (S1)."))
            ]
        }
        guard context.query["saved"] != nil else { return [] }
        return [H.el("div", [("class", "alert alert-ok"), ("role", "status")], text: context.t("已保存", "Saved"))]
    }
}

extension Set where Element == Role {
    var sortedByCase: [Role] { Role.allCases.filter(contains) }
}

/// Returns a Plot page from a route.
struct HTMLPage: AsyncResponseEncodable {
    let html: HTML
    var status: HTTPResponseStatus = .ok

    func encodeResponse(for request: Request) async throws -> Response {
        let response = Response(status: status, body: .init(string: html.render()))
        response.headers.contentType = .html
        return response
    }
}
