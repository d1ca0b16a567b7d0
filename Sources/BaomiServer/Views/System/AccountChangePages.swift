import BaomiDomain
import Foundation
import Plot

/// Two-person changes of accounts (S1): what the system administrator proposed, what the security administrator
/// decided, and for the one who may act now the buttons to do it.
enum AccountChangePages {
    /// One change as the page shows it.
    struct Row {
        let id: UUID
        let accountID: UUID
        let username: String
        let kind: String
        let state: AccountChangeState?
        let stateTitle: String
        /// What changes, in words: "人员：张三 → 李四".
        let what: String
        let proposed: String
        let decided: String
        let canDecide: Bool
        let canWithdraw: Bool
    }

    static func table(_ context: PageContext, rows: [Row], showAccount: Bool) -> BodyNode {
        let form = FormBuilder(context)
        let body: [[BodyNode]] = rows.map { row in
            var actions: [BodyNode] = []
            if row.canDecide {
                actions.append(
                    H.el(
                        "form",
                        [
                            ("method", "post"), ("action", SiteRoute.accountChangeDecide(row.id).path),
                            ("class", "inline"), ("id", "decide-\(row.id.uuidString.lowercased())"),
                        ],
                        [
                            form.csrf(),
                            H.void(
                                "input",
                                [
                                    ("type", "text"), ("name", "comment"), ("maxlength", "500"),
                                    ("aria-label", context.t("意见", "Comment")),
                                    ("placeholder", context.t("意见（可选）", "Comment (optional)")),
                                ]),
                            H.el(
                                "button",
                                [("type", "submit"), ("name", "verdict"), ("value", "approve"), ("class", "primary")],
                                text: context.t("批准", "Approve")),
                            H.el(
                                "button", [("type", "submit"), ("name", "verdict"), ("value", "refuse")],
                                text: context.t("不批准", "Refuse")),
                        ]))
            }
            if row.canWithdraw {
                actions.append(
                    H.el(
                        "form",
                        [
                            ("method", "post"), ("action", SiteRoute.accountChangeWithdraw(row.id).path),
                            ("class", "inline"),
                        ],
                        [form.csrf(), H.el("button", [("type", "submit")], text: context.t("撤回", "Withdraw"))]))
            }
            let badge =
                row.state == .pending ? "warn" : row.state == .refused || row.state == .withdrawn ? "muted" : "ok"
            return (showAccount ? [H.link(.account(row.accountID), row.username)] : [])
                + [
                    .text(row.kind), H.el("span", [("class", "wrap")], text: row.what), .text(row.proposed),
                    H.badge(row.stateTitle, kind: badge), .text(row.decided), H.el("div", [], actions),
                ]
        }
        return H.table(
            (showAccount ? [context.t("账号", "Account")] : [])
                + [
                    context.t("变更", "Change"), context.t("内容", "What"), context.t("发起", "Proposed"),
                    context.t("状态", "State"), context.t("复核", "Decided"), "",
                ], body, empty: context.t("没有双人复核记录。", "No two-person changes."))
    }

    /// The account page's section: what was and is proposed for this account.
    static func section(_ context: PageContext, rows: [Row]) -> BodyNode {
        H.el(
            "section", [("class", "card"), ("id", "account-changes")],
            [
                H.el("h2", [], text: context.t("双人复核 (S1)", "Two-person changes (S1)")),
                H.el(
                    "p", [("class", "muted")],
                    text: context.t(
                        "持有业务角色的账号，其密码重置、所属人员和邮箱的变更由系统管理员发起、安全保密管理员批准后生效；账号本人下次登录时收到通知。",
                        "For an account with a business role, a password reset or another person or e-mail address takes effect once the security administrator approves what the system administrator proposed; the owner is told at next sign-in."
                    )),
                table(context, rows: rows, showAccount: false),
            ])
    }

    static func list(_ context: PageContext, rows: [Row], showingAll: Bool, message: String?) -> HTML {
        var sections: [BodyNode] = []
        if let message {
            sections.append(H.el("div", [("class", "alert alert-ok"), ("role", "status")], text: message))
        }
        sections.append(
            H.el(
                "nav", [("class", "toolbar")],
                [
                    H.link(
                        .accountChanges, context.t("待复核", "Waiting"), classes: showingAll ? "button" : "button primary"),
                    H.link(
                        .accountChanges, query: "?state=all", context.t("全部", "All"),
                        classes: showingAll ? "button primary" : "button"),
                ]))
        sections.append(table(context, rows: rows, showAccount: true))
        return Layout.page(context, title: context.t("双人复核", "Two-person changes"), sections)
    }
}

/// What the owner must be told about their account (S1), until they acknowledge it.
enum AccountNoticesSection {
    struct Notice {
        let id: UUID
        let text: String
        let when: String
    }

    static func render(_ context: PageContext, notices: [Notice]) -> BodyNode {
        guard !notices.isEmpty else { return .empty }
        return H.el(
            "section", [("class", "card"), ("id", "account-notices")],
            [H.el("h2", [], text: context.t("账号变更通知 (S1)", "Changes to your account (S1)"))]
                + notices.map { notice in
                    H.el(
                        "div", [("class", "alert alert-warn"), ("role", "status")],
                        [
                            .text("\(notice.when)　\(notice.text)"),
                            H.el(
                                "form",
                                [
                                    ("method", "post"), ("action", SiteRoute.noticeAcknowledge(notice.id).path),
                                    ("class", "inline"),
                                ],
                                [
                                    FormBuilder(context).csrf(),
                                    H.el("button", [("type", "submit")], text: context.t("我已知悉", "Noted")),
                                ]),
                        ])
                })
    }
}
