import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Plot

/// Accounts (系统管理员) and their roles (安全保密管理员), kept apart as S1 demands.
enum AccountPages {
    static func status(_ context: PageContext, _ account: AccountModel) -> BodyNode {
        if account.isDisabled { return H.badge(context.t("已停用", "Disabled"), kind: "muted") }
        if account.lockedAt != nil { return H.badge(context.t("已锁定", "Locked"), kind: "warn") }
        if account.mustChangePassword { return H.badge(context.t("待改密", "Must change password"), kind: "info") }
        return H.badge(context.t("正常", "Active"), kind: "ok")
    }

    static func roles(_ context: PageContext, _ account: AccountModel) -> String {
        let roles = account.roles.sortedByCase
        return roles.isEmpty
            ? context.t("（无角色）", "(no role)") : roles.map { context.t($0.title) }.joined(separator: "、")
    }

    static func list(_ context: PageContext, accounts: [AccountModel], title: String? = nil) -> HTML {
        var actions: [BodyNode] = []
        if context.can(.manageAccounts) {
            actions.append(H.link(.accountNew, context.t("新建账号", "New account"), classes: "button primary"))
        }
        let rows: [[BodyNode]] = accounts.map { account in
            [
                H.link(.account(account.id ?? UUID()), account.username), .text(account.displayName),
                .text(account.person?.name ?? "—"), .text(roles(context, account)), status(context, account),
                .text(context.dateTime(account.lastSignInAt)),
            ]
        }
        return Layout.page(
            context, title: title ?? context.t("账号", "Accounts"),
            [
                H.el("div", [("class", "toolbar")], actions),
                H.el("p", [("class", "count")], text: context.t("共 \(accounts.count) 个", "\(accounts.count) accounts")),
                H.table(
                    [
                        context.t("用户名", "User name"), context.t("显示名", "Display name"), context.t("人员", "Person"),
                        context.t("角色", "Roles"),
                        context.t("状态", "Status"), context.t("上次登录", "Last sign-in"),
                    ],
                    rows, empty: context.t("没有账号。", "No accounts.")),
            ])
    }

    static func personOptions(_ people: [PersonModel]) -> [(value: String, label: String)] {
        people.map { (value: $0.id?.uuidString ?? "", label: "\($0.name)（\($0.employeeNumber)，\($0.department.name)）") }
    }

    static func new(
        _ context: PageContext, people: [PersonModel], values: [String: String] = [:], errors: [FieldError] = []
    ) -> HTML {
        let form = FormBuilder(context, values: values, errors: errors)
        return Layout.page(
            context, title: context.t("新建账号", "New account"),
            [
                H.el(
                    "div", [("class", "card")],
                    [
                        H.el(
                            "p", [("class", "muted")],
                            text: context.t(
                                "角色由安全保密管理员分配 (S1)。新账号首次登录须修改初始密码 (S3)。",
                                "Roles are assigned by the security administrator (S1). The new account must change its initial password at first sign-in (S3)."
                            )),
                        form.form(
                            action: .accountNew, submit: context.t("创建", "Create"),
                            [
                                form.text(
                                    "username", context.t("用户名", "User name"), required: true,
                                    hint: context.t("小写字母、数字、._-，3–32 位", "3–32 lower-case letters, digits, . _ -")),
                                form.text("displayName", context.t("显示名", "Display name")),
                                form.select("personID", context.t("对应人员", "Person"), options: personOptions(people)),
                                form.text(
                                    "password", context.t("初始密码", "Initial password"), required: true, type: "password",
                                    autocomplete: "new-password"),
                            ], id: "account-form"),
                    ])
            ])
    }

