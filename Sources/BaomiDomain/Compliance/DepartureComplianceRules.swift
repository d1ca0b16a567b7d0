import Foundation

/// What the departure checks read (#16): people whose 脱密期 or non-compete period still runs, and departures
/// not yet completed.
public struct DepartureComplianceRecords: Sendable {
    public struct Bound: Sendable {
        public var id: UUID
        public var name: String
        public var departmentID: UUID
        public var separationUntil: String?
        public var nonCompeteUntil: String?

        public init(id: UUID, name: String, departmentID: UUID, separationUntil: String?, nonCompeteUntil: String?) {
            self.id = id
            self.name = name
            self.departmentID = departmentID
            self.separationUntil = separationUntil
            self.nonCompeteUntil = nonCompeteUntil
        }
    }

    public struct Open: Sendable {
        public var requestID: UUID
        public var number: String
        public var personName: String
        public var departmentID: UUID?
        /// `YYYY-MM-DD` of its submission.
        public var submittedOn: String

        public init(requestID: UUID, number: String, personName: String, departmentID: UUID?, submittedOn: String) {
            self.requestID = requestID
            self.number = number
            self.personName = personName
            self.departmentID = departmentID
            self.submittedOn = submittedOn
        }
    }

    public var bound: [Bound] = []
    public var open: [Open] = []

    public init() {}
}

/// The departure checks as pure functions: periods ending soon (A7, T11: REMIND at their end) and departures stuck
/// (T22: a person left barred and half gone).
public enum DepartureComplianceRules {
    /// A period is reminded of this many days before it ends.
    public static let endingDays = 30
    /// A departure open longer than this many days is stuck.
    public static let stuckDays = 30

    static func subject(_ person: DepartureComplianceRecords.Bound) -> FindingSubject {
        FindingSubject(type: "person", id: person.id, label: person.name)
    }

    static func separationsEnding(_ records: ComplianceRecords) -> [Finding] {
        let horizon = SecrecyPeriod.day(records.today, plus: endingDays)
        return records.departures.bound.compactMap { person in
            guard let until = person.separationUntil, until >= records.today, until <= horizon else { return nil }
            return Finding(
                check: .separationEnding, severity: .notice, subject: subject(person), responsiblePerson: nil,
                responsibleDepartment: person.departmentID, due: until,
                explanation: LocalizedText(
                    zh: "\(person.name) 的脱密期将于 \(until) 届满：请做好期满谈话并解除脱密期管理",
                    en: "\(person.name)'s separation period ends on \(until)"))
        }
    }

    static func nonCompetesEnding(_ records: ComplianceRecords) -> [Finding] {
        let horizon = SecrecyPeriod.day(records.today, plus: endingDays)
        return records.departures.bound.compactMap { person in
            guard let until = person.nonCompeteUntil, until >= records.today, until <= horizon else { return nil }
            return Finding(
                check: .nonCompeteEnding, severity: .notice, subject: subject(person), responsiblePerson: nil,
                responsibleDepartment: person.departmentID, due: until,
                explanation: LocalizedText(
                    zh: "\(person.name) 的竞业限制期将于 \(until) 届满",
                    en: "\(person.name)'s non-compete period ends on \(until)"))
        }
    }

    static func departuresStuck(_ records: ComplianceRecords) -> [Finding] {
        records.departures.open.compactMap { departure in
            let due = SecrecyPeriod.day(departure.submittedOn, plus: stuckDays)
            guard due < records.today else { return nil }
            return Finding(
                check: .departureStuck, severity: .overdue,
                subject: FindingSubject(type: "request", id: departure.requestID, label: departure.number),
                responsiblePerson: nil, responsibleDepartment: departure.departmentID, due: due,
                explanation: LocalizedText(
                    zh:
                        "\(departure.personName) 的离岗离职 \(departure.number) 自 \(departure.submittedOn) 提交，超过 \(stuckDays) 天仍未办结",
                    en:
                        "\(departure.personName)'s departure \(departure.number), submitted on \(departure.submittedOn), "
                        + "has been open more than \(stuckDays) days"))
        }
    }
}
