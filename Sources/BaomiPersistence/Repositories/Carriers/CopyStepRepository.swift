import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// One lifecycle step of one copy (C0): the state machine, the step's own guards, the new holder or place, an event
/// and an audit record — all in one transaction (DESIGN principles 2 and 3).
public struct CopyStepRepository: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// What a step needs beyond the copy: a place, a person, a counterpart, and its own facts.
    public struct Step: Sendable {
        public var action: CopyAction
        public var placeID: UUID?
        public var personID: UUID?
        /// An internal dispatch's receiving department (C2).
        public var departmentID: UUID?
        public var counterpart: String
        public var channel: TransmissionChannel?
        /// The people who carry it, from the register (C3).
        public var escortIDs: [UUID]
        public var sealed: Bool
        /// An outside receiver's secrecy qualification and its certificate (C3).
        public var receiverQualification: ReceiverQualification?
        public var receiverCertificate: String
        public var onSite: Bool
        public var storageRemoved: Bool
        public var supervisor: String
        public var note: String

        public init(
            action: CopyAction, placeID: UUID? = nil, personID: UUID? = nil, departmentID: UUID? = nil,
            counterpart: String = "",
            channel: TransmissionChannel? = nil, escortIDs: [UUID] = [], sealed: Bool = false,
            receiverQualification: ReceiverQualification? = nil, receiverCertificate: String = "",
            onSite: Bool = true, storageRemoved: Bool = false, supervisor: String = "", note: String = ""
        ) {
            self.action = action
            self.placeID = placeID
            self.personID = personID
            self.departmentID = departmentID
            self.counterpart = counterpart
            self.channel = channel
            self.escortIDs = escortIDs
            self.sealed = sealed
            self.receiverQualification = receiverQualification
            self.receiverCertificate = receiverCertificate
            self.onSite = onSite
            self.storageRemoved = storageRemoved
            self.supervisor = supervisor
            self.note = note
        }
    }

    /// The steps an officer records directly; lending, carrying out, copying, destruction and declassification go
    /// through their approved requests instead.
    public static let directActions: Set<CopyAction> = [
        .place, .move, .send, .confirmReceiptInternal, .confirmReceiptExternal, .sendToRepair, .returnFromRepair,
        .reportLost,
    ]

    @discardableResult
    public func apply(
        _ step: Step, to copyID: UUID, catalogue: LevelCatalogue, by actor: AuditActor, on database: any Database
    ) async throws -> CopyModel {
        try await store.perform(
            on: database, by: actor, .copyStep, subject: AuditSubject(type: "copy", id: copyID.uuidString)
        ) { transaction, trail in
            guard let copy = try await CopyModel.query(on: transaction).filter(\.$id == copyID).with(\.$carrier).first()
            else { throw DomainError.notFound(zh: "载体份不存在", en: "No such copy") }
            let carrier = copy.carrier
            trail.subject = AuditSubject(
                type: "copy", id: copyID.uuidString, label: "\(carrier.number) 第\(copy.serial)份 \(carrier.title)")
            trail.note("action", step.action.rawValue)
            guard Self.directActions.contains(step.action) else {
                throw Refusal(
                    rule: step.action.ruleForRequests, zh: "「\(step.action.title.zh)」须经审批流程办理",
                    en: "\(step.action.title.en) goes through its approval request")
            }
            guard let level = catalogue.definition(LevelID(rawValue: carrier.level)) else {
                throw DomainError.conflict(
                    LocalizedText(zh: "载体密级未配置", en: "The carrier's level is not configured"), rule: nil)
            }
            let from = copy.state
            guard let state = CopyState(rawValue: from) else {
                throw DomainError.conflict(LocalizedText(zh: "载体状态无效", en: "Unknown copy state"), rule: nil)
            }
            let target: CopyState
            switch CopyLifecycle.next(from: state, step.action, declassified: carrier.declassifiedOn != nil) {
            case .success(let next): target = next
            case .failure(let refusal): throw DomainError.conflict(refusal.reason, rule: refusal.rule)
            }
            var details: [String: String] = [:]
            if !step.note.isEmpty { details["note"] = step.note }
            switch step.action {
            case .place, .move, .confirmReceiptInternal, .returnFromRepair:
                if step.action == .confirmReceiptInternal, let receiving = copy.receivingDepartmentID {
                    let signer = try await receivingOfficer(
                        of: receiving, copyID: copyID, actor: actor, on: transaction)
                    // Custody passes to the department that signed for it (C2), and the hand-over is a reading (C4).
                    copy.departmentID = receiving
                    copy.receivingDepartmentID = nil
                    details["department"] = receiving.uuidString
                    try await ClearanceRepository.insertReading(
                        carrierID: carrier.requireID(), copyID: copyID, personID: signer.person.id,
                        accountID: signer.accountID, readerName: signer.person.name, kind: .handOver, at: clock(),
                        on: transaction)
                }
                let place = try await Self.checkedPlace(
                    step.placeID, level: level, declassified: target == .declassified, catalogue: catalogue,
                    on: transaction)
                copy.$place.id = place.id
                copy.$holder.id = nil
                copy.counterpart = ""
                trail.note("place", place.name)
            case .send:
                guard let channel = step.channel else {
                    throw DomainError.invalid(
                        field: "channel", rule: RuleID("C3"), zh: "请选择传递方式", en: "Choose a channel")
                }
                var counterpart = step.counterpart.trimmed
                if let departmentID = step.departmentID {
                    guard let department = try await OrgUnitModel.find(departmentID, on: transaction) else {
                        throw DomainError.invalid(
                            field: "departmentID", rule: RuleID("C2"), zh: "接收部门不存在",
                            en: "No such receiving department")
                    }
                    if departmentID == copy.departmentID {
                        throw DomainError.invalid(
                            field: "departmentID", rule: RuleID("C2"), zh: "接收部门不能是本部门",
                            en: "The receiving department is the copy's own")
                    }
                    if counterpart.isEmpty { counterpart = department.name }
                    details["toDepartment"] = department.name
                }
                if counterpart.isEmpty {
                    throw DomainError.invalid(
                        field: "counterpart", rule: RuleID("C2"), zh: "请写明接收单位或人员", en: "Name the recipient")
                }
                try CarrierRules.checkTransmission(level: level, channel: channel, sealed: step.sealed).enforce()
                let escorts = try await Bearers.load(
                    step.escortIDs, field: "escortIDs", store: store, clock: clock, on: transaction)
                var errors = BearerRules.check(
                    escorts.bearers, level: level, minimum: CarrierRules.escortsNeeded(level: level, channel: channel),
                    field: "escortIDs", rule: RuleID("C3"), role: LocalizedText(zh: "递送人", en: "Escort"),
                    postClasses: escorts.postClasses, levels: catalogue)
                if step.departmentID == nil {
                    errors += ReceiverQualification.check(
                        step.receiverQualification, certificate: step.receiverCertificate, level: level,
                        levels: catalogue)
                    details["receiverQualification"] = step.receiverQualification?.rawValue
                    details["receiverCertificate"] = step.receiverCertificate.trimmed
                }
                if !errors.isEmpty { throw DomainError.invalid(errors) }
                if let recipient = step.personID {
                    // Sent into a person's hands: they hold it, so they must be cleared for it (A2), as on every path.
                    try await CopyCustodyCheck.require(
                        recipient, level: level, field: "personID", catalogue: catalogue, store: store, now: clock(),
                        on: transaction)
                }
                copy.$place.id = nil
                copy.$holder.id = step.personID
                copy.counterpart = counterpart
                copy.receivingDepartmentID = step.departmentID
                details["channel"] = channel.rawValue
                details["escorts"] = escorts.bearers.map(\.name).joined(separator: "、")
                details["sealed"] = String(step.sealed)
            case .confirmReceiptExternal:
                if step.note.trimmed.isEmpty {
                    throw DomainError.invalid(
                        field: "note", rule: RuleID("C2"), zh: "请登记回执编号或签收人", en: "Record the returned receipt")
                }
                if copy.receivingDepartmentID != nil {
                    throw DomainError.conflict(
                        LocalizedText(
                            zh: "发往本单位部门的载体由接收部门在系统内签收 (C2)",
                            en: "A copy sent to one of our departments is signed for by that department in Baomi (C2)"),
                        rule: RuleID("C2"))
                }
                copy.$holder.id = nil
            case .sendToRepair:
                let form = CarrierForm(rawValue: carrier.form) ?? .other
                try CarrierRules.checkRepair(
                    form: form, repairer: step.counterpart, supervisor: step.supervisor, onSite: step.onSite,
                    storageRemoved: step.storageRemoved
                ).enforce()
                copy.counterpart = step.counterpart.trimmed
                copy.$place.id = step.onSite ? copy.$place.id : nil
                details["supervisor"] = step.supervisor.trimmed
                details["onSite"] = String(step.onSite)
                details["storageRemoved"] = String(step.storageRemoved)
            case .reportLost:
                if step.note.trimmed.isEmpty {
                    throw DomainError.invalid(
                        field: "note", rule: RuleID("I1"), zh: "请写明丢失情况", en: "Describe how it was lost")
                }
                copy.$place.id = nil
                copy.$holder.id = nil
            default:
                break
            }
            let version = copy.version
            copy.state = target.rawValue
            copy.version = version + 1
            copy.lastChangedAt = clock()
            // Optimistic check: a step that raced another on the same copy finds the version moved and is refused.
            let changed = try await transaction.sql.raw(
                """
                UPDATE copies SET state = \(bind: copy.state), version = \(bind: copy.version),
                    place_id = \(bind: copy.$place.id), holder_id = \(bind: copy.$holder.id),
                    counterpart = \(bind: copy.counterpart), last_changed_at = \(bind: copy.lastChangedAt),
                    department_id = \(bind: copy.departmentID),
                    receiving_department_id = \(bind: copy.receivingDepartmentID)
                WHERE id = \(bind: copyID) AND version = \(bind: version) RETURNING id
                """
            ).all()
            guard changed.count == 1 else {
                throw DomainError.conflict(
                    LocalizedText(
                        zh: "该载体刚被他人变动，请刷新后重试", en: "Someone else just changed this copy; reload and try again"),
                    rule: RuleID("C0"))
            }
            try await CopyEvents.record(
                copy: copy, action: step.action.rawValue, from: from, actor: actor, at: copy.lastChangedAt,
                counterpart: copy.counterpart, details: details, on: transaction)
            trail.note("from", from)
            trail.note("to", target.rawValue)
            return copy
        }
    }

    /// A place that may keep the copy (C6): active, a place of storage, cleared for the level — under the
    /// organisation's own level catalogue. A declassified copy is no longer classified: any place of storage keeps it.
    static func checkedPlace(
        _ id: UUID?, level: LevelDefinition, declassified: Bool, catalogue: LevelCatalogue, on database: any Database
    ) async throws -> StoragePlaceModel {
        guard let id, let place = try await StoragePlaceModel.find(id, on: database), place.isActive else {
            throw DomainError.invalid(field: "placeID", rule: RuleID("C6"), zh: "请选择存放位置", en: "Choose a storage place")
        }
        guard let placeLevel = catalogue.definition(LevelID(rawValue: place.maxLevel)),
            let kind = StorageClass(rawValue: place.kind)
        else {
            throw DomainError.invalid(field: "placeID", zh: "存放位置配置无效", en: "The storage place is misconfigured")
        }
        let decision = CarrierRules.checkPlace(
            copyLevel: level, placeLevel: placeLevel, placeKind: kind, placeName: place.name)
        if let refusal = decision.refusal, !(declassified && kind.isForKeeping) { throw refusal }
        return place
    }

    /// Who signs for an internal dispatch (C2, C3): the receiving department's secrecy officer — the person the
    /// organisation designated (T4) or an account of the secrecy-officer role working there — and never the one who
    /// sent it. The signer's person is returned for the reading register.
    private func receivingOfficer(
        of department: UUID, copyID: UUID, actor: AuditActor, on database: any Database
    ) async throws -> (person: PersonModel, accountID: UUID) {
        let refusal = Refusal(
            rule: RuleID("C3"), zh: "内部传递的载体须由接收部门的保密员签收，发出人不能代为签收",
            en: "A copy sent inside the organisation is signed for by the receiving department's secrecy officer, "
                + "never by its sender")
        guard let accountID = actor.accountID, let account = try await AccountModel.find(accountID, on: database),
            let personID = account.$person.id, let person = try await PersonModel.find(personID, on: database)
        else { throw refusal }
        let designated =
            try await SecrecyOfficerModel.query(on: database).filter(\.$orgUnit.$id == department)
            .filter(\.$person.$id == personID).first() != nil
        let officerThere = account.roles.contains(.secrecyOfficer) && person.$department.id == department
        guard designated || officerThere else { throw refusal }
        let sent = try await CopyEventModel.query(on: database).filter(\.$copy.$id == copyID)
            .filter(\.$action == CopyAction.send.rawValue).sort(\.$at, .descending).first()
        if sent?.actorName == actor.name { throw refusal }
        return (person, accountID)
    }
}

