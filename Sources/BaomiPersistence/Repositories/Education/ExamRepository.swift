import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// The question bank, exams and attempts (E6.2). Every write goes through `Store.perform`, its audit record in the
/// same transaction; a passed attempt writes its training credit there too (E1–E6.7).
public struct ExamRepository: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    static let notFound = DomainError.notFound(zh: "没有找到该考试", en: "No such exam")
    static let questionNotFound = DomainError.notFound(zh: "没有找到该试题", en: "No such question")
    static let attemptNotFound = DomainError.notFound(zh: "没有找到该次作答", en: "No such attempt")

    // MARK: Questions

    public struct QuestionFilter: Sendable {
        public var type: QuestionType?
        public var area: ContentArea?
        public var difficulty: Difficulty?
        public var search: String?

        public init(
            type: QuestionType? = nil, area: ContentArea? = nil, difficulty: Difficulty? = nil, search: String? = nil
        ) {
            self.type = type
            self.area = area
            self.difficulty = difficulty
            self.search = search
        }
    }

    /// The bank, filtered, oldest first (the order it was built in).
    public func questions(
        _ filter: QuestionFilter = QuestionFilter(), on database: any Database
    ) async throws
        -> [QuestionModel]
    {
        let query = QuestionModel.query(on: database)
        if let type = filter.type { query.filter(\.$type == type.rawValue) }
        if let difficulty = filter.difficulty { query.filter(\.$difficulty == difficulty.rawValue) }
        if let area = filter.area { query.filter(\.$areas, .custom("LIKE"), "%;\(area.rawValue);%") }
        if let search = filter.search?.trimmed, !search.isEmpty {
            let escaped = search.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
            query.filter(\.$stem, .custom("LIKE"), "%\(escaped)%")
        }
        return try await query.sort(\.$createdAt).sort(\.$id).all()
    }

    public func question(_ id: UUID, on database: any Database) async throws -> QuestionModel {
        guard let model = try await QuestionModel.find(id, on: database) else { throw Self.questionNotFound }
        return model
    }

    @discardableResult
    public func createQuestion(
        _ question: Question, by actor: AuditActor, on database: any Database
    ) async throws
        -> QuestionModel
    {
        try await store.perform(
            on: database, by: actor, .questionCreate, subject: AuditSubject(type: "question", label: question.stem)
        ) { transaction, trail in
            try question.validate()
            let model = QuestionModel(id: UUID(), question, by: actor.name, at: clock())
            try await model.create(on: transaction)
            trail.subject = AuditSubject(
                type: "question", id: model.id?.uuidString, label: String(question.stem.prefix(60)))
            trail.note("type", question.type.rawValue)
            return model
        }
    }

    @discardableResult
    public func updateQuestion(
        _ id: UUID, _ question: Question, by actor: AuditActor, on database: any Database
    ) async throws -> QuestionModel {
        try await store.perform(
            on: database, by: actor, .questionUpdate, subject: AuditSubject(type: "question", id: id.uuidString)
        ) { transaction, trail in
            let model = try await self.question(id, on: transaction)
            try question.validate()
            trail.note("stemBefore", String(model.stem.prefix(60)))
            model.set(question, at: clock())
            try await model.save(on: transaction)
            trail.subject = AuditSubject(type: "question", id: id.uuidString, label: String(question.stem.prefix(60)))
            return model
        }
    }

    /// A whole file of questions in one transaction, or nothing (the caller has checked every row first); one
    /// `question.import` record names the file's SHA-256 and how many it added.
    @discardableResult
    public func importQuestions(
        _ questions: [Question], fileName: String, sha256: String, by actor: AuditActor, on database: any Database
    ) async throws -> Int {
        try await store.perform(
            on: database, by: actor, .questionImport, subject: AuditSubject(type: "questionBank", label: fileName)
        ) { transaction, trail in
            var problems: [FieldError] = []
            for (index, question) in questions.enumerated() {
                problems += question.problems.map {
                    FieldError(field: "row\(index + 2).\($0.field)", rule: $0.rule, message: $0.message)
                }
            }
            if !problems.isEmpty { throw DomainError.invalid(problems) }
            let now = clock()
            let models = questions.map { QuestionModel(id: UUID(), $0, by: actor.name, at: now) }
            for start in stride(from: 0, to: models.count, by: 200) {
                try await models[start..<min(start + 200, models.count)].create(on: transaction)
            }
            trail.note("sha256", sha256)
            trail.note("count", String(models.count))
            return models.count
        }
    }

    /// Records that the bank was exported (who took it away, and how much of it).
    public func recordExport(count: Int, format: String, by actor: AuditActor, on database: any Database) async throws {
        try await store.perform(on: database, by: actor, .questionExport, subject: AuditSubject(type: "questionBank")) {
            _, trail in
            trail.note("count", String(count))
            trail.note("format", format)
        }
    }

    // MARK: Exams

    public func exams(on database: any Database) async throws -> [ExamModel] {
        try await ExamModel.query(on: database).sort(\.$opensAt, .descending).sort(\.$id).all()
    }

    public func exam(_ id: UUID, on database: any Database) async throws -> ExamModel {
        guard let model = try await ExamModel.find(id, on: database) else { throw Self.notFound }
        return model
    }

    /// Creates an exam once its definition holds (E6.2): fixed questions exist in the bank, and each draw rule can be
    /// met by the bank as it is now.
    @discardableResult
    public func createExam(
        _ definition: ExamDefinition, by actor: AuditActor, on database: any Database
    ) async throws
        -> ExamModel
    {
        try await store.perform(
            on: database, by: actor, .examCreate, subject: AuditSubject(type: "exam", label: definition.title)
        ) { transaction, trail in
            try definition.validate()
            if !definition.questionIDs.isEmpty {
                let found = try await QuestionModel.query(on: transaction).filter(\.$id ~~ definition.questionIDs)
                    .count()
                if found != definition.questionIDs.count {
                    throw DomainError.invalid(
                        field: "questions", rule: ExamDefinition.rule, zh: "所选试题有的不在题库中",
                        en: "Some chosen questions are not in the bank")
                }
            } else {
                _ = try ExamPaper.questions(definition, bank: try await bank(on: transaction), seed: 1)
            }
            let model = ExamModel(id: UUID(), definition, by: actor.name, at: clock())
            try await model.create(on: transaction)
            trail.subject = AuditSubject(type: "exam", id: model.id?.uuidString, label: model.title)
            trail.note("purpose", definition.purpose.rawValue)
            trail.note("questions", String(definition.questionCount))
            return model
        }
    }

    /// The bank as a draw sees it: each question's areas and difficulty.
    func bank(on database: any Database) async throws -> [BankEntry] {
        try await QuestionModel.query(on: database).field(\.$id).field(\.$areas).field(\.$difficulty).all()
            .compactMap { model in
                guard let id = model.id, let difficulty = Difficulty(rawValue: model.difficulty) else { return nil }
                return BankEntry(
                    id: id, areas: model.areas.split(separator: ";").compactMap { ContentArea(rawValue: String($0)) },
                    difficulty: difficulty)
            }
    }
}

extension ExamRepository {
    /// Records that an exam's results were taken away (CSV, xlsx or `baomi exams results`).
    public func recordResultsExport(
        _ exam: ExamModel, count: Int, format: String, by actor: AuditActor, on database: any Database
    ) async throws {
        try await store.perform(
            on: database, by: actor, .examResultsExport,
            subject: AuditSubject(type: "exam", id: exam.id?.uuidString, label: exam.title)
        ) { _, trail in
            trail.note("count", String(count))
            trail.note("format", format)
        }
    }
}
