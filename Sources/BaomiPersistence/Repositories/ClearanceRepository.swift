import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Secret posts (A2, A4, A7), the subject and object of the one access decision, and the reading register (C4).
public struct ClearanceRepository: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// The security administrator grants, changes or withdraws a secret post, with the reason; history is kept.
    /// Giving or raising a post needs a current pre-post credit (`PrePostGate`, E6.6(3)) and the agreements the post
    /// needs in force (`AgreementGate`, A4, T8, T9); lowering never does.
    @discardableResult
    public func set(
        _ draft: ClearanceDraft, for personID: UUID, by actor: AuditActor, on database: any Database
    ) async throws -> PersonModel {
        try await store.perform(
            on: database, by: actor, .clearanceChange, subject: AuditSubject(type: "person", id: personID.uuidString)
        ) { transaction, trail in
            guard let person = try await PersonModel.find(personID, on: transaction) else {
                throw DomainError.notFound(zh: "人员不存在", en: "No such person")
            }
            trail.subject = AuditSubject(type: "person", id: personID.uuidString, label: person.name)
            // No secret post, and no higher one, without the pre-post training (E6.6(3), A4).
            try await PrePostGate().enforce(
                personID: personID, from: SecretPostClass(rawValue: person.postClass) ?? .nonSecret,
                to: draft.postClass, today: Self.today(clock()), settings: SettingsRepository(store: store),
                on: transaction)
            // Nor without the agreements the post needs, in force; a refusal to sign blocks it (A4, T8, T9, L1.1).
            try await AgreementGate().enforce(
                person, from: SecretPostClass(rawValue: person.postClass) ?? .nonSecret, to: draft.postClass,
                on: transaction)
            // A running key project leaves a member only through a 重点项目人员调离 request (T10).
            try await KeyProjectGate().enforce(
                person, keeping: draft.compartments, today: Self.today(clock()), on: transaction)
            var validator = FieldValidator()
            let projects = try await ProjectModel.query(on: transaction).filter(\.$id ~~ draft.compartments).count()
            if projects != draft.compartments.count {
                validator.add(field: "compartments", rule: RuleID("A2"), zh: "涉密项目不存在", en: "No such project")
            }
            let units = try await OrgUnitModel.query(on: transaction).filter(\.$id ~~ draft.groups).count()
            if units != draft.groups.count {
                validator.add(field: "groups", rule: RuleID("A2"), zh: "部门不存在", en: "No such department")
            }
            try validator.check()
            let compartments = Self.json(draft.compartments)
            let groups = Self.json(draft.groups)
            trail.note("from", person.postClass)
            trail.note("postClass", draft.postClass.rawValue)
            trail.note("reason", draft.reason)
            if let until = draft.separationUntil { trail.note("separationUntil", until) }
            person.postClass = draft.postClass.rawValue
            person.compartments = compartments
            person.groups = groups
            person.separationUntil = draft.separationUntil
            try await capClassifierAuthority(of: person, trail: trail, on: transaction)
            try await person.save(on: transaction)
            let change = ClearanceChangeModel()
            change.$person.id = personID
            change.postClass = draft.postClass.rawValue
            change.compartments = compartments
            change.groups = groups
            change.separationUntil = draft.separationUntil
            change.reason = draft.reason
            change.changedBy = actor.name
            change.changedAt = clock()
            try await change.create(on: transaction)
            // A class set away from the post's ends the spell on it (A2): the 岗位履历 and the 台账 then say so.
            try await PostAssignmentModel.query(on: transaction).filter(\.$person.$id == personID)
                .filter(\.$untilDate == nil).filter(\.$postClass != draft.postClass.rawValue)
                .set(\.$untilDate, to: Self.today(clock())).update()
            return person
        }
    }

    /// A 定密责任人 whose post is lowered keeps only the authority the new post covers (T5.1 with A2), in the same
    /// transaction and audit record as the change of post.
    private func capClassifierAuthority(
        of person: PersonModel, trail: AuditTrail, on database: any Database
    ) async throws {
        guard let authority = person.classifierMaxLevel else { return }
        let settings = try await SettingsRepository(store: store).snapshot(on: database)
        let subject = Self.subject(
            person, roles: [], levels: settings.levels, postClasses: settings.postClasses, today: Self.today(clock()))
        let kept = ClassificationAuthority.kept(
            LevelID(rawValue: authority), within: subject.clearance, levels: settings.levels)
        guard kept?.rawValue != authority else { return }
        person.classifierMaxLevel = kept?.rawValue
        trail.note("classifierMaxLevelFrom", authority)
        trail.note("classifierMaxLevel", kept?.rawValue ?? "revoked")
    }

    public func history(of personID: UUID, on database: any Database) async throws -> [ClearanceChangeModel] {
        try await ClearanceChangeModel.query(on: database).filter(\.$person.$id == personID)
            .sort(\.$changedAt, .descending).all()
    }

    static func json(_ ids: [UUID]) -> String {
        "[" + ids.map { "\"\($0.uuidString)\"" }.joined(separator: ",") + "]"
    }

    public static func ids(_ json: String) -> [UUID] {
        (idLists.value(of: json) ?? []).compactMap(UUID.init(uuidString:))
    }

    private static let idLists = JSONTextCache<[String]>()

    /// Today in the organisation's time zone, as the 脱密期 dates are written.
    public static func today(_ now: Date) -> String {
        let parts = organisationCalendar.dateComponents([.year, .month, .day], from: now)
        return
            "\((parts.year ?? 0).zeroPadded(4))-\((parts.month ?? 0).zeroPadded(2))-\((parts.day ?? 0).zeroPadded(2))"
    }

    /// Made once: a time zone is looked up by name in the system's database.
    private static let organisationCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        return calendar
    }()

    /// The access subject of an account: its roles and, through its person, the secret post, projects and any bar
    /// (A2, A4, A7). An account without a person holds no clearance.
    public func subject(
        personID: UUID?, roles: Set<Role>, levels: LevelCatalogue, postClasses: PostClassCatalogue,
        on database: any Database
    ) async throws -> AccessSubject {
        var person: PersonModel?
        if let personID { person = try await PersonModel.find(personID, on: database) }
        return Self.subject(
            person: person, roles: roles, levels: levels, postClasses: postClasses, today: Self.today(clock()))
    }

    /// The access subject of an account whose person (if any) is already read.
    public static func subject(
        person: PersonModel?, roles: Set<Role>, levels: LevelCatalogue, postClasses: PostClassCatalogue, today: String
    ) -> AccessSubject {
        guard let person else {
            return AccessSubject(
                personID: nil, departmentID: nil, roles: roles, postClass: .nonSecret, clearance: .none)
        }
        return subject(person, roles: roles, levels: levels, postClasses: postClasses, today: today)
    }

    public static func subject(
        _ person: PersonModel, roles: Set<Role>, levels: LevelCatalogue, postClasses: PostClassCatalogue,
        today: String
    ) -> AccessSubject {
        let postClass = SecretPostClass(rawValue: person.postClass) ?? .nonSecret
        let projects = ids(person.compartments)
        let groups = Set(ids(person.groups).map(\.uuidString) + [person.$department.id.uuidString])
        return AccessSubject(
            personID: person.id, departmentID: person.$department.id, roles: roles, postClass: postClass,
            clearance: postClasses.clearance(
                postClass, levels: levels, compartments: Set(projects.map(\.uuidString)), groups: groups),
            projects: projects,
            barred: AccessSubject.bar(
                status: PersonStatus(rawValue: person.status) ?? .active, separationUntil: person.separationUntil,
                today: today))
    }

    /// A carrier as the access decision sees it: label (level + its project as compartment), the departments that
    /// register, keep or receive its copies, and its distribution scope.
    public func object(
        _ carrier: CarrierModel, levels: LevelCatalogue, on database: any Database
    ) async throws -> AccessObject {
        try await Self.objects(of: [carrier], levels: levels, on: database)[carrier.requireID()]
            ?? Self.object(of: carrier, scope: [], levels: levels)
    }

    /// One entry of the reading register (C4), inside the caller's transaction.
    static func insertReading(
        carrierID: UUID, copyID: UUID?, personID: UUID?, accountID: UUID, readerName: String, kind: ReadingKind,
        at: Date, placeID: UUID? = nil, on database: any Database
    ) async throws {
        // With the carrier's level and marking as read, from its row (principle 12).
        try await database.sql.raw(
            """
            INSERT INTO readings (
                id, carrier_id, copy_id, person_id, account_id, reader_name, kind, at, place_id, level, marking)
            SELECT \(bind: UUID()), c.id, \(CopySnapshot.valueOrNull(copyID)), \(CopySnapshot.valueOrNull(personID)),
                \(bind: accountID), \(bind: readerName), \(bind: kind.rawValue), \(bind: at),
                \(CopySnapshot.valueOrNull(placeID)), c.level, c.marking
            FROM carriers c WHERE c.id = \(bind: carrierID)
            """
        ).run()
    }

    /// Everyone who has read a copy of the carrier (the disclosure record, C4), newest first.
    public func readings(of carrierID: UUID, limit: Int = 200, on database: any Database) async throws -> [ReadingModel]
    {
        try await ReadingModel.query(on: database).filter(\.$carrier.$id == carrierID).sort(\.$at, .descending)
            .limit(limit).all()
    }
}
