import BaomiDomain
import FluentKit
import Foundation

/// 解密、变更密级、延长保密期限 (C9): checked against the carrier as it is; the approval changes it and tells
/// everybody who knew it.
struct ReclassifyEffect: RequestKindEffect {
    typealias Kind = Reclassify

    func check(
        _ submission: inout Submission<Reclassify.Payload>, repository: RequestRepository, on database: any Database
    ) async throws {
        // The new period runs from the day it was first classified, capped at the level's maximum (C9).
        let carrier = submission.copies.first?.carrier
        let classifiedOn =
            carrier?.classifiedOn ?? carrier?.createdAt.map(ClearanceRepository.today)
            ?? ClearanceRepository.today(repository.clock())
        let errors = Reclassify.check(
            submission.payload, level: try submission.requireLevel(), classifiedOn: classifiedOn,
            catalogue: submission.catalogue)
        if !errors.isEmpty { throw DomainError.invalid(errors) }
    }

    /// Declassify, change the level or extend the period (C9): the history is kept in the request and the events,
    /// every live copy's custodian gets a re-marking task, and everybody who had access gets a notice.
    func apply(
        _ request: RequestModel, payload: Reclassify.Payload, catalogue: LevelCatalogue, actor: RequestActor,
        repository: RequestRepository, on database: any Database
    ) async throws {
        defer {
            request.state = RequestState.done.rawValue
            request.closedAt = repository.clock()
        }
        let clock = repository.clock
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
                try await repository.move(
                    copy, .declassify, actor: actor.audit, counterpart: request.number, on: database)
            }
            if let custodian = copy.$holder.id ?? copy.place?.$custodian.id {
                try await task(
                    .remark, person: custodian, carrier: carrierID, copy: copy.id,
                    text: "将第\(copy.serial)份的标志由「\(before)」改为「\(after)」（\(request.number)）", at: now, on: database)
                informed.insert(custodian)
            }
        }
        var readers = try await peopleWhoKnew(
            carrierID, repository: repository, copies: copies.compactMap(\.id), object: objectBefore,
            catalogue: catalogue, on: database)
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
        _ carrierID: UUID, repository: RequestRepository, copies: [UUID], object: AccessObject?,
        catalogue: LevelCatalogue, on database: any Database
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
        let postClasses = try await SettingsRepository(store: repository.store).postClasses(on: database)
        let today = ClearanceRepository.today(repository.clock())
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
}
