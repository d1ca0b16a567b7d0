import BaomiDomain
import FluentKit
import Foundation
import SQLKit

extension ComplianceRecordsLoader {
    static let trainingChecks: Set<ComplianceCheck> = [
        .refresherOverdue, .inductionMissing, .prePostMissing, .onPostMissing, .plannedSessionLate, .briefingMissing,
    ]

    /// The training checks' records (E1–E6.7): only the people who can owe something — in a secret post, joined
    /// within a year, or a secrecy officer — with their newest credit per purpose from the credits' index.
    func training() async throws -> TrainingComplianceRecords {
        var records = TrainingComplianceRecords()
        if let text = try await sql.raw("SELECT value FROM settings WHERE key = 'trainingPolicy'").first()?
            .decode(column: "value", as: String.self),
            let policy = try? JSONDecoder().decode(TrainingPolicy.self, from: Data(text.utf8))
        {
            records.policy = policy
        }
        records.people = try await trainingPeople()
        records.planned = try await plannedSessions()
        records.events = try await calendarEvents(leadDays: records.policy.briefingLeadDays)
        return records
    }

    private func trainingPeople() async throws -> [TrainingComplianceRecords.Person] {
        let joinedSince = (now ?? Date()).addingTimeInterval(-Double(TrainingRules.newStaffWindowDays) * 86_400)
        func latest(_ purpose: TrainingPurpose) -> SQLQueryString {
            "(SELECT MAX(c.earned_on) FROM training_credits c WHERE c.person_id = p.id AND c.purpose = \(bind: purpose.rawValue)) AS latest_\(unsafeRaw: purpose.rawValue.lowercased())"
        }
        let purposes: [TrainingPurpose] = [.induction, .prePost, .onPost, .refresher]
        var columns: SQLQueryString = ""
        for purpose in purposes {
            columns.appendLiteral(", ")
            columns.appendInterpolation(latest(purpose))
        }
        return try await sql.raw(
            """
            SELECT p.id, p.name, p.department_id, p.post_class, p.created_at,
                CASE WHEN d.is_key_department THEN 1 ELSE 0 END AS key_department,
                CASE WHEN EXISTS (SELECT 1 FROM department_secrecy_officers o WHERE o.person_id = p.id)
                    THEN 1 ELSE 0 END AS officer\(columns)
            FROM people p JOIN org_units d ON d.id = p.department_id
            WHERE p.status = 'active' AND (p.post_class <> 'nonSecret' OR p.created_at >= \(bind: joinedSince)
                OR p.id IN (SELECT o.person_id FROM department_secrecy_officers o))
            """
        ).all().map { row in
            var latest: [TrainingPurpose: String] = [:]
            for purpose in purposes {
                // PostgreSQL folds an unquoted alias to lower case: the alias is lower case on both databases.
                latest[purpose] = try row.decode(column: "latest_\(purpose.rawValue.lowercased())", as: String?.self)
            }
            return TrainingComplianceRecords.Person(
                id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                departmentID: try row.decode(column: "department_id", as: UUID.self),
                postClass: SecretPostClass(rawValue: try row.decode(column: "post_class", as: String.self))
                    ?? .nonSecret,
                registeredOn: (try row.decode(column: "created_at", as: Date?.self)).map(ClearanceRepository.today)
                    ?? "0001-01-01",
                inKeyDepartment: try row.decode(column: "key_department", as: Int.self) != 0,
                isSecrecyOfficer: try row.decode(column: "officer", as: Int.self) != 0, latest: latest)
        }
    }

    private func plannedSessions() async throws -> [TrainingComplianceRecords.PlannedSession] {
        let year = Int(today.prefix(4)) ?? 2026
        return try await sql.raw(
            """
            SELECT ps.id, ps.title, ps.month, tp.year, tp.department_id,
                CASE WHEN EXISTS (SELECT 1 FROM training_sessions s WHERE s.planned_session_id = ps.id
                    AND s.held_on <= \(bind: today)) THEN 1 ELSE 0 END AS held
            FROM planned_sessions ps JOIN training_plans tp ON tp.id = ps.plan_id
            WHERE tp.year >= \(bind: year - 1) AND tp.year <= \(bind: year)
            """
        ).all().map { row in
            TrainingComplianceRecords.PlannedSession(
                id: try row.decode(column: "id", as: UUID.self),
                title: try row.decode(column: "title", as: String.self),
                departmentID: try row.decode(column: "department_id", as: UUID?.self),
                year: try row.decode(column: "year", as: Int.self),
                month: try row.decode(column: "month", as: Int.self),
                held: try row.decode(column: "held", as: Int.self) != 0)
        }
    }

    private func calendarEvents(leadDays: Int) async throws -> [TrainingComplianceRecords.Event] {
        let from = SecrecyPeriod.day(today, plus: -TrainingRules.briefingGraceDays)
        let to = SecrecyPeriod.day(today, plus: leadDays)
        return try await sql.raw(
            """
            SELECT e.id, e.name, e.starts_on, e.responsible_person_id,
                CASE WHEN EXISTS (SELECT 1 FROM training_sessions s WHERE s.held_on <= \(bind: today)
                    AND (s.calendar_event_id = e.id
                        OR (s.purpose = 'briefing' AND s.held_on <= e.starts_on
                            AND s.held_on >= \(bind: SecrecyPeriod.day(from, plus: -leadDays)))))
                    THEN 1 ELSE 0 END AS briefed
            FROM calendar_events e WHERE e.starts_on >= \(bind: from) AND e.starts_on <= \(bind: to)
            """
        ).all().map { row in
            TrainingComplianceRecords.Event(
                id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                startsOn: try row.decode(column: "starts_on", as: String.self),
                responsiblePersonID: try row.decode(column: "responsible_person_id", as: UUID?.self),
                briefed: try row.decode(column: "briefed", as: Int.self) != 0)
        }
    }
}
