import BaomiDomain
import FluentKit
import Foundation

/// 个人留存 (C10): one stored copy, a retainer who may hold it, a cabinet fit for its level; the approval moves it
/// there, held by the retainer.
struct RetainEffect: RequestKindEffect {
    typealias Kind = Retain

    func check(
        _ submission: inout Submission<Retain.Payload>, repository: RequestRepository, on database: any Database
    ) async throws {
        let payload = submission.payload
        guard let copy = submission.copies.first, submission.copies.count == 1,
            copy.state == CopyState.stored.rawValue, let level = submission.level
        else {
            throw DomainError.conflict(
                LocalizedText(zh: "只能留存在库的一份载体", en: "Only one stored copy can be retained"), rule: RuleID("C10"))
        }
        guard let retainer = payload.retainerID, try await PersonModel.find(retainer, on: database) != nil else {
            throw DomainError.invalid(
                field: "retainerID", rule: RuleID("C10"), zh: "请选择留存人", en: "Choose who keeps it")
        }
        try await repository.requireCustody(
            of: retainer, level: level, field: "retainerID", catalogue: submission.catalogue, on: database)
        guard let placeID = payload.placeID, let place = try await StoragePlaceModel.find(placeID, on: database),
            let placeLevel = submission.catalogue.definition(LevelID(rawValue: place.maxLevel)),
            let kind = StorageClass(rawValue: place.kind)
        else {
            throw DomainError.invalid(
                field: "placeID", rule: RuleID("C10"), zh: "请选择个人密码柜", en: "Choose the personal cabinet")
        }
        try CarrierRules.checkPlace(
            copyLevel: level, placeLevel: placeLevel, placeKind: kind, placeName: place.name
        ).enforce()
    }

    func apply(
        _ request: RequestModel, payload: Retain.Payload, catalogue: LevelCatalogue, actor: RequestActor,
        repository: RequestRepository, on database: any Database
    ) async throws {
        guard let item = request.items.first else { return }
        if let retainer = payload.retainerID,
            let level = catalogue.definition(LevelID(rawValue: item.copy.carrier.level))
        {
            try await repository.requireCustody(
                of: retainer, level: level, field: "retainerID", catalogue: catalogue, on: database)
        }
        try await repository.move(
            item.copy, .move, actor: actor.audit, counterpart: request.number, placeID: payload.placeID,
            holderID: payload.retainerID, on: database)
        request.state = RequestState.done.rawValue
        request.closedAt = repository.clock()
    }
}
