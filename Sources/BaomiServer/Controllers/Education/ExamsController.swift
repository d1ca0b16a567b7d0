import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Plot
import Vapor

/// 考试 pages (E6.2): the exams a manager sets, a new exam from the bank, results per department and person, the
/// contest ranking, and the results as CSV or xlsx.
enum ExamsController {
    @Sendable static func list(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.manageExams)
        let names = try await unitNames(request)
        return HTMLPage(
            html: ExamPages.list(
                PageContext(request),
                exams: try await request.managedExams(viewer).map {
                    ExamSummary($0.0, $0.1, audience: audience($0.1, names, request))
                }))
    }

    @Sendable static func newPage(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.manageExams)
        let opens = request.baomi.clock()
        let values = [
            "purpose": "general", "pointsPerQuestion": "10", "passMark": "60", "timeLimitMinutes": "30",
            "attemptsAllowed": "2", "opensAt": ExamTime.field(opens),
            "closesAt": ExamTime.field(opens.addingTimeInterval(7 * 86_400)),
        ]
        return HTMLPage(html: try await formPage(request, viewer: viewer, values: values, errors: []))
    }

    private static func formPage(
        _ request: Request, viewer: Viewer, values: [String: String], errors: [FieldError]
    ) async throws -> HTML {
        let stewarded = try await request.examStewardship(viewer)
        let departments = try await request.baomi.organisation.units(on: request.db)
            .filter { $0.kind == "department" && (stewarded?.contains($0.id ?? UUID()) ?? true) }
            .compactMap { unit in unit.id.map { ExamFormModel.Choice(id: $0, label: unit.name) } }
        let context = PageContext(request)
        return ExamFormPage.render(
            context,
            model: ExamFormModel(
                questions: try await request.baomi.exams.questions(on: request.db), departments: departments,
                context: context),
            values: values, errors: errors)
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageExams)
        try request.verifyCSRF()
        var values = request.formFields()
        let questionIDs = (try? request.content.get([String].self, at: "questionIDs")) ?? []
        let audience = (try? request.content.get([String].self, at: "audience")) ?? []
        values["questionIDs"] = questionIDs.joined(separator: ",")
        values["audience"] = audience.joined(separator: ",")
        do {
            var draws: [DrawRuleDTO] = []
            for area in ContentArea.allCases {
                for difficulty in Difficulty.allCases {
                    let count = Int(values["draw.\(area.rawValue).\(difficulty.rawValue)"]?.trimmed ?? "") ?? 0
                    if count > 0 {
                        draws.append(DrawRuleDTO(area: area.rawValue, difficulty: difficulty.rawValue, count: count))
                    }
                }
            }
            func number(_ name: String) -> Int { Int(values[name]?.trimmed ?? "") ?? -1 }
            let input = ExamInput(
                title: values["title"] ?? "", purpose: values["purpose"] ?? "general",
                questionIDs: questionIDs.compactMap(UUID.init(uuidString:)), draws: draws,
                pointsPerQuestion: number("pointsPerQuestion"), timeLimitMinutes: number("timeLimitMinutes"),
                passMark: number("passMark"), attemptsAllowed: number("attemptsAllowed"),
                opensAt: values["opensAt"] ?? "", closesAt: values["closesAt"] ?? "",
                audience: audience.compactMap(UUID.init(uuidString:)), contest: values["contest"] != nil)
            let definition = try input.definition()
            if case .refused(let refusal) = ExamRules.mayManage(
                audience: definition.audience, stewarded: try await request.examStewardship(viewer))
            {
                throw DomainError.invalid([FieldError(field: "audience", rule: refusal.rule, message: refusal.reason)])
            }
            let exam = try await request.baomi.exams.createExam(definition, by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.exam(try exam.requireID()).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await formPage(request, viewer: viewer, values: values, errors: errors),
                status: .unprocessableEntity
            ).encodeResponse(for: request)
        }
    }

    @Sendable static func detail(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.manageExams)
        let (exam, definition) = try await request.managedExam(try request.uuidParameter(), viewer: viewer)
        let attempts = try await request.baomi.exams.attempts(ofExam: try exam.requireID(), on: request.db)
        return HTMLPage(
            html: ExamPages.detail(
                PageContext(request),
                exam: ExamSummary(
                    exam, definition, audience: audience(definition, try await unitNames(request), request)),
                departments: ExamResults.departments(attempts), results: attempts.map(ExamResultDTO.init)))
    }

    @Sendable static func ranking(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.manageExams)
        let (exam, definition) = try await request.managedExam(try request.uuidParameter(), viewer: viewer)
        let attempts = try await request.baomi.exams.attempts(ofExam: try exam.requireID(), on: request.db)
        return HTMLPage(
            html: ExamPages.ranking(
                PageContext(request),
                exam: ExamSummary(
                    exam, definition, audience: audience(definition, try await unitNames(request), request)),
                ranks: ExamResults.ranking(attempts)))
    }

    /// Every attempt as CSV or xlsx (成绩表), audited as an export.
    @Sendable static func export(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageExams)
        let (exam, _) = try await request.managedExam(try request.uuidParameter(), viewer: viewer)
        let attempts = try await request.baomi.exams.attempts(ofExam: try exam.requireID(), on: request.db)
        let format = DownloadFormat(request)
        try await request.baomi.exams.recordResultsExport(
            exam, count: attempts.count, format: format.rawValue, by: viewer.auditActor, on: request.db)
        return try LedgerDownload.response(
            format, title: "\(exam.title)成绩", headers: ExamResults.headers, rows: ExamResults.rows(attempts),
            marking: "")
    }

    private static func unitNames(_ request: Request) async throws -> [UUID: String] {
        Dictionary(
            uniqueKeysWithValues: try await request.baomi.organisation.units(on: request.db).compactMap { unit in
                unit.id.map { ($0, unit.name) }
            })
    }

    private static func audience(_ definition: ExamDefinition, _ names: [UUID: String], _ request: Request) -> String {
        definition.audience.isEmpty
            ? PageContext(request).t("全体人员", "Everyone")
            : definition.audience.map { names[$0] ?? "—" }.joined(separator: "、")
    }
}
