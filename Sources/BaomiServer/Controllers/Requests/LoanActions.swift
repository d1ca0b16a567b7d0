import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// Borrowing and carrying out, shared by the pages and the API (A6, C4): who may ask, hand over and take back.
enum LoanActions {
    /// Asking: a borrowing or carrying out needs the access decision's `borrow` (clearance and scope, A2, A3); every
    /// other request is the keepers' (T5.2).
    static func requireSubmission(
        _ kind: RequestKind, carriers: [CarrierModel], request: Request
    ) async throws -> Viewer {
        if kind.isLoan {
            let viewer = try await request.require(.borrowCarriers)
            for carrier in carriers { try await request.requireAccess(.borrow, to: carrier, viewer: viewer) }
            return viewer
        }
        let viewer = try await request.require(.manageCarriers)
        for carrier in carriers { try await request.requireStewardship(of: carrier, viewer: viewer) }
        return viewer
    }

    /// Handing over: by the copy's keeper, and only if the borrower may still have it — a clearance withdrawn
    /// since the approval stops the hand-over (A2, A4).
    static func issue(_ id: UUID, viewer: Viewer, request: Request) async throws {
        try await issue(try await request.baomi.requests.request(id, on: request.db), viewer: viewer, request: request)
    }

    /// Handing over a request already loaded (with its copy and carrier).
    static func issue(_ model: RequestModel, viewer: Viewer, request: Request) async throws {
        let id = try model.requireID()
        let levels = try await request.levelCatalogue()
        let postClasses = try await request.postClassCatalogue()
        guard let copy = model.items.first?.copy,
            let borrower = try await request.baomi.requests.borrower(
                of: id, levels: levels, postClasses: postClasses, on: request.reads)
        else { throw DomainError.notFound(zh: "借用申请不存在", en: "No such borrowing") }
        try await request.requireStewardship(of: copy, viewer: viewer)
        let verdict = AccessDecision.decide(
            borrower.subject, .borrow, try await request.accessObject(copy.carrier), postClasses: postClasses,
            levels: levels)
        if let refusal = verdict.refusal {
            throw Refusal(
                rule: refusal.rule, zh: "借用人\(borrower.name)现已无权接触：\(refusal.reason.zh)",
                en: "\(borrower.name) may no longer have it: \(refusal.reason.en)")
        }
        try await request.baomi.requests.issue(id, by: RequestsController.actor(viewer), on: request.db)
    }

    /// Returning or taking back; returns when the request closed.
    @discardableResult
    static func giveBack(_ id: UUID, force: Bool, viewer: Viewer, request: Request) async throws -> Date {
        try await request.baomi.requests.returnLoan(
            id, force: force, by: RequestsController.actor(viewer), on: request.db)
    }

    /// What the viewer may do with a loan on the request page.
    struct Options {
        var loan: LoanModel
        var canIssue: Bool
        var canReturn: Bool
        var canTakeBack: Bool
        var overdue: Bool
    }

    static func options(_ model: RequestModel, viewer: Viewer, request: Request) async throws -> Options? {
        guard RequestKind(rawValue: model.kind)?.isLoan == true, let id = model.id,
            let loan = try await request.baomi.requests.loan(of: id, on: request.db),
            let copy = model.items.first?.copy
        else { return nil }
        let levels = try await request.baomi.settings.levelCatalogue(on: request.db)
        let keeps = AccessDecision.decide(
            try await request.accessSubject(viewer), .manage,
            try await request.baomi.clearances.object(copy.carrier, levels: levels, on: request.db),
            postClasses: try await request.baomi.settings.postClasses(on: request.db), levels: levels
        ).isAllowed
        let out = loan.issuedAt != nil && loan.returnedAt == nil
        return Options(
            loan: loan,
            canIssue: keeps && model.state == RequestState.approved.rawValue && loan.issuedAt == nil,
            canReturn: out && viewer.account.$person.id != nil && copy.$holder.id == viewer.account.$person.id,
            canTakeBack: out && viewer.roles.contains(.securityOffice),
            overdue: out
                && BorrowingRules.isOverdue(
                    returnDate: loan.returnDate, today: ClearanceRepository.today(request.baomi.clock()))
        )
    }
}
