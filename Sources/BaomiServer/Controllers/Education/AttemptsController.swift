import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Vapor

/// 我的考试 and taking an exam in the browser (E6.2): start, the paper, answers saved as they go (by the page's
/// script one at a time, or all at once by its button, so it works without script), submission, the result and the
/// certificate of passing.
enum AttemptsController {
    @Sendable static func myExams(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.takeExams)
        let person = try request.examTaker(viewer)
        return HTMLPage(
            html: AttemptPages.myExams(PageContext(request), exams: try await request.examsFor(personID: person)))
    }

    @Sendable static func start(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.takeExams)
        try request.verifyCSRF()
        let person = try request.examTaker(viewer)
        do {
            let attempt = try await request.baomi.exams.start(
                try request.uuidParameter(), personID: person, by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.attempt(try attempt.requireID()).path)
        } catch let refusal as Refusal {
            let context = PageContext(request)
            return try await HTMLPage(
                html: AttemptPages.myExams(
                    context, exams: try await request.examsFor(personID: person),
                    message: refusal.message(in: context.language)),
                status: .unprocessableEntity
            ).encodeResponse(for: request)
        }
    }

    @Sendable static func page(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.takeExams)
        let attempt = try await ExamsAPI.ownAttempt(request, viewer: viewer)
        let context = PageContext(request)
        return HTMLPage(
            html: AttemptPages.take(
                context, sheet: try await ExamsAPI.sheet(request, attempt), now: request.baomi.clock()))
    }

    /// Saves the answers the form carries: each question named by a `present` field, its answer in `q-<id>`. The
    /// page's script sends one question at a time and gets 204; the button sends all and comes back to the paper.
    @Sendable static func saveAnswers(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.takeExams)
        try request.verifyCSRF()
        let person = try request.examTaker(viewer)
        let id = try request.uuidParameter()
        do {
            try await request.baomi.exams.saveAnswers(
                id, personID: person, try await responses(request, attemptID: id), by: viewer.auditActor, on: request.db
            )
        } catch let refusal as Refusal {
            return try await redisplay(
                request, viewer: viewer,
                error: FieldError(field: "answers", rule: refusal.rule, message: refusal.reason))
        } catch DomainError.conflict(let message, let rule) {
            return try await redisplay(
                request, viewer: viewer, error: FieldError(field: "answers", rule: rule, message: message),
                status: .conflict)
        }
        if request.headers.first(name: "X-Requested-With") == "fetch" { return Response(status: .noContent) }
        return request.redirect(to: SiteRoute.attempt(id).path + "?saved=1")
    }

    /// Submits with the answers on the form saved first; the result page follows.
    @Sendable static func submit(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.takeExams)
        try request.verifyCSRF()
        let person = try request.examTaker(viewer)
        let id = try request.uuidParameter()
        do {
            try await request.baomi.exams.submit(
                id, personID: person, final: try await responses(request, attemptID: id), by: viewer.auditActor,
                on: request.db)
        } catch let refusal as Refusal {
            return try await redisplay(
                request, viewer: viewer,
                error: FieldError(field: "answers", rule: refusal.rule, message: refusal.reason))
        } catch DomainError.conflict(let message, let rule) {
            return try await redisplay(
                request, viewer: viewer, error: FieldError(field: "answers", rule: rule, message: message),
                status: .conflict)
        }
        return request.redirect(to: SiteRoute.attempt(id).path)
    }

    private static func redisplay(
        _ request: Request, viewer: Viewer, error: FieldError, status: HTTPStatus = .unprocessableEntity
    ) async throws -> Response {
        let attempt = try await ExamsAPI.ownAttempt(request, viewer: viewer)
        let context = PageContext(request)
        return try await HTMLPage(
            html: AttemptPages.take(
                context, sheet: try await ExamsAPI.sheet(request, attempt), now: request.baomi.clock(), errors: [error]),
            status: status
        ).encodeResponse(for: request)
    }

    /// The answers a posted paper holds, read pair by pair (a multiple choice repeats its name).
    private static func responses(_ request: Request, attemptID: UUID) async throws -> [UUID: QuestionResponse] {
        let attempt = try await request.baomi.exams.attempt(attemptID, on: request.db)
        let types = Dictionary(uniqueKeysWithValues: attempt.paper.map { ($0.questionID, $0.question.type) })
        var values: [String: [String]] = [:]
        for (key, value) in request.formPairs() { values[key, default: []].append(value) }
        var responses: [UUID: QuestionResponse] = [:]
        for text in values["present"] ?? [] {
            guard let id = UUID(uuidString: text), let type = types[id] else { continue }
            let given = values["q-\(id.uuidString.lowercased())"] ?? []
            responses[id] =
                type == .fillIn
                ? QuestionResponse(text: given.first ?? "")
                : QuestionResponse(selected: given.compactMap { Int($0) })
        }
        return responses
    }

    @Sendable static func certificate(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.takeExams)
        let attempt = try await ExamsAPI.ownAttempt(request, viewer: viewer)
        let exam = try await request.baomi.exams.exam(attempt.$exam.id, on: request.db)
        guard let definition = exam.definition,
            let certificate = ExamCertificate(
                attempt, exam: exam, definition: definition,
                leaf: try await request.baomi.exams.submissionRecord(of: try attempt.requireID(), on: request.db))
        else { throw DomainError.notFound(zh: "该次作答没有合格证书", en: "This attempt has no certificate") }
        return HTMLPage(html: CertificatePage.render(PageContext(request), certificate: certificate))
    }
}

extension Request {
    /// Every name/value pair of a posted form, in order, repeated names kept.
    func formPairs() -> [(String, String)] {
        guard let buffer = body.data, headers.contentType == .urlEncodedForm else { return [] }
        func decode(_ text: Substring) -> String {
            String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
        }
        return String(buffer: buffer).split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}
