import BaomiDomain
import FluentKit
import Foundation
import SQLKit

extension ExamRepository {
    /// The audit record of an attempt's submission: the leaf a certificate of passing names in its QR code (S2),
    /// as the 审批表 does. Refusals about the same attempt (a replayed submission) are later leaves and never it.
    public func submissionRecord(of attemptID: UUID, on database: any Database) async throws -> AuditRecord? {
        try await database.sql.raw(
            """
            SELECT * FROM audit_records WHERE object_type = 'examAttempt'
                AND object_id IN (\(bind: attemptID.uuidString), \(bind: attemptID.uuidString.lowercased()))
                AND action = \(bind: AuditAction.examSubmit.rawValue) AND outcome = 'success'
                ORDER BY leaf_index DESC LIMIT 1
            """
        ).first().map(AuditRecord.init(row:))
    }
}
