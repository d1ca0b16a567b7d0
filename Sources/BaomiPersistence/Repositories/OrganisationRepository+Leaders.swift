import BaomiDomain
import FluentKit
import Foundation

extension OrganisationRepository {
    /// Names a department's head (部门负责人, one of its people) and its leader in charge (分管领导, a leader of the
    /// organisation): approval steps by relation to a requester of the department resolve to them (issue #14).
    /// nil clears either.
    @discardableResult
    public func setLeaders(
        unit id: UUID, head: UUID?, leaderInCharge: UUID?, by actor: AuditActor, on database: any Database
    ) async throws -> OrgUnitModel {
        try await store.perform(
            on: database, by: actor, .orgUnitUpdate, subject: AuditSubject(type: "orgUnit", id: id.uuidString)
        ) { transaction, trail in
            let unit = try await self.unit(id, on: transaction)
            trail.subject = AuditSubject(type: "orgUnit", id: id.uuidString, label: unit.name)
            var errors: [FieldError] = []
            var names: [String] = []
            if let head {
                let person = try await PersonModel.find(head, on: transaction)
                if person?.$department.id != id {
                    errors.append(
                        FieldError(
                            field: "headID", rule: .t4,
                            message: LocalizedText(zh: "部门负责人须是本部门人员", en: "The head is a person of the department")))
                }
                names.append("负责人 \(person?.name ?? "")")
            }
            if let leaderInCharge {
                let person = try await PersonModel.find(leaderInCharge, on: transaction)
                if person?.isLeader != true {
                    errors.append(
                        FieldError(
                            field: "leaderInChargeID", rule: .t4,
                            message: LocalizedText(zh: "分管领导须是单位领导", en: "The leader in charge is one of the leaders")))
                }
                names.append("分管领导 \(person?.name ?? "")")
            }
            if !errors.isEmpty { throw DomainError.invalid(errors) }
            unit.headID = head
            unit.leaderInChargeID = leaderInCharge
            trail.note("leaders", names.isEmpty ? "—" : names.joined(separator: "，"))
            try await unit.save(on: transaction)
            return unit
        }
    }

    /// The organisation's leaders (people marked 领导), for choosing a leader in charge.
    public func leaders(on database: any Database) async throws -> [PersonModel] {
        try await PersonModel.query(on: database).filter(\.$isLeader == true).sort(\.$name).all()
    }
}
