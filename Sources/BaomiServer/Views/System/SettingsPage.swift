import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Plot

/// The security policy (S3), edited by the system administrator.
enum SettingsPage {
    static func render(
        _ context: PageContext, policy: SecurityPolicy, values: [String: String]? = nil, errors: [FieldError] = []
    ) -> HTML {
        let current =
            values ?? [
                "passwordMinLength": String(policy.passwordMinLength),
                "passwordMinClasses": String(policy.passwordMinClasses),
                "lockoutThreshold": String(policy.lockoutThreshold), "lockoutMinutes": String(policy.lockoutMinutes),
                "idleTimeoutMinutes": String(policy.idleTimeoutMinutes),
                "totpRequiredForAdministrators": policy.totpRequiredForAdministrators ? "true" : "",
            ]
        let form = FormBuilder(context, values: current, errors: errors)
        return Layout.page(
            context, title: context.t("系统参数", "Settings"),
            [
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el("h2", [], text: context.t("身份鉴别策略 (S3)", "Authentication policy (S3)")),
                        form.form(
                            action: .settings, submit: context.t("保存", "Save"),
                            [
                                form.text(
                                    "passwordMinLength", context.t("密码最短长度", "Minimum password length"), required: true,
                                    type: "number"),
                                form.text(
                                    "passwordMinClasses",
                                    context.t(
                                        "至少包含的字符种类（大写、小写、数字、符号）",
                                        "Character classes required (upper, lower, digit, symbol)"), required: true,
                                    type: "number"),
                                form.text(
                                    "lockoutThreshold", context.t("连续失败锁定次数", "Failures before lockout"),
                                    required: true, type: "number"),
                                form.text(
                                    "lockoutMinutes",
                                    context.t(
                                        "自动解锁（分钟，0 为仅人工解锁）",
                                        "Automatic unlock (minutes; 0 = only by the security administrator)"),
                                    required: true, type: "number"),
                                form.text(
                                    "idleTimeoutMinutes", context.t("会话空闲超时（分钟）", "Idle timeout (minutes)"),
                                    required: true, type: "number"),
                                form.checkbox(
                                    "totpRequiredForAdministrators",
                                    context.t("三员账号必须启用动态口令", "Administrator accounts must use a second factor")),
                            ], id: "settings-form"),
                    ])
            ])
    }
}
