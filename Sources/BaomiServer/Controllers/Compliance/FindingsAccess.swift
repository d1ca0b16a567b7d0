import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

extension Request {
    /// Whose findings this viewer sees (REMIND): the security office all of them; a secrecy officer their own and
    /// their departments'; everyone else their own.
    func findingViewer(_ viewer: Viewer) async throws -> FindingViewer? {
        if viewer.roles.contains(.securityOffice) { return nil }
        let departments =
            viewer.roles.contains(.secrecyOfficer) ? try await carrierDepartments(viewer) ?? [] : Set<UUID>()
        return FindingViewer(personID: viewer.account.$person.id, departments: departments)
    }

    /// A findings query from `?state=&check=&severity=&department=&offset=&limit=`; a bad value is a 400 naming
    /// what is accepted (#12).
    func findingQuery(_ viewer: Viewer) async throws -> FindingQuery {
        var query = FindingQuery()
        query.viewer = try await findingViewer(viewer)
        var parameters = QueryParameters(self)
        switch parameters.oneOf("state", ["open", "closed", "all"]) ?? "open" {
        case "closed": query.open = false
        case "all": query.open = nil
        default: query.open = true
        }
        if let check = parameters.choice("check", ComplianceCheck.self) { query.checks = [check] }
        if let severity = parameters.choice("severity", FindingSeverity.self) { query.severities = [severity] }
        if parameters.raw("department") != nil {
            query.department = parameters.department("department", units: try await baomi.organisation.units(on: db))
        }
        if let offset = parameters.integer("offset", 0...1_000_000) { query.offset = offset }
        if let limit = parameters.integer("limit", 1...500) { query.limit = limit }
        try parameters.check()
        return query
    }

    /// The findings as this viewer may see them: carriers they may not read named by their reference (principle 11).
    func visibleFindings(_ rows: [FindingModel], viewer: Viewer) async throws -> [VisibleFinding] {
        try await VisibleFinding.visible(
            rows, for: try await accessSubject(viewer), levels: try await levelCatalogue(),
            postClasses: try await postClassCatalogue(), on: db)
    }

    /// How many open findings this viewer should look at, for the top bar.
    func openFindingCount(_ viewer: Viewer) async throws -> Int {
        var query = FindingQuery()
        query.viewer = try await findingViewer(viewer)
        return try await query.count(on: db)
    }
}

/// Counts the viewer's open findings for the top bar of every page (REMIND): one indexed count per page view.
/// Future-based: the API and assets pass straight through without starting a task.
struct FindingsBadgeMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.method == .GET, let viewer = request.viewer, viewer.can(.viewFindings),
            !request.url.path.hasPrefix("/api/"), !request.url.path.hasPrefix("/assets/")
        else { return next.respond(to: request) }
        return request.eventLoop.makeFutureWithTask {
            request.storage[OpenFindingsKey.self] = try? await request.openFindingCount(viewer)
        }.flatMap { next.respond(to: request) }
    }
}

struct OpenFindingsKey: StorageKey {
    typealias Value = Int
}
