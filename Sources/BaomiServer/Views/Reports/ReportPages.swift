import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// 报表: the list of reports with their filters, each report's print view, and the self-inspection report.
enum ReportPages {
    static func list(
        _ context: PageContext, filters: ReportFilters, errors: [FieldError], units: [OrgUnitModel],
        catalogue: LevelCatalogue, selfInspection: Bool, currentYear: Int
    ) -> HTML {
        var values: [String: String] = [:]
        if let year = filters.year {
            values["year"] = String(year)
        } else if let year = context.query["year"] {
            values["year"] = year
        }
        if let department = filters.department { values["department"] = department.uuidString }
        if let level = filters.level { values["level"] = level }
        let form = FormBuilder(context, values: values, errors: errors)
        let all = context.t("（全部）", "(all)")
        let filterBar = H.el(
            "form",
            [("method", "get"), ("action", SiteRoute.reports.path), ("class", "filters"), ("id", "report-filters")],
            [
                form.text("year", context.t("年份", "Year"), type: "number", hint: nil),
                form.select(
                    "department", context.t("部门", "Department"), options: OrganisationPages.unitOptions(units),
                    emptyLabel: all),
                form.select(
                    "level", context.t("密级", "Level"),
                    options: catalogue.levels.map { (value: $0.id.rawValue, label: context.t($0.name)) },
                    emptyLabel: all),
                H.el(
                    "div", [("class", "actions")],
                    [H.el("button", [("type", "submit")], text: context.t("应用筛选", "Apply filters"))]),
            ])
        let query = errors.isEmpty ? filters.query : ""
        let rows: [[BodyNode]] = Report.allCases.map { report in
            var applies: [String] = []
            if report.takesYear { applies.append(context.t("年份", "year")) }
            applies.append(context.t("部门", "department"))
            if report.takesLevel { applies.append(context.t("密级", "level")) }
            return [
                H.el("span", [("class", "wrap")], text: context.t(report.title)),
                H.el("span", [("class", "wrap")], text: context.t(report.summary)),
                .text(report.rules),
                .text(applies.joined(separator: context.t("、", ", "))),
                H.el(
                    "span", [],
                    [
                        H.link(.report(report.rawValue), query: query, context.t("打印", "Print"), classes: "button"),
                        .text(" "),
                        H.link(
                            .reportWorkbook(report.rawValue), query: query, context.t("导出 Excel", "Export to Excel"),
                            classes: "button"),
                        .text(" "),
                        H.link(
                            .reportExport(report.rawValue), query: query, context.t("导出 CSV", "Export CSV"),
                            classes: "button"),
                    ]),
            ]
        }
        var content: [BodyNode] = [
            H.el(
                "p", [("class", "muted")],
                text: context.t(
                    "报表按您的权限生成：高于您涉密等级的载体不出现在任何报表中 (A2)；部门保密员只看到本部门 (T5.2)。打印版最多 \(ReportBuilder.printLimit) 行，"
                        + "更多请导出 Excel（最多 \(ReportBuilder.exportLimit) 行）或使用命令 baomi report。",
                    "Reports are made for you: carriers above your clearance are absent from every report (A2); a "
                        + "secrecy officer sees their department (T5.2). Print views stop at \(ReportBuilder.printLimit) "
                        + "rows; export for Excel (up to \(ReportBuilder.exportLimit)) or use `baomi report` for more.")
            ),
            filterBar,
            H.table(
                [
                    context.t("报表", "Report"), context.t("内容", "Contents"), context.t("依据", "Rules"),
                    context.t("可筛选", "Filters"), context.t("打印与导出", "Print and export"),
                ], rows, empty: ""),
        ]
        if selfInspection {
            let year = filters.year ?? currentYear
            content.insert(
                H.el(
                    "section", [("class", "card"), ("id", "self-inspection-card")],
                    [
                        H.el("h2", [], text: context.t("保密自查报告", "Annual self-inspection report")),
                        H.el(
                            "p", [],
                            text: context.t(
                                "汇总全年载体、借阅、清查、涉密人员和合规提醒数据，列出按规则的未关闭问题，留出自查结论与整改措施，供签字归档 (I2)。",
                                "The year's figures for carriers, borrowing, inventories, secret posts and findings, "
                                    + "the open findings by rule, and space for the conclusion and measures, to sign and file (I2)."
                            )),
                        H.el(
                            "form",
                            [
                                ("method", "get"), ("action", SiteRoute.selfInspection.path), ("class", "filters"),
                                ("id", "self-inspection-form"),
                            ],
                            [
                                H.el(
                                    "div", [("class", "field")],
                                    [
                                        H.el("label", [("for", "f-si-year")], text: context.t("年度", "Year")),
                                        H.void(
                                            "input",
                                            [
                                                ("type", "number"), ("id", "f-si-year"), ("name", "year"),
                                                ("value", String(year)), ("min", String(ReportYear.earliest)),
                                                ("max", String(currentYear + 1)),
                                            ]),
                                    ]),
                                H.el(
                                    "div", [("class", "actions")],
                                    [
                                        H.el(
                                            "button", [("type", "submit"), ("class", "primary")],
                                            text: context.t("生成自查报告", "Open the report"))
                                    ]),
                            ]),
                    ]), at: 1)
        }
        return Layout.page(context, title: context.t("报表", "Reports"), content)
    }

