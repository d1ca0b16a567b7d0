import BaomiDomain
import FluentKit
import Foundation

/// Training credits: written by whatever records the evidence (attendance, an exam's pass), inside that write's own
/// transaction, so a credit exists exactly when its evidence does (principle 2).
public struct TrainingCredits: Sendable {
    public init() {}

    /// Records `credit` on `transaction` (the caller's `Store.perform`). Recording the same evidence twice keeps one
    /// credit: the first.
    public func record(_ credit: TrainingCredit, at time: Date, on transaction: any Database) async throws {
        let existing = try await TrainingCreditModel.query(on: transaction)
            .filter(\.$person.$id == credit.personID)
            .filter(\.$sourceType == credit.source.rawValue)
            .filter(\.$sourceID == credit.sourceID)
            .first()
        guard existing == nil else { return }
        try await TrainingCreditModel(credit, recordedAt: time).create(on: transaction)
    }

    /// A person's credits, newest first.
    public func credits(of personID: UUID, on database: any Database) async throws -> [TrainingCredit] {
        try await TrainingCreditModel.query(on: database)
            .filter(\.$person.$id == personID)
            .sort(\.$earnedOn, .descending)
            .all()
            .compactMap(\.credit)
    }

    /// The newest credit of `purpose` a person earned, if any.
    public func latest(
        _ purpose: TrainingPurpose, of personID: UUID, on database: any Database
    ) async throws -> TrainingCredit? {
        try await TrainingCreditModel.query(on: database)
            .filter(\.$person.$id == personID)
            .filter(\.$purpose == purpose.rawValue)
            .sort(\.$earnedOn, .descending)
            .first()?
            .credit
    }
}
