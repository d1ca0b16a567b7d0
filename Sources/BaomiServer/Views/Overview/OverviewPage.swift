import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// 保密工作总览 (issue #5): the figures leaders and the security office look at — tiles on top, then charts drawn
/// on the server (UI.md), each with its numbers as text and as a table.
enum OverviewPage {
    struct Tile {
        let title: String
        let value: String
        let note: String
        /// nil when this viewer cannot open the page behind the figure: the tile is then not a link.
        let link: String?
    }

    /// UI.md's level colours (the stylesheet's `--top-secret`, `--secret`, `--confidential`): 绝密 deep red, 机密
    /// orange-red, 秘密 amber, commercial blue, 内部 grey.
    static func colour(of level: String) -> String {
        switch level {
        case LevelID.topSecret.rawValue: "#8b0000"
        case LevelID.secret.rawValue: "#c2410c"
        case LevelID.confidential.rawValue: "#b45309"
        case LevelID.coreCommercial.rawValue: "#1d4ed8"
        case LevelID.ordinaryCommercial.rawValue: "#2563eb"
        case LevelID.internal.rawValue: "#57606a"
        default: "#6e7781"
        }
    }

    /// The counted levels in the catalogue's order (state secrets highest first, then commercial, then work).
    static func orderedLevels(
        _ figures: OverviewFigures, catalogue: LevelCatalogue
    ) -> [(id: String, name: LocalizedText)] {
        let counted = Set(figures.levels)
        let known = Regime.allCases.flatMap { catalogue.levels(of: $0) }.filter { counted.contains($0.id.rawValue) }
        let unknown = figures.levels.filter { id in !known.contains { $0.id.rawValue == id } }
        return known.map { ($0.id.rawValue, $0.name) } + unknown.map { ($0, LocalizedText(zh: $0, en: $0)) }
    }

