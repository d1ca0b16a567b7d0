import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// The carrier register (T6, T7, C1, C2): registering made and received carriers with their numbered copies.
public struct CarrierRepository: Sendable {
    /// Orders carrier numbering across PostgreSQL instances; SQLite's write gate already does.
    static let numberingLockKey: Int64 = 0x0BA0_CA01
    let store: Store
    let clock: @Sendable () -> Date
    /// Levels and post classes, parsed once per repository: an import registers thousands of rows through one.
    let settings: SettingsRepository

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
        self.settings = SettingsRepository(store: store)
    }

    /// Registers a carrier and its copies 1…N (C1.1, C1.2); each copy starts `registered`, held by
    /// `registrarPersonID` (the registering officer's own person on every path; nobody for an import without `--as`),
    /// with a `make` or `receive` event.
    ///
    /// The registrar is the acting account (`actor`): inside the transaction, `CarrierRegistration.check` decides
    /// with what the register holds now — their clearance (A2) and stewardship (T5.2), the holder's clearance, the
    /// classifying official's authority and clearance (T5.1), the 定密日期, a repeated 文号 — so the page, the API,
    /// the import and the demo are held to the same rules, whatever they checked before. A carrier classified
    /// through a 定密审批 is registered when the leader approves it: `registrar` is then the requester who drafted
    /// it, whose registration it is, and `actor` the approver.
    @discardableResult
    public func register(
        _ draft: CarrierDraft, registrarPersonID: UUID?, registrar: AuditActor? = nil, by actor: AuditActor,
        on database: any Database
    ) async throws -> CarrierModel {
        let registrar = registrar ?? actor
        return try await store.perform(
            on: database, by: actor, .carrierRegister, subject: AuditSubject(type: "carrier", label: draft.title)
        ) { transaction, trail in
            try await checkReferences(draft, on: transaction)
            let now = clock()
            // An end date no later than the level's maximum from the day it was classified — today when not given (C9).
            if let refusal = draft.period.check(
                for: draft.level, classifiedOn: draft.classifiedOn ?? ClearanceRepository.today(now)
            ).refusal {
                throw DomainError.invalid([FieldError(field: "period", rule: refusal.rule, message: refusal.reason)])
            }
            let carrier = CarrierModel()
            // Numbering takes PostgreSQL's registration lock first, so two instances check a 文号 one after the other.
            try await assignNumber(to: carrier, on: transaction, now: now)
            let sameDocumentNumber = try await checkRegistration(
                draft, holderPersonID: registrarPersonID, actor: registrar, now: now, on: transaction)
            if sameDocumentNumber > 0, let reason = draft.duplicateDocumentNumberReason {
                trail.note("duplicateDocumentNumber", draft.documentNumber)
                trail.note("duplicateDocumentNumberReason", reason)
            }
            carrier.title = draft.title
            carrier.documentNumber = draft.documentNumber
            carrier.category = draft.category.rawValue
            carrier.form = draft.form.rawValue
            carrier.source = draft.source.rawValue
            carrier.regime = draft.level.regime.rawValue
            carrier.level = draft.level.id.rawValue
            carrier.levelRank = draft.level.rank
            carrier.levelName = draft.level.name.zh
            carrier.marking = draft.level.marking(for: draft.period)
            carrier.period = String(decoding: try JSONEncoder().encode(draft.period), as: UTF8.self)
            carrier.copyCount = draft.copyCount
            carrier.copyingAllowed = draft.copyingAllowed
            carrier.$project.id = draft.projectID
            carrier.$department.id = draft.departmentID
            carrier.$classifier.id = draft.classifierID
            carrier.classificationBasis = draft.classificationBasis
            carrier.classifiedOn = draft.classifiedOn
            carrier.periodEnd = draft.period.endDay(
                classifiedOn: draft.classifiedOn ?? ClearanceRepository.today(now),
                maximumYears: draft.level.maximumYears)
            carrier.originatingAuthority = draft.originatingAuthority
            carrier.isProductionWaste = draft.isProductionWaste
            carrier.notes = draft.notes
            carrier.registeredBy = registrar.name
            try await carrier.create(on: transaction)
            let carrierID = try carrier.requireID()
            for (kind, ids) in [
                (CarrierScopeModel.Kind.person, draft.scopePeople), (.department, draft.scopeDepartments),
                (.project, draft.scopeProjects),
            ] {
                for id in ids {
                    try await CarrierScopeModel(carrierID: carrierID, kind: kind, refID: id).create(on: transaction)
                }
            }
            let action = draft.source == .made ? "make" : "receive"
            for serial in 1...draft.copyCount {
                let copy = CopyModel(
                    carrierID: carrierID, level: carrier.level, projectID: carrier.$project.id,
                    departmentID: draft.departmentID, serial: serial,
                    copyOfID: nil, state: CopyState.registered.rawValue,
                    holderID: registrarPersonID, now: now)
                try await copy.create(on: transaction)
                try await CopyEvents.record(
                    copy: copy, action: action, from: nil, actor: registrar, at: now,
                    counterpart: draft.source == .received ? draft.originatingAuthority : "", details: [:],
                    on: transaction)
            }
            trail.subject = AuditSubject(
                type: "carrier", id: carrierID.uuidString, label: "\(carrier.number) \(carrier.title)")
            trail.note("level", carrier.level)
            trail.note("copies", String(draft.copyCount))
            trail.note("source", carrier.source)
            return carrier
        }
    }

    func checkReferences(_ draft: CarrierDraft, on database: any Database) async throws {
        guard try await OrgUnitModel.find(draft.departmentID, on: database) != nil else {
            throw DomainError.invalid(field: "departmentID", zh: "部门不存在", en: "No such department")
        }
        if let project = draft.projectID, try await ProjectModel.find(project, on: database) == nil {
            throw DomainError.invalid(field: "projectID", zh: "项目不存在", en: "No such project")
        }
        let people = try await PersonModel.query(on: database).filter(\.$id ~~ draft.scopePeople).count()
        let departments = try await OrgUnitModel.query(on: database).filter(\.$id ~~ draft.scopeDepartments).count()
        let projects = try await ProjectModel.query(on: database).filter(\.$id ~~ draft.scopeProjects).count()
        if people != draft.scopePeople.count || departments != draft.scopeDepartments.count
            || projects != draft.scopeProjects.count
        {
            throw DomainError.invalid(
                field: "scope", zh: "知悉范围中有不存在的人员、部门或项目", en: "The scope names something that does not exist")
        }
    }

    /// What the register knows now, put to `CarrierRegistration.check`; throws every refusal at once. Returns how
    /// many carriers already carry the draft's 文号 (a confirmed repeat is noted in the audit record).
    func checkRegistration(
        _ draft: CarrierDraft, holderPersonID: UUID?, actor: AuditActor, now: Date, on database: any Database
    ) async throws -> Int {
        let snapshot = try await settings.snapshot(on: database)
        let (levels, postClasses) = (snapshot.levels, snapshot.postClasses)
        let today = ClearanceRepository.today(now)
        func subject(_ person: PersonModel?, roles: Set<Role> = []) -> AccessSubject {
            ClearanceRepository.subject(
                person: person, roles: roles, levels: levels, postClasses: postClasses, today: today)
        }
        let registrar: CarrierRegistration.Registrar
        var registrarPersonID: UUID?
        if actor.kind == .system {
            registrar = .system
        } else {
            guard let accountID = actor.accountID, let account = try await AccountModel.find(accountID, on: database)
            else {
                throw DomainError.invalid(
                    field: "level", rule: RuleID("A2"), zh: "载体须由具名账号登记", en: "A carrier is registered by an account")
            }
            registrarPersonID = account.$person.id
            var person: PersonModel?
            if let registrarPersonID { person = try await PersonModel.find(registrarPersonID, on: database) }
            registrar = .account(subject(person, roles: account.roles))
        }
        var holder: AccessSubject?
        if let holderPersonID, holderPersonID != registrarPersonID {
            holder = subject(try await PersonModel.find(holderPersonID, on: database))
        }
        var classifier: CarrierRegistration.Classifier?
        if let classifierID = draft.classifierID, let person = try await PersonModel.find(classifierID, on: database) {
            classifier = CarrierRegistration.Classifier(
                name: person.name, authority: person.classifierMaxLevel.map(LevelID.init(rawValue:)),
                subject: subject(person))
        }
        let sameDocumentNumber =
            draft.documentNumber.isEmpty
            ? 0
            : try await CarrierModel.query(on: database).filter(\.$documentNumber == draft.documentNumber).count()
        let errors = CarrierRegistration.check(
            draft,
            CarrierRegistration.Facts(
                registrar: registrar, holder: holder, classifier: classifier,
                carriersWithDocumentNumber: sameDocumentNumber, today: today),
            postClasses: postClasses, levels: levels)
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        return sameDocumentNumber
    }

    /// `2026-017`: the year and a sequence within it (three digits, more once a year passes 999).
    private func assignNumber(to carrier: CarrierModel, on database: any Database, now: Date) async throws {
        let sql = try database.sql
        if try SQLDialectKind(database) == .postgres {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: Self.numberingLockKey))").run()
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let year = calendar.component(.year, from: now)
        // Numbers carried over from another register under no sequence of ours are filed below zero.
        let last = max(
            0, try await CarrierModel.query(on: database).filter(\.$numberYear == year).max(\.$numberSequence) ?? 0)
        carrier.numberYear = year
        carrier.numberSequence = last + 1
        carrier.number = "\(year)-" + (last + 1).zeroPadded(3)
    }

    // MARK: Reading

    public func carrier(_ id: UUID, on database: any Database) async throws -> CarrierModel {
        guard
            let carrier = try await CarrierModel.query(on: database).filter(\.$id == id)
                .with(\.$department).with(\.$project).with(\.$classifier).with(\.$scope).first()
        else { throw DomainError.notFound(zh: "载体不存在", en: "No such carrier") }
        return carrier
    }

    public func copies(of carrierID: UUID, on database: any Database) async throws -> [CopyModel] {
        try await CopyModel.query(on: database).filter(\.$carrier.$id == carrierID).with(\.$holder).with(\.$place)
            .sort(\.$serial).all()
    }

    public func copy(_ id: UUID, on database: any Database) async throws -> CopyModel {
        let query = CopyModel.query(on: database).filter(\.$id == id)
            .with(\.$carrier) { $0.with(\.$department) }.with(\.$holder).with(\.$place)
        guard let copy = try await query.first() else {
            throw DomainError.notFound(zh: "载体份不存在", en: "No such copy")
        }
        return copy
    }

    public func history(of copyID: UUID, on database: any Database) async throws -> [CopyEventModel] {
        try await CopyEventModel.query(on: database).filter(\.$copy.$id == copyID).with(\.$place).with(\.$person)
            .sort(\.$at).all()
    }
}

