import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Plot

/// Pages of the organisation (T4): the unit tree, a unit, people, a person, the working group.
enum OrganisationPages {
    /// Units in tree order with their depth, so the list reads as the tree.
    static func treeOrder(_ units: [OrgUnitModel]) -> [(unit: OrgUnitModel, depth: Int)] {
        let children = Dictionary(grouping: units, by: { $0.$parent.id })
        var result: [(OrgUnitModel, Int)] = []
        var visited: Set<UUID> = []
        func walk(_ parent: UUID?, _ depth: Int) {
            for unit in children[parent] ?? [] {
                guard let id = unit.id, visited.insert(id).inserted else { continue }
                result.append((unit, depth))
                walk(id, depth + 1)
            }
        }
        walk(nil, 0)
        return result
    }

    static func unitOptions(_ units: [OrgUnitModel]) -> [(value: String, label: String)] {
        treeOrder(units).map {
            (value: $0.unit.id?.uuidString ?? "", label: String(repeating: "　", count: $0.depth) + $0.unit.name)
        }
    }

    static func units(
        _ context: PageContext, units: [OrgUnitModel], officers: [UUID: PersonModel], peopleCount: [UUID: Int]
    ) -> HTML {
        let rows: [[BodyNode]] = treeOrder(units).map { unit, depth in
            let id = unit.id ?? UUID()
            var flags: [BodyNode] = []
            if unit.isKeyDepartment { flags.append(H.badge(context.t("要害部门", "Key department"), kind: "warn")) }
            if unit.isManagingDepartment {
                flags.append(H.badge(context.t("归口管理部门", "Managing department"), kind: "info"))
            }
            return [
                H.el("span", [("class", "depth-\(min(depth, 6))")], [H.link(.orgUnit(id), unit.name)]),
                .text(unit.code),
                .text(
                    context.t(OrgUnitKind(rawValue: unit.kind)?.title ?? LocalizedText(zh: unit.kind, en: unit.kind))),
                .text(officers[id]?.name ?? context.t("未指定", "none")),
                .text(String(peopleCount[id] ?? 0)),
                H.el("span", [], flags),
            ]
        }
        var actions: [BodyNode] = []
        if context.can(.manageOrganisation) {
            actions.append(H.link(.orgUnitNew, context.t("新建组织机构", "New org unit"), classes: "button primary"))
        }
        let missingOfficers = units.filter {
            $0.kind == OrgUnitKind.department.rawValue && officers[$0.id ?? UUID()] == nil
        }
        var notes: [BodyNode] = []
        if !missingOfficers.isEmpty {
            notes.append(
                H.el(
                    "div", [("class", "alert alert-warn"), ("role", "status")],
                    text: context.t(
                        "\(missingOfficers.count) 个部门尚未指定保密员 (T4)：\(missingOfficers.map(\.name).joined(separator: "、"))",
                        "\(missingOfficers.count) department(s) have no secrecy officer (T4): \(missingOfficers.map(\.name).joined(separator: ", "))"
                    )))
        }
        return Layout.page(
            context, title: context.t("组织机构", "Organisation"),
            [H.el("div", [("class", "toolbar")], actions)] + notes + [
                H.el("p", [("class", "count")], text: context.t("共 \(units.count) 个", "\(units.count) units")),
                H.table(
                    [
                        context.t("名称", "Name"), context.t("编码", "Code"), context.t("类型", "Kind"),
                        context.t("保密员", "Secrecy officer"),
                        context.t("人数", "People"), context.t("标记", "Flags"),
                    ],
                    rows, empty: context.t("还没有组织机构。", "No org units yet.")),
            ])
    }

    static func unitForm(
        _ context: PageContext, units: [OrgUnitModel], values: [String: String], errors: [FieldError], action: SiteRoute
    ) -> BodyNode {
        let form = FormBuilder(context, values: values, errors: errors)
        return form.form(
            action: action, submit: context.t("保存", "Save"),
            [
                form.text("name", context.t("名称", "Name"), required: true),
                form.text(
                    "code", context.t("编码", "Code"), required: true,
                    hint: context.t("唯一，如 D-TECH", "Unique, e.g. D-TECH")),
                form.select(
                    "kind", context.t("类型", "Kind"),
                    options: OrgUnitKind.allCases.map { (value: $0.rawValue, label: context.t($0.title)) },
                    required: true, includeEmpty: false),
                form.select("parentID", context.t("上级单位", "Parent unit"), options: unitOptions(units)),
                form.checkbox("isKeyDepartment", context.t("要害部门部位", "Key department")),
                form.text("sortOrder", context.t("排序", "Sort order"), type: "number"),
            ], id: "unit-form")
    }

