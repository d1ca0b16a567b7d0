import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// The 保密教育培训台账 (LEDGERS.md): one row per session of a year, with LEDGERS.md's columns — 日期, 主题, 内容类别, 形式,
/// 主讲人, 参加人员, 人数, 学时, 考试情况. The page, the CSV and the workbook are this one table. It names people and
/// sessions only, never a carrier (principle 11 has nothing to hide here).
public struct TrainingLedger: Sendable {
    public static let headers = ["日期", "主题", "内容类别", "形式", "主讲人", "参加人员", "人数", "学时", "考试情况"]

    public struct Row: Hashable, Sendable {
        public var sessionID: UUID
        public var heldOn: String
        public var title: String
        public var areas: [ContentArea]
        public var form: SessionForm
        public var trainer: String
        public var attendees: [String]
        public var count: Int
        public var hours: Double
        public var examNote: String?

        public init(
            sessionID: UUID, heldOn: String, title: String, areas: [ContentArea], form: SessionForm, trainer: String,
            attendees: [String], count: Int, hours: Double, examNote: String?
        ) {
            self.sessionID = sessionID
            self.heldOn = heldOn
            self.title = title
            self.areas = areas
            self.form = form
            self.trainer = trainer
            self.attendees = attendees
            self.count = count
            self.hours = hours
            self.examNote = examNote
        }

        /// The row as text, in the header's order.
        public var cells: [String] {
            [
                heldOn, title, areas.map(\.title.zh).joined(separator: "、"), form.title.zh, trainer,
                attendees.joined(separator: "、"), String(count), TrainingLedger.hours(hours), examNote ?? "",
            ]
        }
    }

    public init() {}

    /// `2` for whole hours, `1.5` otherwise.
    public static func hours(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// The sessions held in `year`, oldest first, each with its attendees by employee number.
    public func rows(year: Int, on database: any Database) async throws -> [Row] {
        let from = "\(year)-01-01"
        let to = "\(year)-12-31"
        let sessions = try await TrainingSessionModel.query(on: database)
            .filter(\.$heldOn >= from).filter(\.$heldOn <= to)
            .sort(\.$heldOn).sort(\.$recordedAt).all()
        var names: [UUID: [String]] = [:]
        let rows = try await database.sql.raw(
            """
            SELECT a.session_id, p.name FROM training_attendances a
            JOIN training_sessions s ON s.id = a.session_id JOIN people p ON p.id = a.person_id
            WHERE s.held_on >= \(bind: from) AND s.held_on <= \(bind: to)
            ORDER BY p.employee_number
            """
        ).all()
        for row in rows {
            names[try row.decode(column: "session_id", as: UUID.self), default: []].append(
                try row.decode(column: "name", as: String.self))
        }
        return try sessions.map { session in
            let id = try session.requireID()
            return Row(
                sessionID: id, heldOn: session.heldOn, title: session.title, areas: session.contentAreas,
                form: session.sessionForm, trainer: session.trainer, attendees: names[id] ?? [],
                count: session.attendees, hours: session.hours, examNote: session.examNote)
        }
    }
}
