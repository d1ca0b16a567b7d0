import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// A project's page (T10, A1): its key flag and last day, its members — the people whose clearance holds it, with
/// the day they joined, and never a carrier — its open tracking files, and the security office's forms.
enum ProjectPage {
    struct Member {
        var personID: UUID
        var label: String
        var department: String
        var postClass: SecretPostClass
        var status: PersonStatus
        var joinedOn: String?
    }

    struct FileRow {
        var id: UUID
        var personName: String
        var reason: TrackingFileReason
        var occurredOn: String
        var openedAt: Date
    }

    struct Model {
        var id: UUID
        var code: String
        var name: String
        var level: String
        var isKeyProject: Bool
        var endsOn: String?
        var running: Bool
        var members: [Member]
        var files: [FileRow]
    }

    /// Which of the page's forms a redisplay is for: its values and errors go to that form only.
    enum Form: String {
        case keyFacts, transfer, withoutConsent
    }

    static func render(
        _ context: PageContext, _ model: Model, form failed: Form? = nil, values: [String: String] = [:],
        errors: [FieldError] = []
    ) -> HTML {
        func builder(_ form: Form, defaults: [String: String]) -> FormBuilder {
            failed == form
                ? FormBuilder(context, values: values, errors: errors) : FormBuilder(context, values: defaults)
        }
        let key = model.isKeyProject
        var sections: [BodyNode] = [
            H.el(
                "dl", [("class", "facts")],
                [
                    (context.t("项目编号", "Code"), model.code), (context.t("密级", "Level"), model.level),
                    (context.t("重点项目", "Key project"), key ? context.t("是（T10）", "Yes (T10)") : context.t("否", "No")),
                    (context.t("结束日期", "Ends on"), model.endsOn ?? context.t("未定", "Not fixed")),
                    (
                        context.t("状态", "State"),
                        model.running ? context.t("进行中", "Running") : context.t("已结束", "Ended")
                    ),
                ].flatMap { [H.el("dt", [], text: $0.0), H.el("dd", [], text: $0.1)] }),
            H.el("h2", [], text: context.t("项目成员", "Members")),
            H.el(
                "p", [("class", "muted")],
                text: context.t(
                    "成员即涉密等级中包含本项目的人员；加入日期取自涉密等级变更记录。",
                    "Members are the people whose clearance holds this project; joined dates come from the clearance history."
                )),
            H.table(
                [
                    context.t("人员", "Person"), context.t("部门", "Department"), context.t("涉密等级", "Post class"),
                    context.t("状态", "Status"), context.t("加入日期", "Joined"),
                ],
                model.members.map { member in
                    [
                        H.link(.person(member.personID), member.label), .text(member.department),
                        .text(context.t(member.postClass.title)), .text(context.t(member.status.title)),
                        .text(member.joinedOn ?? "—"),
                    ]
                }, empty: context.t("没有成员。", "No members.")),
            H.el("h2", [], text: context.t("未关闭的专档", "Open tracking files")),
            H.table(
                [
                    context.t("人员", "Person"), context.t("原因", "Reason"), context.t("离开日期", "Left on"),
                    context.t("建档时间", "Opened"),
                ],
                model.files.map { file in
                    [
                        H.link(.keyProjects(.file(file.id)), file.personName), .text(context.t(file.reason.title)),
                        .text(file.occurredOn), .text(context.dateTime(file.openedAt)),
                    ]
                }, empty: context.t("没有未关闭的专档。", "No open tracking files.")),
        ]
        let keyForm = builder(
            .keyFacts, defaults: ["isKeyProject": key ? "true" : "", "endsOn": model.endsOn ?? ""])
        sections.append(
            H.el(
                "section", [("class", "card"), ("id", "key")],
                [
                    H.el("h2", [], text: context.t("重点项目标识与结束日期", "Key flag and end")),
                    keyForm.form(
                        action: .keyProjects(.keyFacts(model.id)), submit: context.t("保存", "Save"),
                        [
                            keyForm.checkbox("isKeyProject", context.t("重大科技计划项目（重点项目，T10）", "Key project (T10)")),
                            keyForm.text("endsOn", context.t("结束日期", "Ends on"), type: "date"),
                        ], id: "key-form"),
                ]))
        let members = model.members.filter { $0.status == .active }.map { ($0.personID.uuidString, $0.label) }
        if key && model.running && !members.isEmpty {
            let transfer = builder(.transfer, defaults: [:])
            let leaving = builder(.withoutConsent, defaults: [:])
            sections += [
                H.el(
                    "section", [("class", "card"), ("id", "transfer")],
                    [
                        H.el("h2", [], text: context.t("重点项目人员调离（T10）", "Transfer out of the key project (T10)")),
                        H.el(
                            "p", [("class", "muted")],
                            text: context.t(
                                "项目结束前调离原则上不予批准；经主管领导批准的，须重新签订保密承诺书并建立专档跟踪。",
                                "In principle refused before the project ends; if the leader in charge approves, a new secrecy commitment is signed and a tracking file kept."
                            )),
                        transfer.form(
                            action: .keyProjects(.transfer(model.id)), submit: context.t("提交申请", "Submit"),
                            [
                                transfer.select(
                                    "personID", context.t("调离的成员", "Member"), options: members, required: true),
                                transfer.text("reason", context.t("事由", "Reason"), required: true),
                            ], id: "transfer-form"),
                    ]),
                H.el(
                    "section", [("class", "card"), ("id", "without-consent")],
                    [
                        H.el("h2", [], text: context.t("登记未经同意擅自离岗（T10）", "Record leaving without consent (T10)")),
                        leaving.form(
                            action: .keyProjects(.withoutConsent(model.id)), submit: context.t("登记", "Record"),
                            [
                                leaving.select(
                                    "personID", context.t("离岗的成员", "Member"), options: members, required: true),
                                leaving.text(
                                    "occurredOn", context.t("离岗日期", "Day they left"), required: true, type: "date"),
                                leaving.text("account", context.t("情况说明", "What happened"), required: true),
                            ], id: "without-consent-form"),
                    ]),
            ]
        }
        return Layout.page(context, title: "\(model.code) \(model.name)", sections)
    }
}
