import BaomiDomain
import FluentKit
import Foundation

extension RequestRepository {
    /// What a fully approved request does, in the same transaction as its last approval (DESIGN principle 5).
    func applyEffect(
        _ request: RequestModel, kind: RequestKind, catalogue: LevelCatalogue, actor: RequestActor,
        on database: any Database
    ) async throws {
        let payload = RequestPayload.decode(request.payload)
        switch kind {
        case .reproduce:
            try await reproduce(request, count: payload.count ?? 1, catalogue: catalogue, actor: actor, on: database)
            request.state = RequestState.done.rawValue
            request.closedAt = clock()
        case .destroy:
            // Approved: only now do the copies become "pending destruction", each still in store; the batch waits
            // for transport and the supervisors' confirmations (C8).
            for item in request.items {
                try Self.checkJoinsBatch(item.copy)
                try await move(
                    item.copy, .addToDestructionBatch, actor: actor.audit, counterpart: request.number, on: database)
            }
        case .reclassify:
            try await reclassify(request, payload: payload, catalogue: catalogue, actor: actor, on: database)
            request.state = RequestState.done.rawValue
            request.closedAt = clock()
        case .borrow, .carryOut:
            // Approved: the copy waits to be handed over (issue) by its keeper.
            break
        case .retain:
            guard let item = request.items.first else { return }
            if let retainer = payload.retainerID,
                let level = catalogue.definition(LevelID(rawValue: item.copy.carrier.level))
            {
                try await requireCustody(
                    of: retainer, level: level, field: "retainerID", catalogue: catalogue, on: database)
            }
            try await move(
                item.copy, .move, actor: actor.audit, counterpart: request.number, placeID: payload.placeID,
                holderID: payload.retainerID,
                on: database)
            request.state = RequestState.done.rawValue
            request.closedAt = clock()
        }
    }

    /// New copies continue the serial series, are marked as copies of their source and keep label, period and scope
    /// (C5.3); the carrier's total N grows with them.
    private func reproduce(
        _ request: RequestModel, count: Int, catalogue: LevelCatalogue, actor: RequestActor, on database: any Database
    ) async throws {
        guard let source = request.items.first?.copy else { return }
        // Still in store when the copying is approved: not out on loan, in transit or awaiting destruction (C5.3).
        try Self.requireStoredSource(source)
        // Two copyings of one carrier approved at once: the second numbers its copies after the first's.
        try await RowLock.take(CarrierModel.schema, id: source.$carrier.id, on: database)
        guard let carrier = try await CarrierModel.find(source.$carrier.id, on: database) else { return }
        let highest =
            try await CopyModel.query(on: database).filter(\.$carrier.$id == carrier.requireID()).max(\.$serial) ?? 0
        // N grows first, so each new copy's event reads 第n份/共N份 with the new N (principle 12).
        carrier.copyCount = highest + max(1, count)
        try await carrier.save(on: database)
        // The new copies are the requester's to hold, not the last approver's.
        let holder = try await AccountModel.find(request.requesterID, on: database)?.$person.id
        // Judged now, at the last approval: the requester's post may have changed since they asked (A2, A4).
        if let holder, let level = catalogue.definition(LevelID(rawValue: carrier.level)) {
            try await requireCustody(of: holder, level: level, field: "copyIDs", catalogue: catalogue, on: database)
        }
        let now = clock()
        for offset in 1...max(1, count) {
            let copy = CopyModel(
                carrierID: try carrier.requireID(), level: carrier.level, projectID: carrier.$project.id,
                departmentID: carrier.$department.id,
                serial: highest + offset, copyOfID: try source.requireID(),
                state: CopyState.registered.rawValue, holderID: holder, now: now)
            try await copy.create(on: database)
            try await CopyEvents.record(
                copy: copy, action: "reproduce", from: nil, actor: actor.audit, at: now, counterpart: request.number,
                details: ["copyOf": String(source.serial)], on: database)
        }
    }

