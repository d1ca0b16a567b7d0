import BaomiDomain
import Foundation
import Plot

/// 复审周期: how often every 涉密人员 is re-reviewed (A2), set by the security office.
enum ReviewPolicyPage {
    static func page(_ context: PageContext, values: [String: String], errors: [FieldError] = []) -> HTML {
        let form = FormBuilder(context, values: values, errors: errors)
        let fields: [BodyNode] = [
            form.text(
                "cycleMonths", context.t("复审周期（月）", "Cycle (months)"), required: true, type: "number",
                hint: context.t(
                    "每名涉密人员自上次复审（或涉密等级确定）起，经过该周期即应复审",
                    "A review is due this long after the last one, or after the post was decided"))
        ]
        var sections: [BodyNode] = []
        if context.can(.manageSecrecyOrganisation) {
            sections.append(
                form.form(action: .reviewPolicy, submit: context.t("保存", "Save"), fields, id: "review-policy"))
        } else {
            sections.append(
                H.el(
                    "p", [],
                    text: context.t(
                        "复审周期：\(values["cycleMonths"] ?? "") 个月（由保密办设定）",
                        "Cycle: \(values["cycleMonths"] ?? "") months (set by the security office)")))
        }
        return Layout.page(context, title: context.t("涉密人员复审周期", "Re-review cycle"), sections)
    }
}
