import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Secrecy-education sessions and their attendance (E6.1–E6.7). Every attendance writes exactly one
/// `TrainingCredit` of the session's purpose in its own transaction (principle 2): recording it twice, or a person
/// confirming what the organiser already listed, keeps one.
public struct TrainingSessions: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// Records a session, and the people on the organiser's list as attending it.
    @discardableResult
    public func record(
        _ draft: SessionDraft, attendees: [UUID] = [], by actor: AuditActor, on database: any Database
    ) async throws -> TrainingSessionModel {
        try await store.perform(on: database, by: actor, .trainingSessionRecord) { transaction, trail in
            if let department = draft.departmentID, try await OrgUnitModel.find(department, on: transaction) == nil {
                throw DomainError.invalid(field: "departmentID", zh: "部门不存在", en: "No such department")
            }
            if let planned = draft.plannedSessionID,
                try await PlannedSessionModel.find(planned, on: transaction) == nil
            {
                throw DomainError.invalid(field: "plannedSessionID", zh: "计划场次不存在", en: "No such planned session")
            }
            if let event = draft.calendarEventID, try await CalendarEventModel.find(event, on: transaction) == nil {
                throw DomainError.invalid(field: "calendarEventID", zh: "日历事项不存在", en: "No such calendar entry")
            }
            let session = TrainingSessionModel()
            session.title = draft.title
            session.form = draft.form.rawValue
            session.purpose = draft.purpose.rawValue
            session.heldOn = draft.heldOn
            session.place = draft.place
            session.trainer = draft.trainer
            session.areas = TrainingSessionModel.text(draft.areas)
            session.hours = draft.hours
            session.$department.id = draft.departmentID
            session.plannedSessionID = draft.plannedSessionID
            session.examNote = draft.examNote
            session.calendarEventID = draft.calendarEventID
            session.attendees = 0
            session.recordedBy = actor.name
            session.recordedAt = clock()
            try await session.create(on: transaction)
            let id = try session.requireID()
            trail.subject = AuditSubject(type: "trainingSession", id: id.uuidString, label: draft.title)
            trail.note("purpose", draft.purpose.rawValue)
            trail.note("heldOn", draft.heldOn)
            if !attendees.isEmpty {
                let added = try await attend(session, people: attendees, source: .list, by: actor, on: transaction)
                trail.note("attendees", String(added))
            }
            return session
        }
    }

    /// The organiser lists who attended (E6.1); people already recorded are kept as they were.
    @discardableResult
    public func recordAttendance(
        of sessionID: UUID, people: [UUID], by actor: AuditActor, on database: any Database
    ) async throws -> Int {
        try await store.perform(
            on: database, by: actor, .trainingAttend,
            subject: AuditSubject(type: "trainingSession", id: sessionID.uuidString)
        ) { transaction, trail in
            let session = try await Self.session(sessionID, on: transaction)
            trail.subject = AuditSubject(type: "trainingSession", id: sessionID.uuidString, label: session.title)
            let added = try await attend(session, people: people, source: .list, by: actor, on: transaction)
            trail.note("added", String(added))
            return added
        }
    }

    /// An attendee confirms on their own page that they attended; confirming again changes nothing.
    @discardableResult
    public func confirm(
        _ sessionID: UUID, personID: UUID, by actor: AuditActor, on database: any Database
    ) async throws -> Bool {
        try await store.perform(
            on: database, by: actor, .trainingAttend,
            subject: AuditSubject(type: "trainingSession", id: sessionID.uuidString)
        ) { transaction, trail in
            let session = try await Self.session(sessionID, on: transaction)
            trail.subject = AuditSubject(type: "trainingSession", id: sessionID.uuidString, label: session.title)
            trail.note("source", AttendanceSource.confirmed.rawValue)
            let added = try await attend(session, people: [personID], source: .confirmed, by: actor, on: transaction)
            return added == 1
        }
    }

    static func session(_ id: UUID, on database: any Database) async throws -> TrainingSessionModel {
        guard let session = try await TrainingSessionModel.find(id, on: database) else {
            throw DomainError.notFound(zh: "培训不存在", en: "No such training session")
        }
        return session
    }

    /// Inside the caller's transaction: one attendance and one credit per person not yet recorded; returns how many
    /// were added. A session still to come has no attendance yet (E6.1).
    private func attend(
        _ session: TrainingSessionModel, people: [UUID], source: AttendanceSource, by actor: AuditActor,
        on transaction: any Database
    ) async throws -> Int {
        let today = ClearanceRepository.today(clock())
        guard session.heldOn <= today else {
            throw Refusal(
                rule: RuleID("E6.1"), zh: "培训定于 \(session.heldOn) 举行，举行后才能登记参训",
                en: "The session is on \(session.heldOn): attendance is recorded once it is held")
        }
        let unique = Array(Set(people))
        let known = try await PersonModel.query(on: transaction).filter(\.$id ~~ unique).count()
        guard known == unique.count else {
            throw DomainError.invalid(field: "attendees", zh: "参训人员不存在", en: "No such person")
        }
        let sessionID = try session.requireID()
        let now = clock()
        var added = 0
        for person in unique.sorted(by: { $0.uuidString < $1.uuidString }) {
            // One winner even when the organiser's list and the attendee's confirmation arrive at once.
            let inserted = try await transaction.sql.raw(
                """
                INSERT INTO training_attendances (id, session_id, person_id, source, recorded_by, recorded_at)
                VALUES (\(bind: UUID()), \(bind: sessionID), \(bind: person), \(bind: source.rawValue),
                    \(bind: actor.name), \(bind: now))
                ON CONFLICT (session_id, person_id) DO NOTHING RETURNING id
                """
            ).first()
            guard inserted != nil else { continue }
            try await TrainingCredits().record(
                TrainingCredit(
                    personID: person, purpose: session.trainingPurpose, source: .session, sourceID: sessionID,
                    title: session.title, earnedOn: session.heldOn, hours: session.hours),
                at: now, on: transaction)
            added += 1
        }
        if added > 0 {
            try await transaction.sql.raw(
                "UPDATE training_sessions SET attendees = attendees + \(bind: added) WHERE id = \(bind: sessionID)"
            ).run()
            session.attendees += added
        }
        return added
    }
}