    static func render(_ context: PageContext, figures: OverviewFigures, catalogue: LevelCatalogue) -> HTML {
        let words = SVGChart.Words(
            dataTable: context.t("数据表", "Data table"), total: context.t("合计", "Total"),
            noData: context.t("暂无数据", "No data"), category: context.t("类别", "Category"),
            value: context.t("数量", "Count"))
        let levels = orderedLevels(figures, catalogue: catalogue).map { (id: $0.id, name: context.t($0.name)) }
        let levelNames = levels.map(\.name).joined(separator: context.t("、", ", "))
        var content: [BodyNode] = [
            H.el(
                "p", [("class", "lead")],
                text: context.t(
                    "统计日期 \(figures.today)。载体、份数与借阅只计您的密级可见的载体（A2）：\(levelNames.isEmpty ? "无" : levelNames)。",
                    "Figures of \(figures.today). Carriers, copies and borrowings count only what your clearance lets you see (A2): \(levelNames.isEmpty ? "none" : levelNames)."
                ))
        ]
        content.append(tiles(context, figures: figures))
        var charts: [BodyNode] = []
        charts.append(
            SVGChart.horizontalBars(
                id: "chart-carriers-by-level", title: context.t("在册载体（按密级）", "Carriers by level"),
                description: context.t("每个密级登记的载体数 (C1.1)", "Carriers registered at each level (C1.1)"),
                bars: levels.map {
                    .init(label: $0.name, value: figures.carriers(level: $0.id), colour: colour(of: $0.id))
                },
                words: words))
        let liveStates = CopyState.allCases.filter(\.isLive)
        charts.append(
            SVGChart.horizontalBars(
                id: "chart-copies-by-level", title: context.t("在用载体份（按密级）", "Live copies by level"),
                description: context.t(
                    "每个密级未销毁、未丢失、未发出、未解密的载体份数 (C1.2)",
                    "Copies at each level not destroyed, lost, dispatched or declassified (C1.2)"),
                bars: levels.map { level in
                    .init(
                        label: level.name,
                        value: liveStates.reduce(0) { $0 + figures.copies(level: level.id, state: $1.rawValue) },
                        colour: colour(of: level.id))
                }, words: words))
        charts.append(
            SVGChart.stackedColumns(
                id: "chart-live-copies-by-state", title: context.t("在用载体份：状态与密级", "Live copies by state and level"),
                description: context.t(
                    "每种状态的载体份数，按密级分段 (C0)", "Copies in each live state, in segments by level (C0)"),
                categories: liveStates.map { context.t($0.title) },
                series: levels.map { level in
                    .init(
                        label: level.name, colour: colour(of: level.id),
                        values: liveStates.map { figures.copies(level: level.id, state: $0.rawValue) })
                }, words: words))
        charts.append(
            SVGChart.horizontalBars(
                id: "chart-copies-by-state", title: context.t("全部载体份（按状态）", "All copies by state"),
                description: context.t(
                    "每种状态的载体份数，含已销毁、丢失、发出和解密的 (C0)",
                    "Copies in every state, destroyed, lost, dispatched and declassified included (C0)"),
                bars: CopyState.allCases.map { state in
                    .init(
                        label: context.t(state.title), value: figures.copies(state: state.rawValue),
                        colour: state.isLive ? SVGChart.neutral : "#6e7781")
                }, words: words))
        charts.append(
            SVGChart.horizontalBars(
                id: "chart-loans", title: context.t("借出与逾期", "Out on loan and overdue"),
                description: context.t(
                    "已交付未归还的借阅与外带，其中超过归还日期的 (A6, L1.9)",
                    "Borrowings and carryings-out handed over and not back, and those past their return date (A6, L1.9)"
                ),
                bars: [
                    .init(label: context.t("借出未还", "Out"), value: figures.loansOut, colour: SVGChart.neutral),
                    .init(
                        label: context.t("其中逾期 (L1.9)", "Overdue (L1.9)"), value: figures.loansOverdue,
                        colour: "#a40e26"),
                ], words: words))
        let findingsLink = context.can(.viewFindings) ? SiteRoute.findings.path : nil
        charts.append(
            SVGChart.horizontalBars(
                id: "chart-findings-by-rule", title: context.t("未关闭的合规提醒（按规则）", "Open findings by rule"),
                description: context.t(
                    "合规检查发现、尚未关闭的问题，按检查项及其规则", "Open findings of the compliance checks, by check and its rule"),
                bars: figures.openFindingsByCheck.map { entry in
                    let title = ComplianceCheck(rawValue: entry.check).map { context.t($0.title) } ?? entry.check
                    return .init(
                        label: "\(title) (\(entry.rule))", value: entry.count, colour: "#9a4d00", link: findingsLink)
                }, words: words))
        charts.append(
            SVGChart.horizontalBars(
                id: "chart-findings-by-department",
                title: context.t("未关闭的合规提醒（按部门）", "Open findings by department"),
                description: context.t(
                    "未关闭的合规提醒按责任部门；无责任部门的归保密办",
                    "Open findings by responsible department; those of no department are the security office's"),
                bars: figures.openFindingsByDepartment.map { entry in
                    let name =
                        entry.departmentID == nil
                        ? context.t("保密办", "Security office")
                        : entry.name ?? context.t("（已撤销的部门）", "(removed department)")
                    return .init(label: name, value: entry.count, colour: "#9a4d00", link: findingsLink)
                }, words: words))
        let coverage = figures.coverage
        func share(_ covered: Int, _ all: Int) -> Int { all == 0 ? 100 : covered * 100 / all }
        charts.append(
            SVGChart.horizontalBars(
                id: "chart-inventory-coverage", title: context.t("年度清查覆盖率", "Inventory coverage"),
                description: context.t(
                    "存有在用载体的部门和存放位置中，近 12 个月完成清查的比例 (C6)",
                    "Of the departments and places keeping live copies, the share with an inventory closed in the last 12 months (C6)"
                ),
                bars: [
                    .init(
                        label: context.t("部门", "Departments"),
                        value: share(coverage.departmentsCovered, coverage.departments), colour: SVGChart.neutral,
                        note: "%（\(coverage.departmentsCovered)/\(coverage.departments)）"),
                    .init(
                        label: context.t("存放位置", "Places"), value: share(coverage.placesCovered, coverage.places),
                        colour: SVGChart.neutral, note: "%（\(coverage.placesCovered)/\(coverage.places)）"),
                ], maximum: 100, words: words))
        content.append(H.el("div", [("class", "charts")], charts))
        content.append(H.el("h2", [("class", "charts-heading")], text: context.t("近 12 个月趋势", "The last 12 months")))
        content.append(H.el("div", [("class", "charts")], trends(context, figures: figures, words: words)))
        return Layout.page(context, title: context.t("保密工作总览", "Secrecy overview"), content)
    }

