import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// 证件管理 (A7, L1.7): the travel documents of each person — passports, permits for Hong Kong and Macao, for Taiwan —
/// whether the unit keeps them, and every log-out for a trip and log-in after it, each audited. Of two simultaneous
/// log-outs of one document exactly one wins: the write names the document as it was read (conditional UPDATE …
/// RETURNING, as `RowLock` does).
public struct TravelDocumentRepository: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// A document as the register lists it.
    public struct Document: Sendable, Hashable {
        public var id: UUID
        public var personID: UUID
        public var personName: String
        public var departmentName: String
        public var kind: TravelDocumentKind
        public var number: String
        public var expiresOn: String?
        public var heldByUnit: Bool
        public var outRequestID: UUID?
        public var outRequestNumber: String?
        public var outSince: Date?
        public var dueBack: String?

        public var isOut: Bool { outSince != nil }
    }

    public struct Input: Sendable, Hashable, Codable {
        public var personID: UUID?
        public var kind: String?
        public var number: String?
        public var expiresOn: String?
        public var heldByUnit: Bool?

        public init(
            personID: UUID? = nil, kind: String? = nil, number: String? = nil, expiresOn: String? = nil,
            heldByUnit: Bool? = nil
        ) {
            self.personID = personID
            self.kind = kind
            self.number = number
            self.expiresOn = expiresOn
            self.heldByUnit = heldByUnit
        }
    }

    // MARK: Reading

    /// The register, by person; `personIDs` narrows it.
    public func documents(of personIDs: [UUID]? = nil, on database: any Database) async throws -> [Document] {
        let query = TravelDocumentModel.query(on: database)
        if let personIDs { query.filter(\.$personID ~~ personIDs) }
        let rows = try await query.sort(\.$registeredAt).all()
        let people = try await PersonModel.query(on: database).filter(\.$id ~~ Array(Set(rows.map(\.personID))))
            .with(\.$department).all()
        let byID = Dictionary(people.compactMap { person in person.id.map { ($0, person) } }) { first, _ in first }
        let requestIDs = Array(Set(rows.compactMap(\.outRequestID)))
        let numbers =
            requestIDs.isEmpty
            ? [:]
            : Dictionary(
                try await RequestModel.query(on: database).filter(\.$id ~~ requestIDs).all().compactMap { request in
                    request.id.map { ($0, request.number) }
                }
            ) { first, _ in first }
        return rows.compactMap { row in
            guard let id = row.id, let kind = TravelDocumentKind(rawValue: row.kind) else { return nil }
            let person = byID[row.personID]
            return Document(
                id: id, personID: row.personID, personName: person?.name ?? "",
                departmentName: person?.department.name ?? "", kind: kind, number: row.number,
                expiresOn: row.expiresOn, heldByUnit: row.heldByUnit, outRequestID: row.outRequestID,
                outRequestNumber: row.outRequestID.flatMap { numbers[$0] }, outSince: row.outSince,
                dueBack: row.dueBack)
        }.sorted { ($0.personName, $0.kind.rawValue) < ($1.personName, $1.kind.rawValue) }
    }

    public func document(_ id: UUID, on database: any Database) async throws -> Document {
        guard let row = try await TravelDocumentModel.find(id, on: database),
            let document = try await documents(of: [row.personID], on: database).first(where: { $0.id == id })
        else { throw DomainError.notFound(zh: "证件不存在", en: "No such travel document") }
        return document
    }

    /// The 出境证件管理 column of the 涉密人员台账 (LEDGERS.md) for the people on one page, in one statement over the
    /// documents' person index: 已借出（应还 日期） when one is out, 单位保管 when the unit keeps one, 本人保管 when
    /// only the person does, nothing when none is registered.
    public static func custody(of people: [UUID], on database: any Database) async throws -> [UUID: DocumentCustody] {
        guard !people.isEmpty else { return [:] }
        let rows = try await TravelDocumentModel.query(on: database).filter(\.$personID ~~ people)
            .field(\.$personID).field(\.$heldByUnit).field(\.$outSince).field(\.$dueBack).all()
        var custody: [UUID: DocumentCustody] = [:]
        for row in rows {
            let this: DocumentCustody =
                row.outSince != nil ? .out(dueBack: row.dueBack) : row.heldByUnit ? .heldByUnit : .heldByPerson
            if let known = custody[row.personID], known.weight >= this.weight { continue }
            custody[row.personID] = this
        }
        return custody
    }

    // MARK: Writing

    /// Registers a document of a person (security office), audited; a kind and number already registered is refused.
    @discardableResult
    public func register(
        _ input: Input, by actor: AuditActor, roles: Set<Role>, on database: any Database
    ) async throws -> UUID {
        let clock = clock
        return try await store.perform(
            on: database, by: actor, .travelDocumentRegister, subject: AuditSubject(type: "travelDocument")
        ) { transaction, trail in
            try Self.requireOffice(roles)
            var validator = FieldValidator()
            let kind = TravelDocumentKind(rawValue: input.kind ?? "")
            if kind == nil {
                validator.add(
                    field: "kind", rule: RuleID("A7"), zh: "请选择证件种类（护照、港澳通行证、台湾通行证）",
                    en: "Choose the kind: passport, Hong Kong and Macao permit, Taiwan permit")
            }
            let number = validator.required(
                input.number, field: "number", label: LocalizedText(zh: "证件号码", en: "Number"), maxLength: 40)
            let expires = validator.date(
                input.expiresOn, field: "expiresOn", label: LocalizedText(zh: "有效期至", en: "Expires on"))
            var person: PersonModel?
            if let personID = input.personID { person = try await PersonModel.find(personID, on: transaction) }
            if person == nil {
                validator.add(field: "personID", rule: RuleID("A7"), zh: "请选择证件持有人", en: "Choose the holder")
            }
            try validator.check()
            guard let kind, let person, let personID = person.id else { return UUID() }
            let duplicate = try await TravelDocumentModel.query(on: transaction).filter(\.$kind == kind.rawValue)
                .filter(\.$number == number).first()
            if duplicate != nil {
                throw DomainError.invalid(
                    field: "number", rule: RuleID("A7"), zh: "该\(kind.title.zh)号码已登记",
                    en: "This \(kind.title.en.lowercased()) number is already registered")
            }
            let document = TravelDocumentModel()
            document.personID = personID
            document.kind = kind.rawValue
            document.number = number
            document.expiresOn = expires?.description
            document.heldByUnit = input.heldByUnit ?? true
            document.version = 0
            document.registeredAt = clock()
            try await document.create(on: transaction)
            let id = try document.requireID()
            trail.subject = AuditSubject(
                type: "travelDocument", id: id.uuidString, label: "\(person.name) \(kind.title.zh)")
            trail.note("heldByUnit", document.heldByUnit ? "true" : "false")
            return id
        }
    }

    /// Lends a document the unit keeps to its holder for a trip (A7, L1.7): for a person in a secret post or in
    /// 脱密期, only for an approved trip of theirs whose return has not passed — `tripID`, or else their current
    /// approved trip. Audited, refusals too; of two simultaneous log-outs one wins, the other is a 409.
    public func logOut(
        _ id: UUID, tripID: UUID?, by actor: AuditActor, roles: Set<Role>, on database: any Database
    ) async throws {
        let clock = clock
        try await store.perform(
            on: database, by: actor, .travelDocumentOut,
            subject: AuditSubject(type: "travelDocument", id: id.uuidString)
        ) { transaction, trail in
            try Self.requireOffice(roles)
            guard let document = try await TravelDocumentModel.find(id, on: transaction),
                let person = try await PersonModel.find(document.personID, on: transaction)
            else { throw DomainError.notFound(zh: "证件不存在", en: "No such travel document") }
            let kind = TravelDocumentKind(rawValue: document.kind)
            trail.subject = AuditSubject(
                type: "travelDocument", id: id.uuidString, label: "\(person.name) \(kind?.title.zh ?? document.kind)")
            let today = ClearanceRepository.today(clock())
            let trip = try await Self.trip(tripID, for: document.personID, today: today, on: transaction)
            let needs = TravelRules.needsApproval(
                postClass: SecretPostClass(rawValue: person.postClass) ?? .nonSecret,
                separationUntil: person.separationUntil, today: today)
            let facts = TravelDocumentFacts(
                personID: document.personID, heldByUnit: document.heldByUnit, isOut: document.outSince != nil,
                expiresOn: document.expiresOn)
            if case .refused(let refusal) = TravelRules.mayLendDocument(
                facts, trip: trip?.facts, needsApproval: needs, today: today)
            {
                throw refusal
            }
            let days = try await TravelRepository.debriefingDays(sql: transaction.sql)
            let due = trip.map { TravelRules.passportDue(returnDate: $0.facts.returnDate, days: days) }
            let now = clock()
            let lent = try await transaction.sql.raw(
                """
                UPDATE travel_documents SET out_request_id = \(bind: trip?.id), out_since = \(bind: now),
                    due_back = \(bind: due), version = version + 1
                WHERE id = \(bind: id) AND version = \(bind: document.version) AND out_since IS NULL RETURNING id
                """
            ).all()
            guard lent.count == 1 else {
                throw DomainError.conflict(
                    LocalizedText(zh: "该证件刚被他人借出，请刷新后重试", en: "Someone else just lent this document; reload"),
                    rule: RuleID("A7"))
            }
            try await Self.move(id, "out", request: trip?.id, at: now, by: actor, on: transaction)
            trail.note("trip", trip?.facts.number)
            trail.note("dueBack", due)
        }
    }

    /// Takes a lent document back into the unit's keeping, audited; one not out is a 409.
    public func logIn(_ id: UUID, by actor: AuditActor, roles: Set<Role>, on database: any Database) async throws {
        let clock = clock
        try await store.perform(
            on: database, by: actor, .travelDocumentIn, subject: AuditSubject(type: "travelDocument", id: id.uuidString)
        ) { transaction, trail in
            try Self.requireOffice(roles)
            guard let document = try await TravelDocumentModel.find(id, on: transaction),
                let person = try await PersonModel.find(document.personID, on: transaction)
            else { throw DomainError.notFound(zh: "证件不存在", en: "No such travel document") }
            let kind = TravelDocumentKind(rawValue: document.kind)
            trail.subject = AuditSubject(
                type: "travelDocument", id: id.uuidString, label: "\(person.name) \(kind?.title.zh ?? document.kind)")
            let now = clock()
            let back = try await transaction.sql.raw(
                """
                UPDATE travel_documents SET out_request_id = NULL, out_since = NULL, due_back = NULL,
                    version = version + 1
                WHERE id = \(bind: id) AND out_since IS NOT NULL RETURNING id
                """
            ).all()
            guard back.count == 1 else {
                throw DomainError.conflict(
                    LocalizedText(zh: "该证件在单位保管中，没有借出", en: "This document is not out"), rule: RuleID("A7"))
            }
            try await Self.move(id, "in", request: document.outRequestID, at: now, by: actor, on: transaction)
        }
    }

    // MARK: Parts

    static func requireOffice(_ roles: Set<Role>) throws {
        guard roles.contains(.securityOffice) else {
            throw Refusal(rule: RuleID("A7"), zh: "出境证件由保密办统一保管", en: "The security office keeps travel documents")
        }
    }

    private static func move(
        _ id: UUID, _ direction: String, request: UUID?, at: Date, by actor: AuditActor, on database: any Database
    ) async throws {
        let movement = TravelDocumentMovementModel()
        movement.documentID = id
        movement.direction = direction
        movement.requestID = request
        movement.at = at
        movement.byName = actor.name
        try await movement.create(on: database)
    }

    /// The trip a log-out is for: the one named (any travel request, judged by the lending rule), or the holder's
    /// approved trip whose return has not passed, the soonest departure first.
    private static func trip(
        _ id: UUID?, for personID: UUID, today: String, on database: any Database
    ) async throws -> (id: UUID, facts: TripFacts)? {
        let query = RequestModel.query(on: database).filter(\.$kind == RequestKind.travelAbroad.rawValue)
        if let id {
            query.filter(\.$id == id)
        } else {
            query.filter(\.$state == RequestState.approved.rawValue)
        }
        let candidates = try await query.all().compactMap { model -> (UUID, TripFacts, String)? in
            guard let requestID = model.id, let payload = TravelAbroad.decodePayload(Data(model.payload.utf8)),
                let traveller = payload.travellerID
            else { return nil }
            return (
                requestID,
                TripFacts(
                    number: model.number, travellerID: traveller,
                    approved: model.state == RequestState.approved.rawValue, returnDate: payload.returnDate ?? ""),
                payload.departureDate ?? ""
            )
        }
        if id != nil {
            guard let found = candidates.first else {
                throw DomainError.invalid(
                    field: "tripID", rule: RuleID("A7"), zh: "出境审批不存在", en: "No such travel request")
            }
            return (found.0, found.1)
        }
        return candidates.filter { $0.1.travellerID == personID && $0.1.returnDate >= today }
            .min { $0.2 < $1.2 }.map { ($0.0, $0.1) }
    }
}

/// Where a person's travel documents are, for the 涉密人员台账's 出境证件管理 column.
public enum DocumentCustody: Hashable, Sendable {
    case heldByUnit
    case heldByPerson
    case out(dueBack: String?)

    /// Out outweighs the unit's keeping, which outweighs the person's own.
    var weight: Int {
        switch self {
        case .heldByPerson: 0
        case .heldByUnit: 1
        case .out: 2
        }
    }

    public var title: LocalizedText {
        switch self {
        case .heldByUnit: LocalizedText(zh: "单位保管", en: "Kept by the unit")
        case .heldByPerson: LocalizedText(zh: "本人保管", en: "Kept by the person")
        case .out(let due):
            due.map { LocalizedText(zh: "已借出（应还 \($0)）", en: "Out (due back \($0))") }
                ?? LocalizedText(zh: "已借出", en: "Out")
        }
    }
}
