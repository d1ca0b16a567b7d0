import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

struct ReportInfoDTO: Content {
    var name: String
    var title: String
    var zh: String
    var en: String
    var rules: String
    /// The query parameters the report reads: `year`, `department`, `level`.
    var filters: [String]
    /// The print view and the CSV export (pages, signed in by session).
    var printPath: String
    var csvPath: String?
    /// The same as an Excel workbook.
    var xlsxPath: String?
}

struct ReportDTO: Content {
    var report: String
    var title: String
    var marking: String
    var headers: [String]
    var rows: [[String]]
    /// More rows matched than `limit`: the CSV export or `baomi report` has them all.
    var truncated: Bool
    var limit: Int
}

struct SelfInspectionDTO: Content {
    struct OpenFindings: Content {
        var rule: String
        var check: String
        var title: String
        var count: Int
        var overdue: Int
    }

    var year: Int
    var marking: String
    var figures: SelfInspectionFigures
    var openFindingsByRule: [OpenFindings]
}

/// `/api/v1/reports`: the standard ledgers as rows and the self-inspection figures (LEDGERS.md, I2), for the same
/// viewers and with the same clearance rules as the pages (A2, T5.2).
enum ReportsAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let filters: [APIOperation.Parameter] = [
            .year, .department(), .level,
        ]
        registry.register(
            APIOperation(
                method: .GET, path: "reports", operationID: "listReports", tag: "reports",
                summary: "The reports 报表: standard ledgers and the annual self-inspection report",
                responseSchema: "ReportInfo", responseIsArray: true), on: routes, list)
        registry.register(
            APIOperation(
                method: .GET, path: "reports/self-inspection", operationID: "getSelfInspection", tag: "reports",
                summary: "The year's figures of the self-inspection report 保密自查报告 (I2); security office and leaders",
                parameters: [filters[0]], responseSchema: "SelfInspection"), on: routes, selfInspection)
        registry.register(
            APIOperation(
                method: .GET, path: "reports/{name}", operationID: "getReport", tag: "reports",
                summary: "A report's rows: headers and rows as printed and exported (up to 2,000 rows)",
                parameters: [
                    .pathText(
                        "name", description: "A standard ledger; 404 for anything else",
                        values: Report.allCases.map(\.rawValue))
                ] + filters, responseSchema: "Report"), on: routes, report)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewReports)
        var reports = Report.allCases.map { report in
            var filters: [String] = []
            if report.takesYear { filters.append("year") }
            filters.append("department")
            if report.takesLevel { filters.append("level") }
            return ReportInfoDTO(
                name: report.rawValue, title: report.title.bilingual, zh: report.title.zh, en: report.title.en,
                rules: report.rules, filters: filters, printPath: SiteRoute.report(report.rawValue).path,
                csvPath: SiteRoute.reportExport(report.rawValue).path,
                xlsxPath: SiteRoute.reportWorkbook(report.rawValue).path)
        }
        if try await request.reportScope(viewer).mayReadSelfInspection {
            reports.append(
                ReportInfoDTO(
                    name: "self-inspection", title: "保密自查报告 / Annual self-inspection report", zh: "保密自查报告",
                    en: "Annual self-inspection report", rules: "I2", filters: ["year"],
                    printPath: SiteRoute.selfInspection.path, csvPath: nil, xlsxPath: nil))
        }
        return try request.json(reports)
    }

    @Sendable static func report(_ request: Request) async throws -> Response {
        let (table, _) = try await ReportsController.table(request, limit: ReportBuilder.printLimit)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        return try request.json(
            ReportDTO(
                report: table.report.rawValue, title: table.report.title.bilingual,
                marking: ReportsController.marking(
                    table.report.listsCarriers ? table.levels : [], catalogue: catalogue, context: PageContext(request)),
                headers: table.headers, rows: table.rows, truncated: table.truncated, limit: table.limit))
    }

    @Sendable static func selfInspection(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewReports)
        let figures = try await ReportsController.figures(request, viewer: viewer)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        return try request.json(
            SelfInspectionDTO(
                year: figures.year,
                marking: ReportsController.marking(
                    figures.carriersByLevel.filter { $0.count > 0 }.map(\.level), catalogue: catalogue,
                    context: PageContext(request)),
                figures: figures,
                openFindingsByRule: figures.openFindingsByRule.map { entry in
                    SelfInspectionDTO.OpenFindings(
                        rule: entry.rule, check: entry.check,
                        title: ComplianceCheck(rawValue: entry.check)?.title.bilingual ?? entry.check,
                        count: entry.count, overdue: entry.overdue)
                }))
    }
}
