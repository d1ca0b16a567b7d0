import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

/// 报表: the standard ledgers as print views and CSV for Excel (LEDGERS.md), and the annual self-inspection report
/// (保密自查报告, I2). Every report is read as the viewer may see it (A2, T5.2).
enum ReportsController {
    /// The year today, in the organisation's time zone.
    static func currentYear(_ request: Request) -> Int {
        Int(ClearanceRepository.today(request.baomi.clock()).prefix(4)) ?? 2026
    }

    /// `?year=&department=&level=`; a bad value is a 400 naming what is accepted (#12).
    static func filters(_ request: Request) async throws -> ReportFilters {
        var parameters = QueryParameters(request)
        var filters = ReportFilters()
        filters.year = parameters.integer("year", ReportYear.earliest...(currentYear(request) + 1))
        if parameters.raw("department") != nil {
            filters.department = parameters.department(
                "department", units: try await request.baomi.organisation.units(on: request.db))
        }
        filters.level = parameters.level(
            "level", catalogue: try await request.baomi.settings.levelCatalogue(on: request.db))
        try parameters.check()
        return filters
    }

    /// The report named in the path, for this viewer: unknown names are 404, a staff account 403 (S1).
    static func table(_ request: Request, limit: Int) async throws -> (ReportTable, Viewer) {
        let viewer = try await request.require(.viewReports)
        let report = try Report(name: request.parameters.get("report") ?? request.parameters.get("name") ?? "")
        let builder = ReportBuilder(
            request: request, context: PageContext(request), scope: try await request.reportScope(viewer),
            filters: try await filters(request),
            catalogue: try await request.baomi.settings.levelCatalogue(on: request.db), limit: limit)
        return (try await builder.table(report), viewer)
    }

    /// The organisation's name for the head of a printed report: the top unit of the tree.
    static func organisationName(_ request: Request) async throws -> String {
        let units = try await request.baomi.organisation.units(on: request.db)
        return units.first { $0.kind == "unit" && $0.$parent.id == nil }?.name ?? ""
    }

    /// The marking a printed report carries at the top and bottom of every page: the highest level on it, or the
    /// lowest work level when it lists no carriers (UI.md print view).
    static func marking(_ levels: [String], catalogue: LevelCatalogue, context: PageContext) -> String {
        let highest = LedgerController.highestMarking(levels, catalogue: catalogue)
        if !highest.isEmpty { return highest }
        return catalogue.levels(of: .work).min { $0.rank < $1.rank }.map { $0.name.zh } ?? ""
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewReports)
        let context = PageContext(request)
        let scope = try await request.reportScope(viewer)
        var filters = ReportFilters()
        var errors: [FieldError] = []
        do {
            filters = try await self.filters(request)
        } catch RequestFailure.invalidFields(let fieldErrors, _) {
            errors = fieldErrors
        }
        let units = try await request.baomi.organisation.units(on: request.db).filter { unit in
            scope.departments.map { unit.id.map($0.contains) ?? false } ?? true
        }
        return try await HTMLPage(
            html: ReportPages.list(
                context, filters: filters, errors: errors, units: units,
                catalogue: try await request.baomi.settings.levelCatalogue(on: request.db),
                selfInspection: scope.mayReadSelfInspection, currentYear: currentYear(request)),
            status: errors.isEmpty ? .ok : .badRequest
        ).encodeResponse(for: request)
    }

    @Sendable static func print(_ request: Request) async throws -> Response {
        let (table, _) = try await self.table(request, limit: ReportBuilder.printLimit)
        let context = PageContext(request)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        return try await HTMLPage(
            html: ReportPages.print(
                context, table: table, filters: try await filters(request),
                organisation: try await organisationName(request),
                marking: marking(
                    table.report.listsCarriers ? table.levels : [], catalogue: catalogue, context: context),
                printedOn: ClearanceRepository.today(request.baomi.clock()))
        ).encodeResponse(for: request)
    }

    /// An Excel workbook or CSV (LEDGERS.md: UTF-8 with BOM, Chinese headers); up to `exportLimit` rows, the command
    /// line (`baomi report`) for more. The export is audited like every ledger export (A5).
    @Sendable static func export(_ request: Request) async throws -> Response {
        let (table, viewer) = try await self.table(request, limit: ReportBuilder.exportLimit)
        let format = DownloadFormat(request)
        try await request.baomi.store.record(
            [
                AuditEvent(
                    action: .ledgerExport, subject: AuditSubject(type: "report", id: table.report.rawValue),
                    details: [
                        "rows": String(table.rows.count), "truncated": String(table.truncated),
                        "format": format.rawValue,
                    ])
            ],
            by: viewer.auditActor, on: request.db)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let response = try LedgerDownload.response(
            format, title: table.report.title.zh, headers: table.headers, rows: table.rows,
            marking: marking(
                table.report.listsCarriers ? table.levels : [], catalogue: catalogue, context: PageContext(request)))
        if table.truncated {
            response.headers.replaceOrAdd(name: "X-Baomi-Rows-Limit", value: String(table.limit))
        }
        return response
    }

    /// The figures of a year for this viewer; the report is the security office's and the leaders' (I2, S1).
    static func figures(_ request: Request, viewer: Viewer) async throws -> SelfInspectionFigures {
        let scope = try await request.reportScope(viewer)
        guard scope.mayReadSelfInspection else {
            let refusal = Refusal(
                rule: .s1, zh: "保密自查报告仅供保密办和主管领导查看",
                en: "The self-inspection report is for the security office and leaders")
            try await request.baomi.store.record(
                [
                    AuditEvent(
                        action: .accessDenied,
                        subject: AuditSubject(type: "route", id: "\(request.method.rawValue) \(request.url.path)"),
                        outcome: .refused, rule: refusal.rule, details: ["reason": refusal.reason.zh])
                ], by: viewer.auditActor, on: request.db)
            throw RequestFailure.accessDenied(refusal)
        }
        var parameters = QueryParameters(request)
        let year = parameters.integer("year", ReportYear.earliest...(currentYear(request) + 1)) ?? currentYear(request)
        try parameters.check()
        return try await SelfInspectionQuery(
            year: year, viewer: scope.clearance, departments: scope.departments,
            today: ClearanceRepository.today(request.baomi.clock())
        ).run(on: request.db)
    }

    @Sendable static func selfInspection(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewReports)
        let figures = try await figures(request, viewer: viewer)
        let context = PageContext(request)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        return try await HTMLPage(
            html: ReportPages.selfInspection(
                context, figures: figures, catalogue: catalogue, organisation: try await organisationName(request),
                marking: marking(
                    figures.carriersByLevel.filter { $0.count > 0 }.map(\.level), catalogue: catalogue, context: context
                ),
                printedOn: ClearanceRepository.today(request.baomi.clock()))
        ).encodeResponse(for: request)
    }
}
