import BaomiDomain
import FluentKit
import Foundation
import SQLKit

extension ComplianceRecordsLoader {
    static let departureChecks: Set<ComplianceCheck> = [.separationEnding, .nonCompeteEnding, .departureStuck]

    /// The departure checks' records (A7, T11, T22): the people whose periods still run, by their indexes, and the
    /// departures not yet completed.
    func departures(today: String) async throws -> DepartureComplianceRecords {
        var records = DepartureComplianceRecords()
        records.bound = try await sql.raw(
            """
            SELECT p.id, p.name, p.department_id, p.separation_until, p.non_compete_until FROM people p
            WHERE p.separation_until >= \(bind: today) OR p.non_compete_until >= \(bind: today)
            """
        ).all().map { row in
            DepartureComplianceRecords.Bound(
                id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                departmentID: try row.decode(column: "department_id", as: UUID.self),
                separationUntil: try row.decode(column: "separation_until", as: String?.self),
                nonCompeteUntil: try row.decode(column: "non_compete_until", as: String?.self))
        }
        let open = [RequestState.submitted, .inReview, .returned, .approved].map(\.rawValue)
        var states: SQLQueryString = ""
        for (index, state) in open.enumerated() {
            if index > 0 { states.appendLiteral(", ") }
            states.appendInterpolation(bind: state)
        }
        let rows = try await sql.raw(
            """
            SELECT r.id, r.number, r.payload, r.created_at FROM requests r
            WHERE r.kind = \(bind: RequestKind.departure.rawValue) AND r.state IN (\(states))
            """
        ).all()
        for row in rows {
            let payload = Departure.decodePayload(Data(try row.decode(column: "payload", as: String.self).utf8))
            var department: UUID?
            if let person = payload?.personID {
                department =
                    try await sql.raw("SELECT department_id FROM people WHERE id = \(bind: person)").first()?
                    .decode(column: "department_id", as: UUID.self)
            }
            records.open.append(
                DepartureComplianceRecords.Open(
                    requestID: try row.decode(column: "id", as: UUID.self),
                    number: try row.decode(column: "number", as: String.self),
                    personName: payload?.personName ?? "", departmentID: department,
                    submittedOn: ClearanceRepository.today(try row.decode(column: "created_at", as: Date.self))))
        }
        return records
    }
}
