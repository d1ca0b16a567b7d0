import BaomiDomain
import FluentKit
import Foundation

/// The gate of agreements before a secret post (A4, T8, T9, L1.1), asked beside the pre-post training gate by every
/// way of giving a post — page, API, `baomi import people`, the demo — through `ClearanceRepository.set`.
public struct AgreementGate: Sendable {
    public init() {}

    /// The kinds the person holds in force, and the kinds they refused to sign, in one indexed read.
    public func standing(
        of personID: UUID, on database: any Database
    ) async throws -> (inForce: Set<AgreementKind>, refused: Set<AgreementKind>) {
        let rows = try await PersonAgreementModel.query(on: database).filter(\.$person.$id == personID)
            .filter(\.$state ~~ [AgreementState.inForce.rawValue, AgreementState.refused.rawValue])
            .field(\.$kind).field(\.$state).all()
        var inForce = Set<AgreementKind>()
        var refused = Set<AgreementKind>()
        for row in rows {
            guard let kind = row.agreementKind else { continue }
            if row.state == AgreementState.inForce.rawValue { inForce.insert(kind) } else { refused.insert(kind) }
        }
        return (inForce, refused)
    }

    public func decide(
        _ person: PersonModel, from current: SecretPostClass, to requested: SecretPostClass, on database: any Database
    ) async throws -> Decision {
        guard TrainingGate.raises(from: current, to: requested) else { return .allowed }
        let standing = try await standing(of: try person.requireID(), on: database)
        return AgreementRequirement.decide(
            from: current, to: requested, isLeader: person.isLeader, inForce: standing.inForce,
            refused: standing.refused)
    }

    /// Throws the refusal as the post-class field's error, as `PrePostGate` does: a form shows it beside the field,
    /// the API answers 422 citing the rule, and `Store.perform` audits it.
    public func enforce(
        _ person: PersonModel, from current: SecretPostClass, to requested: SecretPostClass, on database: any Database
    ) async throws {
        if let refusal = try await decide(person, from: current, to: requested, on: database).refusal {
            throw DomainError.invalid([FieldError(field: "postClass", rule: refusal.rule, message: refusal.reason)])
        }
    }
}
