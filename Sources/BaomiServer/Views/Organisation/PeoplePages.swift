import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Plot

/// People and the working group (T4).
enum PeoplePages {
    static func list(
        _ context: PageContext, people: [PersonModel], units: [OrgUnitModel], department: String, search: String
    ) -> HTML {
        let filter = FormBuilder(context, values: ["department": department, "q": search])
        let filterBar = H.el(
            "form", [("method", "get"), ("action", SiteRoute.people.path), ("class", "filters")],
            [
                filter.select(
                    "department", context.t("部门", "Department"), options: OrganisationPages.unitOptions(units),
                    emptyLabel: context.t("（全部）", "(all)")),
                filter.text("q", context.t("姓名或工号", "Name or number")),
                H.el(
                    "div", [("class", "actions")],
                    [H.el("button", [("type", "submit")], text: context.t("筛选", "Filter"))]),
            ])
        var actions: [BodyNode] = []
        if context.can(.manageOrganisation) {
            actions.append(H.link(.personNew, context.t("新建人员", "New person"), classes: "button primary"))
        }
        let rows: [[BodyNode]] = people.map { person in
            [
                .text(person.employeeNumber), H.link(.person(person.id ?? UUID()), person.name),
                .text(person.department.name),
                .text(person.post), .text(person.isLeader ? context.t("是", "Yes") : ""),
                .text(
                    context.t(
                        PersonStatus(rawValue: person.status)?.title
                            ?? LocalizedText(zh: person.status, en: person.status))),
            ]
        }
        return Layout.page(
            context, title: context.t("人员", "People"),
            [
                H.el("div", [("class", "toolbar")], actions), filterBar,
                H.el("p", [("class", "count")], text: context.t("共 \(people.count) 人", "\(people.count) people")),
                H.table(
                    [
                        context.t("工号", "No."), context.t("姓名", "Name"), context.t("部门", "Department"),
                        context.t("岗位", "Post"),
                        context.t("领导", "Leader"), context.t("状态", "Status"),
                    ],
                    rows, empty: context.t("没有符合条件的人员。", "Nobody matches.")),
            ])
    }

    static func form(
        _ context: PageContext, units: [OrgUnitModel], values: [String: String], errors: [FieldError], action: SiteRoute
    ) -> BodyNode {
        let form = FormBuilder(context, values: values, errors: errors)
        return form.form(
            action: action, submit: context.t("保存", "Save"),
            [
                form.text("name", context.t("姓名", "Name"), required: true),
                form.text("employeeNumber", context.t("工号", "Employee number"), required: true),
                form.select(
                    "departmentID", context.t("部门", "Department"), options: OrganisationPages.unitOptions(units),
                    required: true),
                form.text("post", context.t("岗位", "Post")),
                form.checkbox("isLeader", context.t("领导（可审批）", "Leader (approves)")),
                // Leaving and departed come only from a departure (T22, A7): the form offers the status the
                // person has, and active where an edit may set it.
                form.select(
                    "status", context.t("状态", "Status"),
                    options: PersonStatus.allCases.filter {
                        $0.rawValue == values["status"]
                            || PersonStatusChange.check(from: PersonStatus(rawValue: values["status"] ?? ""), to: $0)
                                == nil
                    }.map { (value: $0.rawValue, label: context.t($0.title)) },
                    required: true, includeEmpty: false),
            ], id: "person-form")
    }

    static func new(
        _ context: PageContext, units: [OrgUnitModel], values: [String: String] = ["status": "active"],
        errors: [FieldError] = []
    ) -> HTML {
        Layout.page(
            context, title: context.t("新建人员", "New person"),
            [
                H.el(
                    "div", [("class", "card")],
                    [form(context, units: units, values: values, errors: errors, action: .personNew)])
            ])
    }

