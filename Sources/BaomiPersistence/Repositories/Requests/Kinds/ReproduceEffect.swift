import BaomiDomain
import FluentKit
import Foundation

/// 复制 (C5): checked against the source copy; the approval makes the new copies, the requester's to hold.
struct ReproduceEffect: RequestKindEffect {
    typealias Kind = Reproduce

    func check(
        _ submission: inout Submission<Reproduce.Payload>, repository: RequestRepository, on database: any Database
    ) async throws {
        guard let copy = submission.copies.first, submission.copies.count == 1, let level = submission.level else {
            throw DomainError.invalid(field: "copyIDs", zh: "复制须指定一份原件", en: "Copying names one source copy")
        }
        try ReproductionRules.check(
            level: level, copyingAllowed: copy.carrier.copyingAllowed, count: submission.payload.count ?? 0
        ).enforce()
        try RequestRepository.requireStoredSource(copy)
        if let requester = submission.actor.personID {
            // The new copies will be the requester's to hold (A2).
            try await repository.requireCustody(
                of: requester, level: level, field: "copyIDs", catalogue: submission.catalogue, on: database)
        }
    }

    /// New copies continue the serial series, are marked as copies of their source and keep label, period and scope
    /// (C5.3); the carrier's total N grows with them.
    func apply(
        _ request: RequestModel, payload: Reproduce.Payload, catalogue: LevelCatalogue, actor: RequestActor,
        repository: RequestRepository, on database: any Database
    ) async throws {
        let count = payload.count ?? 1
        defer {
            request.state = RequestState.done.rawValue
            request.closedAt = repository.clock()
        }
        guard let source = request.items.first?.copy else { return }
        // Still in store when the copying is approved: not out on loan, in transit or awaiting destruction (C5.3).
        try RequestRepository.requireStoredSource(source)
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
            try await repository.requireCustody(
                of: holder, level: level, field: "copyIDs", catalogue: catalogue, on: database)
        }
        let now = repository.clock()
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
}
