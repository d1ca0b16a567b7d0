import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// Storage places (C6, L1.2), projects (A1) and the level catalogue (A1, T30).
enum PlacePages {
    static func list(_ context: PageContext, places: [StoragePlaceModel], catalogue: LevelCatalogue) -> HTML {
        let rows: [[BodyNode]] = places.map { place in
            [
                .text(place.code),
                context.can(.manageStoragePlaces) ? H.link(.place(place.id ?? UUID()), place.name) : .text(place.name),
                .text(CarrierPresentation.title(place.kind, StorageClass.self, context: context, title: \.title)),
                CarrierPresentation.levelBadge(place.maxLevel, catalogue: catalogue, context: context),
                .text(keeps(place, catalogue: catalogue, context: context)),
                .text(place.department.name), .text(place.custodian?.name ?? "—"),
                .text(place.location.isEmpty ? "—" : place.location),
            ]
        }
        var actions: [BodyNode] = []
        if context.can(.manageStoragePlaces) {
            actions.append(H.link(.placeNew, context.t("新建存放位置", "New storage place"), classes: "button primary"))
        }
        return Layout.page(
            context, title: context.t("存放位置", "Storage places"),
            [
                H.el("div", [("class", "toolbar")], actions),
                H.el(
                    "p", [("class", "muted")],
                    text: context.t(
                        "每个位置登记可存放或阅读的最高密级；绝密须存放于密码保险柜，机密、秘密须存放于密码文件柜或更高等级设施；办公室、阅览室是阅办场所，不存放载体 (C6, L2)。",
                        "Each place records the highest level it may hold or be read in; 绝密 needs a combination safe, 机密/秘密 a combination file cabinet or better; offices and reading rooms are places of use and keep nothing (C6, L2)."
                    )),
                H.table(
                    [
                        context.t("编号", "Code"), context.t("名称", "Name"), context.t("类型", "Kind"),
                        context.t("最高密级", "Highest level"), context.t("可存放", "Keeps"),
                        context.t("部门", "Department"), context.t("保管人", "Custodian"), context.t("位置", "Location"),
                    ],
                    rows, empty: context.t("还没有存放位置。", "No storage places yet.")),
            ])
    }

    /// What a place may keep (C6): up to the lower of its own highest level and its kind's, or nothing for a place
    /// of use.
    static func keeps(_ place: StoragePlaceModel, catalogue: LevelCatalogue, context: PageContext) -> String {
        guard let kind = StorageClass(rawValue: place.kind), let highest = catalogue.highestStorable(in: kind) else {
            return context.t("阅办场所，不存放载体", "A place of use: keeps nothing")
        }
        let own = catalogue.definition(LevelID(rawValue: place.maxLevel))
        let level = own.map { $0.protectionWeight < highest.protectionWeight ? $0 : highest } ?? highest
        return context.t("至\(level.name.zh)", "up to \(level.name.en)")
    }

    static func form(
        _ context: PageContext, id: UUID?, values: [String: String], errors: [FieldError], units: [OrgUnitModel],
        people: [PersonModel],
        catalogue: LevelCatalogue
    ) -> HTML {
        let form = FormBuilder(context, values: values, errors: errors)
        return Layout.page(
            context,
            title: id == nil ? context.t("新建存放位置", "New storage place") : context.t("修改存放位置", "Edit storage place"),
            [
                H.el(
                    "div", [("class", "card")],
                    [
                        form.form(
                            action: id.map { .place($0) } ?? .placeNew, submit: context.t("保存", "Save"),
                            [
                                form.text("code", context.t("编号", "Code"), required: true),
                                form.text("name", context.t("名称", "Name"), required: true),
                                // Each kind with the highest level it may keep, from the configured levels (C6).
                                form.select(
                                    "kind", context.t("类型", "Kind"),
                                    options: StorageClass.allCases.map { kind in
                                        let keeps =
                                            catalogue.highestStorable(in: kind).map {
                                                context.t("最高存放\($0.name.zh)", "keeps up to \($0.name.en)")
                                            } ?? context.t("阅办场所，不存放", "place of use, keeps nothing")
                                        return (value: kind.rawValue, label: "\(context.t(kind.title))（\(keeps)）")
                                    }, required: true),
                                form.select(
                                    "maxLevel", context.t("最高密级（存放或阅办）", "Highest level (kept or read)"),
                                    options: catalogue.levels.map {
                                        (value: $0.id.rawValue, label: context.t($0.name))
                                    }, required: true),
                                form.select(
                                    "departmentID", context.t("部门", "Department"),
                                    options: OrganisationPages.unitOptions(units), required: true),
                                form.select(
                                    "custodianID", context.t("保管人", "Custodian"),
                                    options: people.map {
                                        (value: $0.id?.uuidString ?? "", label: "\($0.name)（\($0.department.name)）")
                                    }),
                                form.text("location", context.t("位置", "Location")),
                            ], id: "place-form")
                    ])
            ])
    }