/// Writes copy events (C0): the history every copy keeps.
enum CopyEvents {
    /// One row of the copy's history (C0), written as one statement: every step of every copy writes one. It copies
    /// what the step concerned as it is at this moment (`CopySnapshot`, principle 12) — the carrier's number, title,
    /// level and marking and N from its row, the holder, place and department by name — so that nothing changed later
    /// changes the history.
    static func record(
        copy: CopyModel, action: String, from: String?, actor: AuditActor, at: Date, counterpart: String,
        details: [String: String], on database: any Database
    ) async throws {
        var query: SQLQueryString = """
            INSERT INTO copy_events (id, copy_id, at, actor_name, action, from_state, to_state, place_id, person_id,
                counterpart, details, carrier_number, carrier_title, level, level_name, marking, copy_total,
                holder_name, place_name, department_name)
            SELECT \(bind: UUID()), \(bind: try copy.requireID()), \(bind: at), \(bind: actor.name), \(bind: action),
            """
        // NULLs as literals: a NULL bound in a SELECT list has no type PostgreSQL could infer for the column.
        query.appendInterpolation(CopySnapshot.valueOrNull(from))
        query.appendLiteral(", ")
        query.appendInterpolation(bind: copy.state)
        query.appendLiteral(", ")
        query.appendInterpolation(CopySnapshot.valueOrNull(copy.$place.id))
        query.appendLiteral(", ")
        query.appendInterpolation(CopySnapshot.valueOrNull(copy.$holder.id))
        query.appendLiteral(", ")
        query.appendInterpolation(bind: counterpart)
        query.appendLiteral(", ")
        query.appendInterpolation(bind: CanonicalJSON.object(details))
        query.appendLiteral(", ")
        query.appendInterpolation(CopySnapshot.columns(of: copy))
        try await database.sql.raw(query).run()
    }
}
