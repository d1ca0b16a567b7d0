import BaomiDomain
import FluentKit
import Foundation
import SQLKit

extension ComplianceRecordsLoader {
    /// The open tracking files with the day of their latest entry (T10).
    func trackingFiles() async throws -> TrackingFileComplianceRecords {
        var records = TrackingFileComplianceRecords()
        records.open = try await sql.raw(
            """
            SELECT f.id, f.person_name, f.project_code, f.opened_at, p.department_id,
                (SELECT MAX(e.entered_on) FROM tracking_entries e WHERE e.file_id = f.id) AS last_entry
            FROM tracking_files f JOIN people p ON p.id = f.person_id
            WHERE f.closed_at IS NULL
            """
        ).all().map { row in
            TrackingFileComplianceRecords.Open(
                id: try row.decode(column: "id", as: UUID.self),
                personName: try row.decode(column: "person_name", as: String.self),
                projectCode: try row.decode(column: "project_code", as: String.self),
                departmentID: try row.decode(column: "department_id", as: UUID?.self),
                openedOn: ClearanceRepository.today(try row.decode(column: "opened_at", as: Date.self)),
                lastEntryOn: try row.decode(column: "last_entry", as: String?.self))
        }
        return records
    }
}
