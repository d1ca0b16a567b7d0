import BaomiDomain
import FluentKit
import Foundation

/// A `TrainingCredit` as stored: what a person's training record, the gate before a secret post (E6.6(3)) and the
/// training reminders read.
public final class TrainingCreditModel: Model, @unchecked Sendable {
    public static let schema = "training_credits"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "person_id") public var person: PersonModel
    /// `TrainingPurpose` raw value.
    @Field(key: "purpose") public var purpose: String
    /// `TrainingCredit.Source` raw value.
    @Field(key: "source_type") public var sourceType: String
    @Field(key: "source_id") public var sourceID: UUID
    @Field(key: "title") public var title: String
    /// `YYYY-MM-DD`.
    @Field(key: "earned_on") public var earnedOn: String
    @Field(key: "hours") public var hours: Double
    @Field(key: "recorded_at") public var recordedAt: Date

    public init() {}

    public init(_ credit: TrainingCredit, recordedAt: Date) {
        $person.id = credit.personID
        purpose = credit.purpose.rawValue
        sourceType = credit.source.rawValue
        sourceID = credit.sourceID
        title = credit.title
        earnedOn = credit.earnedOn
        hours = credit.hours
        self.recordedAt = recordedAt
    }

    public var credit: TrainingCredit? {
        guard let purpose = TrainingPurpose(rawValue: purpose),
            let source = TrainingCredit.Source(rawValue: sourceType)
        else { return nil }
        return TrainingCredit(
            personID: $person.id, purpose: purpose, source: source, sourceID: sourceID, title: title,
            earnedOn: earnedOn, hours: hours)
    }
}

extension TrainingCreditModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [_id, _person, _purpose, _sourceType, _sourceID, _title, _earnedOn, _hours, _recordedAt]
    }
}
