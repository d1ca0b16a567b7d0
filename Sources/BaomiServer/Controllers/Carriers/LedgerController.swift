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

    static func scopes(for carrierIDs: [UUID], request: Request) async throws -> [UUID: String] {
        guard !carrierIDs.isEmpty else { return [:] }
        let entries = try await CarrierScopeModel.query(on: request.db).filter(\.$carrier.$id ~~ carrierIDs).all()
        let people = Dictionary(
            uniqueKeysWithValues: try await PersonModel.query(on: request.db).filter(\.$id ~~ entries.map(\.refID))
                .all().compactMap { p in p.id.map { ($0, p.name) } })
        let units = Dictionary(
            uniqueKeysWithValues: try await OrgUnitModel.query(on: request.db).filter(\.$id ~~ entries.map(\.refID))
                .all().compactMap { u in u.id.map { ($0, u.name) } })
        let projects = Dictionary(
            uniqueKeysWithValues: try await ProjectModel.query(on: request.db).filter(\.$id ~~ entries.map(\.refID))
                .all().compactMap { p in p.id.map { ($0, p.code) } })
        var result: [UUID: [String]] = [:]
        for entry in entries {
            let name = people[entry.refID] ?? units[entry.refID] ?? projects[entry.refID] ?? "?"
            result[entry.$carrier.id, default: []].append(name)
        }
        return result.mapValues { $0.joined(separator: "、") }
    }

    @Sendable static func carriers(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewCarriers)
        var (query, filters) = try await pageQuery(request, viewer: viewer)
        let isPrint = (try? request.query.get(String.self, at: "print")) == "1"
        if isPrint { query.limit = 500; query.offset = 0 }
        let (rows, total) = filters.errors.isEmpty ? try await query.carriers(on: request.db) : ([], 0)
        filters.total = total
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let scopes = try await scopes(for: rows.map(\.carrierID), request: request)
        let context = PageContext(request)
        if isPrint {
            let cells = rows.enumerated().map {
                LedgerPages.carrierCells(
                    $1, index: $0 + 1, scope: scopes[$1.carrierID] ?? "", context: context, catalogue: catalogue,
                    links: false)
            }
            return try await HTMLPage(
                html: LedgerPages.print(
                    context, title: context.t("涉密载体台账", "Carrier ledger"), headers: LedgerPages.carrierHeaders(context),
                    rows: cells,
                    highestMarking: highestMarking(rows.map(\.level), catalogue: catalogue))
            ).encodeResponse(for: request)
        }
        let units = try await request.baomi.organisation.units(on: request.db)
        return try await HTMLPage(
            html: LedgerPages.carriers(
                context, rows: rows, scopes: scopes, filters: filters, catalogue: catalogue, units: units),
            status: filters.errors.isEmpty ? .ok : .badRequest
        )
        .encodeResponse(for: request)
    }

    @Sendable static func copies(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewCarriers)
        var (query, filters) = try await pageQuery(request, viewer: viewer)
        let isPrint = (try? request.query.get(String.self, at: "print")) == "1"
        if isPrint { query.limit = 500; query.offset = 0 }
        let (rows, total) = filters.errors.isEmpty ? try await query.copies(on: request.db) : ([], 0)
        filters.total = total
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let context = PageContext(request)
        if isPrint {
            let cells = rows.enumerated().map {
                LedgerPages.copyCells($1, index: $0 + 1, context: context, catalogue: catalogue, links: false)
            }
            return try await HTMLPage(
                html: LedgerPages.print(
                    context, title: context.t("涉密载体份号台账", "Copy ledger"), headers: LedgerPages.copyHeaders(context),
                    rows: cells,
                    highestMarking: highestMarking(rows.map(\.level), catalogue: catalogue))
            ).encodeResponse(for: request)
        }
        let units = try await request.baomi.organisation.units(on: request.db)
        let places = try await request.baomi.places.places(on: request.db)
        return try await HTMLPage(
            html: LedgerPages.copies(
                context, rows: rows, filters: filters, catalogue: catalogue, units: units, places: places),
            status: filters.errors.isEmpty ? .ok : .badRequest
        )
        .encodeResponse(for: request)
    }

    /// A printed ledger is marked with the highest level on it (UI.md print view).
    static func highestMarking(_ levels: [String], catalogue: LevelCatalogue) -> String {
        let definitions = Set(levels).compactMap { catalogue.definition(LevelID(rawValue: $0)) }
        return definitions.max { $0.protectionWeight < $1.protectionWeight }.map { "\($0.name.zh)" } ?? ""
    }

    @Sendable static func exportCarriers(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewCarriers)
        var (query, _) = try await self.query(request, viewer: viewer)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let context = PageContext(request)
        var lines: [[String]] = []
        query.limit = 500
        query.offset = 0
        while true {
            let (rows, _) = try await query.carriers(on: request.db)
            let scopes = try await scopes(for: rows.map(\.carrierID), request: request)
            for row in rows {
                lines.append([
                    String(lines.count + 1), row.number, row.title, row.documentNumber,
                    CarrierPresentation.title(row.form, CarrierForm.self, context: context, title: \.title),
                    catalogue.definition(LevelID(rawValue: row.level)).map { context.t($0.name) } ?? row.level,
                    CarrierPresentation.periodText(
                        row.period, level: row.level, catalogue: catalogue, context: context),
                    scopes[row.carrierID] ?? "", String(row.copyCount),
                    CarrierPresentation.title(row.source, CarrierSource.self, context: context, title: \.title),
                    row.createdAt.map { String(DisplayTime.format($0).prefix(10)) } ?? "", row.registeredBy,
                    row.departmentName,
                    context.t("在管 \(row.liveCopies) 份", "\(row.liveCopies) live"), row.notes,
                ])
            }
            if rows.count < query.limit { break }
            query.offset += query.limit
        }
        let headers = [
            context.t("序号", "No."), context.t("载体编号", "Carrier no."), context.t("载体名称", "Title"),
            context.t("文号", "Document no."),
            context.t("载体类别", "Form"), context.t("密级", "Level"), context.t("保密期限", "Period"),
            context.t("知悉范围", "Scope"),
            context.t("份数", "Copies"), context.t("来源", "Source"), context.t("制作或接收日期", "Made/received"),
            context.t("责任人", "Registered by"),
            context.t("存放位置", "Department"), context.t("状态", "State"), context.t("备注", "Notes"),
        ]
        try await request.baomi.store.record(
            [
                AuditEvent(
                    action: .ledgerExport, subject: AuditSubject(type: "ledger", id: "carriers"),
                    details: ["rows": String(lines.count)])
            ],
            by: viewer.auditActor, on: request.db)
        return CSV.response(CSV.document(headers: headers, rows: lines), filename: "涉密载体台账.csv")
    }

    @Sendable static func exportCopies(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewCarriers)
        var (query, _) = try await self.query(request, viewer: viewer)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let context = PageContext(request)
        var lines: [[String]] = []
        query.limit = 500
        query.offset = 0
        while true {
            let (rows, _) = try await query.copies(on: request.db)
            for row in rows {
                lines.append([
                    String(lines.count + 1), row.number,
                    CarrierDraft.serialText(row.serial, of: row.copyCount, language: context.language),
                    catalogue.definition(LevelID(rawValue: row.level)).map { context.t($0.name) } ?? row.level,
                    CopyState(rawValue: row.state).map { context.t($0.title) } ?? row.state,
                    LedgerPages.whereabouts(row),
                    String(DisplayTime.format(row.lastChangedAt).prefix(10)),
                ])
            }
            if rows.count < query.limit { break }
            query.offset += query.limit
        }
        let headers = [
            context.t("序号", "No."), context.t("载体编号", "Carrier no."), context.t("份号", "Copy"), context.t("密级", "Level"),
            context.t("当前状态", "State"), context.t("持有人或存放位置", "Holder or place"), context.t("最后变动日期", "Last change"),
        ]
        try await request.baomi.store.record(
            [
                AuditEvent(
                    action: .ledgerExport, subject: AuditSubject(type: "ledger", id: "copies"),
                    details: ["rows": String(lines.count)])
            ],
            by: viewer.auditActor, on: request.db)
        return CSV.response(CSV.document(headers: headers, rows: lines), filename: "涉密载体份号台账.csv")
    }
}