    static func newUnit(
        _ context: PageContext, units: [OrgUnitModel], values: [String: String] = ["kind": "department"],
        errors: [FieldError] = []
    ) -> HTML {
        Layout.page(
            context, title: context.t("新建组织机构", "New org unit"),
            [
                H.el(
                    "div", [("class", "card")],
                    [unitForm(context, units: units, values: values, errors: errors, action: .orgUnitNew)])
            ])
    }

    static func unit(
        _ context: PageContext, unit: OrgUnitModel, units: [OrgUnitModel], people: [PersonModel], officer: PersonModel?,
        values: [String: String]? = nil, errors: [FieldError] = [], more: [BodyNode] = []
    ) -> HTML {
        let id = unit.id ?? UUID()
        let parentName = units.first { $0.id == unit.$parent.id }?.name ?? "—"
        var sections: [BodyNode] = [
            H.el(
                "section", [("class", "card")],
                [
                    H.el(
                        "dl", [("class", "facts")],
                        [
                            H.el("dt", [], text: context.t("编码", "Code")), H.el("dd", [], text: unit.code),
                            H.el("dt", [], text: context.t("类型", "Kind")),
                            H.el(
                                "dd", [],
                                text: context.t(
                                    OrgUnitKind(rawValue: unit.kind)?.title
                                        ?? LocalizedText(zh: unit.kind, en: unit.kind))),
                            H.el("dt", [], text: context.t("上级单位", "Parent")), H.el("dd", [], text: parentName),
                            H.el("dt", [], text: context.t("要害部门部位", "Key department")),
                            H.el("dd", [], text: unit.isKeyDepartment ? context.t("是", "Yes") : context.t("否", "No")),
                            H.el("dt", [], text: context.t("归口管理部门", "Managing department")),
                            H.el(
                                "dd", [], text: unit.isManagingDepartment ? context.t("是", "Yes") : context.t("否", "No")
                            ),
                            H.el("dt", [], text: context.t("保密员", "Secrecy officer")),
                            H.el(
                                "dd", [("id", "secrecy-officer")],
                                text: officer?.name ?? context.t("未指定 (T4)", "none (T4)")),
                        ])
                ])
        ]
        if context.can(.manageSecrecyOrganisation) {
            let form = FormBuilder(
                context, values: ["personID": officer?.id?.uuidString ?? ""],
                errors: errors.filter { $0.field == "personID" })
            sections.append(
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el("h2", [], text: context.t("指定保密员 (T4)", "Designate the secrecy officer (T4)")),
                        form.form(
                            action: .orgUnitSecrecyOfficer(id), submit: context.t("指定", "Designate"),
                            [
                                form.select(
                                    "personID", context.t("本部门人员", "A person of this department"),
                                    options: people.map {
                                        (value: $0.id?.uuidString ?? "", label: "\($0.name)（\($0.employeeNumber)）")
                                    })
                            ]),
                    ]
                        + (unit.isManagingDepartment
                            ? []
                            : [
                                H.el("h2", [], text: context.t("归口管理部门", "Managing department")),
                                FormBuilder(context).form(
                                    action: .orgUnitManaging(id),
                                    submit: context.t("设为归口管理部门", "Make this the managing department"), []),
                            ])))
        }
        if context.can(.manageOrganisation) {
            let current =
                values ?? [
                    "name": unit.name, "code": unit.code, "kind": unit.kind,
                    "parentID": unit.$parent.id?.uuidString ?? "",
                    "isKeyDepartment": unit.isKeyDepartment ? "true" : "", "sortOrder": String(unit.sortOrder),
                ]
            sections.append(
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el("h2", [], text: context.t("修改", "Edit")),
                        unitForm(
                            context, units: units.filter { $0.id != id }, values: current,
                            errors: errors.filter { $0.field != "personID" }, action: .orgUnit(id)),
                    ]))
        }
        sections.append(
            H.el(
                "section", [("class", "card")],
                [
                    H.el("h2", [], text: context.t("人员（\(people.count)）", "People (\(people.count))")),
                    H.table(
                        [
                            context.t("工号", "No."), context.t("姓名", "Name"), context.t("岗位", "Post"),
                            context.t("状态", "Status"),
                        ],
                        people.map { person in
                            [
                                .text(person.employeeNumber), H.link(.person(person.id ?? UUID()), person.name),
                                .text(person.post),
                                .text(
                                    context.t(
                                        PersonStatus(rawValue: person.status)?.title
                                            ?? LocalizedText(zh: person.status, en: person.status))),
                            ]
                        }, empty: context.t("本部门还没有人员。", "Nobody in this unit yet.")),
                ]))
        return Layout.page(context, title: unit.name, sections + more)
    }
}
