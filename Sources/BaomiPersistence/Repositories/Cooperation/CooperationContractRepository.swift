import BaomiDomain
import FluentKit
import Foundation

/// The 外协保密协议台账 (T23): cooperation contracts with outside parties and how each covers secrecy. Every
/// change and every refusal is audited in the same transaction.
public struct CooperationContractRepository: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// The register, latest start first; `departments` nil is everything (the security office), otherwise only
    /// contracts those departments are responsible for.
    public func contracts(
        departments: Set<UUID>?, on database: any Database
    ) async throws
        -> [CooperationContractModel]
    {
        let query = CooperationContractModel.query(on: database).with(\.$department)
        if let departments { query.filter(\.$department.$id ~~ Array(departments)) }
        return try await query.sort(\.$startsOn, .descending).sort(\.$partnerName).all()
    }

    public func contract(_ id: UUID, on database: any Database) async throws -> CooperationContractModel {
        guard
            let contract = try await CooperationContractModel.query(on: database).filter(\.$id == id)
                .with(\.$department).first()
        else { throw DomainError.notFound(zh: "合作合同不存在", en: "No such cooperation contract") }
        return contract
    }

    /// Records a contract; refused drafts are audited as T23 refusals, nothing written.
    @discardableResult
    public func create(
        _ draft: CooperationContractDraft, levels: LevelCatalogue, by actor: AuditActor, on database: any Database
    ) async throws -> CooperationContractModel {
        try await store.perform(
            on: database, by: actor, .cooperationCreate, subject: AuditSubject(type: "cooperationContract", id: "new")
        ) { transaction, trail in
            let facts = try await checked(draft, levels: levels, on: transaction)
            let contract = CooperationContractModel()
            contract.apply(facts)
            contract.recordedBy = actor.name
            contract.updatedAt = clock()
            try await contract.create(on: transaction)
            trail.subject = Self.subject(contract)
            Self.note(facts, in: trail)
            return contract
        }
    }

    /// Changes a contract, e.g. to record the secrecy agreement once signed; the trail keeps the coverage before.
    @discardableResult
    public func update(
        _ id: UUID, _ draft: CooperationContractDraft, levels: LevelCatalogue, by actor: AuditActor,
        on database: any Database
    ) async throws -> CooperationContractModel {
        try await store.perform(
            on: database, by: actor, .cooperationUpdate,
            subject: AuditSubject(type: "cooperationContract", id: id.uuidString)
        ) { transaction, trail in
            try await RowLock.take(CooperationContractModel.schema, id: id, on: transaction)
            let contract = try await contract(id, on: transaction)
            trail.subject = Self.subject(contract)
            trail.note("coverageFrom", contract.coverage)
            let facts = try await checked(draft, levels: levels, on: transaction)
            contract.apply(facts)
            contract.recordedBy = actor.name
            contract.updatedAt = clock()
            try await contract.save(on: transaction)
            Self.note(facts, in: trail)
            return contract
        }
    }

    /// The rules (T23) plus what only the database knows: the responsible department exists.
    private func checked(
        _ draft: CooperationContractDraft, levels: LevelCatalogue, on database: any Database
    ) async throws -> CooperationContractFacts {
        let today = ClearanceRepository.today(clock())
        var draft = draft
        if let department = draft.departmentID, try await OrgUnitModel.find(department, on: database) == nil {
            draft.departmentID = nil
        }
        switch CooperationRules.validate(draft, levels: levels, today: today) {
        case .success(let facts): return facts
        case .failure(let error): throw error
        }
    }

    static func subject(_ contract: CooperationContractModel) -> AuditSubject {
        AuditSubject(
            type: "cooperationContract", id: contract.id?.uuidString ?? "new",
            label: "\(contract.partnerName) · \(contract.subject)")
    }

    static func note(_ facts: CooperationContractFacts, in trail: AuditTrail) {
        trail.note("level", facts.level?.rawValue ?? "")
        trail.note("startsOn", facts.startsOn)
        trail.note("endsOn", facts.endsOn)
        trail.note("coverage", facts.coverage.rawValue)
        trail.note("agreementSignedOn", facts.agreementSignedOn ?? "")
        trail.note("clauseReference", facts.clauseReference ?? "")
    }
}
