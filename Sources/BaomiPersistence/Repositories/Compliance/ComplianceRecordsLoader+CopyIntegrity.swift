import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// The copy-wide consistency checks (C6, C1.2): copies placed above their place's level, copies nobody holds nor
/// keeps, copies without a history. The only checks that read every copy; a run after one change reads only the
/// copies it touched (`scope`).
extension ComplianceRecordsLoader {
    func placedAboveLimit() async throws -> [ComplianceRecords.PlacedCopy] {
        let pairs = ComplianceRules.levelsExceeding(levels)
        // Places of use keep nothing at any level (C6): every live copy in one is read.
        var condition: SQLQueryString = "s.kind IN ("
        for (index, kind) in StorageClass.allCases.filter({ !$0.isForKeeping }).enumerated() {
            if index > 0 { condition.appendLiteral(", ") }
            condition.appendInterpolation(bind: kind.rawValue)
        }
        condition.appendLiteral(")")
        for pair in pairs {
            condition.appendLiteral(" OR (s.max_level = ")
            condition.appendInterpolation(bind: pair.placeLevel.rawValue)
            condition.appendLiteral(" AND k.level IN (")
            for (position, level) in pair.copyLevels.enumerated() {
                if position > 0 { condition.appendLiteral(", ") }
                condition.appendInterpolation(bind: level.rawValue)
            }
            condition.appendLiteral("))")
        }
        // From the places rated low, and the places of use, to the copies in them: a place of storage rated for the top
        // level has nothing to read.
        return try await sql.raw(
            """
            SELECT k.id AS copy_id, c.number, k.serial, k.department_id AS copy_department_id, k.level, s.name,
                s.max_level, s.kind AS place_kind, s.department_id AS place_department_id, s.custodian_id
            FROM storage_places s JOIN copies k ON k.place_id = s.id JOIN carriers c ON c.id = k.carrier_id
            WHERE k.state IN (\(Self.live)) AND (\(condition))\(copyScope)
            """
        ).all().map { row in
            ComplianceRecords.PlacedCopy(
                copy: try copyRecord(row), level: LevelID(rawValue: try row.decode(column: "level", as: String.self)),
                placeName: try row.decode(column: "name", as: String.self),
                placeLevel: LevelID(rawValue: try row.decode(column: "max_level", as: String.self)),
                placeKind: StorageClass(rawValue: try row.decode(column: "place_kind", as: String.self)),
                placeDepartmentID: try row.decode(column: "place_department_id", as: UUID.self),
                custodianID: try row.decode(column: "custodian_id", as: UUID?.self))
        }
    }

    /// The holders first (distinct, from their index), then the copies of any that do not exist.
    func holderMissing() async throws -> [ComplianceRecords.CopyRecord] {
        if copies != nil {
            // A few copies: each one's holder looked up directly.
            return try await sql.raw(
                """
                SELECT k.id AS copy_id, c.number, k.serial, k.department_id AS copy_department_id
                FROM copies k JOIN carriers c ON c.id = k.carrier_id
                WHERE k.holder_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM people p WHERE p.id = k.holder_id)\(copyScope)
                """
            ).all().map { try copyRecord($0) }
        }
        return try await sql.raw(
            """
            SELECT k.id AS copy_id, c.number, k.serial, k.department_id AS copy_department_id
            FROM copies k JOIN carriers c ON c.id = k.carrier_id
            WHERE k.holder_id IN (SELECT h.holder_id FROM (SELECT DISTINCT holder_id FROM copies
                WHERE holder_id IS NOT NULL) h WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.id = h.holder_id))
            """
        ).all().map { try copyRecord($0) }
    }

    /// Every copy's id against the ids in the history, both read from their indexes in id order; the carriers are
    /// joined only to the few found.
    func withoutHistory() async throws -> [ComplianceRecords.CopyRecord] {
        if copies != nil {
            return try await sql.raw(
                """
                SELECT k.id AS copy_id, c.number, k.serial, k.department_id AS copy_department_id
                FROM copies k JOIN carriers c ON c.id = k.carrier_id
                WHERE NOT EXISTS (SELECT 1 FROM copy_events e WHERE e.copy_id = k.id)\(copyScope)
                """
            ).all().map { try copyRecord($0) }
        }
        return try await sql.raw(
            """
            SELECT k.id AS copy_id, c.number, k.serial, k.department_id AS copy_department_id
            FROM copies k JOIN carriers c ON c.id = k.carrier_id
            WHERE k.id IN (SELECT m.id FROM copies m WHERE m.id NOT IN (SELECT e.copy_id FROM copy_events e))
            """
        ).all().map { try copyRecord($0) }
    }
}
