import BaomiDomain
import FluentKit
import Foundation
import SQLKit

extension ComplianceRecordsLoader {
    static let agreementChecks: Set<ComplianceCheck> = [.agreementMissing, .agreementEnding, .remunerationUnpaid]

    /// The agreement checks' records (T8, T15, A4): the active people on a secret post with the kinds in force, the
    /// agreements in force with an end day, and the unpaid payments — three indexed reads.
    func agreements() async throws -> AgreementComplianceRecords {
        var records = AgreementComplianceRecords()
        var held: [UUID: Set<AgreementKind>] = [:]
        for row in try await sql.raw(
            """
            SELECT a.person_id, a.kind FROM person_agreements a JOIN people p ON p.id = a.person_id
            WHERE a.state = 'inForce' AND p.status = 'active' AND p.post_class <> 'nonSecret'
            """
        ).all() {
            if let kind = AgreementKind(rawValue: try row.decode(column: "kind", as: String.self)) {
                held[try row.decode(column: "person_id", as: UUID.self), default: []].insert(kind)
            }
        }
        records.people = try await sql.raw(
            """
            SELECT p.id, p.name, p.department_id, p.post_class, p.is_leader FROM people p
            WHERE p.status = 'active' AND p.post_class <> 'nonSecret'
            """
        ).all().map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return AgreementComplianceRecords.Person(
                id: id, name: try row.decode(column: "name", as: String.self),
                departmentID: try row.decode(column: "department_id", as: UUID.self),
                postClass: SecretPostClass(rawValue: try row.decode(column: "post_class", as: String.self)) ?? .core,
                isLeader: try row.decode(column: "is_leader", as: Bool.self), inForce: held[id] ?? [])
        }
        records.ending = try await sql.raw(
            """
            SELECT a.id, a.person_id, p.name, p.department_id, a.kind,
                COALESCE(a.valid_until, a.non_compete_until) AS ends_on
            FROM person_agreements a JOIN people p ON p.id = a.person_id
            WHERE a.state = 'inForce' AND (a.valid_until IS NOT NULL OR a.non_compete_until IS NOT NULL)
            """
        ).all().map { row in
            AgreementComplianceRecords.Agreement(
                id: try row.decode(column: "id", as: UUID.self),
                personID: try row.decode(column: "person_id", as: UUID.self),
                name: try row.decode(column: "name", as: String.self),
                departmentID: try row.decode(column: "department_id", as: UUID.self),
                kind: AgreementKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .ipProtection,
                day: try row.decode(column: "ends_on", as: String.self))
        }
        records.unpaid = try await sql.raw(
            """
            SELECT m.id AS payment_id, m.kind AS payment_kind, m.amount_cents, m.due_on, a.id, a.person_id, a.kind,
                p.name, p.department_id
            FROM agreement_payments m JOIN person_agreements a ON a.id = m.agreement_id
            JOIN people p ON p.id = a.person_id
            WHERE m.paid_on IS NULL AND m.due_on < \(bind: today)
            """
        ).all().map { row in
            AgreementComplianceRecords.Agreement(
                id: try row.decode(column: "id", as: UUID.self),
                personID: try row.decode(column: "person_id", as: UUID.self),
                name: try row.decode(column: "name", as: String.self),
                departmentID: try row.decode(column: "department_id", as: UUID.self),
                kind: AgreementKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .ipProtection,
                day: try row.decode(column: "due_on", as: String.self),
                paymentID: try row.decode(column: "payment_id", as: UUID.self),
                payment: AgreementPaymentKind(rawValue: try row.decode(column: "payment_kind", as: String.self)),
                amountCents: try row.decode(column: "amount_cents", as: Int64.self))
        }
        return records
    }
}
