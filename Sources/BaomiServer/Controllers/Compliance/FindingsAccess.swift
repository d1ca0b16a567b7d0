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

    /// A findings query from `?state=&check=&severity=&department=&offset=&limit=`; a bad value is a field error.
    func findingQuery(_ viewer: Viewer) async throws -> FindingQuery {
        var query = FindingQuery()
        query.viewer = try await findingViewer(viewer)
        func value(_ name: String) -> String? {
            (try? self.query.get(String.self, at: name)).flatMap { $0.trimmed.isEmpty ? nil : $0.trimmed }
        }
        var errors: [FieldError] = []
        switch value("state") ?? "open" {
        case "open": query.open = true
        case "closed": query.open = false
        case "all": query.open = nil
        default:
            errors.append(
                FieldError(
                    field: "state",
                    message: LocalizedText(zh: "状态只能是 open、closed 或 all", en: "state is open, closed or all")))
        }
        if let check = value("check") {
            if let known = ComplianceCheck(rawValue: check) {
                query.checks = [known]
            } else {
                errors.append(FieldError(field: "check", message: LocalizedText(zh: "没有这项检查", en: "No such check")))
            }
        }
        if let severity = value("severity") {
            if let known = FindingSeverity(rawValue: severity) {
                query.severities = [known]
            } else {
                errors.append(
                    FieldError(
                        field: "severity",
                        message: LocalizedText(
                            zh: "级别只能是 notice、warning 或 overdue",
                            en: "severity is notice, warning or overdue")))
            }
        }
        if let department = value("department") {
            if let id = UUID(uuidString: department) {
                query.department = id
            } else {
                errors.append(
                    FieldError(field: "department", message: LocalizedText(zh: "部门编号格式不正确", en: "department is a UUID"))
                )
            }
        }
        for (name, bounds) in [("offset", 0...1_000_000), ("limit", 1...500)] {
            guard let text = value(name) else { continue }
            guard let number = Int(text), bounds.contains(number) else {
                errors.append(
                    FieldError(
                        field: name,
                        message: LocalizedText(
                            zh: "\(name) 须为 \(bounds.lowerBound)–\(bounds.upperBound) 的整数",
                            en: "\(name) is a whole number from \(bounds.lowerBound) to \(bounds.upperBound)")))
                continue
            }
            if name == "offset" { query.offset = number } else { query.limit = number }
        }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
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