    private static func tiles(_ context: PageContext, figures: OverviewFigures) -> BodyNode {
        let carriers = context.can(.viewCarriers)
        let keeper = context.can(.manageCarriers)
        let borrowing = SiteRoute.register(Register.borrowing.rawValue).path
        let coverage = figures.coverage
        let tiles = [
            Tile(
                title: context.t("在册载体", "Carriers"), value: String(figures.carriers),
                note: context.t("登记的涉密载体 (C1.1)", "registered (C1.1)"),
                link: carriers ? SiteRoute.carriers.path : nil),
            Tile(
                title: context.t("在用载体份", "Live copies"), value: String(figures.liveCopies),
                note: context.t("全部 \(figures.copies()) 份", "\(figures.copies()) in all"),
                link: carriers ? SiteRoute.carrierCopies.path : nil),
            Tile(
                title: context.t("借出未还", "Out on loan"), value: String(figures.loansOut),
                note: context.t("借阅与外带 (A6)", "borrowed or carried out (A6)"), link: keeper ? borrowing : nil),
            Tile(
                title: context.t("逾期未还", "Overdue"), value: String(figures.loansOverdue),
                note: context.t("超过归还日期 (L1.9)", "past the return date (L1.9)"), link: keeper ? borrowing : nil),
            Tile(
                title: context.t("未关闭的合规提醒", "Open findings"), value: String(figures.openFindings),
                note: context.t("合规提醒", "compliance findings"),
                link: context.can(.viewFindings) ? SiteRoute.findings.path : nil),
            Tile(
                title: context.t("清查覆盖率", "Inventory coverage"), value: "\(coverage.percent)%",
                note: context.t(
                    "近 12 个月已清查 \(coverage.departmentsCovered + coverage.placesCovered)/\(coverage.departments + coverage.places) (C6)",
                    "\(coverage.departmentsCovered + coverage.placesCovered) of \(coverage.departments + coverage.places) inventoried in 12 months (C6)"
                ), link: keeper ? SiteRoute.inventories.path : nil),
        ]
        return H.el(
            "div", [("class", "tiles"), ("id", "overview-tiles")],
            tiles.map { tile in
                let parts: [BodyNode] = [
                    H.el("span", [("class", "tile-value")], text: tile.value),
                    H.el("span", [("class", "tile-title")], text: tile.title),
                    H.el("span", [("class", "tile-note")], text: tile.note),
                ]
                return tile.link.map { H.el("a", [("class", "tile"), ("href", $0)], parts) }
                    ?? H.el("div", [("class", "tile")], parts)
            })
    }

    private static func trends(_ context: PageContext, figures: OverviewFigures, words: SVGChart.Words) -> [BodyNode] {
        let months = figures.months
        let categories = months.map { month in
            let number = Int(month.month.suffix(2)) ?? 0
            return context.t("\(number)月", monthAbbreviations[safe: number - 1] ?? String(number))
        }
        // The year under the first month and under every January.
        let sublabels = months.enumerated().map { index, month in
            index == 0 || month.month.hasSuffix("-01") ? String(month.month.prefix(4)) : ""
        }
        let range = "\(months.first?.month ?? "")–\(months.last?.month ?? "")"
        func chart(
            _ id: String, _ zh: String, _ en: String, _ rule: String, colour: String, _ values: [Int]
        )
            -> BodyNode
        {
            SVGChart.stackedColumns(
                id: id, title: context.t(zh, en),
                description: context.t("\(range) 每月\(zh) (\(rule))", "\(en) per month, \(range) (\(rule))"),
                categories: categories, sublabels: sublabels,
                series: [.init(label: context.t(zh, en), colour: colour, values: values)], words: words)
        }
        return [
            chart(
                "chart-trend-registered", "新登记载体", "Carriers registered", "C1.1", colour: SVGChart.neutral,
                months.map(\.carriersRegistered)),
            chart(
                "chart-trend-destroyed", "销毁载体份", "Copies destroyed", "C8", colour: "#57606a",
                months.map(\.copiesDestroyed)),
            chart(
                "chart-trend-borrowed", "借出（借阅与外带）", "Borrowings handed over", "A6", colour: "#1a7f37",
                months.map(\.borrowingsIssued)),
            chart(
                "chart-trend-findings", "新增合规提醒", "Findings opened", "REMIND", colour: "#9a4d00",
                months.map(\.findingsOpened)),
        ]
    }

    static let monthAbbreviations = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
