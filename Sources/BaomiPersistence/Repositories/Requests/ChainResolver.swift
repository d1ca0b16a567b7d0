import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Turns a kind's chain into a submitted request's steps (DESIGN principle 5 and 9, A6): the chain in force for the
/// kind and level (`ChainCatalogue`), its relations resolved to people of the requester's department, every step
/// checked to have someone other than the requester (and their stand-ins) to decide it — or routed to its
/// escalation, or the request refused naming the step (`ChainResolution`). It also keeps the list of who each
/// request waits for (`request_waiting`), which the inbox reads.
struct ChainResolver {
    let clock: @Sendable () -> Date

    /// The steps a new round of a request will have — the chain in force, with the steps the kind's facts add
    /// (`Submission.addedSteps`), resolved — and the chain's version label (nil: the national default). Throws the refusal when a step has nobody to decide it (A6).
    func steps(
        for kind: RequestKind, level: LevelDefinition, requester: RequestActor, keepingDepartments: Set<UUID>,
        need: ClearanceNeed?, settings: SettingsSnapshot, concerning: UUID? = nil, adding: [ApprovalStepSpec] = [],
        on database: any Database
    ) async throws -> (steps: [ApprovalStepSpec], version: String?) {
        let (chain, version) = try await ChainCatalogue.current(kind, level: level, on: database)
        let steps = try await resolve(
            chain + adding, requester: requester, keepingDepartments: keepingDepartments, need: need,
            settings: settings,
            concerning: concerning, on: database)
        return (steps, version)
    }

