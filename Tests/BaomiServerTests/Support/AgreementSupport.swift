import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

@testable import BaomiServer

extension Client {
    /// The person signs, and the unit seals, every agreement a secret post needs (T8; L1.1 for a leader) through the
    /// agreements' own write path, so that the security administrator may then give them a post (A4).
    func signAgreements(_ personID: String) async throws {
        guard let id = UUID(uuidString: personID) else { throw TestFailure("not a person id: \(personID)") }
        let services = app.baomi
        let agreements = services.agreements
        let office = AuditActor(accountID: nil, name: "保密办", kind: .user, ip: nil)
        let today = ClearanceRepository.today(services.clock())
        guard let person = try await PersonModel.find(id, on: app.db) else { throw TestFailure("no person \(id)") }
        let held = try await AgreementGate().standing(of: id, on: app.db).inForce
        for kind in AgreementRequirement.required(postClass: .core, isLeader: person.isLeader)
        where !held.contains(kind) {
            let agreement = try await agreements.draft(kind, for: id, by: office, on: app.db)
            for step in [AgreementStep.signByPerson(on: today), .signByUnit(on: today)] {
                try await agreements.step(step, agreementID: agreement.requireID(), by: office, on: app.db)
            }
        }
    }

    /// What a fixture does before the security administrator gives a secret post (A4): the pre-post training
    /// (E6.6(3)) and the agreements (T8).
    func prepareForPost(_ personID: String) async throws {
        try await earnPrePost(personID)
        try await signAgreements(personID)
    }
}
