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

    @Sendable static func page(_ request: Request) async throws -> Response {
        let (register, headers, rows, _) = try await table(request)
        let context = PageContext(request)
        let cells = rows.map { $0.map { BodyNode.text($0) } }
        if (try? request.query.get(String.self, at: "print")) == "1" {
            return try await HTMLPage(
                html: LedgerPages.print(
                    context, title: context.t(register.title), headers: headers, rows: cells, highestMarking: "")
            )
            .encodeResponse(for: request)
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
                    [
                        H.link(
                            .registerExport(register.rawValue), context.t("导出 CSV", "Export CSV"), classes: "button"),
                        H.link(
                            .register(register.rawValue), query: "?print=1", context.t("打印", "Print"), classes: "button"
                        ),
                    ]),
                H.el("p", [("class", "count")], text: context.t("共 \(rows.count) 条", "\(rows.count) rows")),
                H.table(headers, cells, empty: context.t("暂无记录。", "No records yet.")),
            ])
        return try await HTMLPage(html: html).encodeResponse(for: request)
    }

    @Sendable static func export(_ request: Request) async throws -> Response {
        let (register, headers, rows, viewer) = try await table(request)
        try await request.baomi.store.record(
            [
                AuditEvent(
                    action: .ledgerExport, subject: AuditSubject(type: "ledger", id: register.rawValue),
                    details: ["rows": String(rows.count)])
            ],
            by: viewer.auditActor, on: request.db)
        return CSV.response(CSV.document(headers: headers, rows: rows), filename: "\(register.title.zh).csv")
    }
}
