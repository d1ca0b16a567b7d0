import Foundation

/// The training checks (E1–E6.7) as pure functions over `TrainingComplianceRecords`: each reads credits, never
/// sessions or exams, so any evidence of a duty clears its finding.
public enum TrainingRules {
    /// New staff are expected to have had induction training within this many days of joining (E6.6(1)).
    static let inductionDays = 30
    /// Only people who joined within this many days are "new staff".
    public static let newStaffWindowDays = 365
    static var newStaffDays: Int { newStaffWindowDays }
    /// A refresher is flagged this many days before it falls due.
    static let refresherWarningDays = 30
    /// A holiday's missed briefing stays a finding this many days after it began.
    public static let briefingGraceDays = 7

    /// The people whose own duties are reminded of: none until the records' start day has come
    /// (`TrainingPolicy.dutiesSince`).
    static func people(_ records: ComplianceRecords) -> [TrainingComplianceRecords.Person] {
        guard let since = records.training.policy.dutiesSince, since <= records.today else { return [] }
        return records.training.people
    }

    static func subject(_ person: TrainingComplianceRecords.Person) -> FindingSubject {
        FindingSubject(type: "person", id: person.id, label: person.name)
    }

    static func inductionsMissing(_ records: ComplianceRecords) -> [Finding] {
        // New staff: joined within the year, and since the records began.
        let since = max(
            SecrecyPeriod.day(records.today, plus: -newStaffDays), records.training.policy.dutiesSince ?? "")
        return people(records).compactMap { person in
            guard person.registeredOn >= since, person.latest[.induction] == nil else { return nil }
            let due = SecrecyPeriod.day(person.registeredOn, plus: inductionDays)
            return Finding(
                check: .inductionMissing, severity: due < records.today ? .overdue : .notice, subject: subject(person),
                responsiblePerson: person.id, responsibleDepartment: person.departmentID, due: due,
                explanation: LocalizedText(
                    zh: "\(person.name) 于 \(person.registeredOn) 入职，尚未参加新进人员保密培训",
                    en: "\(person.name) joined on \(person.registeredOn) and has had no induction training"))
        }
    }

    static func prePostsMissing(_ records: ComplianceRecords) -> [Finding] {
        people(records).compactMap { person in
            guard person.postClass != .nonSecret, person.latest[.prePost] == nil else { return nil }
            return Finding(
                check: .prePostMissing, severity: .overdue, subject: subject(person), responsiblePerson: person.id,
                responsibleDepartment: person.departmentID,
                explanation: LocalizedText(
                    zh: "\(person.name) 在涉密岗位（\(person.postClass.title.zh)），但没有上岗前保密专项培训记录",
                    en: "\(person.name) holds a secret post (\(person.postClass.title.en)) without pre-post training"))
        }
    }

    static func refreshersOverdue(_ records: ComplianceRecords) -> [Finding] {
        let horizon = SecrecyPeriod.day(records.today, plus: refresherWarningDays)
        return people(records).compactMap { person in
            guard person.postClass != .nonSecret else { return nil }
            let standing = TrainingStanding(
                latest: person.latest, today: records.today,
                prePostValidityMonths: records.training.policy.prePostValidityMonths)
            // Never trained at all is the pre-post check's finding, not this one.
            guard let due = standing.refresherDue, due <= horizon else { return nil }
            let overdue = due <= records.today
            return Finding(
                check: .refresherOverdue, severity: overdue ? .overdue : .warning, subject: subject(person),
                responsiblePerson: person.id, responsibleDepartment: person.departmentID, due: due,
                explanation: LocalizedText(
                    zh: "\(person.name) 的年度保密复训" + (overdue ? "已于 \(due) 到期" : "将于 \(due) 到期"),
                    en: "\(person.name)'s annual refresher " + (overdue ? "fell due on \(due)" : "falls due on \(due)"))
            )
        }
    }

    static func onPostsMissing(_ records: ComplianceRecords) -> [Finding] {
        people(records).compactMap { person in
            let owes = person.isSecrecyOfficer || (person.inKeyDepartment && person.postClass != .nonSecret)
            guard owes, person.latest[.onPost] == nil else { return nil }
            let who =
                person.isSecrecyOfficer
                ? (zh: "保密管理人员", en: "a secrecy manager") : (zh: "要害部门涉密人员", en: "in a key department")
            return Finding(
                check: .onPostMissing, severity: .warning, subject: subject(person), responsiblePerson: person.id,
                responsibleDepartment: person.departmentID,
                explanation: LocalizedText(
                    zh: "\(person.name)（\(who.zh)）尚未参加在岗保密培训",
                    en: "\(person.name) (\(who.en)) has had no on-post training"))
        }
    }

    static func plannedSessionsLate(_ records: ComplianceRecords) -> [Finding] {
        let thisMonth = String(records.today.prefix(7))
        return records.training.planned.compactMap { planned in
            let month = "\(planned.year.zeroPadded(4))-\(planned.month.zeroPadded(2))"
            guard !planned.held, month < thisMonth else { return nil }
            let last = CalendarDay.days(inMonth: planned.month, of: planned.year)
            let due = "\(month)-\(last.zeroPadded(2))"
            return Finding(
                check: .plannedSessionLate, severity: .overdue,
                subject: FindingSubject(type: "plannedSession", id: planned.id, label: planned.title),
                responsibleDepartment: planned.departmentID, due: due,
                explanation: LocalizedText(
                    zh: "年度计划中的「\(planned.title)」计划于 \(month) 举行，尚未举行",
                    en: "The planned session \"\(planned.title)\" of \(month) has not been held"))
        }
    }

    static func briefingsMissing(_ records: ComplianceRecords) -> [Finding] {
        let horizon = SecrecyPeriod.day(records.today, plus: records.training.policy.briefingLeadDays)
        let grace = SecrecyPeriod.day(records.today, plus: -briefingGraceDays)
        return records.training.events.compactMap { event in
            guard !event.briefed, event.startsOn <= horizon, event.startsOn >= grace else { return nil }
            let begun = event.startsOn <= records.today
            return Finding(
                check: .briefingMissing, severity: begun ? .overdue : .warning,
                subject: FindingSubject(type: "calendarEvent", id: event.id, label: event.name),
                responsiblePerson: event.responsiblePersonID, due: event.startsOn,
                explanation: LocalizedText(
                    zh: "\(event.name)（\(event.startsOn)）前应开展节前保密教育，尚未举行",
                    en: "A briefing is due before \(event.name) (\(event.startsOn)) and has not been held"))
        }
    }
}
