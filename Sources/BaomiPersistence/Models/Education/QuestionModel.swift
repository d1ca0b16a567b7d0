import BaomiDomain
import FluentKit
import Foundation

/// A question of the bank (E6.2) as stored. Options, the key and the accepted answers are JSON text; the areas a
/// `;`-joined list of `ContentArea` raw values, so filters read them with `LIKE`.
public final class QuestionModel: Model, @unchecked Sendable {
    public static let schema = "questions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "type") public var type: String
    @Field(key: "stem") public var stem: String
    @Field(key: "options") public var options: String
    @Field(key: "correct") public var correct: String
    @Field(key: "accepted") public var accepted: String
    /// `;policy;law;`: each area between semicolons, so `LIKE '%;law;%'` finds exactly one area.
    @Field(key: "areas") public var areas: String
    @Field(key: "difficulty") public var difficulty: String
    @Field(key: "explanation") public var explanation: String
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    /// Listed by hand: reflection on every query and save is the largest cost of a write (ModelPropertyListTests).
    public var properties: [any AnyProperty] {
        [
            _id, _type, _stem, _options, _correct, _accepted, _areas, _difficulty, _explanation, _createdBy, _createdAt,
            _updatedAt,
        ]
    }

    public init() {}

    public init(id: UUID? = nil, _ question: Question, by name: String, at time: Date) {
        self.id = id
        createdBy = name
        createdAt = time
        set(question, at: time)
    }

    public func set(_ question: Question, at time: Date) {
        type = question.type.rawValue
        stem = question.stem.trimmed
        options = JSONText.encode(question.options.map(\.trimmed))
        correct = JSONText.encode(question.correct)
        accepted = JSONText.encode(question.accepted.map(\.trimmed))
        areas = Self.areasText(question.areas)
        difficulty = question.difficulty.rawValue
        explanation = question.explanation.trimmed
        updatedAt = time
    }

    static func areasText(_ areas: [ContentArea]) -> String {
        ";" + areas.map(\.rawValue).joined(separator: ";") + ";"
    }

    /// The question as the domain knows it; nil for a row a newer release wrote with a type this one lacks.
    public var question: Question? {
        guard let type = QuestionType(rawValue: type), let difficulty = Difficulty(rawValue: difficulty) else {
            return nil
        }
        return Question(
            type: type, stem: stem, options: JSONText.decode([String].self, options) ?? [],
            correct: JSONText.decode([Int].self, correct) ?? [],
            accepted: JSONText.decode([String].self, accepted) ?? [],
            areas: areas.split(separator: ";").compactMap { ContentArea(rawValue: String($0)) },
            difficulty: difficulty, explanation: explanation)
    }
}

/// JSON in a text column: the same bytes on SQLite and PostgreSQL, sorted keys so equal values compare equal.
enum JSONText {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try? decoder.decode(type, from: Data(text.utf8))
    }
}
