import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

/// The two ledgers as pages, print views and CSV (LEDGERS.md).
enum LedgerController {
    static let pageSize = 50

    /// Filters from the query string, so a filtered view can be bookmarked (UI.md). A value that names no level,
    /// state, department, place or source is a 400 naming what is accepted (#12), not an empty ledger.
    static func query(_ request: Request, viewer: Viewer) async throws -> (CarrierLedgerQuery, LedgerPages.Filters) {
        var parameters = QueryParameters(request)
        var query = CarrierLedgerQuery()
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        if let level = parameters.level("level", catalogue: catalogue) { query.levels = [level] }
        if let state = parameters.choice("state", CopyState.self) { query.states = [state.rawValue] }
        query.source = parameters.choice("source", CarrierSource.self)?.rawValue
        if parameters.raw("place") != nil {
            query.placeID = parameters.place("place", places: try await request.baomi.places.places(on: request.db))
        }
        query.awaitingReceipt = parameters.flag("awaiting")
        query.from = parameters.date("from")
        query.until = parameters.date("until")
        query.search = parameters.text("q", maxLength: 100)
        let page = parameters.integer("page", 1...100_000) ?? 1
        let department =
            parameters.raw("department") == nil
            ? nil
            : parameters.department("department", units: try await request.baomi.organisation.units(on: request.db))
        try parameters.check()
        query.viewer = try await request.ledgerViewer(viewer)
        if let department {
            query.departments = [department]
        } else if query.awaitingReceipt {
            // "Awaiting our receipt": the departments this viewer signs for (C2).
            query.departments = try await request.carrierDepartments(viewer)
        }
        query.limit = pageSize
        query.offset = (page - 1) * pageSize
        let values = parameters.all.filter {
            ["level", "state", "department", "place", "source", "from", "until", "q", "page", "awaiting"].contains(
                $0.key)
        }
        return (query, LedgerPages.Filters(values: values, page: page, pageSize: pageSize, total: 0))
    }

    /// For a page: the query, or the filters' errors for the filter bar over an empty ledger (400, #12).
    static func pageQuery(_ request: Request, viewer: Viewer) async throws -> (CarrierLedgerQuery, LedgerPages.Filters)
    {
        do {
            return try await query(request, viewer: viewer)
        } catch RequestFailure.invalidFields(let errors, _) {
            let values = QueryParameters(request).all
            return (
                CarrierLedgerQuery(),
                LedgerPages.Filters(values: values, page: 1, pageSize: pageSize, total: 0, errors: errors)
            )
        }
    }

