import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// Inventory campaigns (C6): open one, tick off what is found, see what is missing or unexpected.
enum InventoryPages {
    static func list(
        _ context: PageContext, inventories: [InventoryModel], units: [OrgUnitModel], places: [StoragePlaceModel],
        values: [String: String] = [:],
        errors: [FieldError] = []
    ) -> HTML {
        let rows: [[BodyNode]] = inventories.map { inventory in
            let missing = inventory.items.filter { !$0.found }.count
            return [
                H.link(.inventory(inventory.id ?? UUID()), inventory.name),
                .text(context.dateTime(inventory.createdAt)), .text(inventory.createdBy),
                .text(String(inventory.items.count)), .text(String(inventory.items.count - missing)),
                .text(String(missing)),
                .text(inventory.closedAt == nil ? context.t("进行中", "Open") : context.t("已结束", "Closed")),
            ]
        }
        var sections: [BodyNode] = [
            H.table(
                [
                    context.t("名称", "Name"), context.t("发起时间", "Opened"), context.t("发起人", "By"),
                    context.t("应有", "Expected"),
                    context.t("已核对", "Found"), context.t("未找到", "Missing"), context.t("状态", "State"),
                ],
                rows, empty: context.t("还没有清查。", "No inventories yet."))
        ]
        if context.can(.manageCarriers) {
            let form = FormBuilder(context, values: values, errors: errors)
            sections.insert(
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el("h2", [], text: context.t("发起清查（每年至少一次，C6）", "Open an inventory (at least yearly, C6)")),
                        form.form(
                            action: .inventories, submit: context.t("发起", "Open"),
                            [
                                form.text("name", context.t("名称", "Name"), required: true),
                                form.select(
                                    "departmentID", context.t("部门", "Department"),
                                    options: OrganisationPages.unitOptions(units)),
                                form.select(
                                    "placeID", context.t("或存放位置", "Or storage place"),
                                    options: places.map { (value: $0.id?.uuidString ?? "", label: $0.name) }),
                            ]
                                + errors.filter { $0.field == "scope" }.map {
                                    H.el("div", [("class", "field-error")], text: context.t($0.message) + " (C6)")
                                }, id: "inventory-form"),
                    ]), at: 0)
        }
        return Layout.page(context, title: context.t("清查", "Inventories"), sections)
    }

    static func detail(
        _ context: PageContext, inventory: InventoryModel, catalogue: LevelCatalogue, message: String? = nil
    ) -> HTML {
        let id = inventory.id ?? UUID()
        // What each copy was to be found as, and where, as it was when the inventory opened (principle 12).
        func row(_ item: InventoryItemModel) -> [BodyNode] {
            let copy = item.copy
            let was = item.snapshot
            return [
                H.link(.copy(copy.id ?? UUID()), "\(was.carrierNumber)/\(copy.serial)"),
                H.el("span", [("class", "wrap")], text: was.carrierTitle),
                CarrierPresentation.levelBadge(was, catalogue: catalogue, context: context),
                .text(CarrierPresentation.whereabouts(was)),
                CarrierPresentation.state(copy.state, context: context),
                .text(item.found ? context.t("已找到", "Found") + " · \(item.foundBy)" : context.t("未找到", "Missing")),
            ]
        }
        let headers = [
            context.t("份号", "Copy"), context.t("名称", "Title"), context.t("密级", "Level"),
            context.t("应在", "Should be at"), context.t("状态", "State"), context.t("核对", "Check"),
        ]
        let missing = inventory.items.filter { !$0.found }
        let unexpected = inventory.unexpected.split(separator: "\n").map(String.init)
        var sections: [BodyNode] = []
        if let message {
            sections.append(H.el("div", [("class", "alert alert-ok"), ("role", "status")], text: message))
        }
        if inventory.closedAt == nil && context.can(.manageCarriers) {
            let form = FormBuilder(context)
            sections.append(
                H.el(
                    "section", [("class", "card")],
                    [
                        H.el("h2", [], text: context.t("核对", "Tick off")),
                        H.el(
                            "form",
                            [
                                ("method", "post"), ("action", SiteRoute.inventoryTick(id).path), ("class", "form"),
                                ("id", "tick-form"),
                            ],
                            [
                                form.csrf(),
                                H.el(
                                    "div", [("class", "field")],
                                    [
                                        H.el(
                                            "label", [("for", "f-codes")],
                                            text: context.t(
                                                "找到的份号（每行一个，如 2026-017/3，可扫码录入）",
                                                "Copies found (one per line, e.g. 2026-017/3; a scanner types them)")),
                                        H.el(
                                            "textarea",
                                            [("id", "f-codes"), ("name", "codes"), ("rows", "5"), ("cols", "40")],
                                            text: ""),
                                    ]),
                                H.el(
                                    "div", [("class", "actions")],
                                    [
                                        H.el(
                                            "button", [("type", "submit"), ("class", "primary")],
                                            text: context.t("核对", "Tick off"))
                                    ]),
                            ]),
                        FormBuilder(context).form(
                            action: .inventoryClose(id), submit: context.t("结束清查", "Close the inventory"), [],
                            primary: false,
                            confirm: context.t("结束后不能再核对，确认结束？", "No more ticking after closing. Close it?")),
                    ]))
        }
        sections.append(
            H.el(
                "section", [("class", "card"), ("id", "missing")],
                [
                    H.el(
                        "h2", [],
                        text: context.t(
                            "未找到（\(missing.count)）— 可在份页面报告丢失",
                            "Missing (\(missing.count)) — report lost from the copy's page")),
                    H.table(headers, missing.map(row), empty: context.t("全部找到。", "Everything was found.")),
                ]))
        sections.append(
            H.el(
                "section", [("class", "card"), ("id", "unexpected")],
                [
                    H.el(
                        "h2", [], text: context.t("不在清单上（\(unexpected.count)）", "Not on the list (\(unexpected.count))")
                    ),
                    H.el("ul", [], unexpected.map { H.el("li", [], text: $0) }),
                ]))
        sections.append(
            H.el(
                "section", [("class", "card")],
                [
                    H.el(
                        "h2", [],
                        text: context.t(
                            "全部应有（\(inventory.items.count)）", "Everything expected (\(inventory.items.count))")),
                    H.table(headers, inventory.items.map(row), empty: ""),
                ]))
        return Layout.page(context, title: context.t("清查：", "Inventory: ") + inventory.name, sections)
    }
}
