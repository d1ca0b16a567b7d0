import BaomiDomain
import BaomiPersistence
import Foundation

/// A request as the lists show it (UI.md "Request"), made by the controller from the stored request and what the
/// viewer may see of its carriers (principle 11): the list pages render this, not the stored model.
struct RequestRow {
    let id: UUID
    let number: String
    let kind: String
    let subject: String
    let requester: String
    let createdAt: Date
    let state: String
    let waitingForMe: Bool

    init(_ request: RequestModel, sights: CarrierSights, context: PageContext, waitingForMe: Bool = false) {
        id = request.id ?? UUID()
        number = request.number
        kind = RequestKind(rawValue: request.kind).map { context.t($0.title) } ?? request.kind
        subject = RequestFacts.subject(request, sights: sights, context: context)
        requester = request.requesterName
        createdAt = request.createdAt
        state = request.state
        self.waitingForMe = waitingForMe
    }
}

extension RequestPages {
    /// The request list: its title, the kind it is filtered to, its rows.
    struct ListModel {
        let title: String
        let kind: RequestKind?
        let rows: [RequestRow]
    }
}
