import BaomiDomain
import FluentKit
import Foundation
import SQLKit

extension ComplianceRecordsLoader {
    /// The cooperation contracts not yet ended (T23).
    func cooperation(today: String) async throws -> CooperationComplianceRecords {
        var records = CooperationComplianceRecords()
        records.running = try await sql.raw(
            """
            SELECT id, partner_name, level, coverage, starts_on, ends_on, department_id
            FROM cooperation_contracts WHERE ends_on >= \(bind: today)
            """
        ).all().map { row in
            CooperationComplianceRecords.Contract(
                id: try row.decode(column: "id", as: UUID.self),
                partnerName: try row.decode(column: "partner_name", as: String.self),
                level: try row.decode(column: "level", as: String?.self),
                coverage: SecrecyCoverage(rawValue: try row.decode(column: "coverage", as: String.self)) ?? .none,
                startsOn: try row.decode(column: "starts_on", as: String.self),
                endsOn: try row.decode(column: "ends_on", as: String.self),
                departmentID: try row.decode(column: "department_id", as: UUID?.self))
        }
        return records
    }
}
