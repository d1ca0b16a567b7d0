import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Key projects (T10): a project's key flag and last day, its members — the people whose current clearance holds
/// the project, the one list of who has access (A1, A2) — and the record of a member who left without consent.
public struct KeyProjectRepository: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// A member as the project's page lists them: no carrier, only the person and the day they joined.
    public struct Member: Sendable, Hashable {
        public var personID: UUID
        public var name: String
        public var employeeNumber: String
        public var departmentName: String
        /// `SecretPostClass` raw value.
        public var postClass: String
        /// `PersonStatus` raw value.
        public var status: String
        /// The day the current run of clearances holding the project began (clearance history); nil if unrecorded.
        public var joinedOn: String?
    }

    public func project(_ id: UUID, on database: any Database) async throws -> ProjectModel {
        guard let project = try await ProjectModel.find(id, on: database) else {
            throw DomainError.notFound(zh: "涉密项目不存在", en: "No such project")
        }
        return project
    }

    /// The people whose clearance holds the project now, by name.
    public func members(of projectID: UUID, on database: any Database) async throws -> [Member] {
        let people = try await PersonModel.query(on: database).with(\.$department)
            .filter(\.$compartments, .custom("LIKE"), "%\(projectID.uuidString)%").sort(\.$name).all()
            .filter { ClearanceRepository.ids($0.compartments).contains(projectID) }
        guard !people.isEmpty else { return [] }
        let history = try await ClearanceChangeModel.query(on: database)
            .filter(\.$person.$id ~~ people.compactMap(\.id)).sort(\.$changedAt).all()
        let byPerson = Dictionary(grouping: history, by: \.$person.id)
        return try people.map { person in
            let id = try person.requireID()
            return Member(
                personID: id, name: person.name, employeeNumber: person.employeeNumber,
                departmentName: person.department.name, postClass: person.postClass, status: person.status,
                joinedOn: Self.joined(projectID, history: byPerson[id] ?? []))
        }
    }

    /// The first change of the latest unbroken run of clearances that held the project (history oldest first).
    static func joined(_ projectID: UUID, history: [ClearanceChangeModel]) -> String? {
        var since: Date?
        for change in history {
            if ClearanceRepository.ids(change.compartments).contains(projectID) {
                if since == nil { since = change.changedAt }
            } else {
                since = nil
            }
        }
        return since.map(ClearanceRepository.today)
    }

    /// The key projects a person's clearance holds, ended or not, as T10 and T11 judge them.
    public static func keyProjects(of person: PersonModel, on database: any Database) async throws -> [KeyProjectFact] {
        try await keyProjects(ClearanceRepository.ids(person.compartments), on: database)
    }

    static func keyProjects(_ ids: [UUID], on database: any Database) async throws -> [KeyProjectFact] {
        guard !ids.isEmpty else { return [] }
        return try await ProjectModel.query(on: database).filter(\.$id ~~ ids).filter(\.$isKeyProject == true)
            .sort(\.$code).all().map {
                KeyProjectFact(id: try $0.requireID(), code: $0.code, name: $0.name, endsOn: $0.endsOn)
            }
    }

    /// The security office marks a project key or not and fixes its last day; both audited.
    @discardableResult
    public func setKeyFacts(
        of projectID: UUID, isKeyProject: Bool, endsOn: String?, by actor: AuditActor, on database: any Database
    ) async throws -> ProjectModel {
        let endsOnDay = try Self.day(endsOn)
        return try await store.perform(
            on: database, by: actor, .projectKeyFacts, subject: AuditSubject(type: "project", id: projectID.uuidString)
        ) { transaction, trail in
            let project = try await project(projectID, on: transaction)
            trail.subject = AuditSubject(
                type: "project", id: projectID.uuidString, label: "\(project.code) \(project.name)")
            trail.note("isKeyProjectFrom", String(project.isKeyProject))
            trail.note("isKeyProject", String(isKeyProject))
            trail.note("endsOnFrom", project.endsOn ?? "")
            trail.note("endsOn", endsOnDay ?? "")
            project.isKeyProject = isKeyProject
            project.endsOn = endsOnDay
            try await project.save(on: transaction)
            return project
        }
    }

    /// The security office records that a member left a key project without the unit's consent (T10): the day
    /// and what happened, and a tracking file opens for the legal follow-up.
    @discardableResult
    public func recordLeftWithoutConsent(
        personID: UUID, projectID: UUID, occurredOn: String?, account: String?, by actor: AuditActor,
        on database: any Database
    ) async throws -> TrackingFileModel {
        let today = ClearanceRepository.today(clock())
        let errors = KeyProjectRules.validateWithoutConsent(day: occurredOn, account: account, today: today)
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        return try await store.perform(
            on: database, by: actor, .leftWithoutConsent,
            subject: AuditSubject(type: "person", id: personID.uuidString)
        ) { transaction, trail in
            try await RowLock.take(PersonModel.schema, id: personID, on: transaction)
            guard let person = try await PersonModel.find(personID, on: transaction) else {
                throw DomainError.invalid(field: "personID", zh: "人员不存在", en: "No such person")
            }
            let project = try await project(projectID, on: transaction)
            trail.subject = AuditSubject(type: "person", id: personID.uuidString, label: person.name)
            trail.note("project", project.code)
            guard project.isKeyProject, ClearanceRepository.ids(person.compartments).contains(projectID) else {
                throw DomainError.invalid(
                    field: "personID", rule: KeyProjectRules.rule,
                    zh: "\(person.name)不是重点项目 \(project.code) 的成员",
                    en: "\(person.name) is not a member of \(project.code)")
            }
            let file = try await TrackingFileRepository.open(
                person: person, project: project, reason: .withoutConsent, requestID: nil,
                occurredOn: occurredOn?.trimmed ?? today, account: account?.trimmed ?? "", by: actor.name,
                at: clock(), trail: trail, on: transaction)
            return file
        }
    }

    /// An optional `YYYY-MM-DD`: empty is none, anything else must be a day.
    static func day(_ text: String?) throws -> String? {
        guard let text = text?.trimmed, !text.isEmpty else { return nil }
        switch CalendarDay.parse(
            text, field: "endsOn", label: LocalizedText(zh: "项目结束日期", en: "Project end"), rule: KeyProjectRules.rule)
        {
        case .failure(let error): throw DomainError.invalid([error])
        case .success(let day): return day.description
        }
    }
}
