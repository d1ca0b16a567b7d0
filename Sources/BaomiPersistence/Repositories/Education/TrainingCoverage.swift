import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// A year's coverage per department (E5, E6.1): which content areas its held sessions covered, how many sessions
/// and attendances, and which planned sessions are late. The organisation's own sessions are a row of their own.
public struct TrainingCoverage: Sendable {
    public struct Row: Hashable, Sendable {
        /// nil: the organisation as a whole.
        public var departmentID: UUID?
        public var sessions: Int
        public var attendances: Int
        public var covered: Set<ContentArea>
        public var late: [String]
    }

    public init() {}

    /// Read in two grouped statements over the year's sessions and one over its plans, whatever the headcount.
    public func rows(year: Int, today: String, on database: any Database) async throws -> [Row] {
        let sql = try database.sql
        var rows: [UUID?: Row] = [:]
        func row(_ id: UUID?) -> Row {
            rows[id] ?? Row(departmentID: id, sessions: 0, attendances: 0, covered: [], late: [])
        }
        let sessions = try await sql.raw(
            """
            SELECT department_id, areas, COUNT(*) AS sessions, CAST(COALESCE(SUM(attendees), 0) AS BIGINT) AS attendances FROM training_sessions
            WHERE held_on >= \(bind: "\(year)-01-01") AND held_on <= \(bind: min("\(year)-12-31", today))
            GROUP BY department_id, areas
            """
        ).all()
        for result in sessions {
            let id = try result.decode(column: "department_id", as: UUID?.self)
            var current = row(id)
            current.sessions += try result.decode(column: "sessions", as: Int.self)
            current.attendances += try result.decode(column: "attendances", as: Int?.self) ?? 0
            current.covered.formUnion(TrainingSessionModel.areas(try result.decode(column: "areas", as: String.self)))
            rows[id] = current
        }
        let thisMonth = Int(today.prefix(7).suffix(2)) ?? 12
        let thisYear = Int(today.prefix(4)) ?? year
        let planned = try await sql.raw(
            """
            SELECT tp.department_id, ps.title, ps.month FROM planned_sessions ps
            JOIN training_plans tp ON tp.id = ps.plan_id
            WHERE tp.year = \(bind: year) AND NOT EXISTS (SELECT 1 FROM training_sessions s
                WHERE s.planned_session_id = ps.id AND s.held_on <= \(bind: today))
            ORDER BY ps.month
            """
        ).all()
        for result in planned {
            let month = try result.decode(column: "month", as: Int.self)
            guard year < thisYear || (year == thisYear && month < thisMonth) else { continue }
            let id = try result.decode(column: "department_id", as: UUID?.self)
            var current = row(id)
            current.late.append("\(month)月「\(try result.decode(column: "title", as: String.self))」")
            rows[id] = current
        }
        return rows.values.sorted { ($0.departmentID?.uuidString ?? "") < ($1.departmentID?.uuidString ?? "") }
    }
}
