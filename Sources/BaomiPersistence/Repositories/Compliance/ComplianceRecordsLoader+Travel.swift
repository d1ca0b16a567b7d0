import BaomiDomain
import FluentKit
import Foundation
import SQLKit

extension ComplianceRecordsLoader {
    static let travelChecks: Set<ComplianceCheck> = [.debriefingMissing, .passportNotReturned]

    /// The travel checks' records (A7): approved trips without a debriefing (there are few: a trip is closed by its
    /// debriefing), and the documents out of the unit's keeping with their due day.
    func travel() async throws -> TravelComplianceRecords {
        var records = TravelComplianceRecords()
        records.debriefingDays = try await TravelRepository.debriefingDays(sql: sql)
        if checks.contains(.debriefingMissing) {
            let rows = try await sql.raw(
                """
                SELECT r.id, r.number, r.payload FROM requests r
                WHERE r.kind = \(bind: RequestKind.travelAbroad.rawValue) AND r.state = \(bind: RequestState.approved.rawValue)
                    AND NOT EXISTS (SELECT 1 FROM trip_reports t WHERE t.request_id = r.id
                        AND t.kind = \(bind: TripReportKind.debriefing.rawValue))
                """
            ).all()
            var trips: [(UUID, String, TravelAbroad.Payload)] = []
            for row in rows {
                guard
                    let payload = TravelAbroad.decodePayload(
                        Data(try row.decode(column: "payload", as: String.self).utf8)),
                    let back = payload.returnDate, back < today
                else { continue }
                trips.append(
                    (
                        try row.decode(column: "id", as: UUID.self), try row.decode(column: "number", as: String.self),
                        payload
                    ))
            }
            let people = try await people(Set(trips.compactMap { $0.2.travellerID }))
            records.undebriefed = trips.compactMap { id, number, payload in
                guard let traveller = payload.travellerID else { return nil }
                return TravelComplianceRecords.Trip(
                    requestID: id, number: number, travellerID: traveller, travellerName: people[traveller]?.name ?? "",
                    departmentID: people[traveller]?.department, returnDate: payload.returnDate ?? "")
            }
        }
        if checks.contains(.passportNotReturned) {
            records.lent = try await sql.raw(
                """
                SELECT d.id, d.kind, d.person_id, d.due_back, p.name, p.department_id
                FROM travel_documents d JOIN people p ON p.id = d.person_id
                WHERE d.out_since IS NOT NULL AND d.due_back IS NOT NULL AND d.due_back < \(bind: today)
                """
            ).all().compactMap { row in
                guard let kind = TravelDocumentKind(rawValue: try row.decode(column: "kind", as: String.self)) else {
                    return nil
                }
                return TravelComplianceRecords.LentDocument(
                    documentID: try row.decode(column: "id", as: UUID.self), kind: kind,
                    holderID: try row.decode(column: "person_id", as: UUID.self),
                    holderName: try row.decode(column: "name", as: String.self),
                    departmentID: try row.decode(column: "department_id", as: UUID?.self),
                    dueBack: try row.decode(column: "due_back", as: String.self))
            }
        }
        return records
    }

    private func people(_ ids: Set<UUID>) async throws -> [UUID: (name: String, department: UUID)] {
        guard !ids.isEmpty else { return [:] }
        var list: SQLQueryString = ""
        for (index, id) in ids.enumerated() {
            if index > 0 { list.appendLiteral(", ") }
            list.appendInterpolation(bind: id)
        }
        var people: [UUID: (name: String, department: UUID)] = [:]
        for row in try await sql.raw("SELECT id, name, department_id FROM people WHERE id IN (\(list))").all() {
            people[try row.decode(column: "id", as: UUID.self)] = (
                try row.decode(column: "name", as: String.self), try row.decode(column: "department_id", as: UUID.self)
            )
        }
        return people
    }
}
