import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Taking an exam (E6.2): start, save answers as they go, submit exactly once.
extension ExamRepository {
    /// A person's attempts, newest first; of one exam when `examID` is given.
    public func attempts(
        of personID: UUID, examID: UUID? = nil, on database: any Database
    ) async throws
        -> [ExamAttemptModel]
    {
        let query = ExamAttemptModel.query(on: database).filter(\.$person.$id == personID)
        if let examID { query.filter(\.$exam.$id == examID) }
        return try await query.sort(\.$startedAt, .descending).all()
    }

    /// Every attempt at an exam, in the order they began.
    public func attempts(ofExam examID: UUID, on database: any Database) async throws -> [ExamAttemptModel] {
        try await ExamAttemptModel.query(on: database).filter(\.$exam.$id == examID).sort(\.$startedAt).sort(\.$id)
            .all()
    }

    public func attempt(_ id: UUID, on database: any Database) async throws -> ExamAttemptModel {
        guard let model = try await ExamAttemptModel.find(id, on: database) else { throw Self.attemptNotFound }
        return model
    }

    /// Starts an attempt for `personID`: in the audience, within the window, within the attempts allowed, with no
    /// attempt still running. Draws the paper from a fresh seed and fixes the deadline the server keeps.
    @discardableResult
    public func start(
        _ examID: UUID, personID: UUID, by actor: AuditActor, on database: any Database
    ) async throws -> ExamAttemptModel {
        try await store.perform(
            on: database, by: actor, .examStart, subject: AuditSubject(type: "exam", id: examID.uuidString)
        ) { transaction, trail in
            let exam = try await self.exam(examID, on: transaction)
            guard let definition = exam.definition else { throw Self.notFound }
            trail.subject = AuditSubject(type: "exam", id: examID.uuidString, label: exam.title)
            // One start at a time per person, on however many servers: the second reads the first's attempt, so the
            // count of attempts (and the attempt's number) is never read stale.
            try await RowLock.take(PersonModel.schema, id: personID, on: transaction)
            guard let person = try await PersonModel.find(personID, on: transaction) else {
                throw DomainError.notFound(zh: "没有找到该人员", en: "No such person")
            }
            let department = try await OrgUnitModel.find(person.$department.id, on: transaction)
            let now = clock()
            let earlier = try await attempts(of: personID, examID: examID, on: transaction)
            let running = earlier.contains {
                $0.submittedAt == nil && now <= $0.deadline.addingTimeInterval(ExamDefinition.submissionGrace)
            }
            try ExamRules.mayStart(
                definition, departmentID: person.$department.id, attemptsUsed: earlier.count,
                hasOpenAttempt: running, now: now
            ).enforce()
            let seed = UInt64.random(in: 1...UInt64.max)
            let paper = try await self.paper(definition, seed: seed, on: transaction)
            let attempt = ExamAttemptModel()
            attempt.id = UUID()
            attempt.$exam.id = examID
            attempt.$person.id = personID
            attempt.personName = person.name
            attempt.departmentID = person.$department.id
            attempt.departmentName = department?.name ?? ""
            attempt.number = earlier.count + 1
            attempt.seed = Int64(bitPattern: seed)
            attempt.startedAt = now
            attempt.deadline = ExamRules.deadline(definition, startedAt: now)
            attempt.paperText = JSONText.encode(paper)
            attempt.answersText = "{}"
            attempt.maxScore = paper.count * definition.pointsPerQuestion
            try await attempt.create(on: transaction)
            trail.subject = AuditSubject(type: "examAttempt", id: attempt.id?.uuidString, label: exam.title)
            trail.note("exam", examID.uuidString)
            trail.note("person", person.name)
            trail.note("number", String(attempt.number))
            return attempt
        }
    }

    /// The paper of one attempt: the questions as they are now, each with its options in the order this seed gives.
    func paper(_ definition: ExamDefinition, seed: UInt64, on database: any Database) async throws -> [PaperItem] {
        let bank = definition.questionIDs.isEmpty ? try await bank(on: database) : []
        let ids = try ExamPaper.questions(definition, bank: bank, seed: seed)
        let models = try await QuestionModel.query(on: database).filter(\.$id ~~ ids).all()
        let byID = Dictionary(uniqueKeysWithValues: models.compactMap { model in model.id.map { ($0, model) } })
        return try ids.enumerated().map { position, id in
            guard let question = byID[id]?.question else { throw Self.questionNotFound }
            return PaperItem(
                questionID: id, question: question,
                order: ExamPaper.optionOrder(
                    count: question.options.count, type: question.type, seed: seed, position: position))
        }
    }

    /// Saves answers while the attempt runs (a dropped connection loses nothing): each given question's answer
    /// replaces what was saved for it. Refused once submitted or after the deadline and its grace.
    public func saveAnswers(
        _ attemptID: UUID, personID: UUID, _ responses: [UUID: QuestionResponse], by actor: AuditActor,
        on database: any Database
    ) async throws {
        try await store.perform(
            on: database, by: actor, .examAnswer, subject: AuditSubject(type: "examAttempt", id: attemptID.uuidString)
        ) { transaction, trail in
            try await RowLock.take(ExamAttemptModel.schema, id: attemptID, on: transaction)
            let attempt = try await owned(attemptID, personID: personID, on: transaction)
            try ExamRules.mayWrite(deadline: attempt.deadline, submittedAt: attempt.submittedAt, now: clock())
                .enforce()
            var answers = attempt.answers
            let paper = attempt.paper
            for (questionID, response) in responses {
                answers[questionID] = try Self.checked(response, for: questionID, in: paper)
            }
            trail.note("questions", String(responses.count))
            try await saveAnswers(answers, of: attemptID, on: transaction)
        }
    }

