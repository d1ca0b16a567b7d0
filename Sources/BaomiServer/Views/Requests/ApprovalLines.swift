import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation

/// A line of the inbox 待办 (principle 15): its carrier as `CarrierSights` lets the viewer see it (principle 11).
struct InboxLine {
    var requestID: UUID
    var number: String
    var kind: String
    var subject: String
    var requester: String
    var state: String
    var since: Date

    init(_ entry: InboxEntry, sights: CarrierSights, context: PageContext) {
        requestID = entry.requestID
        number = entry.number
        kind = RequestKind(rawValue: entry.kind).map { context.t($0.title) } ?? entry.kind
        subject =
            entry.carrierID.map { sights.words($0, entry.carrierLabel, duty: true).map(context.t) ?? "—" }
            ?? context.t("多份载体（销毁批次）", "several copies (destruction batch)")
        requester = entry.requesterName
        state = entry.state
        since = entry.since
    }
}

/// A stand-in (代理) as the viewer's settings list it: theirs, or someone they stand in for.
struct DelegationLine {
    var id: UUID
    /// The viewer named this stand-in (rather than standing in for someone).
    var mine: Bool
    var person: String
    var period: String
    var revoked: Bool

    init(_ delegation: DelegationModel, viewer accountID: UUID) {
        id = delegation.id ?? UUID()
        mine = delegation.delegatorID == accountID
        person = mine ? delegation.standInName : delegation.delegatorName
        period = "\(delegation.startsOn) – \(delegation.endsOn)"
        revoked = delegation.revokedAt != nil
    }
}