    /// A report's print view (UI.md): A4, black on white, the marking at the top and bottom of every page (the
    /// frame's head and foot repeat on each printed page), organisation, title, date, signature lines.
    static func print(
        _ context: PageContext, table: ReportTable, filters: ReportFilters, organisation: String, marking: String,
        printedOn: String
    ) -> HTML {
        var conditions: [String] = []
        if let year = filters.year { conditions.append(context.t("\(year) 年", "year \(year)")) }
        if filters.department != nil { conditions.append(context.t("指定部门", "one department")) }
        if filters.level != nil { conditions.append(context.t("指定密级", "one level")) }
        var body: [BodyNode] = [
            H.el(
                "p", [("class", "report-meta")],
                text: context.t("制表日期：\(printedOn)", "Printed on \(printedOn)") + "　"
                    + context.t("共 \(table.rows.count) 条", "\(table.rows.count) rows")
                    + (conditions.isEmpty
                        ? "" : "　" + context.t("筛选：", "Filters: ") + conditions.joined(separator: "，")))
        ]
        if table.truncated {
            body.append(
                H.el(
                    "p", [("class", "report-note"), ("id", "report-truncated")],
                    text: context.t(
                        "打印版只列出前 \(table.limit) 条；完整台账请导出 Excel 或使用 baomi report。",
                        "Only the first \(table.limit) rows are printed; export for Excel or use `baomi report` for all."
                    )))
        }
        body.append(
            H.table(
                table.headers, table.rows.map { $0.map { BodyNode.text($0) } }, empty: context.t("无记录。", "No records."))
        )
        return document(
            context, title: context.t(table.report.title), organisation: organisation, marking: marking,
            wide: table.report.isWide, body: body)
    }

