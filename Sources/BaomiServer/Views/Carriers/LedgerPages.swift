import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// The carrier ledger and the copy ledger (LEDGERS.md), with filters in the URL, a count, paging, CSV and print.
enum LedgerPages {
    struct Filters {
        var values: [String: String]
        var page: Int
        var pageSize: Int
        var total: Int
        /// Filters that named nothing (#12): shown beside their fields, over an empty ledger.
        var errors: [FieldError] = []

        var queryWithoutPage: String {
            values.filter { !$0.value.isEmpty && $0.key != "page" }.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&")
        }
    }

    static func filterBar(
        _ context: PageContext, route: SiteRoute, filters: Filters, catalogue: LevelCatalogue, units: [OrgUnitModel],
        places: [StoragePlaceModel]?, states: Bool
    ) -> BodyNode {
        let form = FormBuilder(context, values: filters.values, errors: filters.errors)
        let all = context.t("（全部）", "(all)")
        var fields: [BodyNode] = [
            form.select(
                "level", context.t("密级", "Level"),
                options: catalogue.levels.map { (value: $0.id.rawValue, label: context.t($0.name)) }, emptyLabel: all)
        ]
        if states {
            fields.append(
                form.select(
                    "state", context.t("状态", "State"),
                    options: CopyState.allCases.map { (value: $0.rawValue, label: context.t($0.title)) },
                    emptyLabel: all))
            fields.append(form.checkbox("awaiting", context.t("待本部门签收 (C2)", "Awaiting our receipt (C2)"), value: "1"))
        }
        fields.append(
            form.select(
                "department", context.t("部门", "Department"), options: OrganisationPages.unitOptions(units),
                emptyLabel: all))
        if let places {
            fields.append(
                form.select(
                    "place", context.t("存放位置", "Place"),
                    options: places.map { (value: $0.id?.uuidString ?? "", label: $0.name) }, emptyLabel: all))
        } else {
            fields.append(
                form.select(
                    "source", context.t("来源", "Source"),
                    options: CarrierSource.allCases.map { (value: $0.rawValue, label: context.t($0.title)) },
                    emptyLabel: all))
        }
        fields.append(form.text("from", context.t("起始日期", "From"), type: "date"))
        fields.append(form.text("until", context.t("截止日期", "Until"), type: "date"))
        fields.append(form.text("q", context.t("名称或文号", "Title or number")))
        fields.append(
            H.el("div", [("class", "actions")], [H.el("button", [("type", "submit")], text: context.t("筛选", "Filter"))])
        )
        return H.el("form", [("method", "get"), ("action", route.path), ("class", "filters")], fields)
    }

    static func toolbar(
        _ context: PageContext, filters: Filters, export: SiteRoute, workbook: SiteRoute, route: SiteRoute
    ) -> BodyNode {
        let query = filters.queryWithoutPage
        var items: [BodyNode] = []
        if context.can(.manageCarriers) {
            items.append(
                H.link(.classificationNew, context.t("定密审批", "Classification"), classes: "button primary"))
            items.append(H.link(.carrierNew, context.t("登记载体", "Register a carrier"), classes: "button"))
        }
        items += downloadButtons(context, csv: export, workbook: workbook, query: query.isEmpty ? "" : "?" + query)
        items.append(
            H.link(
                route, query: "?" + (query.isEmpty ? "" : query + "&") + "print=1", context.t("打印", "Print"),
                classes: "button"))
        return H.el("div", [("class", "toolbar")], items)
    }

    /// The two downloads of every ledger and register: an Excel workbook (opens with its Chinese intact) and CSV.
    static func downloadButtons(
        _ context: PageContext, csv: SiteRoute, workbook: SiteRoute, query: String
    ) -> [BodyNode] {
        [
            H.link(workbook, query: query, context.t("导出 Excel", "Export to Excel"), classes: "button"),
            H.link(csv, query: query, context.t("导出 CSV", "Export CSV"), classes: "button"),
        ]
    }

    /// "共 123 份", or "超过 10000 份" when counting stopped at the cap.
    static func countText(_ total: Int, context: PageContext, zhUnit: String, enUnit: String) -> String {
        if total > CarrierLedgerQuery.countCap {
            return context.t(
                "超过 \(CarrierLedgerQuery.countCap) \(zhUnit)", "more than \(CarrierLedgerQuery.countCap) \(enUnit)")
        }
        return context.t("共 \(total) \(zhUnit)", "\(total) \(enUnit)")
    }

    static func pager(_ context: PageContext, route: SiteRoute, filters: Filters) -> BodyNode {
        let pages = max(1, (filters.total + filters.pageSize - 1) / filters.pageSize)
        let base = filters.queryWithoutPage
        func link(_ page: Int, _ text: String) -> BodyNode {
            H.link(route, query: "?" + (base.isEmpty ? "" : base + "&") + "page=\(page)", text)
        }
        var items: [BodyNode] = []
        if filters.page > 1 { items.append(link(filters.page - 1, context.t("← 上一页", "← Previous"))) }
        let more = filters.total > CarrierLedgerQuery.countCap ? "+" : ""
        items.append(
            H.el(
                "span", [],
                text: context.t("第 \(filters.page) / \(pages)\(more) 页", "Page \(filters.page) of \(pages)\(more)")))
        if filters.page < pages || !more.isEmpty { items.append(link(filters.page + 1, context.t("下一页 →", "Next →"))) }
        return H.el("nav", [("class", "pager"), ("aria-label", context.t("分页", "Pages"))], items)
    }

