import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Plot
import Vapor

/// 题库 pages (E6.2): the bank with its filters, a question's form, import and export.
enum QuestionsController {
    @Sendable static func bank(_ request: Request) async throws -> HTMLPage {
        _ = try await request.require(.manageExams)
        return HTMLPage(html: try await bankPage(request))
    }

    static func bankPage(_ request: Request, importErrors: [FieldError] = []) async throws -> HTML {
        var parameters = QueryParameters(request)
        let filter = ExamRepository.QuestionFilter(
            type: parameters.choice("type", QuestionType.self), area: parameters.choice("area", ContentArea.self),
            difficulty: parameters.choice("difficulty", Difficulty.self), search: parameters.text("q", maxLength: 100))
        try parameters.check()
        let context = PageContext(request)
        return QuestionPages.bank(
            context,
            page: QuestionBankPage(
                try await request.baomi.exams.questions(filter, on: request.db), importErrors: importErrors,
                imported: context.query["imported"].flatMap { Int($0) }))
    }

    @Sendable static func newPage(_ request: Request) async throws -> HTMLPage {
        _ = try await request.require(.manageExams)
        return HTMLPage(
            html: QuestionPages.form(
                PageContext(request), id: nil, values: ["type": "singleChoice", "difficulty": "medium"], errors: []))
    }

    @Sendable static func editPage(_ request: Request) async throws -> HTMLPage {
        _ = try await request.require(.manageExams)
        let id = try request.uuidParameter()
        let model = try await request.baomi.exams.question(id, on: request.db)
        guard let question = model.question else { throw DomainError.notFound(zh: "没有找到该试题", en: "No such question") }
        return HTMLPage(
            html: QuestionPages.form(PageContext(request), id: id, values: QuestionSheet.fields(question), errors: []))
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        try await save(request, id: nil)
    }

    @Sendable static func update(_ request: Request) async throws -> Response {
        try await save(request, id: try request.uuidParameter())
    }

    private static func save(_ request: Request, id: UUID?) async throws -> Response {
        let viewer = try await request.require(.manageExams)
        try request.verifyCSRF()
        var values = request.formFields()
        values["areas"] = ((try? request.content.get([String].self, at: "areas")) ?? []).joined(separator: ",")
        do {
            let (question, errors) = QuestionSheet.parse(fields: values)
            guard let question else { throw DomainError.invalid(errors) }
            if let id {
                try await request.baomi.exams.updateQuestion(id, question, by: viewer.auditActor, on: request.db)
            } else {
                try await request.baomi.exams.createQuestion(question, by: viewer.auditActor, on: request.db)
            }
            return request.redirect(to: SiteRoute.questions.path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: QuestionPages.form(PageContext(request), id: id, values: values, errors: errors),
                status: .unprocessableEntity
            ).encodeResponse(for: request)
        }
    }

    struct Upload: Content {
        var file: File?
        var csrf: String?
    }

    /// The bank's import page: the whole file or nothing; the bad rows listed beside the form (E6.2).
    @Sendable static func importFile(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageExams)
        try request.verifyCSRF()
        let upload = try? request.content.decode(Upload.self)
        do {
            guard let file = upload?.file, file.data.readableBytes > 0 else {
                throw DomainError.invalid(
                    field: "file", rule: ExamDefinition.rule, zh: "请选择要导入的文件", en: "Choose a file to import")
            }
            let count = try await QuestionImport.run(
                Array(file.data.readableBytesView), fileName: file.filename, repository: request.baomi.exams,
                by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.questions.path + "?imported=\(count)")
        } catch let failure as QuestionImport.Failure {
            return try await redisplay(request, errors: failure.fieldErrors)
        } catch DomainError.invalid(let errors) {
            return try await redisplay(request, errors: errors)
        }
    }

    private static func redisplay(_ request: Request, errors: [FieldError]) async throws -> Response {
        try await HTMLPage(html: try await bankPage(request, importErrors: errors), status: .unprocessableEntity)
            .encodeResponse(for: request)
    }

    /// The bank as CSV or xlsx, in the import's own columns (so it imports again as it is); audited.
    @Sendable static func export(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageExams)
        let format = DownloadFormat(request)
        let rows = try await request.baomi.exams.questions(on: request.db).compactMap(\.question).map(QuestionSheet.row)
        try await request.baomi.exams.recordExport(
            count: rows.count, format: format.rawValue, by: viewer.auditActor, on: request.db)
        return try LedgerDownload.response(
            format, title: PageContext(request).t("题库", "Question bank"), headers: QuestionSheet.headers, rows: rows,
            marking: "")
    }
}