    /// 保密自查报告 (I2): the year in figures, open findings per rule, and room to write the conclusion by hand.
    static func selfInspection(
        _ context: PageContext, figures: SelfInspectionFigures, catalogue: LevelCatalogue, organisation: String,
        marking: String, printedOn: String
    ) -> HTML {
        func level(_ raw: String) -> String {
            catalogue.definition(LevelID(rawValue: raw)).map { context.t($0.name) } ?? raw
        }
        func facts(_ pairs: [(String, String)]) -> BodyNode {
            H.el(
                "table", [("class", "ledger report-figures")],
                [
                    H.el(
                        "tbody", [],
                        pairs.map { label, value in
                            H.el("tr", [], [H.el("th", [("scope", "row")], text: label), H.el("td", [], text: value)])
                        })
                ])
        }
        func section(_ id: String, _ title: String, _ nodes: [BodyNode]) -> BodyNode {
            H.el("section", [("class", "report-section"), ("id", id)], [H.el("h2", [], text: title)] + nodes)
        }
        let byLevel =
            figures.carriersByLevel.isEmpty
            ? [(context.t("新登记载体", "Carriers registered"), "0")]
            : figures.carriersByLevel.map {
                (context.t("新登记载体：", "Carriers registered: ") + level($0.level), String($0.count))
            }
                + [(context.t("新登记载体合计", "Carriers registered, total"), String(figures.carriersRegistered))]
        let byClass =
            SecretPostClass.descending.filter { $0 != .nonSecret }.map { postClass in
                (
                    context.t(postClass.title),
                    String(figures.peopleByClass.first { $0.postClass == postClass.rawValue }?.count ?? 0)
                )
            } + [
                (context.t("在岗涉密人员合计", "In secret posts, total"), String(figures.peopleInSecretPosts)),
                (context.t("处于脱密期", "In 脱密期"), String(figures.inSeparationPeriod)),
                (context.t("本年调离涉密岗位（进入脱密期）", "Left a secret post this year (脱密期 set)"), String(figures.postsEnded)),
                (context.t("离岗离职人员（办理中或已离职）", "Leaving or departed"), String(figures.leavers)),
            ]
        let findingRows: [[BodyNode]] = figures.openFindingsByRule.map { entry in
            let check = ComplianceCheck(rawValue: entry.check)
            return [
                .text(entry.rule), .text(check.map { context.t($0.title) } ?? entry.check), .text(String(entry.count)),
                .text(String(entry.overdue)),
            ]
        }
        func blankLines(_ id: String, _ count: Int) -> BodyNode {
            H.el(
                "div", [("class", "fill-lines"), ("id", id)],
                (0..<count).map { _ in H.el("div", [("class", "fill-line")]) })
        }
        let body: [BodyNode] = [
            H.el(
                "p", [("class", "report-meta")],
                text: context.t(
                    "自查年度：\(figures.year) 年　制表日期：\(printedOn)", "Year \(figures.year) · printed on \(printedOn)")),
            section(
                "si-carriers", context.t("一、涉密载体 (C1, C2, C3, C5, C8)", "1. Carriers (C1, C2, C3, C5, C8)"),
                [
                    facts(
                        byLevel + [
                            (context.t("制作与复制份数", "Copies made or copied"), String(figures.copiesMade)),
                            (context.t("收文份数", "Copies received"), String(figures.copiesReceived)),
                            (context.t("发文份数", "Copies sent"), String(figures.copiesSent)),
                            (context.t("销毁份数", "Copies destroyed"), String(figures.copiesDestroyed)),
                        ])
                ]),
            section(
                "si-borrowing", context.t("二、借阅与外带 (A6, L1.9)", "2. Borrowing and carrying out (A6, L1.9)"),
                [
                    facts([
                        (context.t("借阅与外带次数", "Borrowings and carryings-out"), String(figures.borrowings)),
                        (
                            context.t("其中逾期归还或逾期未还", "Of which returned late or still out past due"),
                            String(figures.borrowingsOverdue)
                        ),
                        (context.t("目前逾期未还", "Overdue today"), String(figures.overdueNow)),
                    ])
                ]),
            section(
                "si-inventory", context.t("三、清查核对 (C6)", "3. Inventories (C6)"),
                [
                    facts([
                        (context.t("完成清查次数", "Inventories closed"), String(figures.inventoriesClosed)),
                        (context.t("应清点份数", "Copies expected"), String(figures.inventoryExpected)),
                        (context.t("清点到份数", "Copies found"), String(figures.inventoryFound)),
                        (
                            context.t("在管载体清查覆盖率", "Live copies covered by an inventory"),
                            "\(figures.inventoryCoverage)%（\(figures.liveCopiesInventoried)/\(figures.liveCopies)）"
                        ),
                    ])
                ]),
            section(
                "si-people", context.t("四、涉密人员 (A2, A7, T22)", "4. People in secret posts (A2, A7, T22)"),
                [facts(byClass)]),
            section(
                "si-findings", context.t("五、合规提醒 (REMIND)", "5. Compliance findings (REMIND)"),
                [
                    facts([
                        (context.t("本年新发现", "Opened this year"), String(figures.findingsOpened)),
                        (context.t("本年已关闭", "Closed this year"), String(figures.findingsClosed)),
                        (context.t("目前未关闭", "Open today"), String(figures.openFindings)),
                    ]),
                    H.el("h3", [], text: context.t("未关闭问题（按规则）", "Open findings by rule")),
                    H.table(
                        [
                            context.t("规则", "Rule"), context.t("检查项", "Check"), context.t("数量", "Count"),
                            context.t("其中逾期", "Of which overdue"),
                        ], findingRows, empty: context.t("无未关闭的问题。", "No open findings.")),
                ]),
            section(
                "si-conclusion", context.t("六、自查结论", "6. Conclusion of the self-inspection"),
                [blankLines("conclusion-lines", 6)]),
            section("si-measures", context.t("七、整改措施", "7. Rectification measures"), [blankLines("measure-lines", 6)]),
        ]
        return document(
            context, title: context.t("保密自查报告", "Annual self-inspection report"), organisation: organisation,
            marking: marking, wide: false, body: body)
    }

    /// The printed page: a frame whose head and foot carry the marking and repeat on every printed page.
    static func document(
        _ context: PageContext, title: String, organisation: String, marking: String, wide: Bool, body: [BodyNode],
        back: SiteRoute = .reports
    ) -> HTML {
        let markingNode = H.el("div", [("class", "print-marking")], text: marking)
        let signatures = H.el(
            "div", [("class", "signatures"), ("id", "signatures")],
            [
                H.el("span", [], text: context.t("制表人：", "Prepared by: ")),
                H.el("span", [], text: context.t("审核人：", "Checked by: ")),
                H.el("span", [], text: context.t("日期：", "Date: ")),
            ])
        let content: [BodyNode] =
            [
                H.el("p", [("class", "report-org")], text: organisation), H.el("h1", [], text: title),
            ] + body + [signatures]
        return HTML(
            .attribute(named: "lang", value: context.language == .en ? "en" : "zh-CN"),
            .head(
                .meta(.charset(.utf8)), .title(title),
                .link(.rel(.stylesheet), .href(SiteRoute.stylesheet.path))
            ),
            .body(
                .element(
                    named: "div",
                    nodes: [
                        H.attr("class", wide ? "print-page report-print report-wide" : "print-page report-print"),
                        H.el(
                            "p", [("class", "no-print")],
                            [
                                H.link(
                                    back,
                                    back == .reports
                                        ? context.t("← 返回报表", "← Back to reports") : context.t("← 返回", "← Back"))
                            ]),
                        H.el(
                            "table", [("class", "print-frame")],
                            [
                                H.el("thead", [], [H.el("tr", [], [H.el("td", [], [markingNode])])]),
                                H.el("tfoot", [], [H.el("tr", [], [H.el("td", [], [markingNode])])]),
                                H.el("tbody", [], [H.el("tr", [], [H.el("td", [], content)])]),
                            ]),
                    ])
            )
        )
    }
}
