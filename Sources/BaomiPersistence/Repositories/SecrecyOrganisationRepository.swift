import BaomiDomain
import FluentKit
import Foundation

/// The working group, the managing department and each department's secrecy officer (T4).
public struct SecrecyOrganisationRepository: Sendable {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    public func workingGroup(on database: any Database) async throws -> [WorkingGroupMemberModel] {
        try await WorkingGroupMemberModel.query(on: database).with(\.$person) { $0.with(\.$department) }.all()
            .sorted {
                (WorkingGroupRole(rawValue: $0.role)?.order ?? 9) < (WorkingGroupRole(rawValue: $1.role)?.order ?? 9)
            }
    }

    public func secrecyOfficers(on database: any Database) async throws -> [UUID: PersonModel] {
        let rows = try await SecrecyOfficerModel.query(on: database).with(\.$person).all()
        return Dictionary(rows.map { ($0.$orgUnit.id, $0.person) }, uniquingKeysWith: { first, _ in first })
    }

    /// Puts a person in the working group with a role, or takes them out when `role` is nil.
    public func setWorkingGroupRole(
        person personID: UUID, role: WorkingGroupRole?, by actor: AuditActor, on database: any Database
    ) async throws {
        try await store.perform(
            on: database, by: actor, .workingGroupChange, subject: AuditSubject(type: "person", id: personID.uuidString)
        ) { transaction, trail in
            guard let person = try await PersonModel.find(personID, on: transaction) else {
                throw DomainError.invalid(field: "personID", zh: "人员不存在", en: "No such person")
            }
            trail.subject = AuditSubject(type: "person", id: personID.uuidString, label: person.name)
            trail.note("role", role?.rawValue ?? "removed")
            let existing = try await WorkingGroupMemberModel.query(on: transaction)
                .filter(\.$person.$id == personID).first()
            let others = try await WorkingGroupMemberModel.query(on: transaction)
                .filter(\.$person.$id != personID).all().compactMap { WorkingGroupRole(rawValue: $0.role) }
            if let role {
                try OrganisationRules.checkWorkingGroup(roles: others + [role]).enforce()
                let member = existing ?? WorkingGroupMemberModel(personID: personID, role: role.rawValue)
                member.role = role.rawValue
                try await member.save(on: transaction)
            } else {
                try await existing?.delete(on: transaction)
            }
        }
    }

    /// Designates (or, with nil, clears) a department's secrecy officer; the officer must work in that department.
    public func setSecrecyOfficer(
        unit unitID: UUID, person personID: UUID?, by actor: AuditActor, on database: any Database
    ) async throws {
        try await store.perform(
            on: database, by: actor, .secrecyOfficerAssign,
            subject: AuditSubject(type: "orgUnit", id: unitID.uuidString)
        ) { transaction, trail in
            guard let unit = try await OrgUnitModel.find(unitID, on: transaction) else {
                throw DomainError.notFound(zh: "组织机构不存在", en: "No such org unit")
            }
            trail.subject = AuditSubject(type: "orgUnit", id: unitID.uuidString, label: unit.name)
            try await SecrecyOfficerModel.query(on: transaction).filter(\.$orgUnit.$id == unitID).delete()
            guard let personID else {
                trail.note("person", "cleared")
                return
            }
            guard let person = try await PersonModel.find(personID, on: transaction) else {
                throw DomainError.invalid(field: "personID", zh: "人员不存在", en: "No such person")
            }
            guard person.$department.id == unitID else {
                throw DomainError.invalid(
                    field: "personID", rule: .t4, zh: "保密员须是本部门人员",
                    en: "The secrecy officer must work in this department")
            }
            trail.note("person", person.name)
            try await SecrecyOfficerModel(orgUnitID: unitID, personID: personID).create(on: transaction)
        }
    }

    /// Makes one unit the managing department (归口管理部门); there is only ever one.
    public func setManagingDepartment(unit unitID: UUID, by actor: AuditActor, on database: any Database) async throws {
        try await store.perform(
            on: database, by: actor, .managingDepartmentAssign,
            subject: AuditSubject(type: "orgUnit", id: unitID.uuidString)
        ) { transaction, trail in
            guard let unit = try await OrgUnitModel.find(unitID, on: transaction) else {
                throw DomainError.notFound(zh: "组织机构不存在", en: "No such org unit")
            }
            trail.subject = AuditSubject(type: "orgUnit", id: unitID.uuidString, label: unit.name)
            try await OrgUnitModel.query(on: transaction).set(\.$isManagingDepartment, to: false)
                .filter(\.$isManagingDepartment == true).update()
            unit.isManagingDepartment = true
            try await unit.save(on: transaction)
        }
    }
}

extension WorkingGroupRole {
    var order: Int {
        switch self {
        case .head: 0
        case .deputy: 1
        case .member: 2
        }
    }
}
