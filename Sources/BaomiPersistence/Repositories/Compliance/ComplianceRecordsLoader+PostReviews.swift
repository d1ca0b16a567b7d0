import BaomiDomain
import FluentKit
import Foundation
import SQLKit

extension ComplianceRecordsLoader {
    static let postReviewChecks: Set<ComplianceCheck> = [.reReviewDue, .priorObligationConflict]

    /// The re-review and prior-obligation checks' records (A2, T13): active people in a secret post with the day of
    /// the last decision on their post and of their last review, and the obligations still binding with the post.
    func postReviews() async throws -> PostReviewRecords {
        var records = PostReviewRecords()
        if let text = try await sql.raw("SELECT value FROM settings WHERE key = 'reviewPolicy'").first()?
            .decode(column: "value", as: String.self),
            let policy = try? JSONDecoder().decode(ReviewPolicy.self, from: Data(text.utf8))
        {
            records.policy = policy
        }
        records.cleared = try await sql.raw(
            """
            SELECT p.id, p.name, p.department_id,
                (SELECT MAX(c.changed_at) FROM clearance_changes c WHERE c.person_id = p.id) AS decided_at,
                (SELECT MAX(r.reviewed_on) FROM clearance_reviews r WHERE r.person_id = p.id) AS reviewed_on
            FROM people p WHERE p.status = 'active' AND p.post_class <> 'nonSecret'
            """
        ).all().map { row in
            PostReviewRecords.Cleared(
                id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                departmentID: try row.decode(column: "department_id", as: UUID.self),
                postSince: (try row.decode(column: "decided_at", as: Date?.self)).map(ClearanceRepository.today),
                lastReviewedOn: try row.decode(column: "reviewed_on", as: String?.self))
        }
        records.obligations = try await sql.raw(
            """
            SELECT o.id, o.person_id, o.employer, o.kind, o.field, o.ends_on, p.name, p.post, p.department_id,
                d.name AS department_name, ps.field AS post_field
            FROM prior_obligations o JOIN people p ON p.id = o.person_id JOIN org_units d ON d.id = p.department_id
            LEFT JOIN post_assignments a ON a.person_id = p.id AND a.until_date IS NULL
            LEFT JOIN posts ps ON ps.id = a.post_id
            WHERE p.status = 'active' AND (o.ends_on IS NULL OR o.ends_on >= \(bind: today))
            """
        ).all().map { row in
            PostReviewRecords.Obligation(
                id: try row.decode(column: "id", as: UUID.self),
                personID: try row.decode(column: "person_id", as: UUID.self),
                personName: try row.decode(column: "name", as: String.self),
                departmentID: try row.decode(column: "department_id", as: UUID.self),
                departmentName: try row.decode(column: "department_name", as: String.self),
                post: try row.decode(column: "post", as: String.self),
                postField: try row.decode(column: "post_field", as: String?.self),
                obligation: PriorObligation(
                    employer: try row.decode(column: "employer", as: String.self),
                    kind: PriorObligationKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .secrecy,
                    field: try row.decode(column: "field", as: String.self),
                    endsOn: try row.decode(column: "ends_on", as: String?.self)))
        }
        return records
    }
}
