import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Borrowing and carrying out (借阅、外带; A6, C4, L1.2, L1.6, L1.7, L1.9, L3): submitted, approved, handed over by
/// the copy's keeper, returned by the holder — or taken back by the security office.
extension RequestRepository {
    func checkLoan(
        _ kind: RequestKind, copies: [CopyModel], level: LevelDefinition, payload: RequestPayload,
        catalogue: LevelCatalogue, on database: any Database
    ) async throws {
        guard let copy = copies.first, copies.count == 1 else {
            throw DomainError.invalid(field: "copyIDs", rule: RuleID("C4"), zh: "一次借用一份载体", en: "One copy at a time")
        }
        guard copy.state == CopyState.stored.rawValue else {
            throw DomainError.conflict(
                LocalizedText(
                    zh: "第\(copy.serial)份现为「\(CopyState(rawValue: copy.state)?.title.zh ?? copy.state)」，只能借用在库的载体份",
                    en:
                        "Copy \(copy.serial) is \(CopyState(rawValue: copy.state)?.title.en ?? copy.state); only a stored copy can be lent"
                ),
                rule: RuleID("C4"))
        }
        let today = ClearanceRepository.today(clock())
        let errors: [FieldError]
        switch kind {
        case .borrow:
            var place: StoragePlaceModel?
            if let placeID = payload.placeID { place = try await StoragePlaceModel.find(placeID, on: database) }
            errors = BorrowingRules.checkBorrow(
                level: level, place: place.flatMap { catalogue.definition(LevelID(rawValue: $0.maxLevel)) },
                placeName: place?.name ?? "", due: payload.returnDate, today: today)
        default:
            errors = BorrowingRules.checkCarryOut(
                level: level, purpose: CarryOutPurpose(rawValue: payload.purposeKind ?? ""),
                destination: payload.destination ?? "", abroad: payload.abroad ?? false,
                escorts: payload.escorts ?? [], courier: payload.courier ?? "", returnDate: payload.returnDate,
                today: today)
        }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
    }

    /// The loan row that reserves the copy. The unique index on open loans decides a race: the loser gets 409.
    func openLoan(
        _ request: RequestModel, kind: RequestKind, copy: CopyModel, payload: RequestPayload, actor: RequestActor,
        on database: any Database
    ) async throws {
        guard let person = actor.personID else {
            throw DomainError.invalid(
                field: "reason", rule: RuleID("A6"), zh: "账号未关联人员，不能借用载体",
                en: "This account is not linked to a person and cannot borrow")
        }
        let loan = LoanModel()
        loan.$request.id = try request.requireID()
        loan.$copy.id = try copy.requireID()
        loan.kind = kind.rawValue
        loan.borrowerPersonID = person
        loan.borrowerAccountID = actor.accountID
        // Registers name the person (借阅人), not the account, with their department and the place of use as they
        // are now (principle 12).
        let borrower = try await PersonModel.query(on: database).filter(\.$id == person).with(\.$department).first()
        loan.borrowerName = borrower?.name ?? actor.displayName
        loan.borrowerDepartmentName = borrower?.department.name ?? ""
        loan.$usePlace.id = kind == .borrow ? payload.placeID : nil
        loan.usePlaceName = ""
        if let place = loan.$usePlace.id {
            loan.usePlaceName = try await StoragePlaceModel.find(place, on: database)?.name ?? ""
        }
        loan.destination = (payload.destination ?? "").trimmed
        loan.returnDate = payload.returnDate ?? ""
        loan.forced = false
        loan.isOpen = true
        do {
            try await loan.create(on: database)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw DomainError.conflict(
                LocalizedText(
                    zh: "第\(copy.serial)份已有借阅或外带申请在办，同一份载体不能同时借给两人",
                    en:
                        "Copy \(copy.serial) already has a borrowing or carrying out under way; it cannot go to two people"
                ),
                rule: RuleID("C4"))
        }
    }

    func closeLoan(of request: RequestModel, on database: any Database) async throws {
        try await LoanModel.query(on: database).filter(\.$request.$id == request.requireID()).set(\.$isOpen, to: false)
            .update()
    }

    public func loan(of requestID: UUID, on database: any Database) async throws -> LoanModel? {
        try await LoanModel.query(on: database).filter(\.$request.$id == requestID).with(\.$usePlace).first()
    }

