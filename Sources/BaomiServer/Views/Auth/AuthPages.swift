import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Plot

/// The sign-in page, the forced password change, and the profile (password, language, second factor).
enum AuthPages {
    static func login(
        _ context: PageContext, username: String = "", error: LocalizedText? = nil, askTOTP: Bool = false,
        next: String = ""
    ) -> HTML {
        let form = FormBuilder(context, values: ["username": username, "next": next])
        var fields: [BodyNode] = []
        if let error {
            fields.append(
                H.el(
                    "div", [("class", "alert alert-error"), ("role", "alert"), ("id", "login-error")],
                    text: context.t(error) + " (S3)"))
        }
        fields += [
            form.text("username", context.t("用户名", "User name"), required: true, autocomplete: "username"),
            form.text(
                "password", context.t("密码", "Password"), required: true, type: "password",
                autocomplete: "current-password"),
            form.text(
                "totp", context.t("动态口令", "Authenticator code"), required: askTOTP,
                hint: context.t("已启用动态口令的账号须填写", "Needed when the account uses a second factor"),
                autocomplete: "one-time-code"),
            H.void("input", [("type", "hidden"), ("name", "next"), ("value", next)]),
        ]
        return Layout.page(
            context, title: context.t("登录", "Sign in"),
            [
                H.el(
                    "div", [("class", "card narrow")],
                    [
                        form.form(action: .login, submit: context.t("登录", "Sign in"), fields, id: "login-form"),
                        H.el(
                            "p", [("class", "muted")],
                            text: context.t(
                                "连续 5 次失败将锁定账号；本系统记录每一次登录尝试。",
                                "Repeated failures lock the account; every sign-in attempt is recorded.")),
                    ])
            ])
    }

    static func changePassword(
        _ context: PageContext, forced: Bool, notices: [AccountNoticesSection.Notice] = [], errors: [FieldError] = []
    ) -> HTML {
        let form = FormBuilder(context, errors: errors)
        var intro: [BodyNode] = []
        if forced {
            intro.append(
                H.el(
                    "div", [("class", "alert alert-warn"), ("role", "status")],
                    text: context.t(
                        "首次登录或密码被重置后，须先修改密码才能继续 (S3)。",
                        "You must change your password before going on: first sign-in or after a reset (S3).")))
        }
        intro.append(AccountNoticesSection.render(context, notices: notices))
        return Layout.page(
            context, title: context.t("修改密码", "Change password"),
            intro + [
                H.el(
                    "div", [("class", "card narrow")],
                    [
                        form.form(
                            action: .profilePassword, submit: context.t("修改密码", "Change password"),
                            [
                                form.text(
                                    "currentPassword", context.t("当前密码", "Current password"), required: true,
                                    type: "password", autocomplete: "current-password"),
                                form.text(
                                    "newPassword", context.t("新密码", "New password"), required: true, type: "password",
                                    hint: context.t("按密码策略：长度与字符种类见系统参数", "Must meet the password policy"),
                                    autocomplete: "new-password"),
                                form.text(
                                    "confirmPassword", context.t("确认新密码", "Repeat new password"), required: true,
                                    type: "password", autocomplete: "new-password"),
                            ], id: "password-form")
                    ])
            ])
    }

    struct TOTPEnrolment {
        let secret: String
        let qrSVG: String
    }

    static func profile(
        _ context: PageContext, account: AccountModelView, enrolment: TOTPEnrolment?, totpRequired: Bool,
        errors: [FieldError] = [], sections: [BodyNode] = []
    ) -> HTML {
        let form = FormBuilder(context, errors: errors)
        var totpSection: [BodyNode] = [H.el("h2", [], text: context.t("动态口令（第二因素）", "Authenticator (second factor)"))]
        if totpRequired && !account.totpEnabled {
            totpSection.append(
                H.el(
                    "div", [("class", "alert alert-warn"), ("role", "status")],
                    text: context.t(
                        "按安全策略，三员账号必须启用动态口令后才能继续工作 (S3)。",
                        "Policy requires administrator accounts to enrol a second factor before going on (S3).")))
        }
        if account.totpEnabled {
            totpSection.append(
                H.el(
                    "p", [],
                    text: context.t(
                        "已启用。登录时须输入验证器上的 6 位动态口令。",
                        "Enabled. Sign-in asks for the 6-digit code from your authenticator.")))
            totpSection.append(
                form.form(
                    action: .profileTOTPDisable, submit: context.t("停用动态口令", "Disable"), [],
                    id: "totp-disable-form"))
        } else if let enrolment {
            totpSection += [
                H.el(
                    "p", [],
                    text: context.t(
                        "用验证器应用扫描二维码，或手工输入密钥，然后输入显示的 6 位口令确认。",
                        "Scan the code with an authenticator app or type the key, then confirm with the 6-digit code it shows."
                    )),
                H.el("div", [("class", "qr"), ("id", "totp-qr")], [.raw(enrolment.qrSVG)]),
                H.el(
                    "p", [],
                    [.text(context.t("密钥：", "Key: ")), H.el("code", [("id", "totp-secret")], text: enrolment.secret)]),
                form.form(
                    action: .profileTOTPConfirm, submit: context.t("确认启用", "Confirm"),
                    [
                        form.text("code", context.t("动态口令", "Code"), required: true, autocomplete: "one-time-code")
                    ], id: "totp-confirm-form"),
            ]
        } else {
            totpSection.append(H.el("p", [], text: context.t("未启用。", "Not enabled.")))
            totpSection.append(
                form.form(
                    action: .profileTOTPStart, submit: context.t("启用动态口令", "Enrol"), [], id: "totp-start-form"))
        }
        return Layout.page(
            context, title: context.t("个人设置", "Profile"),
            [
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el("h2", [], text: context.t("账号", "Account")),
                        // 代理 (issue #14): business accounts name a stand-in for their approvals.
                        context.can(.borrowCarriers)
                            ? H.el(
                                "p", [],
                                [H.link(.delegations, context.t("审批代理人设置", "Stand-ins for my approvals"))])
                            : .empty,
                        H.el(
                            "dl", [("class", "facts")],
                            [
                                H.el("dt", [], text: context.t("用户名", "User name")),
                                H.el("dd", [], text: account.username),
                                H.el("dt", [], text: context.t("角色", "Roles")), H.el("dd", [], text: account.roles),
                                H.el("dt", [], text: context.t("上次登录", "Last sign-in")),
                                H.el("dd", [], text: account.lastSignIn),
                            ]),
                        H.link(.profilePassword, context.t("修改密码", "Change password"), classes: "button"),
                    ]),
                H.el("section", [("class", "card")], totpSection),
            ] + sections)
    }
}

/// What the profile page shows of the viewer's account.
struct AccountModelView {
    let username: String
    let roles: String
    let lastSignIn: String
    let totpEnabled: Bool
}
