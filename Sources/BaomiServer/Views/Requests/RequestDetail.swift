import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation

/// The request page as data (UI.md "Request", principle 15): made from the stored request and what the viewer may
/// see of its carriers (principle 11); `RequestPages.detail` renders it.
struct RequestDetail {
    /// A copy the request concerns, as it was when requested (principle 12), its state as it is now.
    struct CopyLine {
        /// Its number and serial, or its carrier's reference for a viewer who may not read it.
        var label: String
        /// Linked for a keeper of carriers.
        var link: UUID?
        /// Nil when the viewer may not read the carrier.
        var snapshot: CopySnapshot?
        var title: String?
        var state: String
    }

    /// One step: its title, decision, who decided (`X 代 Y` for a stand-in), when, the comment and the conditions.
    struct StepLine {
        var title: String
        var decision: String?
        var decidedBy: String
        var decidedAt: Date?
        var comment: String
        var conditions: String
    }

    struct Revision {
        var round: Int
        var reason: String
        var submittedBy: String
        var submittedAt: Date
    }

    /// The decision form of whoever may decide the waiting step now.
    struct DecisionForm {
        /// The step shown: a decision that finds another came first is refused, not applied to the next (principle 5).
        var stepPosition: Int?
        /// A C5.1 outside approval recorded by the office: its comment is the approval's reference.
        var recordsOutsideApproval: Bool
    }

    /// 监销 (C8) of an approved or done destruction batch.
    struct Destruction {
        var confirmations: [(name: String, at: Date)]
        var canConfirm: Bool
        var canPrintCertificate: Bool
    }

    var id: UUID
    var number: String
    var kindTitle: String
    var state: String
    var facts: [(String, String)]
    var copies: [CopyLine]
    var steps: [StepLine]
    var decision: DecisionForm?
    var loan: LoanPanel?
    var revisions: [Revision]
    /// The reason to change, for the requester of a request returned for changes.
    var resubmitReason: String?
    var canWithdraw: Bool
    var destruction: Destruction?
    var attachments: [AttachmentLine]
    var departure: DeparturePanel?
    var errors: [FieldError]
}

extension RequestDetail {
    /// What the controller read, for one viewer.
    struct Reading {
        var request: RequestModel
        var sights: CarrierSights
        var confirmations: [DestructionConfirmationModel]
        var catalogue: LevelCatalogue
        var canDecide: Bool
        var canConfirm: Bool
        var isRequester: Bool
        var loan: LoanActions.Options?
        var revisions: [RequestRevisionModel]
        var attachments: [RequestAttachmentModel]
        /// A departure's own section (T22, T12); nil for other kinds.
        var departure: DeparturePanel? = nil
    }

    init(_ reading: Reading, errors: [FieldError], context: PageContext) {
        let request = reading.request
        let sights = reading.sights
        id = request.id ?? UUID()
        number = request.number
        kindTitle = RequestKind(rawValue: request.kind).map { context.t($0.title) } ?? request.kind
        state = request.state
        facts = RequestFacts.facts(request, sights: sights, context: context, catalogue: reading.catalogue)
        copies = request.items.map { item in
            let carrierID = item.copy.$carrier.id
            let readable = sights.sight(carrierID, duty: true) == .full
            let serial = CarrierPresentation.serial(item.copy.serial, of: item.copyTotal, context: context)
            return CopyLine(
                label: readable
                    ? "\(item.carrierNumber) \(serial)"
                    : "\(context.t(CarrierVisibility.reference(carrierID))) \(serial)",
                link: readable && context.can(.manageCarriers) ? item.copy.id : nil,
                snapshot: readable ? item.snapshot : nil, title: readable ? item.carrierTitle : nil,
                state: item.copy.state)
        }
        let rounds = request.round > 1
        steps = request.steps.sorted { $0.position < $1.position }.map {
            StepLine($0, rounds: rounds, context: context)
        }
        decision =
            reading.canDecide
            ? RequestRepository.waitingStep(of: request).map { waiting in
                let recorded: Bool =
                    if case .recorded = waiting.1.approver { true } else { false }
                return DecisionForm(stepPosition: waiting.0.position, recordsOutsideApproval: recorded)
            } ?? DecisionForm(stepPosition: nil, recordsOutsideApproval: false) : nil
        loan = reading.loan.map(LoanPanel.init)
        revisions = reading.revisions.map {
            Revision(round: $0.round, reason: $0.reason, submittedBy: $0.submittedBy, submittedAt: $0.submittedAt)
        }
        resubmitReason =
            reading.isRequester && request.state == RequestState.returned.rawValue ? request.reason : nil
        canWithdraw = reading.isRequester && RequestState(rawValue: request.state)?.isOpen == true
        let closedBatch =
            request.kind == RequestKind.destroy.rawValue
            && (request.state == RequestState.approved.rawValue || request.state == RequestState.done.rawValue)
        // The certificate lists every copy in full: it is printed by someone who may read them all (A2).
        let readsAll = request.items.allSatisfy { sights.sight($0.copy.$carrier.id, duty: true) == .full }
        destruction =
            closedBatch
            ? Destruction(
                confirmations: reading.confirmations.map { ($0.name, $0.confirmedAt) },
                canConfirm: reading.canConfirm && request.state == RequestState.approved.rawValue,
                canPrintCertificate: request.state == RequestState.done.rawValue && readsAll) : nil
        attachments = reading.attachments.map(AttachmentLine.init)
        departure = reading.departure
        self.errors = errors
    }
}

extension RequestDetail.StepLine {
    init(_ step: RequestStepModel, rounds: Bool, context: PageContext) {
        title =
            (rounds ? context.t("第\(step.round)轮 ", "Round \(step.round): ") : "")
            + (step.approvalSpec.map { context.t($0.title) } ?? "")
        decision = step.decision
        decidedBy = step.decision == nil ? "" : step.approver(in: context.language)
        decidedAt = step.decidedAt
        comment = step.comment
        conditions = step.conditions
    }
}

/// A non-secret file as its section lists it: a request's attachment or a session's material.
struct AttachmentLine {
    var id: UUID
    var fileName: String
    var type: String
    var size: Int64
    var uploadedBy: String
    var uploadedAt: Date
    var sha256: String

    init(_ attachment: RequestAttachmentModel) {
        id = attachment.id ?? UUID()
        fileName = attachment.fileName
        type = AttachmentType(rawValue: attachment.type)?.rawValue.uppercased() ?? attachment.type
        size = attachment.size
        uploadedBy = attachment.uploadedByName
        uploadedAt = attachment.uploadedAt
        sha256 = attachment.sha256
    }
}

extension AttachmentLine {
    init(_ material: TrainingMaterialModel) {
        id = material.id ?? UUID()
        fileName = material.fileName
        type = AttachmentType(rawValue: material.type)?.rawValue.uppercased() ?? material.type
        size = material.size
        uploadedBy = material.uploadedByName
        uploadedAt = material.uploadedAt
        sha256 = material.sha256
    }
}