    /// Declassify, change the level or extend the period (C9): the history is kept in the request and the events,
    /// every live copy's custodian gets a re-marking task, and everybody who had access gets a notice.
    private func reclassify(
        _ request: RequestModel, payload: RequestPayload, catalogue: LevelCatalogue, actor: RequestActor,
        on database: any Database
    ) async throws {
        guard let carrierID = request.$carrier.id else { return }
        // Two changes of one carrier approved at once: the second starts from the first's outcome.
        try await RowLock.take(CarrierModel.schema, id: carrierID, on: database)
        guard let carrier = try await CarrierModel.find(carrierID, on: database) else { return }
        let levelBefore = carrier.level
        let before =
            catalogue.definition(LevelID(rawValue: carrier.level))?.marking(for: periodOf(carrier)) ?? carrier.level
        // Who may read it before the change: "everyone who knew it" is told, nobody else (C9, A2).
        let objectBefore = try await ClearanceRepository.objects(of: [carrier], levels: catalogue, on: database)[
            carrierID]
        let change = payload.change ?? ""
        if change == "changeLevel", let level = catalogue.definition(LevelID(rawValue: payload.newLevel ?? "")) {
            carrier.level = level.id.rawValue
            carrier.levelRank = level.rank
        }
        if change == "extend" || change == "changeLevel", payload.newPeriod?.trimmed.isEmpty == false {
            carrier.period = String(
                decoding: try JSONEncoder().encode(SecrecyPeriod.parse(payload.newPeriod)), as: UTF8.self)
        }
        if let level = catalogue.definition(LevelID(rawValue: carrier.level)) {
            // The marking its events copy from now on (principle 12).
            carrier.levelName = level.name.zh
            carrier.marking = level.marking(for: periodOf(carrier))
        }
        carrier.periodEnd =
            change == "declassify"
            ? nil
            : periodOf(carrier).endDay(
                classifiedOn: carrier.classifiedOn ?? ClearanceRepository.today(carrier.createdAt ?? clock()),
                maximumYears: catalogue.definition(LevelID(rawValue: carrier.level))?.maximumYears)
        if change == "declassify" { carrier.declassifiedOn = ClearanceRepository.today(clock()) }
        try await carrier.save(on: database)
        try await CopyModel.query(on: database).filter(\.$carrier.$id == carrierID).set(\.$level, to: carrier.level)
            .update()
        let after =
            change == "declassify"
            ? "已解密"
            : catalogue.definition(LevelID(rawValue: carrier.level))?.marking(for: periodOf(carrier)) ?? carrier.level
        let copies = try await CopyModel.query(on: database).filter(\.$carrier.$id == carrierID).with(\.$place).all()
        let now = clock()
        try await MarkingHistory.record(
            carrierID: carrierID, request: request, change: change, at: now, from: (levelBefore, before),
            to: (carrier.level, after), on: database)
        var informed: Set<UUID> = []
        for copy in copies where CopyState(rawValue: copy.state)?.isLive == true {
            // Declassification reaches every live copy (C9): those in hand now, the others as they come back
            // (`declassifiedOn`); each one's keeper re-marks it.
            if change == "declassify",
                case .success = CopyLifecycle.next(from: CopyState(rawValue: copy.state) ?? .registered, .declassify)
            {
                try await move(copy, .declassify, actor: actor.audit, counterpart: request.number, on: database)
            }
            if let custodian = copy.$holder.id ?? copy.place?.$custodian.id {
                try await task(
                    .remark, person: custodian, carrier: carrierID, copy: copy.id,
                    text: "将第\(copy.serial)份的标志由「\(before)」改为「\(after)」（\(request.number)）", at: now, on: database)
                informed.insert(custodian)
            }
        }
        var readers = try await peopleWhoKnew(
            carrierID, copies: copies.compactMap(\.id), object: objectBefore, catalogue: catalogue, on: database)
        // Its classifying official (定密责任人) knew it first of all.
        if let classifier = carrier.$classifier.id { readers.insert(classifier) }
        for person in readers.subtracting(informed) {
            try await task(
                .notice, person: person, carrier: carrierID, copy: nil,
                text: "载体 \(carrier.number)「\(carrier.title)」的密级标志已由「\(before)」变更为「\(after)」（\(request.number)）",
                at: now,
                on: database)
        }
    }

