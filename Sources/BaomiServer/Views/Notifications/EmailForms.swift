import BaomiDomain
import Plot

/// The e-mail address form, on the profile page (the owner) and the account page (the system administrator).
enum EmailForms {
    static func section(_ context: PageContext, action: SiteRoute, email: String, errors: [FieldError]) -> BodyNode {
        let form = FormBuilder(context, values: ["email": email], errors: errors)
        return H.el(
            "section", [("class", "card"), ("id", "email")],
            [
                H.el("h2", [], text: context.t("电子邮箱", "E-mail address")),
                form.form(
                    action: action, submit: context.t("保存邮箱", "Save address"),
                    [
                        form.text(
                            "email", context.t("电子邮箱", "E-mail address"), type: "email",
                            hint: context.t(
                                "每日合规提醒发往此地址（系统配置了邮件服务器时）；留空则不发送。邮件只列载体编号，不含标题。",
                                "The daily compliance digest goes here when the system has a mail relay; leave empty "
                                    + "for none. It names carriers by number only."),
                            autocomplete: "email")
                    ]),
            ])
    }
}
