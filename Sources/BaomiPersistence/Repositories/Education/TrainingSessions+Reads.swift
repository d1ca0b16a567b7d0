import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// One attendee of a session as the register and the session page show them.
public struct SessionAttendee: Hashable, Sendable {
    public var personID: UUID
    public var name: String
    public var employeeNumber: String
    public var source: AttendanceSource
    public var recordedAt: Date
}

extension TrainingSessions {
    /// Sessions held in `year` (or all), newest first; optionally one department's (or the organisation's own with
    /// `organisationOnly`).
    public func sessions(
        year: Int?, departmentID: UUID? = nil, limit: Int = 500, offset: Int = 0, on database: any Database
    ) async throws -> [TrainingSessionModel] {
        var query = TrainingSessionModel.query(on: database)
        if let year {
            query = query.filter(\.$heldOn >= "\(year)-01-01").filter(\.$heldOn <= "\(year)-12-31")
        }
        if let departmentID { query = query.filter(\.$department.$id == departmentID) }
        return try await query.sort(\.$heldOn, .descending).sort(\.$id).range(offset..<(offset + limit)).all()
    }

    public func session(_ id: UUID, on database: any Database) async throws -> TrainingSessionModel {
        try await Self.session(id, on: database)
    }

    /// Who attended, by name.
    public func attendees(of sessionID: UUID, on database: any Database) async throws -> [SessionAttendee] {
        try await database.sql.raw(
            """
            SELECT a.person_id, a.source, a.recorded_at, p.name, p.employee_number
            FROM training_attendances a JOIN people p ON p.id = a.person_id
            WHERE a.session_id = \(bind: sessionID) ORDER BY p.employee_number
            """
        ).all().map { row in
            SessionAttendee(
                personID: try row.decode(column: "person_id", as: UUID.self),
                name: try row.decode(column: "name", as: String.self),
                employeeNumber: try row.decode(column: "employee_number", as: String.self),
                source: AttendanceSource(rawValue: try row.decode(column: "source", as: String.self)) ?? .list,
                recordedAt: try row.decode(column: "recorded_at", as: Date.self))
        }
    }

    /// Whether the person's attendance of the session is recorded.
    public func attended(_ sessionID: UUID, personID: UUID, on database: any Database) async throws -> Bool {
        try await TrainingAttendanceModel.query(on: database).filter(\.$session.$id == sessionID)
            .filter(\.$person.$id == personID).first() != nil
    }

    /// Where a person stands against every duty today, from their credits (E1–E6.7).
    public func standing(
        of personID: UUID, settings: SettingsRepository, on database: any Database
    ) async throws -> (credits: [TrainingCredit], standing: TrainingStanding) {
        let credits = try await TrainingCredits().credits(of: personID, on: database)
        let policy = try await settings.trainingPolicy(on: database)
        return (
            credits,
            TrainingStanding(
                credits: credits, today: ClearanceRepository.today(clock()),
                prePostValidityMonths: policy.prePostValidityMonths)
        )
    }
}

extension TrainingSessions {
    /// People by employee number, as an organiser types the list: the ids found, and the numbers that name nobody.
    public func people(
        byEmployeeNumbers numbers: [String], on database: any Database
    ) async throws -> (ids: [UUID], unknown: [String]) {
        let found = try await PersonModel.query(on: database).filter(\.$employeeNumber ~~ numbers).all()
        let byNumber = Dictionary(found.map { ($0.employeeNumber, $0) }, uniquingKeysWith: { first, _ in first })
        return (
            numbers.compactMap { byNumber[$0]?.id }, numbers.filter { byNumber[$0] == nil }
        )
    }

    /// Sessions held within the last `days` days up to today that the person has not yet confirmed: what their
    /// own page offers to confirm.
    public func confirmable(
        by personID: UUID, days: Int = 90, on database: any Database
    ) async throws -> [TrainingSessionModel] {
        let today = ClearanceRepository.today(clock())
        let attended = try await TrainingAttendanceModel.query(on: database).filter(\.$person.$id == personID)
            .all().map { $0.$session.id }
        return try await TrainingSessionModel.query(on: database)
            .filter(\.$heldOn >= SecrecyPeriod.day(today, plus: -days)).filter(\.$heldOn <= today)
            .sort(\.$heldOn, .descending).limit(50).all()
            .filter { !attended.contains($0.id ?? UUID()) }
    }
}
