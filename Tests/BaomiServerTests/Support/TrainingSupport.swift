import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

@testable import BaomiServer

extension Client {
    /// The person sits a pre-post session today, recorded through the sessions' own write path, so that the security
    /// administrator may then give them a secret post (E6.6(3), A4).
    func earnPrePost(_ personID: String) async throws {
        guard let id = UUID(uuidString: personID) else { throw TestFailure("not a person id: \(personID)") }
        let services = app.baomi
        try await services.training.record(
            SessionDraft(
                title: "上岗前保密专项培训", form: .lecture, purpose: .prePost,
                heldOn: ClearanceRepository.today(services.clock()), place: "第一会议室", trainer: "保密办",
                areas: [.law, .basics], hours: 2),
            attendees: [id], by: AuditActor(accountID: nil, name: "保密办", kind: .user, ip: nil), on: app.db)
    }
}
