import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

/// The registers (LEDGERS.md) as pages, print views and CSV.
enum RegistersController {
    static func table(_ request: Request) async throws -> (Register, [String], [[String]], Viewer) {
        let viewer = try await request.require(.manageCarriers)
        guard let register = Register(rawValue: request.parameters.get("register") ?? "") else {
            throw DomainError.notFound(zh: "没有这个登记簿", en: "No such register")
        }
        let context = PageContext(request)
        let builder = RegisterBuilder(
            request: request, context: context,
            catalogue: try await request.baomi.settings.levelCatalogue(on: request.db),
            departments: try await request.carrierDepartments(viewer), clearance: try await request.ledgerViewer(viewer)
        )
        return (register, register.headers.map { context.t($0) }, try await builder.rows(register), viewer)
    }

    /// The levels on a register's rows, by their names in its level column, for the marking of its print and file.
    static func levels(_ register: Register, rows: [[String]], catalogue: LevelCatalogue) -> [String] {
        let ids = Dictionary(
            catalogue.levels.flatMap { [($0.name.zh, $0.id.rawValue), ($0.name.en, $0.id.rawValue)] },
            uniquingKeysWith: { first, _ in first })
        return rows.compactMap { $0.indices.contains(register.levelColumn) ? ids[$0[register.levelColumn]] : nil }
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        let (register, headers, rows, _) = try await table(request)
        let context = PageContext(request)
        let cells = rows.map { $0.map { BodyNode.text($0) } }
        if (try? request.query.get(String.self, at: "print")) == "1" {
            let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
            return try await LedgerController.print(
                request, title: context.t(register.title), headers: headers, rows: rows,
                levels: levels(register, rows: rows, catalogue: catalogue), truncated: false,
                back: .register(register.rawValue))
        }
        let tabs = Register.allCases.map { other in
            H.link(
                .register(other.rawValue), context.t(other.title),
                classes: other == register ? "button primary" : "button")
        }
        let html = Layout.page(
            context, title: context.t(register.title),
            [
                H.el("nav", [("class", "toolbar")], tabs),
                H.el(
                    "div", [("class", "toolbar")],
                    LedgerPages.downloadButtons(
                        context, csv: .registerExport(register.rawValue),
                        workbook: .registerWorkbook(register.rawValue), query: "")
                        + [
                            H.link(
                                .register(register.rawValue), query: "?print=1", context.t("打印", "Print"),
                                classes: "button"
                            )
                        ]),
                H.el("p", [("class", "count")], text: context.t("共 \(rows.count) 条", "\(rows.count) rows")),
                H.table(headers, cells, empty: context.t("暂无记录。", "No records yet.")),
            ])
        return try await HTMLPage(html: html).encodeResponse(for: request)
    }

    @Sendable static func export(_ request: Request) async throws -> Response {
        let (register, headers, rows, viewer) = try await table(request)
        let format = DownloadFormat(request)
        try await request.baomi.store.record(
            [
                AuditEvent(
                    action: .ledgerExport, subject: AuditSubject(type: "ledger", id: register.rawValue),
                    details: ["rows": String(rows.count), "format": format.rawValue])
            ],
            by: viewer.auditActor, on: request.db)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        return try LedgerDownload.response(
            format, title: register.title.zh, headers: headers, rows: rows,
            marking: ReportsController.marking(
                levels(register, rows: rows, catalogue: catalogue), catalogue: catalogue,
                context: PageContext(request)))
    }
}

extension Register {
    /// The column that holds each row's level (LEDGERS.md order).
    var levelColumn: Int {
        switch self {
        case .incoming: 5
        case .outgoing, .retention: 4
        case .destruction, .borrowing: 3
        case .reproduction: 2
        }
    }
}
