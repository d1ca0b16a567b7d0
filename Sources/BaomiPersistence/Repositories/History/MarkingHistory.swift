import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// A carrier's markings over time (C9, principle 12): the marking it was registered with and every change since.
public struct MarkingHistory: Sendable {
    /// The marking the carrier was registered with, from its first copy's registration event; nil when unknown.
    public var registered: (at: Date, marking: String)?
    public var changes: [MarkingChangeModel]

    /// Records a change in the reclassifying request's transaction.
    static func record(
        carrierID: UUID, request: RequestModel, change: String, at: Date, from: (level: String, marking: String),
        to: (level: String, marking: String), on database: any Database
    ) async throws {
        let entry = MarkingChangeModel()
        entry.$carrier.id = carrierID
        entry.requestID = request.id
        entry.requestNumber = request.number
        entry.change = change
        entry.at = at
        entry.fromLevel = from.level
        entry.fromMarking = from.marking
        entry.toLevel = to.level
        entry.toMarking = to.marking
        entry.approvedBy = request.approvers(in: .zh).joined(separator: "、")
        try await entry.create(on: database)
    }

    /// The history of one carrier, oldest first.
    public static func of(_ carrierID: UUID, on database: any Database) async throws -> MarkingHistory {
        let first = try await database.sql.raw(
            """
            SELECT e.at, e.marking FROM copy_events e JOIN copies k ON k.id = e.copy_id
            WHERE k.carrier_id = \(bind: carrierID) AND e.action IN ('make', 'receive')
            ORDER BY e.at, k.serial LIMIT 1
            """
        ).first()
        let changes = try await MarkingChangeModel.query(on: database).filter(\.$carrier.$id == carrierID)
            .sort(\.$at).all()
        return MarkingHistory(
            registered: try first.map {
                (try $0.decode(column: "at", as: Date.self), try $0.decode(column: "marking", as: String.self))
            }, changes: changes)
    }
}
