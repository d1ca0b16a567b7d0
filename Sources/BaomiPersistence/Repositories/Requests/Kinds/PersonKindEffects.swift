import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// 出境审批 (A7, L1.7): the traveller is a person of the register, the request is filed by the traveller or, for
/// them, by the security office; the chain is the one for the highest level the traveller's post clears. The last
/// approval leaves the request approved: it is the permitted trip, closed (`done`) by its return debriefing.
struct TravelAbroadEffect: RequestKindEffect {
    typealias Kind = TravelAbroad

    func check(
        _ submission: inout Submission<TravelAbroad.Payload>, repository: RequestRepository, on database: any Database
    ) async throws {
        guard let travellerID = submission.payload.travellerID,
            let traveller = try await PersonModel.find(travellerID, on: database)
        else {
            throw DomainError.invalid(
                field: "travellerID", rule: RuleID("A7"), zh: "出境人员不在人员名册中", en: "No such person in the register")
        }
        let actor = submission.actor
        guard actor.personID == travellerID || actor.roles.contains(.securityOffice) else {
            throw Refusal(
                rule: RuleID("A7"), zh: "出境审批由本人申请，或由保密办代为登记",
                en: "A trip abroad is requested by the traveller, or by the security office for them")
        }
        submission.level = try await PersonKinds.chainLevel(
            of: traveller, catalogue: submission.catalogue, store: repository.store, on: database)
    }

    /// The traveller's name as it is now goes into the stored payload, whatever the requester sent (principle 12).
    func submitted(
        _ request: RequestModel, _ submission: Submission<TravelAbroad.Payload>, repository: RequestRepository,
        on database: any Database
    ) async throws {
        var payload = submission.payload
        if let id = payload.travellerID { payload.travellerName = try await PersonModel.find(id, on: database)?.name }
        try await PersonKinds.store(TravelAbroad.encodePayload(payload), of: request, on: database)
    }

    func apply(
        _ request: RequestModel, payload: TravelAbroad.Payload, catalogue: LevelCatalogue, actor: RequestActor,
        repository: RequestRepository, on database: any Database
    ) async throws {
        // Approved is the permitted trip; nothing else changes until the traveller is back.
    }
}

/// 离职人员使用技术秘密 (T14): recorded by the security office for a person who has left; the leader's approval or
/// refusal is the decision, and the request is then closed.
struct FormerStaffUseEffect: RequestKindEffect {
    typealias Kind = FormerStaffUse

    func check(
        _ submission: inout Submission<FormerStaffUse.Payload>, repository: RequestRepository,
        on database: any Database
    ) async throws {
        guard let personID = submission.payload.personID,
            let person = try await PersonModel.find(personID, on: database)
        else {
            throw DomainError.invalid(
                field: "personID", rule: RuleID("T14"), zh: "该人员不在人员名册中", en: "No such person in the register")
        }
        guard person.status == PersonStatus.departed.rawValue else {
            throw DomainError.invalid(
                field: "personID", rule: RuleID("T14"), zh: "\(person.name) 尚未离职：此类申请只适用于离职人员",
                en: "\(person.name) has not left: this request is for former staff")
        }
        guard submission.actor.roles.contains(.securityOffice) else {
            throw Refusal(
                rule: RuleID("T14"), zh: "离职人员使用技术秘密的申请由保密办登记",
                en: "The security office records requests of former staff")
        }
        submission.level = try await PersonKinds.chainLevel(
            of: person, catalogue: submission.catalogue, store: repository.store, on: database)
    }

    /// The person's name as it is now goes into the stored payload (principle 12).
    func submitted(
        _ request: RequestModel, _ submission: Submission<FormerStaffUse.Payload>, repository: RequestRepository,
        on database: any Database
    ) async throws {
        var payload = submission.payload
        if let id = payload.personID { payload.personName = try await PersonModel.find(id, on: database)?.name }
        try await PersonKinds.store(FormerStaffUse.encodePayload(payload), of: request, on: database)
    }

    func apply(
        _ request: RequestModel, payload: FormerStaffUse.Payload, catalogue: LevelCatalogue, actor: RequestActor,
        repository: RequestRepository, on database: any Database
    ) async throws {
        request.state = RequestState.done.rawValue
        request.closedAt = repository.clock()
    }
}

/// What kinds about a person share.
enum PersonKinds {
    /// Rewrites the stored payload of a request just written, in its transaction.
    static func store(_ json: String, of request: RequestModel, on database: any Database) async throws {
        request.payload = json
        try await database.sql.raw(
            "UPDATE requests SET payload = \(bind: json) WHERE id = \(bind: try request.requireID())"
        ).run()
    }

    /// The level a person kind's chain is chosen by: the highest state level the person's post class clears (the
    /// class they left, for one in 脱密期, counts as non-secret here), or the lowest level of the catalogue.
    static func chainLevel(
        of person: PersonModel, catalogue: LevelCatalogue, store: Store, on database: any Database
    ) async throws -> LevelDefinition {
        let postClasses = try await SettingsRepository(store: store).snapshot(on: database).postClasses
        let postClass = SecretPostClass(rawValue: person.postClass) ?? .nonSecret
        let maxima = postClasses.maxima(of: postClass)
        if let level = (maxima[.state] ?? maxima[.commercial] ?? maxima[.work]).flatMap(catalogue.definition) {
            return level
        }
        guard let lowest = catalogue.levels.min(by: { $0.protectionWeight < $1.protectionWeight }) else {
            throw DomainError.conflict(LocalizedText(zh: "密级未配置", en: "No level is configured"), rule: nil)
        }
        return lowest
    }
}
