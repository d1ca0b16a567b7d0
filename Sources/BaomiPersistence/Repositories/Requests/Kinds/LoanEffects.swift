import BaomiDomain
import FluentKit
import Foundation

/// 借阅 (A6, C4, L1.2, L1.9): checked and reserved by a loan row at submission; the approval lets the keeper hand
/// it over (`RequestRepository+Loans`).
struct BorrowEffect: RequestKindEffect {
    typealias Kind = Borrow

    func check(
        _ submission: inout Submission<Borrow.Payload>, repository: RequestRepository, on database: any Database
    ) async throws {
        submission.parentLoan = try await repository.checkLoan(
            .borrow, copies: submission.copies, level: try submission.requireLevel(),
            payload: LoanTerms(submission.payload), catalogue: submission.catalogue, actor: submission.actor,
            on: database)
    }

    func submitted(
        _ request: RequestModel, _ submission: Submission<Borrow.Payload>, repository: RequestRepository,
        on database: any Database
    ) async throws {
        guard let copy = submission.copies.first else { return }
        try await repository.openLoan(
            request, kind: .borrow, copy: copy, parent: submission.parentLoan, payload: LoanTerms(submission.payload),
            actor: submission.actor, on: database)
    }

    /// Approved: the copy waits to be handed over (issue) by its keeper.
    func apply(
        _ request: RequestModel, payload: Borrow.Payload, catalogue: LevelCatalogue, actor: RequestActor,
        repository: RequestRepository, on database: any Database
    ) async throws {}

    func release(
        _ request: RequestModel, actor: AuditActor, repository: RequestRepository, on database: any Database
    ) async throws {
        try await repository.closeLoan(of: request, on: database)
    }
}

/// 外带 (C4, L1.6, L1.7, L3): as a borrowing, with bearers and a destination; a copy on loan comes back to its
/// borrowing.
struct CarryOutEffect: RequestKindEffect {
    typealias Kind = CarryOut

    func check(
        _ submission: inout Submission<CarryOut.Payload>, repository: RequestRepository, on database: any Database
    ) async throws {
        submission.parentLoan = try await repository.checkLoan(
            .carryOut, copies: submission.copies, level: try submission.requireLevel(),
            payload: LoanTerms(submission.payload), catalogue: submission.catalogue, actor: submission.actor,
            on: database)
    }

    func submitted(
        _ request: RequestModel, _ submission: Submission<CarryOut.Payload>, repository: RequestRepository,
        on database: any Database
    ) async throws {
        guard let copy = submission.copies.first else { return }
        try await repository.openLoan(
            request, kind: .carryOut, copy: copy, parent: submission.parentLoan,
            payload: LoanTerms(submission.payload), actor: submission.actor, on: database)
    }

    /// Approved: the copy waits to be handed over (issue) by its keeper.
    func apply(
        _ request: RequestModel, payload: CarryOut.Payload, catalogue: LevelCatalogue, actor: RequestActor,
        repository: RequestRepository, on database: any Database
    ) async throws {}

    func release(
        _ request: RequestModel, actor: AuditActor, repository: RequestRepository, on database: any Database
    ) async throws {
        try await repository.closeLoan(of: request, on: database)
    }
}

/// The terms of a borrowing or carrying out, as the loan checks and the loan row read them.
struct LoanTerms {
    var placeID: UUID?
    var returnDate: String?
    var purposeKind: String?
    var escortIDs: [UUID]?
    var courierID: UUID?
    var carryOutDestination: Destination

    init(_ payload: Borrow.Payload) {
        placeID = payload.placeID
        returnDate = payload.returnDate
        carryOutDestination = Destination(country: Destination.home, province: nil, place: "")
    }

    init(_ payload: CarryOut.Payload) {
        returnDate = payload.returnDate
        purposeKind = payload.purposeKind
        escortIDs = payload.escortIDs
        courierID = payload.courierID
        carryOutDestination = payload.structuredDestination
    }
}

extension Submission {
    /// The level of copies the submission named (always set for a subject in the register).
    func requireLevel() throws -> LevelDefinition {
        guard let level else {
            throw DomainError.conflict(
                LocalizedText(zh: "载体密级未配置", en: "A carrier's level is not configured"), rule: nil)
        }
        return level
    }
}