    @Sendable static func carriers(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewCarriers)
        var (query, filters) = try await pageQuery(request, viewer: viewer)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let context = PageContext(request)
        if (try? request.query.get(String.self, at: "print")) == "1" {
            let table = CarrierLedgerTable(
                query: query, catalogue: catalogue, language: context.language, importColumns: false)
            let rows =
                filters.errors.isEmpty ? try await table.rows(on: request.db, limit: ReportBuilder.printLimit + 1) : []
            return try await print(
                request, title: context.t("涉密载体台账", "Carrier ledger"), headers: table.headers,
                rows: rows.prefix(ReportBuilder.printLimit).enumerated().map { table.cells($1, index: $0 + 1) },
                levels: rows.map(\.carrier.level), truncated: rows.count > ReportBuilder.printLimit, back: .carriers)
        }
        query.limit = pageSize
        let table = CarrierLedgerTable(
            query: query, catalogue: catalogue, language: context.language, importColumns: false)
        let (rows, total) = filters.errors.isEmpty ? try await table.page(on: request.db) : ([], 0)
        filters.total = total
        let units = try await request.baomi.organisation.units(on: request.db)
        return try await HTMLPage(
            html: LedgerPages.carriers(
                context, rows: rows, table: table, filters: filters, catalogue: catalogue, units: units),
            status: filters.errors.isEmpty ? .ok : .badRequest
        )
        .encodeResponse(for: request)
    }

    @Sendable static func copies(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewCarriers)
        var (query, filters) = try await pageQuery(request, viewer: viewer)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let context = PageContext(request)
        let table = CopyLedgerTable(query: query, catalogue: catalogue, language: context.language)
        if (try? request.query.get(String.self, at: "print")) == "1" {
            let rows =
                filters.errors.isEmpty ? try await table.rows(on: request.db, limit: ReportBuilder.printLimit + 1) : []
            return try await print(
                request, title: context.t("涉密载体份号台账", "Copy ledger"), headers: table.headers,
                rows: rows.prefix(ReportBuilder.printLimit).enumerated().map { table.cells($1, index: $0 + 1) },
                levels: rows.map(\.level), truncated: rows.count > ReportBuilder.printLimit, back: .carrierCopies)
        }
        query.limit = pageSize
        let (rows, total) = filters.errors.isEmpty ? try await query.copies(on: request.db) : ([], 0)
        filters.total = total
        let units = try await request.baomi.organisation.units(on: request.db)
        let places = try await request.baomi.places.places(on: request.db)
        return try await HTMLPage(
            html: LedgerPages.copies(
                context, rows: rows, filters: filters, catalogue: catalogue, units: units, places: places),
            status: filters.errors.isEmpty ? .ok : .badRequest
        )
        .encodeResponse(for: request)
    }

    /// The print view of a ledger or register (UI.md): every column on A4 landscape, the marking — the highest
    /// level on it — at the top and bottom of every page, the organisation, signature lines, no navigation.
    static func print(
        _ request: Request, title: String, headers: [String], rows: [[String]], levels: [String], truncated: Bool,
        back: SiteRoute
    ) async throws -> Response {
        let context = PageContext(request)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        return try await HTMLPage(
            html: LedgerPages.print(
                context, title: title, headers: headers, rows: rows,
                marking: ReportsController.marking(levels, catalogue: catalogue, context: context),
                organisation: try await ReportsController.organisationName(request),
                printedOn: ClearanceRepository.today(request.baomi.clock()), truncated: truncated, back: back)
        ).encodeResponse(for: request)
    }

    /// A printed ledger is marked with the highest level on it (UI.md print view).
    static func highestMarking(_ levels: [String], catalogue: LevelCatalogue) -> String {
        let definitions = Set(levels).compactMap { catalogue.definition(LevelID(rawValue: $0)) }
        return definitions.max { $0.protectionWeight < $1.protectionWeight }.map { "\($0.name.zh)" } ?? ""
    }

    /// `/carriers/export.csv` and `.xlsx`: the carrier ledger as the viewer sees it, filtered as on the page, with the
    /// codes an import reads after the ledger's columns, so the file moves into another register as it is (C0).
    @Sendable static func exportCarriers(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewCarriers)
        let (query, _) = try await self.query(request, viewer: viewer)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let context = PageContext(request)
        let table = CarrierLedgerTable(
            query: query, catalogue: catalogue, language: context.language, importColumns: true)
        let rows = try await table.rows(on: request.db, limit: ReportBuilder.exportLimit)
        return try await download(
            request, viewer: viewer, ledger: "carriers", title: context.t("涉密载体台账", "Carrier ledger"),
            headers: table.headers, rows: rows.enumerated().map { table.cells($1, index: $0 + 1) },
            levels: rows.map(\.carrier.level))
    }

    @Sendable static func exportCopies(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewCarriers)
        let (query, _) = try await self.query(request, viewer: viewer)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let context = PageContext(request)
        let table = CopyLedgerTable(query: query, catalogue: catalogue, language: context.language)
        let rows = try await table.rows(on: request.db, limit: ReportBuilder.exportLimit)
        return try await download(
            request, viewer: viewer, ledger: "copies", title: context.t("涉密载体份号台账", "Copy ledger"),
            headers: table.headers, rows: rows.enumerated().map { table.cells($1, index: $0 + 1) },
            levels: rows.map(\.level))
    }

    /// The file of a ledger, audited like every export (A5).
    private static func download(
        _ request: Request, viewer: Viewer, ledger: String, title: String, headers: [String], rows: [[String]],
        levels: [String]
    ) async throws -> Response {
        let format = DownloadFormat(request)
        try await request.baomi.store.record(
            [
                AuditEvent(
                    action: .ledgerExport, subject: AuditSubject(type: "ledger", id: ledger),
                    details: ["rows": String(rows.count), "format": format.rawValue])
            ],
            by: viewer.auditActor, on: request.db)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        return try LedgerDownload.response(
            format, title: title, headers: headers, rows: rows,
            marking: ReportsController.marking(levels, catalogue: catalogue, context: PageContext(request)))
    }
}
