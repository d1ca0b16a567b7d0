import BaomiDomain
import FluentKit
import Foundation

/// An exam (E6.2): the columns lists and filters read, and the whole `ExamDefinition` as JSON.
public final class ExamModel: Model, @unchecked Sendable {
    public static let schema = "exams"

    @ID(key: .id) public var id: UUID?
    @Field(key: "title") public var title: String
    /// `TrainingPurpose` raw value.
    @Field(key: "purpose") public var purpose: String
    @Field(key: "opens_at") public var opensAt: Date
    @Field(key: "closes_at") public var closesAt: Date
    @Field(key: "contest") public var contest: Bool
    @Field(key: "definition") public var definitionText: String
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "created_at") public var createdAt: Date

    /// Listed by hand: reflection on every query and save is the largest cost of a write (ModelPropertyListTests).
    public var properties: [any AnyProperty] {
        [_id, _title, _purpose, _opensAt, _closesAt, _contest, _definitionText, _createdBy, _createdAt]
    }

    public init() {}

    public init(id: UUID? = nil, _ definition: ExamDefinition, by name: String, at time: Date) {
        self.id = id
        title = definition.title.trimmed
        purpose = definition.purpose.rawValue
        opensAt = definition.opensAt
        closesAt = definition.closesAt
        contest = definition.contest
        var stored = definition
        stored.title = title
        definitionText = JSONText.encode(stored)
        createdBy = name
        createdAt = time
    }

    public var definition: ExamDefinition? { JSONText.decode(ExamDefinition.self, definitionText) }
}

/// One question of an attempt's paper as it was when the attempt began (principle 12): the question with its key
/// (kept on the server, never sent before submission) and the order its options were shown in.
public struct PaperItem: Codable, Sendable, Hashable {
    public var questionID: UUID
    public var question: Question
    /// `order[k]` is the index in `question.options` of the k-th option shown.
    public var order: [Int]

    public init(questionID: UUID, question: Question, order: [Int]) {
        self.questionID = questionID
        self.question = question
        self.order = order
    }
}

/// One person's attempt at an exam (E6.2): the paper drawn for them, the server-kept deadline, the answers saved as
/// they go, and once submitted (exactly once) the score.
public final class ExamAttemptModel: Model, @unchecked Sendable {
    public static let schema = "exam_attempts"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "exam_id") public var exam: ExamModel
    @Parent(key: "person_id") public var person: PersonModel
    /// The person's name and department as they were (principle 12).
    @Field(key: "person_name") public var personName: String
    @OptionalField(key: "department_id") public var departmentID: UUID?
    @Field(key: "department_name") public var departmentName: String
    /// 1 for the person's first attempt at the exam; unique with the exam and the person, so two starts at once
    /// cannot both take the last attempt allowed.
    @Field(key: "number") public var number: Int
    @Field(key: "seed") public var seed: Int64
    @Field(key: "started_at") public var startedAt: Date
    @Field(key: "deadline") public var deadline: Date
    @Field(key: "paper") public var paperText: String
    @Field(key: "answers") public var answersText: String
    @OptionalField(key: "submitted_at") public var submittedAt: Date?
    @OptionalField(key: "score") public var score: Int?
    @Field(key: "max_score") public var maxScore: Int
    @OptionalField(key: "passed") public var passed: Bool?

    /// Listed by hand: reflection on every query and save is the largest cost of a write (ModelPropertyListTests).
    public var properties: [any AnyProperty] {
        [
            _id, _exam, _person, _personName, _departmentID, _departmentName, _number, _seed, _startedAt, _deadline,
            _paperText, _answersText, _submittedAt, _score, _maxScore, _passed,
        ]
    }

    public init() {}

    public var paper: [PaperItem] { JSONText.decode([PaperItem].self, paperText) ?? [] }

    /// The saved answers by question id.
    public var answers: [UUID: QuestionResponse] {
        let byText = JSONText.decode([String: QuestionResponse].self, answersText) ?? [:]
        return Dictionary(
            uniqueKeysWithValues: byText.compactMap { key, value in UUID(uuidString: key).map { ($0, value) } })
    }

    static func answersText(_ answers: [UUID: QuestionResponse]) -> String {
        JSONText.encode(Dictionary(uniqueKeysWithValues: answers.map { ($0.key.uuidString.lowercased(), $0.value) }))
    }

    /// Seconds from start to submission, for a contest's ranking.
    public var secondsTaken: Int? {
        submittedAt.map { Int($0.timeIntervalSince(startedAt).rounded()) }
    }
}
