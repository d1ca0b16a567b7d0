import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Vapor

/// 审批表 as data (A6, S2, principle 12): what the printed form shows and `GET /api/v1/requests/{id}/form`
/// returns — the request, what it concerns as this viewer may read it (principle 11), its fields as label/value
/// rows, each step as decided, and the audit leaf its QR code names.
///
/// The leaf is the newest audit record about the request when the form is made: for a closed request the
/// decision, destruction confirmation or return that closed it, so the paper is tied to the record of how the
/// request ended; a form printed mid-way names the latest step taken so far.
struct ApprovalForm: Content {
    struct Row: Content {
        var label: String
        var value: String
    }

    struct Step: Content {
        var position: Int
        var title: String
        /// approve, refuse; nil while waiting.
        var decision: String?
        var decisionTitle: String
        /// The approver as they were when they decided (principle 12).
        var decidedBy: String?
        var decidedAt: Date?
        var comment: String
    }

    struct Leaf: Content {
        var index: Int64
        var hash: String
        /// What the QR code encodes: `baomi:leaf:<index>:<hash>`.
        var text: String
        var recordedAt: String
        var action: String
    }

    var id: UUID
    var number: String
    var kind: String
    var kindTitle: String
    var state: String
    var stateTitle: String
    var requester: String
    /// What the request concerns, or the reference standing for a carrier the viewer may not read (principle 11).
    var subject: String
    var reason: String
    var submittedAt: Date
    var closedAt: Date?
    /// The highest marking among its carriers as requested; nil when the viewer may not read every one of them.
    var marking: String?
    /// The request's own fields, whatever its kind, from `payloadRows`.
    var rows: [Row]
    var steps: [Step]
    var leaf: Leaf?
}

extension ApprovalForm {
    init(
        _ request: RequestModel, sights: CarrierSights, catalogue: LevelCatalogue, leaf: AuditRecord?,
        context: PageContext
    ) {
        id = request.id ?? UUID()
        number = request.number
        kind = request.kind
        kindTitle = RequestKind(rawValue: request.kind).map { context.t($0.title) } ?? request.kind
        state = request.state
        stateTitle = RequestState(rawValue: request.state).map { context.t($0.title) } ?? request.state
        requester = request.requesterName
        subject = RequestFacts.subject(request, sights: sights, context: context)
        reason = request.reason
        submittedAt = request.createdAt
        closedAt = request.closedAt
        let readsAll = request.items.allSatisfy { sights.sight($0.copy.$carrier.id, duty: true) == .full }
        marking =
            readsAll
            ? request.items.compactMap { catalogue.definition(LevelID(rawValue: $0.snapshot.level)) }
                .max { $0.protectionWeight < $1.protectionWeight }.map { context.t($0.name) } : nil
        rows = Self.payloadRows(request, readsAll: readsAll, context: context, catalogue: catalogue)
        // Every decision of every round (a return for changes stays on the paper); a step a return left undecided
        // was never reached and is not printed.
        let rounds = request.round > 1
        steps = request.steps.sorted { $0.position < $1.position }
            .filter { $0.decision != nil || $0.round == request.round }
            .map { step in
                let title = step.approvalSpec.map { context.t($0.title) } ?? ""
                let comment = [
                    step.comment, step.conditions.isEmpty ? "" : context.t("附加条件：", "Conditions: ") + step.conditions,
                ]
                .filter { !$0.isEmpty }.joined(separator: "；")
                return Step(
                    position: step.position,
                    title: (rounds ? context.t("第\(step.round)轮 ", "Round \(step.round): ") : "") + title,
                    decision: step.decision,
                    decisionTitle: ApprovalPages.decisionTitle(step.decision, context: context),
                    decidedBy: step.decision == nil ? nil : step.approver(in: context.language),
                    decidedAt: step.decidedAt, comment: comment)
            }
        self.leaf = leaf.map { record in
            Leaf(
                index: record.leafIndex, hash: record.leafHash,
                text: AuditLeafReference(index: record.leafIndex, hash: record.leafHash).text,
                recordedAt: record.recordedAt, action: record.action)
        }
    }

    /// The request's own fields as label/value rows — the one place the form learns them, so any kind prints
    /// without code of its own: a kind's fields appear here as soon as its payload view names them.
    static func payloadRows(
        _ request: RequestModel, readsAll: Bool, context: PageContext, catalogue: LevelCatalogue
    ) -> [Row] {
        var rows: [Row] = []
        if let marking = RequestFacts.markingWhenRequested(request, readable: readsAll, context: context) {
            rows.append(Row(label: marking.0, value: marking.1))
        }
        rows += RequestPayloadViews.lines(of: request, context: context, catalogue: catalogue).map {
            Row(label: $0.0, value: $0.1)
        }
        return rows
    }
}
