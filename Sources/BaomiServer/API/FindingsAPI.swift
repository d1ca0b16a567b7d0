import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

struct FindingDTO: Content {
    var id: UUID
    var check: String
    var rule: String
    var severity: String
    var open: Bool
    var subjectType: String
    var subjectID: UUID
    var subject: String
    var personID: UUID?
    var departmentID: UUID?
    var due: String?
    var zh: String
    var en: String
    var openedAt: Date
    var closedAt: Date?

    init(_ finding: VisibleFinding, language: Language) {
        id = finding.id
        check = finding.check
        rule = finding.rule
        severity = finding.severity
        open = finding.isOpen
        subjectType = finding.subjectType
        subjectID = finding.subjectID
        subject = finding.subject.text(in: language)
        personID = finding.personID
        departmentID = finding.departmentID
        due = finding.due
        zh = finding.explanation.zh
        en = finding.explanation.en
        openedAt = finding.openedAt
        closedAt = finding.closedAt
    }
}

/// `/api/v1/findings`: the compliance engine's findings as the caller may see them, its checks, and a run on
/// demand (REMIND).
enum FindingsAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        registry.register(
            APIOperation(
                method: .GET, path: "findings", operationID: "listFindings", tag: "compliance",
                summary: "Findings 合规提醒: one's own, an officer's departments', the office's all",
                parameters: [
                    .query(
                        "state", type: "string", description: "open (default), closed or all",
                        values: ["open", "closed", "all"]),
                    .choice("check", ComplianceCheck.self, "A check (GET /findings/checks)"),
                    .choice("severity", FindingSeverity.self, "notice, warning or overdue"), .department(),
                    .integer("offset", "Rows to skip", 0...1_000_000),
                    .integer("limit", "Rows per page (default 50)", 1...500),
                ], responseSchema: "FindingPage"), on: routes, list)
        registry.register(
            APIOperation(
                method: .GET, path: "findings/checks", operationID: "listComplianceChecks", tag: "compliance",
                summary: "The checks the engine runs, with the rule each reminds of", responseSchema: "ComplianceCheck",
                responseIsArray: true), on: routes, checks)
        registry.register(
            APIOperation(
                method: .POST, path: "findings/check", operationID: "runComplianceCheck", tag: "compliance",
                summary: "Run every check now and bring the findings up to date 立即检查 (security office)",
                responseSchema: "ComplianceSummary"), on: routes, run)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewFindings)
        let page = try await request.findingQuery(viewer).run(on: request.db)
        struct Page: Content {
            var total: Int
            var rows: [FindingDTO]
        }
        let rows = try await request.visibleFindings(page.rows, viewer: viewer)
        return try request.json(
            Page(total: page.total, rows: rows.map { FindingDTO($0, language: request.language) }))
    }

    @Sendable static func checks(_ request: Request) async throws -> Response {
        _ = try await request.require(.viewFindings)
        struct Check: Content {
            var check: String
            var rule: String
            var zh: String
            var en: String
        }
        return try request.json(
            ComplianceCheck.allCases.map {
                Check(check: $0.rawValue, rule: $0.rule.rawValue, zh: $0.title.zh, en: $0.title.en)
            })
    }

    @Sendable static func run(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageSecrecyOrganisation)
        let summary = try await request.baomi.compliance.evaluate(
            levels: try await request.baomi.settings.levelCatalogue(on: request.db), by: viewer.auditActor,
            on: request.db)
        return try request.json(summary)
    }
}
