import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Vapor

/// `/api/v1/questions`, `/api/v1/exams`, `/api/v1/me/exams` and `/api/v1/attempts` (E6.2): the bank and exams for
/// those who keep them, taking an exam for everyone in its audience.
enum ExamsAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let id = APIOperation.Parameter.path("id", description: "UUID")
        func add(
            _ method: HTTPMethod, _ path: String, _ operationID: String, _ summary: String,
            parameters: [APIOperation.Parameter] = [], body: String? = nil, response: String? = nil,
            array: Bool = false, status: Int = 200, _ handler: @escaping @Sendable (Request) async throws -> Response
        ) {
            registry.register(
                APIOperation(
                    method: method, path: path, operationID: operationID, tag: "education", summary: summary,
                    parameters: parameters, requestSchema: body, responseSchema: response, responseIsArray: array,
                    successStatus: status), on: routes, handler)
        }
        add(
            .GET, "questions", "listQuestions", "The question bank, filtered 题库 (E6.2)",
            parameters: [
                .query(
                    "type", type: "string", description: "Question type", values: QuestionType.allCases.map(\.rawValue)),
                .query(
                    "area", type: "string", description: "Content area (E5)",
                    values: ContentArea.allCases.map(\.rawValue)),
                .query(
                    "difficulty", type: "string", description: "Difficulty", values: Difficulty.allCases.map(\.rawValue)
                ),
                .query("q", type: "string", description: "Words in the stem", maxLength: 100),
            ], response: "Question", array: true, listQuestions)
        add(
            .POST, "questions", "createQuestion", "Add a question to the bank 新建试题 (E6.2)", body: "QuestionInput",
            response: "Question", status: 201, createQuestion)
        add(
            .GET, "questions/{id}", "getQuestion", "One question with its key (E6.2)", parameters: [id],
            response: "Question", getQuestion)
        add(
            .PUT, "questions/{id}", "updateQuestion", "Change a question 修改试题 (E6.2)", parameters: [id],
            body: "QuestionInput", response: "Question", updateQuestion)
        add(
            // Its own collection, not under questions/{id}, whose PUT would read "import" as an id (RFC 9110 405).
            .POST, "question-imports", "importQuestions",
            "Import a CSV or xlsx file of questions, all or nothing; each bad row named 导入题库 (E6.2)",
            body: "QuestionImportInput", response: "QuestionImport", status: 201, importQuestions)
        add(.GET, "exams", "listExams", "Exams the caller sets 考试 (E6.2)", response: "Exam", array: true, listExams)
        add(
            .POST, "exams", "createExam", "Set an exam from the bank 新建考试 (E6.2)", body: "ExamInput",
            response: "Exam", status: 201, createExam)
        add(.GET, "exams/{id}", "getExam", "One exam (E6.2)", parameters: [id], response: "Exam", getExam)
        add(
            .GET, "exams/{id}/results", "listExamResults", "Every attempt at an exam 成绩 (E6.2)", parameters: [id],
            response: "ExamResult", array: true, results)
        add(
            .GET, "exams/{id}/ranking", "listExamRanking",
            "Each person's best attempt ranked by score, then time taken 竞赛排名 (E6.2)", parameters: [id],
            response: "ExamRank", array: true, ranking)
        add(
            .GET, "me/exams", "listOwnExams", "The exams open to the caller, with attempts left 我的考试 (E6.2)",
            response: "MyExam", array: true, myExams)
        add(
            .POST, "exams/{id}/attempts", "startAttempt",
            "Start an attempt: the paper in the caller's own order, without its key 开始考试 (E6.2)", parameters: [id],
            response: "Attempt", status: 201, start)
        add(
            .GET, "attempts/{id}", "getAttempt",
            "One's own attempt: the key and explanations only once submitted (E6.2)", parameters: [id],
            response: "Attempt", getAttempt)
        add(
            .PUT, "attempts/{id}/answers/{questionID}", "saveAnswer",
            "Save one answer while the attempt runs 保存答案 (E6.2)",
            parameters: [id, .path("questionID", description: "UUID of the question")], body: "AnswerInput",
            status: 204, saveAnswer)
        add(
            .POST, "attempts/{id}/submit", "submitAttempt",
            "Submit and score; once only, and not after the deadline 交卷 (E6.2)", parameters: [id],
            response: "Attempt", submit)
    }

    @Sendable static func listQuestions(_ request: Request) async throws -> Response {
        _ = try await request.require(.manageExams)
        var parameters = QueryParameters(request)
        let filter = ExamRepository.QuestionFilter(
            type: parameters.choice("type", QuestionType.self), area: parameters.choice("area", ContentArea.self),
            difficulty: parameters.choice("difficulty", Difficulty.self), search: parameters.text("q", maxLength: 100))
        try parameters.check()
        return try request.json(
            try await request.baomi.exams.questions(filter, on: request.db).compactMap(QuestionDTO.init))
    }

    @Sendable static func createQuestion(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageExams)
        let question = try request.body(QuestionInput.self).question()
        let model = try await request.baomi.exams.createQuestion(question, by: viewer.auditActor, on: request.db)
        return try request.json(QuestionDTO(model), status: .created)
    }

    @Sendable static func getQuestion(_ request: Request) async throws -> Response {
        _ = try await request.require(.manageExams)
        return try request.json(
            QuestionDTO(try await request.baomi.exams.question(try request.uuidParameter(), on: request.db)))
    }

    @Sendable static func updateQuestion(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageExams)
        let question = try request.body(QuestionInput.self).question()
        let model = try await request.baomi.exams.updateQuestion(
            try request.uuidParameter(), question, by: viewer.auditActor, on: request.db)
        return try request.json(QuestionDTO(model))
    }

    @Sendable static func importQuestions(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageExams)
        let input = try request.body(QuestionImportInput.self)
        guard let bytes = Data(base64Encoded: input.content, options: .ignoreUnknownCharacters) else {
            throw DomainError.invalid(
                field: "content", rule: ExamDefinition.rule, zh: "文件内容须为 base64", en: "content must be base64")
        }
        do {
            let count = try await QuestionImport.run(
                Array(bytes), fileName: input.fileName, repository: request.baomi.exams, by: viewer.auditActor,
                on: request.db)
            return try request.json(QuestionImportDTO(imported: count), status: .created)
        } catch let failure as QuestionImport.Failure {
            throw DomainError.invalid(failure.fieldErrors)
        }
    }

    @Sendable static func listExams(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageExams)
        return try request.json(try await request.managedExams(viewer).map(ExamDTO.init))
    }

    @Sendable static func createExam(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageExams)
        let definition = try request.body(ExamInput.self).definition()
        try ExamRules.mayManage(audience: definition.audience, stewarded: try await request.examStewardship(viewer))
            .enforce()
        let exam = try await request.baomi.exams.createExam(definition, by: viewer.auditActor, on: request.db)
        return try request.json(ExamDTO(exam, definition), status: .created)
    }

    @Sendable static func getExam(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageExams)
        let (exam, definition) = try await request.managedExam(try request.uuidParameter(), viewer: viewer)
        return try request.json(ExamDTO(exam, definition))
    }

    @Sendable static func results(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageExams)
        let id = try request.uuidParameter()
        _ = try await request.managedExam(id, viewer: viewer)
        return try request.json(
            try await request.baomi.exams.attempts(ofExam: id, on: request.db).map(ExamResultDTO.init))
    }

    @Sendable static func ranking(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageExams)
        let id = try request.uuidParameter()
        _ = try await request.managedExam(id, viewer: viewer)
        return try request.json(ExamResults.ranking(try await request.baomi.exams.attempts(ofExam: id, on: request.db)))
    }

    @Sendable static func myExams(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.takeExams)
        let person = try request.examTaker(viewer)
        return try request.json(try await request.examsFor(personID: person).map(MyExamDTO.init))
    }

    @Sendable static func start(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.takeExams)
        let person = try request.examTaker(viewer)
        let attempt = try await request.baomi.exams.start(
            try request.uuidParameter(), personID: person, by: viewer.auditActor, on: request.db)
        return try request.json(try await sheet(request, attempt), status: .created)
    }

    @Sendable static func getAttempt(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.takeExams)
        let attempt = try await ownAttempt(request, viewer: viewer)
        return try request.json(try await sheet(request, attempt))
    }

    @Sendable static func saveAnswer(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.takeExams)
        let person = try request.examTaker(viewer)
        let input = try request.body(AnswerInput.self)
        guard let question = request.parameters.get("questionID").flatMap(UUID.init(uuidString:)) else {
            throw DomainError.notFound(zh: "对象不存在", en: "Not found")
        }
        try await request.baomi.exams.saveAnswers(
            try request.uuidParameter(), personID: person, [question: input.response], by: viewer.auditActor,
            on: request.db)
        return Response(status: .noContent)
    }

    @Sendable static func submit(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.takeExams)
        let person = try request.examTaker(viewer)
        let attempt = try await request.baomi.exams.submit(
            try request.uuidParameter(), personID: person, by: viewer.auditActor, on: request.db)
        return try request.json(try await sheet(request, attempt))
    }

    /// The caller's own attempt; anyone else's is a 404.
    static func ownAttempt(_ request: Request, viewer: Viewer) async throws -> ExamAttemptModel {
        let attempt = try await request.baomi.exams.attempt(try request.uuidParameter(), on: request.db)
        guard attempt.$person.id == viewer.account.$person.id else {
            throw DomainError.notFound(zh: "没有找到该次作答", en: "No such attempt")
        }
        return attempt
    }

    static func sheet(_ request: Request, _ attempt: ExamAttemptModel) async throws -> AttemptSheet {
        let exam = try await request.baomi.exams.exam(attempt.$exam.id, on: request.db)
        guard let definition = exam.definition else { throw DomainError.notFound(zh: "没有找到该考试", en: "No such exam") }
        return AttemptSheet(attempt, exam: exam, definition: definition, context: PageContext(request))
    }
}
