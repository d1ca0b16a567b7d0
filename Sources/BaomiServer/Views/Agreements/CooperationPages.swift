import BaomiDomain
import Foundation
import Plot

/// The 外协保密协议台账 (T23) and its form; each renders a page model built by `CooperationController`.
enum CooperationPages {
    struct Row {
        var id: UUID
        var partnerName: String
        var partnerCreditCode: String
        var subject: String
        var level: String
        var startsOn: String
        var endsOn: String
        var department: String
        var coverage: SecrecyCoverage
        /// Signed day or clause reference, whichever the coverage names.
        var coverageDetail: String
        var uncovered: Bool

        var cells: [String] {
            [
                partnerName, partnerCreditCode, subject, level, startsOn, endsOn, department, coverage.title.zh,
                coverageDetail,
            ]
        }

        static let headers = [
            "序号", "合作单位", "统一社会信用代码", "合作事项", "涉密程度", "开始日期", "结束日期", "责任部门", "保密约定方式",
            "协议签订日期/条款位置",
        ]
    }

    struct ListModel {
        var rows: [Row]
        var mayManage: Bool
    }

    struct FormModel {
        /// Nil for a new contract.
        var id: UUID?
        var levels: [(value: String, label: String)]
        var departments: [(value: String, label: String)]
    }

    static func list(_ context: PageContext, _ model: ListModel) -> HTML {
        var actions: [BodyNode] = [
            H.link(.agreements(.cooperationExport), context.t("下载 CSV", "Download CSV")), .text(" "),
            H.link(.agreements(.cooperationWorkbook), context.t("下载 Excel", "Download Excel")),
        ]
        if model.mayManage {
            actions += [.text(" "), H.link(.agreements(.cooperationNew), context.t("登记合作合同", "Record a contract"))]
        }
        let sections: [BodyNode] = [
            H.el(
                "p", [("class", "muted")],
                text: context.t(
                    "与外单位开展涉密合作，须签订保密协议或在合同中订立保密条款（T23）。",
                    "Cooperation with outside parties on secret matters needs a secrecy agreement or a confidentiality clause in the contract (T23)."
                )),
            H.el("p", [("class", "actions")], actions),
            H.table(
                Row.headers,
                model.rows.enumerated().map { index, row in
                    var cells = ([String(index + 1)] + row.cells).map { BodyNode.text($0) }
                    cells[1] = H.link(.agreements(.cooperationContract(row.id)), row.partnerName)
                    cells[8] =
                        row.uncovered
                        ? H.badge(context.t("缺保密约定", "No secrecy coverage"), kind: "danger")
                        : .text(context.t(row.coverage.title))
                    return cells
                },
                empty: context.t("尚无合作合同。", "No cooperation contracts yet.")),
        ]
        return Layout.page(context, title: context.t("外协保密协议台账", "Cooperation contracts"), sections)
    }

    static func form(
        _ context: PageContext, _ model: FormModel, mayManage: Bool, values: [String: String], errors: [FieldError]
    ) -> HTML {
        let form = FormBuilder(context, values: values, errors: errors)
        let action: SiteRoute = model.id.map { .agreements(.cooperationContract($0)) } ?? .agreements(.cooperation)
        let fields: [BodyNode] = [
            form.text("partnerName", context.t("合作单位名称", "Partner"), required: true),
            form.text("partnerCreditCode", context.t("统一社会信用代码", "Unified social credit code")),
            form.text("subject", context.t("合作事项", "Subject of the cooperation"), required: true),
            form.select(
                "level", context.t("涉及的最高密级", "Highest level involved"), options: model.levels,
                emptyLabel: context.t("不涉密", "No secrets involved")),
            form.text("startsOn", context.t("开始日期", "Starts on"), required: true, type: "date"),
            form.text("endsOn", context.t("结束日期", "Ends on"), required: true, type: "date"),
            form.select(
                "departmentID", context.t("责任部门", "Responsible department"), options: model.departments, required: true),
            form.select(
                "coverage", context.t("保密约定方式", "Secrecy covered by"),
                options: SecrecyCoverage.allCases.map { ($0.rawValue, context.t($0.title)) }, required: true),
            form.text(
                "agreementSignedOn", context.t("保密协议签订日期", "Secrecy agreement signed on"), type: "date",
                hint: context.t("单独签订保密协议时填写，不能晚于开始日期", "With a separate agreement; no later than the start")),
            form.text(
                "clauseReference", context.t("保密条款位置", "Clause reference"),
                hint: context.t("合同中订立保密条款时填写，如“第十二条”", "With a clause in the contract, e.g. “Article 12”")),
        ]
        let title =
            model.id == nil
            ? context.t("登记合作合同", "Record a cooperation contract") : context.t("合作合同", "Cooperation contract")
        let body: BodyNode =
            mayManage
            ? form.form(action: action, submit: context.t("保存", "Save"), fields, id: "cooperation-form")
            : H.el("dl", [], readOnly(context, values))
        return Layout.page(
            context, title: title,
            [H.el("p", [], [H.link(.agreements(.cooperation), context.t("返回台账", "Back to the register"))]), body])
    }

    /// What a viewer who may not change it sees: the facts as a list.
    private static func readOnly(_ context: PageContext, _ values: [String: String]) -> [BodyNode] {
        let labels: [(String, String)] = [
            ("partnerName", context.t("合作单位名称", "Partner")),
            ("partnerCreditCode", context.t("统一社会信用代码", "Unified social credit code")),
            ("subject", context.t("合作事项", "Subject")), ("levelName", context.t("涉及的最高密级", "Highest level")),
            ("startsOn", context.t("开始日期", "Starts on")), ("endsOn", context.t("结束日期", "Ends on")),
            ("departmentName", context.t("责任部门", "Department")), ("coverageName", context.t("保密约定方式", "Covered by")),
            ("agreementSignedOn", context.t("保密协议签订日期", "Agreement signed on")),
            ("clauseReference", context.t("保密条款位置", "Clause reference")),
        ]
        return labels.flatMap { key, label in
            [H.el("dt", [], text: label), H.el("dd", [], text: values[key].flatMap { $0.isEmpty ? nil : $0 } ?? "—")]
        }
    }
}