    /// Submits an attempt, scoring what was saved (with `final` answers saved first): exactly one submission wins,
    /// however many arrive at once (a conditional UPDATE on `submitted_at IS NULL`); a replay is a 409 citing E6.2,
    /// a submission after the deadline and its grace is refused. A pass writes one training credit of the exam's
    /// purpose, the attempt its evidence (E1–E6.7).
    @discardableResult
    public func submit(
        _ attemptID: UUID, personID: UUID, final: [UUID: QuestionResponse] = [:], by actor: AuditActor,
        on database: any Database
    ) async throws -> ExamAttemptModel {
        try await store.perform(
            on: database, by: actor, .examSubmit, subject: AuditSubject(type: "examAttempt", id: attemptID.uuidString)
        ) { transaction, trail in
            let attempt = try await owned(attemptID, personID: personID, on: transaction)
            let exam = try await self.exam(attempt.$exam.id, on: transaction)
            guard let definition = exam.definition else { throw Self.notFound }
            trail.subject = AuditSubject(type: "examAttempt", id: attemptID.uuidString, label: exam.title)
            if attempt.submittedAt != nil {
                throw DomainError.conflict(ExamRules.alreadySubmitted.reason, rule: ExamDefinition.rule)
            }
            let now = clock()
            try ExamRules.mayWrite(deadline: attempt.deadline, submittedAt: nil, now: now).enforce()
            let paper = attempt.paper
            var answers = attempt.answers
            for (questionID, response) in final {
                answers[questionID] = try Self.checked(response, for: questionID, in: paper)
            }
            let score = Scoring.score(
                paper.map(\.question), responses: paper.map { answers[$0.questionID] },
                points: definition.pointsPerQuestion)
            let passed = score >= definition.passMark
            let changed = try await transaction.sql.raw(
                """
                UPDATE exam_attempts SET submitted_at = \(bind: now), score = \(bind: score), passed = \(bind: passed),
                    answers = \(bind: ExamAttemptModel.answersText(answers))
                WHERE id = \(bind: attemptID) AND submitted_at IS NULL RETURNING id
                """
            ).all()
            guard changed.count == 1 else {
                throw DomainError.conflict(ExamRules.alreadySubmitted.reason, rule: ExamDefinition.rule)
            }
            attempt.submittedAt = now
            attempt.score = score
            attempt.passed = passed
            attempt.answersText = ExamAttemptModel.answersText(answers)
            trail.note("score", "\(score)/\(attempt.maxScore)")
            trail.note("passed", passed ? "true" : "false")
            trail.note("person", attempt.personName)
            if passed {
                try await TrainingCredits().record(
                    TrainingCredit(
                        personID: personID, purpose: definition.purpose, source: .exam, sourceID: attemptID,
                        title: exam.title, earnedOn: ClearanceRepository.today(now)),
                    at: now, on: transaction)
            }
            return attempt
        }
    }

    /// The attempt, if it is `personID`'s: anyone else's is not found (nobody learns that it exists).
    func owned(_ attemptID: UUID, personID: UUID, on database: any Database) async throws -> ExamAttemptModel {
        let attempt = try await attempt(attemptID, on: database)
        guard attempt.$person.id == personID else { throw Self.attemptNotFound }
        return attempt
    }

    private func saveAnswers(
        _ answers: [UUID: QuestionResponse], of id: UUID, on database: any Database
    )
        async throws
    {
        let changed = try await database.sql.raw(
            """
            UPDATE exam_attempts SET answers = \(bind: ExamAttemptModel.answersText(answers))
            WHERE id = \(bind: id) AND submitted_at IS NULL RETURNING id
            """
        ).all()
        guard changed.count == 1 else {
            throw DomainError.conflict(ExamRules.alreadySubmitted.reason, rule: ExamDefinition.rule)
        }
    }

    /// A response that fits its question: the question is on the paper, options picked exist (one for a single
    /// choice or true/false), text at most 200 characters.
    static func checked(
        _ response: QuestionResponse, for questionID: UUID, in paper: [PaperItem]
    ) throws(DomainError) -> QuestionResponse {
        guard let item = paper.first(where: { $0.questionID == questionID }) else {
            throw DomainError.invalid(
                field: "questionID", rule: ExamDefinition.rule, zh: "该题不在本次试卷中",
                en: "That question is not on this paper")
        }
        let question = item.question
        let fits =
            question.type == .fillIn
            ? response.selected.isEmpty && response.text.count <= 200
            : response.text.isEmpty && response.selected.allSatisfy { question.options.indices.contains($0) }
                && Set(response.selected).count == response.selected.count
                && (question.type == .multipleChoice || response.selected.count <= 1)
        guard fits else {
            throw DomainError.invalid(
                field: "answer", rule: ExamDefinition.rule, zh: "答案与题型不符", en: "The answer does not fit the question")
        }
        return response
    }
}
