import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Plot
import Vapor

/// 工作台: what this account is, and the work its roles open up. Later issues add holdings, due dates and
/// approvals waiting here.
enum DashboardPage {
    struct Tile {
        let title: String
        let value: String
        let route: SiteRoute
        let note: String
        var query = ""
    }

    static func render(
        _ context: PageContext, tiles: [Tile], warnings: [String], tasks: [VisibleTask] = [], personal: [BodyNode] = []
    ) -> HTML {
        let viewer = context.viewer
        var content: [BodyNode] = [
            H.el(
                "p", [("class", "lead")],
                text: context.t(
                    "欢迎，\(viewer?.account.displayName ?? "")。上次登录：\(context.dateTime(viewer?.account.previousSignInAt))。",
                    "Welcome, \(viewer?.account.displayName ?? ""). Last sign-in: \(context.dateTime(viewer?.account.previousSignInAt))."
                ))
        ]
        content += warnings.map { H.el("div", [("class", "alert alert-warn"), ("role", "status")], text: $0) }
        if tiles.isEmpty {
            content.append(
                H.el(
                    "p", [("class", "empty")],
                    text: context.t(
                        "您的账号尚未分配角色，请联系安全保密管理员 (S1)。",
                        "Your account has no role yet; ask the security administrator (S1).")))
        } else {
            content.append(
                H.el(
                    "div", [("class", "tiles")],
                    tiles.map { tile in
                        H.el(
                            "a", [("class", "tile"), ("href", tile.route.path + tile.query)],
                            [
                                H.el("span", [("class", "tile-value")], text: tile.value),
                                H.el("span", [("class", "tile-title")], text: tile.title),
                                H.el("span", [("class", "tile-note")], text: tile.note),
                            ])
                    }))
        }
        content += personal
        if !tasks.isEmpty {
            let rows: [[BodyNode]] = tasks.map { task in
                [
                    H.badge(
                        task.kind == .remark ? context.t("重新标志", "Re-mark") : context.t("知悉通知", "Notice"),
                        kind: task.kind == .remark ? "warn" : "info"),
                    H.el("span", [("class", "wrap")], text: context.t(task.text)),
                    .text(context.dateTime(task.createdAt)),
                    H.el(
                        "form",
                        [
                            ("method", "post"), ("action", SiteRoute.taskDone(task.id).path),
                            ("class", "inline"),
                        ],
                        [
                            H.void("input", [("type", "hidden"), ("name", "csrf"), ("value", context.csrfToken)]),
                            H.el(
                                "button", [("type", "submit")],
                                text: task.kind == .remark ? context.t("已重新标志", "Done") : context.t("已知悉", "Noted")),
                        ]),
                ]
            }
            content.append(
                H.el(
                    "section", [("class", "card"), ("id", "my-tasks")],
                    [
                        H.el("h2", [], text: context.t("我的待办 (C9)", "My tasks (C9)")),
                        H.table(
                            [context.t("类型", "Kind"), context.t("内容", "What"), context.t("时间", "When"), ""], rows,
                            empty: ""),
                    ]))
        }
        return Layout.page(context, title: context.t("我的工作台", "My workbench"), content)
    }
}

enum ErrorPage {
    static func response(for problem: Problem, request: Request) async throws -> Response {
        let context = PageContext(request)
        let message = request.language == .en ? problem.en : problem.zh
        var content: [BodyNode] = [
            H.el("div", [("class", "alert alert-error"), ("role", "alert"), ("id", "error-message")], text: message)
        ]
        if problem.status == 403 {
            content.append(
                H.el(
                    "p", [],
                    text: context.t(
                        "此操作受三员分立等规则限制，拒绝已记入审计日志。",
                        "This action is restricted by rules such as three-role separation; the refusal has been recorded."
                    )))
        }
        content.append(H.el("p", [], [H.link(.dashboard, context.t("返回工作台", "Back to the workbench"))]))
        let title = context.t("无法完成请求", "The request cannot be completed") + " (\(problem.status))"
        return try await HTMLPage(
            html: Layout.page(context, title: title, content), status: HTTPResponseStatus(statusCode: problem.status)
        )
        .encodeResponse(for: request)
    }
}
