import BaomiDomain
import FluentKit
import Foundation

@testable import BaomiPersistence

/// The people sit a pre-post session on `day` (default today), recorded through the sessions' own write path, so
/// that the security administrator may then give them a secret post (E6.6(3), A4).
@discardableResult
func earnPrePost(
    _ people: [UUID], heldOn day: String? = nil, store: Store, clock: @escaping @Sendable () -> Date = { Date() },
    on database: any Database
) async throws -> TrainingSessionModel {
    try await TrainingSessions(store: store, clock: clock).record(
        SessionDraft(
            title: "上岗前保密专项培训", form: .lecture, purpose: .prePost,
            heldOn: day ?? ClearanceRepository.today(clock()), place: "第一会议室", trainer: "保密办",
            areas: [.law, .basics], hours: 2),
        attendees: people, by: AuditActor(accountID: nil, name: "bmb", kind: .user, ip: nil), on: database)
}