    /// Who a loan goes to, as the access decision sees them (A2, A4): the account's roles and the person's clearance,
    /// read with the loan in one statement. Nil when the request has no loan.
    public func borrower(
        of requestID: UUID, levels: LevelCatalogue, postClasses: PostClassCatalogue, on database: any Database
    ) async throws -> (name: String, subject: AccessSubject)? {
        guard
            let row = try await database.sql.raw(
                """
                SELECT l.borrower_name, \(unsafeRaw: ModelRows.columns(AccountModel.self, as: "a")),
                    \(unsafeRaw: ModelRows.columns(PersonModel.self, as: "p"))
                FROM loans l LEFT JOIN accounts a ON a.id = l.borrower_account_id
                    LEFT JOIN people p ON p.id = l.borrower_person_id
                WHERE l.request_id = \(bind: requestID)
                """
            ).first()
        else { return nil }
        let account = try ModelRows.decode(AccountModel.self, as: "a", from: row)
        let subject = ClearanceRepository.subject(
            person: try ModelRows.decode(PersonModel.self, as: "p", from: row), roles: account?.roles ?? [],
            levels: levels, postClasses: postClasses, today: ClearanceRepository.today(clock()))
        return (try row.decode(column: "borrower_name", as: String.self), subject)
    }

    /// What a hand-over or a return reads inside the write gate: the request's kind, state and number, its loan
    /// and its copy in one statement of indexed look-ups (every other writer waits at the gate meanwhile).
    struct LoanAtHand {
        var kind: RequestKind?
        var state: String
        var number: String
        var copy: CopyModel
        var loanID: UUID
        var issuedAt: Date?
        var returnedAt: Date?
        var borrowerPersonID: UUID?
        var borrowerAccountID: UUID
        var borrowerName: String
        var returnDate: String
        var homePlaceID: UUID?
    }

    /// Takes the request's row first (`RowLock`): of two hand-overs or returns at once, the second reads the first
    /// one's outcome and gets 409.
    func loanAtHand(_ requestID: UUID, on database: any Database) async throws -> LoanAtHand? {
        try await RowLock.take(RequestModel.schema, id: requestID, on: database)
        let row = try await database.sql.raw(
            """
            SELECT r.kind, r.state, r.number, l.id AS loan_id, l.issued_at, l.returned_at,
                l.borrower_person_id, l.borrower_account_id, l.borrower_name, l.return_date, l.home_place_id,
                \(unsafeRaw: ModelRows.columns(CopyModel.self, as: "k"))
            FROM requests r JOIN loans l ON l.request_id = r.id JOIN copies k ON k.id = l.copy_id
            WHERE r.id = \(bind: requestID)
            """
        ).first()
        guard let row else {
            guard try await RequestModel.find(requestID, on: database) != nil else {
                throw DomainError.notFound(zh: "申请不存在", en: "No such request")
            }
            return nil
        }
        return LoanAtHand(
            kind: RequestKind(rawValue: try row.decode(column: "kind", as: String.self)),
            state: try row.decode(column: "state", as: String.self),
            number: try row.decode(column: "number", as: String.self),
            copy: try ModelRows.require(CopyModel.self, as: "k", from: row),
            loanID: try row.decode(column: "loan_id", as: UUID.self),
            issuedAt: try row.decode(column: "issued_at", as: Date?.self),
            returnedAt: try row.decode(column: "returned_at", as: Date?.self),
            borrowerPersonID: try row.decode(column: "borrower_person_id", as: UUID?.self),
            borrowerAccountID: try row.decode(column: "borrower_account_id", as: UUID.self),
            borrowerName: try row.decode(column: "borrower_name", as: String.self),
            returnDate: try row.decode(column: "return_date", as: String.self),
            homePlaceID: try row.decode(column: "home_place_id", as: UUID?.self))
    }