/// The people named to carry a copy, read from the register with what the access decision needs (C3, C4).
enum Bearers {
    static func load(
        _ ids: [UUID], field: String, store: Store, clock: @Sendable () -> Date, on database: any Database
    ) async throws -> (bearers: [Bearer], postClasses: PostClassCatalogue) {
        let settings = try await SettingsRepository(store: store).snapshot(on: database)
        let people = try await PersonModel.query(on: database).filter(\.$id ~~ ids).all()
        guard Set(people.compactMap(\.id)) == Set(ids) else {
            throw DomainError.invalid(field: field, zh: "所选人员不存在", en: "No such person")
        }
        let today = ClearanceRepository.today(clock())
        let byID = Dictionary(uniqueKeysWithValues: people.compactMap { person in person.id.map { ($0, person) } })
        let bearers = ids.compactMap { id in
            byID[id].map { person in
                Bearer(
                    personID: id, name: person.name,
                    subject: ClearanceRepository.subject(
                        person, roles: [], levels: settings.levels, postClasses: settings.postClasses, today: today))
            }
        }
        return (bearers, settings.postClasses)
    }
}

extension CopyAction {
    /// The rule behind the approval a request-only step needs.
    var ruleForRequests: RuleID {
        switch self {
        case .lend, .returnFromLoan, .carryOut, .bringBack, .checkIn, .resumeLoan: RuleID("A6")
        case .addToDestructionBatch, .removeFromDestructionBatch, .confirmDestroyed: RuleID("C8")
        case .declassify: RuleID("C9")
        default: RuleID("C0")
        }
    }
}
