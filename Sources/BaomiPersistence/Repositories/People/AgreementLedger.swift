import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// The 保密协议台账 (LEDGERS.md): one row per person's agreement — 序号, 姓名, 部门, 协议类型, 版本, 签订日期, 生效状态,
/// 竞业限制期止, 保密补贴. The page, the CSV and the workbook are this one table. It names people, never a carrier.
public struct AgreementLedger: Sendable {
    public static let headers = ["序号", "姓名", "部门", "协议类型", "版本", "签订日期", "生效状态", "竞业限制期止", "保密补贴"]

    public struct Row: Hashable, Sendable {
        public var agreementID: UUID
        public var personID: UUID
        public var name: String
        public var department: String
        public var kind: AgreementKind
        public var version: Int
        /// The day it took effect; before that, the day of the one signature it has.
        public var signedOn: String?
        public var state: AgreementState
        public var nonCompeteUntil: String?
        /// The allowances recorded under it, in fen.
        public var allowanceCents: Int64

        /// The row as text, in the header's order after 序号.
        public var cells: [String] {
            [
                name, department, kind.title.zh, "第\(version)版", signedOn ?? "", state.title.zh, nonCompeteUntil ?? "",
                allowanceCents > 0 ? Yuan.text(allowanceCents) : "",
            ]
        }
    }

    public init() {}

    /// The agreements of the people of `departments` (nil: everyone's), by department and employee number.
    public func rows(
        departments: Set<UUID>?, kind: AgreementKind? = nil, on database: any Database
    ) async throws -> [Row] {
        if let departments, departments.isEmpty { return [] }
        var filters: [SQLQueryString] = []
        if let departments {
            filters.append("p.department_id IN (\(binds: Array(departments)))")
        }
        if let kind { filters.append("a.kind = \(bind: kind.rawValue)") }
        let condition: SQLQueryString = filters.isEmpty ? "" : "WHERE " + filters.joined(separator: " AND ")
        let rows = try await database.sql.raw(
            """
            SELECT a.id, a.person_id, p.name, u.name AS department, a.kind, a.version, a.state, a.in_force_from,
                a.person_signed_on, a.unit_signed_on, a.non_compete_until,
                (SELECT CAST(COALESCE(SUM(m.amount_cents), 0) AS BIGINT) FROM agreement_payments m
                 WHERE m.agreement_id = a.id AND m.kind = 'allowance') AS allowance
            FROM person_agreements a JOIN people p ON p.id = a.person_id JOIN org_units u ON u.id = p.department_id
            \(condition)
            ORDER BY u.name, p.employee_number, a.created_at
            """
        ).all()
        return try rows.map { row in
            let signed = [
                try row.decode(column: "person_signed_on", as: String?.self),
                try row.decode(column: "unit_signed_on", as: String?.self),
            ].compactMap { $0 }
            return Row(
                agreementID: try row.decode(column: "id", as: UUID.self),
                personID: try row.decode(column: "person_id", as: UUID.self),
                name: try row.decode(column: "name", as: String.self),
                department: try row.decode(column: "department", as: String.self),
                kind: AgreementKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .ipProtection,
                version: try row.decode(column: "version", as: Int.self),
                signedOn: try row.decode(column: "in_force_from", as: String?.self) ?? signed.max(),
                state: AgreementState(rawValue: try row.decode(column: "state", as: String.self)) ?? .draft,
                nonCompeteUntil: try row.decode(column: "non_compete_until", as: String?.self),
                allowanceCents: try row.decode(column: "allowance", as: Int64.self))
        }
    }
}
