import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// 合规提醒 as pages (REMIND).
enum FindingsController {
    @Sendable static func list(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewFindings)
        let context = PageContext(request)
        let query: FindingQuery
        do {
            query = try await request.findingQuery(viewer)
        } catch RequestFailure.invalidFields(let errors, _) {
            // A hand-edited address: say what was wrong and show the default view.
            var fallback = FindingQuery()
            fallback.viewer = try await request.findingViewer(viewer)
            let page = try await fallback.run(on: request.db)
            return try await HTMLPage(
                html: FindingsPage.page(
                    context, rows: try await request.visibleFindings(page.rows, viewer: viewer), total: page.total,
                    query: fallback,
                    names: try await names(for: page.rows, on: request.db),
                    message: errors.map { context.t($0.message) }.joined(separator: "；")),
                status: .badRequest
            ).encodeResponse(for: request)
        }
        let page = try await query.run(on: request.db)
        var message: String?
        if let opened = context.query["opened"].flatMap(Int.init),
            let closed = context.query["closed"].flatMap(Int.init)
        {
            message = context.t(
                "检查完成：新发现 \(opened) 条，关闭 \(closed) 条。", "Checked: \(opened) new, \(closed) closed.")
        }
        return try await HTMLPage(
            html: FindingsPage.page(
                context, rows: try await request.visibleFindings(page.rows, viewer: viewer), total: page.total,
                query: query, names: try await names(for: page.rows, on: request.db), message: message)
        ).encodeResponse(for: request)
    }

    /// 立即检查: the security office runs every check now (the schedule runs them anyway).
    @Sendable static func check(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageSecrecyOrganisation)
        try request.verifyCSRF()
        let summary = try await request.baomi.compliance.evaluate(
            levels: try await request.baomi.settings.levelCatalogue(on: request.db), by: viewer.auditActor,
            on: request.db)
        return request.redirect(to: SiteRoute.findings.path + "?opened=\(summary.opened)&closed=\(summary.closed)")
    }

    static func names(for rows: [FindingModel], on database: any Database) async throws -> FindingsPage.Names {
        var names = FindingsPage.Names()
        let departments = Array(Set(rows.compactMap(\.departmentID)))
        let people = Array(Set(rows.compactMap(\.personID)))
        if !departments.isEmpty {
            for unit in try await OrgUnitModel.query(on: database).filter(\.$id ~~ departments).all() {
                if let id = unit.id { names.departments[id] = unit.name }
            }
        }
        if !people.isEmpty {
            for person in try await PersonModel.query(on: database).filter(\.$id ~~ people).all() {
                if let id = person.id { names.people[id] = person.name }
            }
        }
        return names
    }
}
