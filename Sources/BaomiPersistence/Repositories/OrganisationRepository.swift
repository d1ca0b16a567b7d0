import BaomiDomain
import FluentKit
import Foundation

/// Org units, people, the working group, the managing department and secrecy officers (T4, T5.2).
public struct OrganisationRepository: Sendable {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    public func units(on database: any Database) async throws -> [OrgUnitModel] {
        try await OrgUnitModel.query(on: database).sort(\.$sortOrder).sort(\.$name).all()
    }

    public func unit(_ id: UUID, on database: any Database) async throws -> OrgUnitModel {
        guard let unit = try await OrgUnitModel.find(id, on: database) else {
            throw DomainError.notFound(zh: "组织机构不存在", en: "No such org unit")
        }
        return unit
    }

    @discardableResult
    public func createUnit(
        _ draft: OrgUnitDraft, by actor: AuditActor, on database: any Database
    ) async throws
        -> OrgUnitModel
    {
        try await store.perform(
            on: database, by: actor, .orgUnitCreate, subject: AuditSubject(type: "orgUnit", label: draft.name)
        ) { transaction, trail in
            try await checkUnit(draft, id: nil, on: transaction)
            let unit = OrgUnitModel(
                name: draft.name, code: draft.code, kind: draft.kind.rawValue, parentID: draft.parentID,
                isKeyDepartment: draft.isKeyDepartment, sortOrder: draft.sortOrder)
            try await unit.create(on: transaction)
            trail.subject = AuditSubject(type: "orgUnit", id: unit.id?.uuidString, label: unit.name)
            trail.note("code", unit.code)
            trail.note("kind", unit.kind)
            return unit
        }
    }

    @discardableResult
    public func updateUnit(
        _ id: UUID, _ draft: OrgUnitDraft, by actor: AuditActor, on database: any Database
    )
        async throws -> OrgUnitModel
    {
        try await store.perform(
            on: database, by: actor, .orgUnitUpdate, subject: AuditSubject(type: "orgUnit", id: id.uuidString)
        ) { transaction, trail in
            let unit = try await self.unit(id, on: transaction)
            trail.subject = AuditSubject(type: "orgUnit", id: id.uuidString, label: unit.name)
            try await checkUnit(draft, id: id, on: transaction)
            if let parentID = draft.parentID {
                let ancestors = try await ancestorIDs(startingAt: parentID, on: transaction)
                try OrganisationRules.checkParent(unit: id, ancestorsOfNewParent: ancestors).enforce()
            }
            trail.note("name", "\(unit.name) → \(draft.name)")
            unit.name = draft.name
            unit.code = draft.code
            unit.kind = draft.kind.rawValue
            unit.$parent.id = draft.parentID
            unit.isKeyDepartment = draft.isKeyDepartment
            unit.sortOrder = draft.sortOrder
            try await unit.save(on: transaction)
            return unit
        }
    }

    private func checkUnit(_ draft: OrgUnitDraft, id: UUID?, on database: any Database) async throws {
        if let parentID = draft.parentID, try await OrgUnitModel.find(parentID, on: database) == nil {
            throw DomainError.invalid(field: "parentID", zh: "上级单位不存在", en: "The parent unit does not exist")
        }
        if let other = try await OrgUnitModel.query(on: database).filter(\.$code == draft.code).first(),
            other.id != id
        {
            throw DomainError.invalid(field: "code", zh: "编码已被使用", en: "This code is already in use")
        }
    }

    private func ancestorIDs(startingAt id: UUID, on database: any Database) async throws -> [UUID] {
        var chain: [UUID] = []
        var current: UUID? = id
        while let next = current, !chain.contains(next) {
            chain.append(next)
            current = try await OrgUnitModel.find(next, on: database)?.$parent.id
        }
        return chain
    }

    // MARK: People

    public func people(
        inDepartment department: UUID? = nil, search: String? = nil, on database: any Database
    )
        async throws -> [PersonModel]
    {
        let query = PersonModel.query(on: database).with(\.$department).sort(\.$employeeNumber)
        if let department { query.filter(\.$department.$id == department) }
        if let search = search?.trimmed, !search.isEmpty {
            query.group(.or) { group in
                group.filter(\.$name ~~ search).filter(\.$employeeNumber ~~ search)
            }
        }
        return try await query.all()
    }

    public func person(_ id: UUID, on database: any Database) async throws -> PersonModel {
        guard let person = try await PersonModel.query(on: database).with(\.$department).filter(\.$id == id).first()
        else {
            throw DomainError.notFound(zh: "人员不存在", en: "No such person")
        }
        return person
    }

    @discardableResult
    public func createPerson(
        _ draft: PersonDraft, by actor: AuditActor, on database: any Database
    ) async throws
        -> PersonModel
    {
        try await store.perform(
            on: database, by: actor, .personCreate, subject: AuditSubject(type: "person", label: draft.name)
        ) { transaction, trail in
            try await checkPerson(draft, id: nil, on: transaction)
            // Nobody is registered leaving or departed: only a departure makes them so (T22, A7).
            if let refusal = PersonStatusChange.check(from: nil, to: draft.status) { throw refusal }
            let person = PersonModel(
                name: draft.name, employeeNumber: draft.employeeNumber, departmentID: draft.departmentID,
                post: draft.post, isLeader: draft.isLeader, status: draft.status.rawValue)
            try await person.create(on: transaction)
            trail.subject = AuditSubject(type: "person", id: person.id?.uuidString, label: person.name)
            trail.note("employeeNumber", person.employeeNumber)
            return person
        }
    }

    @discardableResult
    public func updatePerson(
        _ id: UUID, _ draft: PersonDraft, by actor: AuditActor, on database: any Database
    )
        async throws -> PersonModel
    {
        try await store.perform(
            on: database, by: actor, .personUpdate, subject: AuditSubject(type: "person", id: id.uuidString)
        ) { transaction, trail in
            let person = try await self.person(id, on: transaction)
            trail.subject = AuditSubject(type: "person", id: id.uuidString, label: person.name)
            try await checkPerson(draft, id: id, on: transaction)
            if let refusal = PersonStatusChange.check(from: PersonStatus(rawValue: person.status), to: draft.status) {
                throw refusal
            }
            if person.status != draft.status.rawValue { trail.note("status", "\(person.status) → \(draft.status)") }
            person.name = draft.name
            person.employeeNumber = draft.employeeNumber
            person.$department.id = draft.departmentID
            person.post = draft.post
            person.isLeader = draft.isLeader
            person.status = draft.status.rawValue
            try await person.save(on: transaction)
            return person
        }
    }

    private func checkPerson(_ draft: PersonDraft, id: UUID?, on database: any Database) async throws {
        if try await OrgUnitModel.find(draft.departmentID, on: database) == nil {
            throw DomainError.invalid(field: "departmentID", zh: "部门不存在", en: "The department does not exist")
        }
        if let other = try await PersonModel.query(on: database).filter(\.$employeeNumber == draft.employeeNumber)
            .first(), other.id != id
        {
            throw DomainError.invalid(
                field: "employeeNumber", zh: "工号已被使用", en: "This employee number is already in use")
        }
    }
}