    static func detail(
        _ context: PageContext, person: PersonModel, units: [OrgUnitModel], account: AccountModel?,
        values: [String: String]? = nil, errors: [FieldError] = [], catalogue: LevelCatalogue = .nationalDefault,
        clearanceHistory: [ClearanceChangeModel] = [], more: [BodyNode] = []
    ) -> HTML {
        var sections: [BodyNode] = [
            H.el(
                "section", [("class", "card")],
                [
                    H.el(
                        "dl", [("class", "facts")],
                        [
                            H.el("dt", [], text: context.t("工号", "Employee number")),
                            H.el("dd", [], text: person.employeeNumber),
                            H.el("dt", [], text: context.t("部门", "Department")),
                            H.el("dd", [], [H.link(.orgUnit(person.$department.id), person.department.name)]),
                            H.el("dt", [], text: context.t("岗位", "Post")),
                            H.el("dd", [], text: person.post.isEmpty ? "—" : person.post),
                            H.el("dt", [], text: context.t("领导", "Leader")),
                            H.el("dd", [], text: person.isLeader ? context.t("是", "Yes") : context.t("否", "No")),
                            H.el("dt", [], text: context.t("状态", "Status")),
                            H.el(
                                "dd", [],
                                text: context.t(
                                    PersonStatus(rawValue: person.status)?.title
                                        ?? LocalizedText(zh: person.status, en: person.status))),
                            H.el("dt", [], text: context.t("账号", "Account")),
                            H.el("dd", [], text: account?.username ?? "—"),
                        ] + boundFacts(context, person: person)
                            + (context.can(.viewAgreements)
                                ? [
                                    H.el("dt", [], text: context.t("保密协议", "Agreements")),
                                    H.el(
                                        "dd", [],
                                        [
                                            H.link(
                                                .agreements(.person(person.id ?? UUID())),
                                                context.t("协议、签订与补贴", "Agreements, signatures, allowances"))
                                        ]),
                                ] : []))
                ] + departureAction(context, person: person))
        ]
        if context.can(.manageOrganisation) {
            let current =
                values ?? [
                    "name": person.name, "employeeNumber": person.employeeNumber,
                    "departmentID": person.$department.id.uuidString,
                    "post": person.post, "isLeader": person.isLeader ? "true" : "", "status": person.status,
                ]
            sections.append(
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el("h2", [], text: context.t("修改", "Edit")),
                        form(
                            context, units: units, values: current, errors: errors, action: .person(person.id ?? UUID())
                        ),
                    ]))
        }
        if context.can(.manageLevels) {
            let form = FormBuilder(
                context, values: ["classifierMaxLevel": person.classifierMaxLevel ?? ""],
                errors: errors.filter { $0.field == "classifierMaxLevel" })
            sections.append(
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el("h2", [], text: context.t("定密授权 (T5.1)", "Classifying official (T5.1)")),
                        form.form(
                            action: .personClassifier(person.id ?? UUID()), submit: context.t("保存授权", "Save"),
                            [
                                form.select(
                                    "classifierMaxLevel", context.t("可确定的最高密级", "Highest level they may classify"),
                                    options: catalogue.levels.map {
                                        (
                                            value: $0.id.rawValue,
                                            label: context.t($0.regime.title) + " · " + context.t($0.name)
                                        )
                                    },
                                    emptyLabel: context.t("（未授权）", "(not authorised)"))
                            ], id: "classifier-form"),
                    ]))
        }
        if context.can(.manageClearances) {
            sections.append(clearance(context, person: person, history: clearanceHistory, errors: errors))
        }
        return Layout.page(context, title: person.name, sections + more)
    }

    /// The secret post (A2) with its 脱密期 (A7) and the history of every change, for the security administrator.
    static func clearance(
        _ context: PageContext, person: PersonModel, history: [ClearanceChangeModel], errors: [FieldError]
    ) -> BodyNode {
        let fields: Set<String> = ["postClass", "separationUntil", "reason", "compartments", "groups"]
        let form = FormBuilder(
            context,
            values: ["postClass": person.postClass, "separationUntil": person.separationUntil ?? ""],
            errors: errors.filter { fields.contains($0.field) })
        let rows: [[BodyNode]] = history.map { change in
            [
                .text(context.dateTime(change.changedAt)),
                .text(
                    context.t(
                        SecretPostClass(rawValue: change.postClass)?.title
                            ?? LocalizedText(zh: change.postClass, en: change.postClass))),
                .text(change.separationUntil ?? "—"), .text(change.reason), .text(change.changedBy),
            ]
        }
        return H.el(
            "section", [("class", "card"), ("id", "clearance")],
            [
                H.el("h2", [], text: context.t("涉密岗位 (A2)", "Secret post (A2)")),
                form.form(
                    action: .personClearance(person.id ?? UUID()), submit: context.t("保存", "Save"),
                    [
                        form.select(
                            "postClass", context.t("涉密等级", "Post class"),
                            options: SecretPostClass.allCases.map { (value: $0.rawValue, label: context.t($0.title)) },
                            required: true, includeEmpty: false),
                        form.text(
                            "separationUntil", context.t("脱密期截止 (A7，可空)", "Separation period ends (A7, optional)"),
                            type: "date"),
                        form.text("reason", context.t("变更理由", "Reason"), required: true),
                    ], id: "clearance-form"),
                H.table(
                    [
                        context.t("时间", "When"), context.t("涉密等级", "Post class"), context.t("脱密期截止", "Separation ends"),
                        context.t("理由", "Reason"), context.t("办理人", "By"),
                    ], rows, empty: context.t("尚无变更记录。", "No changes yet.")),
            ])
    }

    static func workingGroup(
        _ context: PageContext, members: [WorkingGroupMemberModel], people: [PersonModel], managing: OrgUnitModel?,
        errors: [FieldError] = []
    ) -> HTML {
        let rows: [[BodyNode]] = members.map { member in
            [
                .text(
                    context.t(
                        WorkingGroupRole(rawValue: member.role)?.title
                            ?? LocalizedText(zh: member.role, en: member.role))),
                H.link(.person(member.$person.id), member.person.name), .text(member.person.department.name),
                .text(member.person.post),
            ]
        }
        var sections: [BodyNode] = [
            H.el(
                "p", [],
                text: context.t(
                    "技术保密工作小组：组长由分管技术的领导担任，副组长由技术部门负责人担任 (T4)。归口管理部门：\(managing?.name ?? "未指定")。",
                    "Secrecy working group: headed by the leader in charge of technology, deputy the head of the technology department (T4). Managing department: \(managing?.name ?? "none")."
                )),
            H.table(
                [
                    context.t("职务", "Role"), context.t("姓名", "Name"), context.t("部门", "Department"),
                    context.t("岗位", "Post"),
                ], rows,
                empty: context.t("工作小组尚未组建 (T4)。", "The working group has no members yet (T4).")),
        ]
        if context.can(.manageSecrecyOrganisation) {
            let form = FormBuilder(context, errors: errors)
            sections.append(
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el("h2", [], text: context.t("调整成员", "Change membership")),
                        form.form(
                            action: .workingGroup, submit: context.t("保存", "Save"),
                            [
                                form.select(
                                    "personID", context.t("人员", "Person"),
                                    options: people.map {
                                        (value: $0.id?.uuidString ?? "", label: "\($0.name)（\($0.department.name)）")
                                    }, required: true),
                                form.select(
                                    "role", context.t("职务", "Role"),
                                    options: WorkingGroupRole.allCases.map {
                                        (value: $0.rawValue, label: context.t($0.title))
                                    } + [(value: "remove", label: context.t("移出小组", "Remove from group"))],
                                    required: true, includeEmpty: false),
                            ], id: "working-group-form"),
                    ]))
        }
        return Layout.page(context, title: context.t("保密工作小组", "Secrecy working group"), sections)
    }

    /// The periods a departure started (A7, T11), while they run or once they ended.
    static func boundFacts(_ context: PageContext, person: PersonModel) -> [BodyNode] {
        var facts: [BodyNode] = []
        if let day = person.departedOn {
            facts += [H.el("dt", [], text: context.t("离岗日期", "Left on")), H.el("dd", [], text: day)]
        }
        if let until = person.separationUntil {
            facts += [H.el("dt", [], text: context.t("脱密期至", "Separation until")), H.el("dd", [], text: until)]
        }
        if let until = person.nonCompeteUntil {
            facts += [H.el("dt", [], text: context.t("竞业限制至", "Non-compete until")), H.el("dd", [], text: until)]
        }
        return facts
    }

    /// 发起离岗离职 (T22), offered to those who handle departures while the person is active.
    static func departureAction(_ context: PageContext, person: PersonModel) -> [BodyNode] {
        guard context.can(.manageDepartures), person.status == PersonStatus.active.rawValue, let id = person.id
        else { return [] }
        return [
            H.el(
                "p", [("class", "toolbar")],
                [
                    H.link(
                        .departures(.new), query: "?person=\(id.uuidString)", context.t("发起离岗离职", "Start a departure"),
                        classes: "button")
                ])
        ]
    }
}