    /// Writes the steps of the request's current round after the steps it has (its `steps` loaded or empty).
    func write(_ steps: [ApprovalStepSpec], of request: RequestModel, on database: any Database) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let requestID = try request.requireID()
        let existing = request.$steps.value ?? []
        let first = (existing.map(\.position).max() ?? -1) + 1
        var created: [RequestStepModel] = []
        for (offset, spec) in steps.enumerated() {
            let step = RequestStepModel()
            step.$request.id = requestID
            // Positions run on through the rounds, so every step keeps its place in the request's history.
            step.position = first + offset
            step.round = request.round
            step.spec = String(decoding: try encoder.encode(spec), as: UTF8.self)
            step.decidedByName = ""
            step.decidedByRole = ""
            step.decidedByPost = ""
            step.comment = ""
            step.onBehalfOfName = ""
            step.conditions = ""
            try await step.create(on: database)
            created.append(step)
        }
        request.$steps.value = existing + created
    }

    /// The chain with every step resolved to people, escalated, or refused (A6). Only accounts cleared for what the
    /// request concerns count (A2): nobody is given a step they could not open.
    func resolve(
        _ chain: [ApprovalStepSpec], requester: RequestActor, keepingDepartments: Set<UUID>, need: ClearanceNeed?,
        settings: SettingsSnapshot, concerning: UUID? = nil, on database: any Database
    ) async throws -> [ApprovalStepSpec] {
        let accounts = try await Self.approverFacts(
            settings: settings, today: ClearanceRepository.today(clock()), on: database)
        let standIns = try await Delegations.standIns(
            for: requester.accountID, on: ClearanceRepository.today(clock()), database: database)
        let excluded = standIns.union([requester.accountID])
        // A request about a person (a departure) goes to that person's department head and leader in charge.
        let relations = try await relatedPeople(of: concerning ?? requester.personID, on: database)
        let candidates = ChainResolution.Candidates(
            eligible: { approver in
                Set(
                    accounts.filter {
                        !excluded.contains($0.accountID) && (concerning == nil || $0.personID != concerning)
                            && approver.matches($0, keepingDepartments: keepingDepartments) && $0.isCleared(for: need)
                    }.map(\.accountID))
            },
            resolve: { relations[$0] })
        switch ChainResolution.resolve(chain, candidates: candidates) {
        case .success(let steps): return steps
        case .failure(let refusal): throw refusal
        }
    }

    /// The people standing in each relation to the requester (or the person the request concerns): their
    /// department's head, secrecy officer and leader in charge (T4).
    private func relatedPeople(
        of personID: UUID?, on database: any Database
    ) async throws -> [ApproverRelation: ApprovalStepSpec.Approver] {
        guard let personID, let person = try await PersonModel.find(personID, on: database),
            let department = try await OrgUnitModel.find(person.$department.id, on: database)
        else { return [:] }
        var people: [ApproverRelation: UUID] = [:]
        people[.departmentHead] = department.headID
        people[.leaderInCharge] = department.leaderInChargeID
        people[.departmentOfficer] =
            try await SecrecyOfficerModel.query(on: database)
            .filter(\.$orgUnit.$id == department.requireID()).first()?.$person.id
        var resolved: [ApproverRelation: ApprovalStepSpec.Approver] = [:]
        for (relation, id) in people {
            guard let named = try await PersonModel.find(id, on: database) else { continue }
            resolved[relation] = .person(id, name: named.name)
        }
        return resolved
    }

    /// Every account that could approve: enabled, with its roles, its person's department and its clearance.
    static func approverFacts(
        settings: SettingsSnapshot, today: String, on database: any Database
    ) async throws -> [ApproverFacts] {
        try await AccountModel.query(on: database).filter(\.$isDisabled == false).with(\.$person).all().map {
            ApproverFacts.of(
                accountID: try $0.requireID(), roles: $0.roles, person: $0.person, settings: settings, today: today)
        }
    }

    /// One account's facts, for judging a decision (nil when there is no such account).
    static func facts(of accountID: UUID, on database: any Database) async throws -> ApproverFacts? {
        guard let account = try await AccountModel.find(accountID, on: database), !account.isDisabled else {
            return nil
        }
        var department: UUID?
        if let person = account.$person.id {
            department = try await PersonModel.find(person, on: database)?.$department.id
        }
        return ApproverFacts(
            accountID: accountID, roles: account.roles, personID: account.$person.id, departmentID: department)
    }

    // MARK: Who a request waits for

    /// The inbox keys a step waits for: `role:…`, `person:…`, and for the 部门保密员 `officer:<department>` of each
    /// department keeping the copies (T5.2).
    static func keys(of spec: ApprovalStepSpec, keepingDepartments: Set<UUID>) -> Set<String> {
        Set(
            spec.approvers.flatMap { approver -> [String] in
                switch approver {
                case .role(.secrecyOfficer): keepingDepartments.map { "officer:\($0.uuidString)" }
                case .role(let role): ["role:\(role.rawValue)"]
                case .recorded: ["role:\(Role.securityOffice.rawValue)"]
                case .person(let id, _): ["person:\(id.uuidString)"]
                case .relation: []
                }
            })
    }

    /// The keys an account answers to: the same vocabulary as `keys(of:keepingDepartments:)`.
    static func keys(of facts: ApproverFacts) -> Set<String> {
        var keys = Set(facts.roles.filter { $0 != .secrecyOfficer }.map { "role:\($0.rawValue)" })
        if facts.roles.contains(.secrecyOfficer), let department = facts.departmentID {
            keys.insert("officer:\(department.uuidString)")
        }
        if let person = facts.personID { keys.insert("person:\(person.uuidString)") }
        return keys
    }

    /// Rewrites who the request waits for, after any change of its state or steps (same transaction), with what an
    /// approver must be cleared for to see it in their inbox (A2; nil only in migration 016, before the columns).
    func refreshWaiting(
        _ request: RequestModel, keepingDepartments keeping: Set<UUID>, need: ClearanceNeed?,
        on database: any Database
    ) async throws {
        let requestID = try request.requireID()
        let sql = try database.sql
        try await sql.raw("DELETE FROM request_waiting WHERE request_id = \(bind: requestID)").run()
        guard RequestState(rawValue: request.state)?.awaitsDecision == true,
            let (_, spec) = RequestRepository.waitingStep(of: request)
        else { return }
        let now = clock()
        for key in Self.keys(of: spec, keepingDepartments: keeping).sorted() {
            let row = WaitingApproverModel()
            row.$request.id = requestID
            row.approverKey = key
            row.requesterID = request.requesterID
            row.since = now
            try await row.create(on: database)
        }
        guard let need else { return }
        // One project stands for the request's; a batch over several is held to all of them when opened.
        try await sql.raw(
            """
            UPDATE request_waiting SET need_level = \(bind: need.level.rawValue),
                need_project = \(bind: need.projects.map(\.uuidString).sorted().first)
            WHERE request_id = \(bind: requestID)
            """
        ).run()
    }
}

extension RequestModel {
    /// The departments keeping the request's copies, or owning their carriers: their officers decide the 部门保密员's
    /// step (T5.2). Needs the items loaded.
    var keepingDepartments: Set<UUID> {
        Set(items.flatMap { [$0.copy.departmentID, $0.copy.carrier.$department.id] })
    }

    /// The steps of the current round of review, in order.
    public var currentSteps: [RequestStepModel] {
        steps.filter { $0.round == round }.sorted { $0.position < $1.position }
    }
}
