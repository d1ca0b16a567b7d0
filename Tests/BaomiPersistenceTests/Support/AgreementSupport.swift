import BaomiDomain
import FluentKit
import Foundation

@testable import BaomiPersistence

/// The people sign, and the unit seals, every agreement a post of `postClass` needs (T8; L1.1 for leaders) through
/// the agreements' own write path, so that the security administrator may then give them the post (A4).
func signAgreements(
    _ people: [UUID], for postClass: SecretPostClass = .core, store: Store,
    clock: @escaping @Sendable () -> Date = { Date() }, on database: any Database
) async throws {
    let agreements = AgreementRepository(store: store, clock: clock)
    let office = AuditActor(accountID: nil, name: "bmb", kind: .user, ip: nil)
    let today = ClearanceRepository.today(clock())
    for personID in people {
        guard let person = try await PersonModel.find(personID, on: database) else { continue }
        let held = try await AgreementGate().standing(of: personID, on: database).inForce
        for kind in AgreementRequirement.required(postClass: postClass, isLeader: person.isLeader)
        where !held.contains(kind) {
            let agreement = try await agreements.draft(kind, for: personID, by: office, on: database)
            for step in [AgreementStep.signByPerson(on: today), .signByUnit(on: today)] {
                try await agreements.step(step, agreementID: agreement.requireID(), by: office, on: database)
            }
        }
    }
}