    static func detail(
        _ context: PageContext, account: AccountModel, people: [PersonModel], errors: [FieldError] = [],
        values: [String: String]? = nil, extra: [BodyNode] = []
    ) -> HTML {
        let id = account.id ?? UUID()
        var sections: [BodyNode] = [
            H.el(
                "section", [("class", "card")],
                [
                    H.el(
                        "dl", [("class", "facts")],
                        [
                            H.el("dt", [], text: context.t("用户名", "User name")), H.el("dd", [], text: account.username),
                            H.el("dt", [], text: context.t("显示名", "Display name")),
                            H.el("dd", [], text: account.displayName),
                            H.el("dt", [], text: context.t("人员", "Person")),
                            H.el("dd", [], text: account.person?.name ?? "—"),
                            H.el("dt", [], text: context.t("角色", "Roles")),
                            H.el("dd", [("id", "account-roles")], text: roles(context, account)),
                            H.el("dt", [], text: context.t("状态", "Status")), H.el("dd", [], [status(context, account)]),
                            H.el("dt", [], text: context.t("连续失败次数", "Failed sign-ins")),
                            H.el("dd", [], text: String(account.failedSignIns)),
                            H.el("dt", [], text: context.t("动态口令", "Second factor")),
                            H.el(
                                "dd", [],
                                text: account.totpEnabled
                                    ? context.t("已启用", "Enabled") : context.t("未启用", "Not enabled")),
                            H.el("dt", [], text: context.t("上次登录", "Last sign-in")),
                            H.el("dd", [], text: context.dateTime(account.lastSignInAt)),
                        ])
                ])
        ]
        if context.can(.manageAccounts) {
            let current =
                values ?? [
                    "displayName": account.displayName, "personID": account.$person.id?.uuidString ?? "",
                    "isDisabled": account.isDisabled ? "true" : "",
                ]
            let form = FormBuilder(
                context, values: current, errors: errors.filter { $0.field != "password" && $0.field != "email" })
            sections.append(
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el("h2", [], text: context.t("修改账号", "Edit account")),
                        form.form(
                            action: .account(id), submit: context.t("保存", "Save"),
                            [
                                form.text("displayName", context.t("显示名", "Display name"), required: true),
                                form.select("personID", context.t("对应人员", "Person"), options: personOptions(people)),
                                form.checkbox("isDisabled", context.t("停用此账号", "Disable this account")),
                            ]),
                    ]))
            sections.append(
                EmailForms.section(
                    context, action: .accountEmail(id), email: values?["email"] ?? account.email ?? "",
                    errors: errors.filter { $0.field == "email" }))
            let reset = FormBuilder(context, errors: errors.filter { $0.field == "password" })
            sections.append(
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el("h2", [], text: context.t("重置密码", "Reset password")),
                        reset.form(
                            action: .accountPasswordReset(id), submit: context.t("重置", "Reset"),
                            [
                                reset.text(
                                    "password", context.t("新的初始密码", "New initial password"), required: true,
                                    type: "password", autocomplete: "new-password")
                            ]),
                    ]))
        }
        if context.can(.manageRoles) {
            let form = FormBuilder(
                context, values: ["roles[]": account.roles.sortedByCase.map(\.rawValue).joined(separator: ",")],
                errors: errors.filter { $0.field == "roles" })
            sections.append(
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el("h2", [], text: context.t("分配角色", "Assign roles")),
                        H.el(
                            "p", [("class", "muted")],
                            text: context.t(
                                "三员分立：一个账号最多担任一个管理员角色，且管理员不兼任业务角色 (S1)。",
                                "Three-role separation: an account holds at most one administrator role, and never with a business role (S1)."
                            )),
                        form.form(
                            action: .accountRoles(id), submit: context.t("保存角色", "Save roles"),
                            Role.allCases.map { form.checkbox("roles[]", context.t($0.title), value: $0.rawValue) },
                            id: "roles-form"),
                    ]))
        }
        if context.can(.unlockAccounts) && account.lockedAt != nil {
            sections.append(
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el("h2", [], text: context.t("解锁", "Unlock")),
                        FormBuilder(context).form(
                            action: .accountUnlock(id), submit: context.t("解锁账号", "Unlock account"), []),
                    ]))
        }
        return Layout.page(context, title: "\(context.t("账号", "Account")) \(account.username)", sections + extra)
    }
}