    static func projects(
        _ context: PageContext, projects: [ProjectModel], catalogue: LevelCatalogue, values: [String: String] = [:],
        errors: [FieldError] = []
    ) -> HTML {
        let rows: [[BodyNode]] = projects.map { project in
            [
                .text(project.code),
                context.can(.trackKeyProjects) && project.id != nil
                    ? H.link(.keyProjects(.project(project.id ?? UUID())), project.name) : .text(project.name),
                CarrierPresentation.levelBadge(project.level, catalogue: catalogue, context: context),
                .text(project.isKeyProject ? context.t("是", "Yes") : ""), .text(project.endsOn ?? ""),
            ]
        }
        var sections: [BodyNode] = [
            H.table(
                [
                    context.t("项目编号", "Code"), context.t("名称", "Name"), context.t("密级", "Level"),
                    context.t("重大项目", "Key project"), context.t("结束日期", "Ends on"),
                ], rows,
                empty: context.t("还没有涉密项目。", "No projects yet."))
        ]
        if context.can(.manageStoragePlaces) {
            let form = FormBuilder(context, values: values, errors: errors)
            sections.append(
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el("h2", [], text: context.t("新建涉密项目", "New project")),
                        form.form(
                            action: .projects, submit: context.t("新建", "Create"),
                            [
                                form.text("code", context.t("项目编号", "Code"), required: true),
                                form.text("name", context.t("名称", "Name"), required: true),
                                form.select(
                                    "level", context.t("密级", "Level"),
                                    options: catalogue.levels.map {
                                        (value: $0.id.rawValue, label: context.t($0.name))
                                    }, required: true),
                                form.checkbox("isKeyProject", context.t("重大科技计划项目 (T10)", "Key project (T10)")),
                            ], id: "project-form"),
                    ]))
        }
        return Layout.page(context, title: context.t("涉密项目", "Projects"), sections)
    }

    static func levels(_ context: PageContext, catalogue: LevelCatalogue, errors: [FieldError] = []) -> HTML {
        let cards = catalogue.levels.map { level -> BodyNode in
            let values: [String: String] = [
                "maximumYears": level.maximumYears.map(String.init) ?? "",
                "serialNumbersRequired": level.serialNumbersRequired ? "true" : "",
                "twoPersonTransmission": level.twoPersonTransmission ? "true" : "",
                "copyNeedsOriginatorApproval": level.copyNeedsOriginatorApproval ? "true" : "",
                "minimumStorage": level.minimumStorage.rawValue,
                "destructionSupervisors": String(level.destructionSupervisors),
                "channels[]": level.channels.map(\.rawValue).joined(separator: ","), "level": level.id.rawValue,
            ]
            let form = FormBuilder(
                context, values: values,
                errors: errors.filter { $0.field.hasPrefix(level.id.rawValue) || $0.field == "levels" })
            var fields: [BodyNode] = [
                H.void("input", [("type", "hidden"), ("name", "level"), ("value", level.id.rawValue)])
            ]
            if level.regime == .state {
                fields.append(
                    form.text(
                        "maximumYears", context.t("最长保密期限（年）(C9)", "Longest period in years (C9)"), required: true,
                        type: "number"))
            }
            fields += [
                form.checkbox("serialNumbersRequired", context.t("须编份号 (C1.2)", "Serial numbers (C1.2)")),
                H.el(
                    "div", [("class", "field")],
                    [H.el("span", [], text: context.t("允许的传递方式 (C3)", "Allowed channels (C3)"))]
                        + TransmissionChannel.allCases.filter { !$0.isForbiddenForClassified }.map {
                            form.checkbox("channels[]", context.t($0.title), value: $0.rawValue)
                        }),
                form.checkbox(
                    "twoPersonTransmission", context.t("双人护送、密封包装 (C3)", "Two escorts, sealed packaging (C3)")),
                form.checkbox(
                    "copyNeedsOriginatorApproval",
                    context.t("复制须原定密机关批准 (C5.1)", "Copying needs the originator's approval (C5.1)")),
                form.select(
                    "minimumStorage", context.t("最低存放设施 (C6)", "Minimum storage (C6)"),
                    options: StorageClass.allCases.map { (value: $0.rawValue, label: context.t($0.title)) },
                    required: true, includeEmpty: false),
                form.text(
                    "destructionSupervisors", context.t("监销人数（≥2）(C8)", "Destruction supervisors (≥2) (C8)"),
                    required: true, type: "number"),
            ]
            return H.el(
                "section", [("class", "card"), ("id", "level-\(level.id.rawValue)")],
                [
                    H.el(
                        "h2", [],
                        [
                            CarrierPresentation.levelBadge(level.id.rawValue, catalogue: catalogue, context: context),
                            .text(" " + context.t(level.regime.title)),
                        ]),
                    context.can(.manageLevels)
                        ? form.form(action: .levels, submit: context.t("保存", "Save"), fields) : .empty,
                ])
        }
        return Layout.page(
            context, title: context.t("密级设置", "Classification levels"),
            [
                H.el(
                    "p", [("class", "muted")],
                    text: context.t(
                        "以国家规定为默认值；修改记入审计日志 (A1, T30)。", "National defaults; every change is audited (A1, T30)."))
            ] + cards)
    }
}
