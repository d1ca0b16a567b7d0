import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

struct RequestInput: Content {
    var kind: String
    var carrierID: UUID?
    var copyIDs: [UUID]
    var reason: String
    /// The kind's payload (`RequestKindDefinition.Payload`), read by the kind.
    var payload: AnyJSON?
}

struct ReturnInput: Content {
    var force: Bool?
}

struct LoanDTO: Content {
    var requestID: UUID
    var kind: String
    var copyID: UUID
    var carrierNumber: String
    var serial: Int
    var borrower: String
    var borrowerPersonID: UUID?
    var placeOfUse: String?
    var destination: String
    var returnDate: String
    var issuedAt: Date?
    /// When the holder handed it back (C4).
    var returnedAt: Date?
    /// When the custodian checked it in; until then the copy is returning (C4).
    var checkedInAt: Date?
    /// A carrying out of a copy on loan: the borrowing it comes back to.
    var parentRequestID: UUID?
    var forced: Bool
    var overdue: Bool

    init(_ visible: VisibleLoan, today: String, language: Language) {
        let loan = visible.loan
        requestID = loan.$request.id
        kind = loan.kind
        copyID = loan.$copy.id
        carrierNumber = visible.carrier?.text(in: language) ?? loan.copy.carrier.number
        serial = loan.copy.serial
        borrower = loan.borrowerName
        borrowerPersonID = loan.borrowerPersonID
        placeOfUse = loan.$usePlace.id == nil ? nil : loan.usePlaceName
        destination = loan.destination
        returnDate = loan.returnDate
        issuedAt = loan.issuedAt
        returnedAt = loan.returnedAt
        checkedInAt = loan.checkedInAt
        parentRequestID = loan.parentRequestID
        forced = loan.forced
        overdue = loan.isOverdue(today: today)
    }
}

struct DecisionInput: Content {
    var verdict: String
    var comment: String?
    /// 附加条件 of the decision.
    var conditions: String?
    /// The position of the step being decided, as `Request.steps` shows it: if another decision came first, this
    /// one is refused (409) rather than applied to the next step (principle 5).
    var step: Int?
}

struct RequestDTO: Content {
    struct Step: Content {
        var position: Int
        var title: String
        var decision: String?
        var decidedBy: String?
        /// The role the approver acted in (`Role`, or `recorded`) and their post then (principle 12).
        var decidedByRole: String?
        var decidedByPost: String?
        var comment: String
        var decidedAt: Date?
        /// The round of review (a return for changes starts the next), conditions, and whom a stand-in decided for.
        var round: Int
        var conditions: String
        var onBehalfOf: String?
    }

    struct Revision: Content {
        var round: Int
        var reason: String
        var payload: AnyJSON
        var submittedBy: String
        var submittedAt: Date
    }

    var id: UUID
    var number: String
    var kind: String
    var state: String
    var requester: String
    var carrierID: UUID?
    var copyIDs: [UUID]
    var reason: String
    var payload: AnyJSON
    var createdAt: Date
    var closedAt: Date?
    var steps: [Step]
    var waitingForMe: Bool
    var confirmations: [String]
    var round: Int
    /// The chain version it was submitted under (`kind/level/number`); nil: the national default.
    var chainVersion: String?
    var revisions: [Revision]

    init(
        _ request: RequestModel, waitingForMe: Bool, confirmations: [DestructionConfirmationModel] = [],
        revisions: [RequestRevisionModel] = []
    ) {
        id = request.id ?? UUID()
        number = request.number
        kind = request.kind
        state = request.state
        requester = request.requesterName
        carrierID = request.$carrier.id
        copyIDs = request.items.map { $0.$copy.id }
        reason = request.reason
        payload = AnyJSON.parse(request.payload)
        createdAt = request.createdAt
        closedAt = request.closedAt
        steps = request.steps.sorted { $0.position < $1.position }.map { step in
            let spec = step.approvalSpec
            return Step(
                position: step.position, title: spec?.title.bilingual ?? "", decision: step.decision,
                decidedBy: step.decision == nil ? nil : step.decidedByName,
                decidedByRole: step.decision == nil ? nil : step.decidedByRole,
                decidedByPost: step.decision == nil ? nil : step.decidedByPost, comment: step.comment,
                decidedAt: step.decidedAt, round: step.round, conditions: step.conditions,
                onBehalfOf: step.onBehalfOfName.isEmpty ? nil : step.onBehalfOfName)
        }
        self.waitingForMe = waitingForMe
        self.confirmations = confirmations.map(\.name)
        round = request.round
        chainVersion = request.chainVersion
        self.revisions = revisions.map {
            Revision(
                round: $0.round, reason: $0.reason, payload: AnyJSON.parse($0.payload),
                submittedBy: $0.submittedBy, submittedAt: $0.submittedAt)
        }
    }
}

struct TaskDTO: Content {
    var id: UUID
    var kind: String
    var carrierID: UUID
    var copyID: UUID?
    var text: String
    var createdAt: Date
}

/// `/api/v1/requests` and `/api/v1/tasks` (DESIGN principle 5; C5, C8, C9, C10).