    /// The people who knew a carrier (C9): those who handled a copy or are in its reading register, and those in its
    /// distribution scope whom the access decision let read it. A person in a scoped department without the
    /// clearance never knew it, and is not told of it now (A2).
    private func peopleWhoKnew(
        _ carrierID: UUID, copies: [UUID], object: AccessObject?, catalogue: LevelCatalogue, on database: any Database
    ) async throws -> Set<UUID> {
        var knew = Set(
            try await CopyEventModel.query(on: database).filter(\.$copy.$id ~~ copies).all().compactMap {
                $0.$person.id
            })
        knew.formUnion(
            try await ReadingModel.query(on: database).filter(\.$carrier.$id == carrierID).all().compactMap(\.personID))
        guard let object else { return knew }
        let scope = try await CarrierScopeModel.query(on: database).filter(\.$carrier.$id == carrierID).all()
        let named = scope.filter { $0.kind == CarrierScopeModel.Kind.person.rawValue }.map(\.refID)
        let departments = scope.filter { $0.kind == CarrierScopeModel.Kind.department.rawValue }.map(\.refID)
        let projects = scope.filter { $0.kind == CarrierScopeModel.Kind.project.rawValue }.map(\.refID)
        var candidates = try await PersonModel.query(on: database).group(.or) { either in
            either.filter(\.$id ~~ named)
            either.filter(\.$department.$id ~~ departments)
        }.all()
        if !projects.isEmpty {
            // A project's members hold it among their compartments (A3).
            candidates += try await PersonModel.query(on: database).filter(\.$compartments != "[]").all().filter {
                person in !Set(ClearanceRepository.ids(person.compartments)).isDisjoint(with: projects)
            }
        }
        let postClasses = try await SettingsRepository(store: store).postClasses(on: database)
        let today = ClearanceRepository.today(clock())
        for person in candidates {
            guard let id = person.id else { continue }
            let subject = ClearanceRepository.subject(
                person, roles: [], levels: catalogue, postClasses: postClasses, today: today)
            if AccessDecision.decide(subject, .read, object, postClasses: postClasses, levels: catalogue).isAllowed {
                knew.insert(id)
            }
        }
        return knew
    }

    private func periodOf(_ carrier: CarrierModel) -> SecrecyPeriod {
        (try? JSONDecoder().decode(SecrecyPeriod.self, from: Data(carrier.period.utf8))) ?? .unmarked
    }

    private func task(
        _ kind: TaskModel.Kind, person: UUID, carrier: UUID, copy: UUID?, text: String, at: Date,
        on database: any Database
    ) async throws {
        let task = TaskModel()
        task.kind = kind.rawValue
        task.personID = person
        task.$carrier.id = carrier
        task.$copy.id = copy
        task.text = text
        task.createdAt = at
        try await task.create(on: database)
    }

    /// A supervisor confirms with their own account that the batch was destroyed (C8). When enough different
    /// supervisors have confirmed, every copy is destroyed and the batch is done; nothing can change them again.
    public func confirmDestruction(
        _ requestID: UUID, catalogue: LevelCatalogue, by actor: RequestActor, on database: any Database
    ) async throws {
        try await store.perform(
            on: database, by: actor.audit, .destructionConfirm,
            subject: AuditSubject(type: "request", id: requestID.uuidString)
        ) { transaction, trail in
            let request = try await locked(requestID, on: transaction)
            trail.subject = AuditSubject(type: "request", id: requestID.uuidString, label: request.number)
            guard request.kind == RequestKind.destroy.rawValue, request.state == RequestState.approved.rawValue else {
                throw DomainError.conflict(
                    LocalizedText(zh: "只有已批准的销毁批次才能监销确认", en: "Only an approved destruction batch can be confirmed"),
                    rule: RuleID("C8"))
            }
            if request.requesterID == actor.accountID {
                throw Refusal(
                    rule: RuleID("C8"), zh: "申请人不能担任监销人", en: "The requester cannot supervise the destruction")
            }
            let existing = try await DestructionConfirmationModel.query(on: transaction).filter(
                \.$request.$id == requestID
            ).all()
            // Once per account (409: the confirmation is there already, whether it came a minute or a moment ago).
            let confirmedAlready = DomainError.conflict(
                LocalizedText(
                    zh: "同一账号只能确认一次，监销须由两名以上不同人员分别确认",
                    en: "Each supervisor confirms once with their own account; two different people are needed"),
                rule: RuleID("C8"))
            if existing.contains(where: { $0.accountID == actor.accountID }) { throw confirmedAlready }
            let confirmation = DestructionConfirmationModel()
            confirmation.$request.id = requestID
            confirmation.accountID = actor.accountID
            confirmation.name = actor.displayName
            confirmation.confirmedAt = clock()
            do {
                try await confirmation.create(on: transaction)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                throw confirmedAlready
            }
            let needed =
                request.items.compactMap {
                    catalogue.definition(LevelID(rawValue: $0.copy.carrier.level))?.destructionSupervisors
                }.max() ?? 2
            trail.note("confirmations", "\(existing.count + 1)/\(max(2, needed))")
            if existing.count + 1 >= max(2, needed) {
                for item in request.items {
                    try await move(
                        item.copy, .confirmDestroyed, actor: actor.audit, counterpart: request.number, on: transaction)
                }
                request.state = RequestState.done.rawValue
                request.closedAt = clock()
                try await saveState(request, on: transaction)
            }
        }
    }
}