    /// The keeper hands the approved copy to the borrower: the borrower becomes its holder, and the taking is entered
    /// in the reading register (C4).
    public func issue(_ requestID: UUID, by actor: RequestActor, on database: any Database) async throws {
        try await store.perform(
            on: database, by: actor.audit, .loanIssue, subject: AuditSubject(type: "request", id: requestID.uuidString)
        ) { transaction, trail in
            let loan = try await loanAtHand(requestID, on: transaction)
            if let loan { trail.subject = AuditSubject(type: "request", id: requestID.uuidString, label: loan.number) }
            guard let loan, let kind = loan.kind, kind.isLoan, loan.state == RequestState.approved.rawValue,
                loan.issuedAt == nil
            else {
                throw DomainError.conflict(
                    LocalizedText(zh: "只有已批准、尚未借出的申请可以交付", en: "Only an approved request not yet handed over"),
                    rule: RuleID("C4"))
            }
            let copy = loan.copy
            let home = copy.$place.id
            try await move(
                copy, kind == .borrow ? .lend : .carryOut, actor: actor.audit, counterpart: loan.number,
                holderID: loan.borrowerPersonID, clearPlace: true, on: transaction)
            let now = clock()
            try await transaction.sql.raw(
                """
                UPDATE loans SET home_place_id = \(bind: home), issued_at = \(bind: now),
                    issued_by = \(bind: actor.displayName)
                WHERE id = \(bind: loan.loanID)
                """
            ).run()
            try await ClearanceRepository.insertReading(
                carrierID: copy.$carrier.id, copyID: copy.id, personID: loan.borrowerPersonID,
                accountID: loan.borrowerAccountID, readerName: loan.borrowerName, kind: .take, at: now,
                on: transaction)
            trail.note("borrower", loan.borrowerName)
            trail.note("returnDate", loan.returnDate)
        }
    }

    /// The holder returns the copy to where it came from; only the holder, or the security office taking it back
    /// (`force`, recorded as such). Returns when the request closed.
    @discardableResult
    public func returnLoan(
        _ requestID: UUID, force: Bool, by actor: RequestActor, on database: any Database
    ) async throws -> Date {
        try await store.perform(
            on: database, by: actor.audit, .loanReturn, subject: AuditSubject(type: "request", id: requestID.uuidString)
        ) { transaction, trail in
            let loan = try await loanAtHand(requestID, on: transaction)
            if let loan { trail.subject = AuditSubject(type: "request", id: requestID.uuidString, label: loan.number) }
            guard let loan, let kind = loan.kind, kind.isLoan, loan.issuedAt != nil, loan.returnedAt == nil else {
                throw DomainError.conflict(
                    LocalizedText(zh: "该载体未借出或已归还", en: "This copy is not out or is already back"), rule: RuleID("C4"))
            }
            if force {
                guard actor.roles.contains(.securityOffice) else {
                    throw Refusal(
                        rule: RuleID("C4"), zh: "只有保密办可以强制收回", en: "Only the security office can take a copy back")
                }
                trail.note("forced", "true")
            } else if actor.personID == nil || actor.personID != loan.copy.$holder.id {
                throw Refusal(
                    rule: RuleID("C4"), zh: "只有持有人本人可以归还；保密办可强制收回",
                    en: "Only the holder returns it; the security office can take it back")
            }
            guard let home = loan.homePlaceID else {
                throw DomainError.conflict(
                    LocalizedText(zh: "不知道该载体份原存放位置", en: "The copy's place is unknown"), rule: RuleID("C6"))
            }
            let copy = loan.copy
            copy.$holder.id = nil
            try await move(
                copy, kind == .borrow ? .returnFromLoan : .bringBack, actor: actor.audit, counterpart: loan.number,
                placeID: home, on: transaction)
            let now = clock()
            try await transaction.sql.raw(
                """
                UPDATE loans SET returned_at = \(bind: now), returned_by = \(bind: actor.displayName),
                    forced = \(bind: force), is_open = \(bind: false)
                WHERE id = \(bind: loan.loanID)
                """
            ).run()
            try await transaction.sql.raw(
                """
                UPDATE requests SET state = \(bind: RequestState.done.rawValue), closed_at = \(bind: now),
                    version = version + 1
                WHERE id = \(bind: requestID)
                """
            ).run()
            return now
        }
    }

    /// Loans for the borrowing register (借阅登记簿, LEDGERS.md) and the personal page: newest first.
    public func loans(
        borrower: UUID? = nil, outOnly: Bool = false, limit: Int = 500, on database: any Database
    ) async throws -> [LoanModel] {
        var query = LoanModel.query(on: database).with(\.$copy) { $0.with(\.$carrier) }.with(\.$usePlace)
            .with(\.$request) { $0.with(\.$steps) }
        if let borrower { query = query.filter(\.$borrowerPersonID == borrower) }
        if outOnly { query = query.filter(\.$issuedAt != nil).filter(\.$returnedAt == nil) }
        return try await query.sort(\.$returnDate).limit(limit).all()
    }
}