    /// A carrier's cells on the ledger page: the table's text, with the number linked, the level as its badge, and
    /// the long texts free to wrap.
    static func carrierCells(
        _ row: CarrierLedgerTable.Row, index: Int, table: CarrierLedgerTable, context: PageContext
    ) -> [BodyNode] {
        let texts = table.cells(row, index: index)
        let wrapping: Set<Int> = [2, 7, 11, 12, 13, 14]
        var cells = texts.enumerated().map { column, text in
            wrapping.contains(column) ? H.el("span", [("class", "wrap")], text: text) : .text(text.isEmpty ? "—" : text)
        }
        cells[1] = H.link(.carrier(row.carrier.carrierID), row.carrier.number)
        cells[5] = CarrierPresentation.levelBadge(row.carrier.level, catalogue: table.catalogue, context: context)
        return cells
    }

    static func carriers(
        _ context: PageContext, rows: [CarrierLedgerTable.Row], table: CarrierLedgerTable, filters: Filters,
        catalogue: LevelCatalogue, units: [OrgUnitModel]
    ) -> HTML {
        let offset = (filters.page - 1) * filters.pageSize
        let tableRows = rows.enumerated().map { index, row in
            carrierCells(row, index: offset + index + 1, table: table, context: context)
        }
        return Layout.page(
            context, title: context.t("涉密载体台账", "Carrier ledger"),
            [
                toolbar(
                    context, filters: filters, export: .carrierExport, workbook: .carrierWorkbook, route: .carriers),
                filterBar(
                    context, route: .carriers, filters: filters, catalogue: catalogue, units: units, places: nil,
                    states: false),
                H.el(
                    "p", [("class", "count"), ("id", "ledger-count")],
                    text: countText(filters.total, context: context, zhUnit: "件", enUnit: "carriers")),
                H.el(
                    "div", [("class", "carrier-ledger")],
                    [H.table(table.headers, tableRows, empty: context.t("没有符合条件的载体。", "No carriers match."))]),
                pager(context, route: .carriers, filters: filters),
            ])
    }

    static func copyHeaders(_ context: PageContext) -> [String] {
        [
            context.t("序号", "No."), context.t("载体编号", "Carrier no."), context.t("载体名称", "Title"),
            context.t("份号", "Copy"),
            context.t("密级", "Level"), context.t("当前状态", "State"), context.t("持有人或存放位置", "Holder or place"),
            context.t("最后变动日期", "Last change"),
        ]
    }

    static func whereabouts(_ row: CarrierLedgerQuery.CopyRow) -> String {
        CopyLedgerTable.whereabouts(row)
    }

    static func copyCells(
        _ row: CarrierLedgerQuery.CopyRow, index: Int, context: PageContext, catalogue: LevelCatalogue, links: Bool
    ) -> [BodyNode] {
        let serial = CarrierPresentation.serial(row.serial, of: row.copyCount, context: context)
        return [
            .text(String(index)), links ? H.link(.carrier(row.carrierID), row.number) : .text(row.number),
            H.el("span", [("class", "wrap")], text: row.title),
            links ? H.link(.copy(row.copyID), serial) : .text(serial),
            CarrierPresentation.levelBadge(row.level, catalogue: catalogue, context: context),
            CarrierPresentation.state(row.state, context: context), .text(whereabouts(row)),
            .text(String(DisplayTime.format(row.lastChangedAt).prefix(10))),
        ]
    }

    static func copies(
        _ context: PageContext, rows: [CarrierLedgerQuery.CopyRow], filters: Filters, catalogue: LevelCatalogue,
        units: [OrgUnitModel],
        places: [StoragePlaceModel]
    ) -> HTML {
        let offset = (filters.page - 1) * filters.pageSize
        let tableRows = rows.enumerated().map {
            copyCells($1, index: offset + $0 + 1, context: context, catalogue: catalogue, links: true)
        }
        return Layout.page(
            context, title: context.t("涉密载体份号台账", "Copy ledger"),
            [
                toolbar(
                    context, filters: filters, export: .copiesExport, workbook: .copiesWorkbook, route: .carrierCopies),
                filterBar(
                    context, route: .carrierCopies, filters: filters, catalogue: catalogue, units: units,
                    places: places, states: true),
                H.el(
                    "p", [("class", "count"), ("id", "ledger-count")],
                    text: countText(filters.total, context: context, zhUnit: "份", enUnit: "copies")),
                H.table(copyHeaders(context), tableRows, empty: context.t("没有符合条件的载体份。", "No copies match.")),
                pager(context, route: .carrierCopies, filters: filters),
            ])
    }

    /// The print view of a ledger or register (UI.md): A4 landscape with every column fitted to the page, black on
    /// white, the marking at the top and bottom of every printed page, signature lines, no navigation.
    static func print(
        _ context: PageContext, title: String, headers: [String], rows: [[String]], marking: String,
        organisation: String, printedOn: String, truncated: Bool, back: SiteRoute
    ) -> HTML {
        var body: [BodyNode] = [
            H.el(
                "p", [("class", "report-meta")],
                text: context.t("制表日期：\(printedOn)", "Printed on \(printedOn)") + "　"
                    + context.t("共 \(rows.count) 条", "\(rows.count) rows"))
        ]
        if truncated {
            body.append(
                H.el(
                    "p", [("class", "report-note"), ("id", "print-truncated")],
                    text: context.t(
                        "打印版只列出前 \(rows.count) 条；完整台账请导出 Excel。",
                        "Only the first \(rows.count) rows are printed; export to Excel for all.")))
        }
        body.append(
            H.table(headers, rows.map { $0.map { BodyNode.text($0) } }, empty: context.t("无记录。", "No records.")))
        return ReportPages.document(
            context, title: title, organisation: organisation, marking: marking, wide: true, body: body, back: back)
    }
}
