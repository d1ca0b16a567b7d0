import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// 涉密人员复审 (A2) and the duties new hires owe former employers (T13): each record and each refusal audited in the
/// same transaction as its row (principle 2).
public struct PostReviews: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// Records a re-review of someone in a secret post, with the class they hold now.
    @discardableResult
    public func record(
        _ draft: ClearanceReviewDraft, for personID: UUID, by actor: AuditActor, on database: any Database
    ) async throws -> ClearanceReviewModel {
        try await store.perform(
            on: database, by: actor, .clearanceReview, subject: AuditSubject(type: "person", id: personID.uuidString)
        ) { transaction, trail in
            guard let person = try await PersonModel.find(personID, on: transaction) else {
                throw DomainError.notFound(zh: "人员不存在", en: "No such person")
            }
            trail.subject = AuditSubject(type: "person", id: personID.uuidString, label: person.name)
            trail.note("outcome", draft.outcome.rawValue)
            trail.note("reviewedOn", draft.reviewedOn)
            guard person.postClass != SecretPostClass.nonSecret.rawValue else {
                throw Refusal(
                    rule: RuleID("A2"), zh: "\(person.name)不在涉密岗位，无需复审",
                    en: "\(person.name) holds no secret post: there is nothing to re-review")
            }
            let review = ClearanceReviewModel()
            review.$person.id = personID
            review.reviewedOn = draft.reviewedOn
            review.outcome = draft.outcome.rawValue
            review.postClass = person.postClass
            review.note = draft.note
            review.reviewedBy = actor.name
            review.recordedAt = clock()
            try await review.create(on: transaction)
            return review
        }
    }

    /// A person's reviews, newest first.
    public func reviews(of personID: UUID, on database: any Database) async throws -> [ClearanceReviewModel] {
        try await ClearanceReviewModel.query(on: database).filter(\.$person.$id == personID)
            .sort(\.$reviewedOn, .descending).sort(\.$recordedAt, .descending).all()
    }

    /// The day the person's next review is due: a cycle after the last review, or after the last decision on the post
    /// (its clearance change) when none was reviewed yet; nil for someone in no secret post.
    public func nextDue(
        of person: PersonModel, reviews: [ClearanceReviewModel], policy: ReviewPolicy, on database: any Database
    ) async throws -> String? {
        guard person.postClass != SecretPostClass.nonSecret.rawValue, let id = person.id else { return nil }
        let decided = try await ClearanceChangeModel.query(on: database).filter(\.$person.$id == id)
            .sort(\.$changedAt, .descending).first()?.changedAt
        return policy.due(lastReviewedOn: reviews.first?.reviewedOn, postSince: decided.map(ClearanceRepository.today))
    }

    /// Records a duty the person owes a former employer (T13).
    @discardableResult
    public func addObligation(
        _ obligation: PriorObligation, for personID: UUID, by actor: AuditActor, on database: any Database
    ) async throws -> PriorObligationModel {
        try await store.perform(
            on: database, by: actor, .priorObligation, subject: AuditSubject(type: "person", id: personID.uuidString)
        ) { transaction, trail in
            guard let person = try await PersonModel.find(personID, on: transaction) else {
                throw DomainError.notFound(zh: "人员不存在", en: "No such person")
            }
            trail.subject = AuditSubject(type: "person", id: personID.uuidString, label: person.name)
            trail.note("employer", obligation.employer)
            trail.note("kind", obligation.kind.rawValue)
            trail.note("field", obligation.field)
            trail.note("endsOn", obligation.endsOn ?? "")
            let row = PriorObligationModel()
            row.$person.id = personID
            row.employer = obligation.employer
            row.kind = obligation.kind.rawValue
            row.field = obligation.field
            row.endsOn = obligation.endsOn
            row.recordedBy = actor.name
            row.recordedAt = clock()
            try await row.create(on: transaction)
            return row
        }
    }

    public func obligations(of personID: UUID, on database: any Database) async throws -> [PriorObligationModel] {
        try await PriorObligationModel.query(on: database).filter(\.$person.$id == personID)
            .sort(\.$recordedAt).sort(\.$id).all()
    }
}

extension SettingsRepository {
    static let reviewPolicyKey = "reviewPolicy"

    /// How often 涉密人员 are re-reviewed (A2); the default when unset.
    public func reviewPolicy(on database: any Database) async throws -> ReviewPolicy {
        try await read(Self.reviewPolicyKey, default: .defaultPolicy, on: database)
    }

    public func setReviewPolicy(_ policy: ReviewPolicy, by actor: AuditActor, on database: any Database) async throws {
        try await replace(Self.reviewPolicyKey, with: policy, action: .reviewPolicy, by: actor, on: database) {
            try policy.validate()
        }
    }
}
