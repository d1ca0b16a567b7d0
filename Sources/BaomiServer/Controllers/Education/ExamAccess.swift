import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Vapor

extension BaomiServices {
    /// The question bank, exams and attempts (E6.2).
    var exams: ExamRepository { ExamRepository(store: store, clock: clock) }
}

extension Request {
    /// The departments whose people a manager of exams sets exams for: nil for the security office (everyone), the
    /// officer's own department for a secrecy officer (T5.2).
    func examStewardship(_ viewer: Viewer) async throws -> Set<UUID>? {
        CarrierStewardship.departments(roles: viewer.roles, viewerDepartment: try await viewerDepartment(viewer))
    }

    /// The person behind the account, who takes exams; an account linked to nobody takes none.
    func examTaker(_ viewer: Viewer) throws -> UUID {
        guard let person = viewer.account.$person.id else {
            throw Refusal(
                rule: ExamDefinition.rule, zh: "账号未关联人员，不能参加考试",
                en: "This account is linked to no person and takes no exams")
        }
        return person
    }

    /// An exam this manager may see (its audience within their departments); 404 otherwise, as if it did not exist.
    func managedExam(_ id: UUID, viewer: Viewer) async throws -> (ExamModel, ExamDefinition) {
        let exam = try await baomi.exams.exam(id, on: db)
        guard let definition = exam.definition,
            ExamRules.mayManage(audience: definition.audience, stewarded: try await examStewardship(viewer)).isAllowed
        else { throw DomainError.notFound(zh: "没有找到该考试", en: "No such exam") }
        return (exam, definition)
    }

    /// The exams a manager may see, newest window first.
    func managedExams(_ viewer: Viewer) async throws -> [(ExamModel, ExamDefinition)] {
        let stewarded = try await examStewardship(viewer)
        return try await baomi.exams.exams(on: db).compactMap { exam in
            guard let definition = exam.definition,
                ExamRules.mayManage(audience: definition.audience, stewarded: stewarded).isAllowed
            else { return nil }
            return (exam, definition)
        }
    }

    /// The exams open to a person now or later (in their audience, not yet closed), with their attempts.
    func examsFor(personID: UUID) async throws -> [MyExam] {
        guard let person = try await PersonModel.find(personID, on: db) else { return [] }
        let now = baomi.clock()
        let attempts = try await baomi.exams.attempts(of: personID, on: db)
        return try await baomi.exams.exams(on: db).compactMap { exam in
            guard let definition = exam.definition, let id = exam.id,
                ExamRules.isInAudience(definition, departmentID: person.$department.id)
            else { return nil }
            let mine = attempts.filter { $0.$exam.id == id }
            guard now < definition.closesAt || !mine.isEmpty else { return nil }
            return MyExam(
                exam: exam, definition: definition, attempts: mine, departmentID: person.$department.id, now: now)
        }
    }
}

/// One exam as its taker sees it on 我的考试.
struct MyExam {
    var id: UUID
    var title: String
    var purpose: TrainingPurpose
    var opensAt: Date
    var closesAt: Date
    var timeLimitMinutes: Int
    var questionCount: Int
    var maxScore: Int
    var passMark: Int
    var attemptsUsed: Int
    var attemptsAllowed: Int
    /// The attempt still running, to continue.
    var runningAttempt: UUID?
    var best: (score: Int, passed: Bool, attempt: UUID)?
    var mayStart: Decision

    init(
        exam: ExamModel, definition: ExamDefinition, attempts: [ExamAttemptModel], departmentID: UUID, now: Date
    ) {
        id = exam.id ?? UUID()
        title = exam.title
        purpose = definition.purpose
        opensAt = definition.opensAt
        closesAt = definition.closesAt
        timeLimitMinutes = definition.timeLimitMinutes
        questionCount = definition.questionCount
        maxScore = definition.maxScore
        passMark = definition.passMark
        attemptsUsed = attempts.count
        attemptsAllowed = definition.attemptsAllowed
        let running = attempts.first {
            $0.submittedAt == nil && now <= $0.deadline.addingTimeInterval(ExamDefinition.submissionGrace)
        }
        runningAttempt = running?.id
        best = attempts.compactMap { attempt -> (Int, Bool, UUID)? in
            guard let score = attempt.score, let id = attempt.id else { return nil }
            return (score, attempt.passed ?? false, id)
        }.max { $0.0 < $1.0 }.map { (score: $0.0, passed: $0.1, attempt: $0.2) }
        mayStart = ExamRules.mayStart(
            definition, departmentID: departmentID, attemptsUsed: attempts.count, hasOpenAttempt: running != nil,
            now: now)
    }
}
