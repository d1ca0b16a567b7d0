import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Borrowing and carrying out (借阅、外带; A6, C4, L1.2, L1.6, L1.7, L1.9, L3): submitted, approved, handed over by
/// the copy's keeper, handed back by the holder — or taken back by the security office — and checked in by the
/// custodian. A copy on loan may be carried out by its borrower and comes back to the borrowing.
extension RequestRepository {
    /// Checks a borrowing or carrying out; for a carrying out of a copy the requester holds on loan, returns that
    /// borrowing's loan (the copy comes back to it).
    func checkLoan(
        _ kind: RequestKind, copies: [CopyModel], level: LevelDefinition, payload: LoanTerms,
        catalogue: LevelCatalogue, actor: RequestActor, on database: any Database
    ) async throws -> LoanModel? {
        guard let copy = copies.first, copies.count == 1 else {
            throw DomainError.invalid(field: "copyIDs", rule: RuleID("C4"), zh: "一次借用一份载体", en: "One copy at a time")
        }
        var parent: LoanModel?
        if kind == .carryOut, copy.state == CopyState.onLoan.rawValue {
            // Its borrower may take it out of the office; it then comes back to the borrowing (LIFECYCLE.md).
            parent = try await LoanModel.query(on: database).filter(\.$copy.$id == copy.requireID())
                .filter(\.$isOpen == true).filter(\.$parentRequestID == nil).filter(\.$returnedAt == nil).first()
            guard let parent, parent.issuedAt != nil, actor.personID != nil,
                parent.borrowerPersonID == actor.personID
            else {
                throw DomainError.conflict(
                    LocalizedText(
                        zh: "第\(copy.serial)份已借出：只有借阅人本人可以申请将其外带",
                        en: "Copy \(copy.serial) is on loan: only its borrower may ask to take it out"),
                    rule: RuleID("C4"))
            }
        } else if copy.state != CopyState.stored.rawValue {
            throw DomainError.conflict(
                LocalizedText(
                    zh: "第\(copy.serial)份现为「\(CopyState(rawValue: copy.state)?.title.zh ?? copy.state)」，只能借用在库的载体份",
                    en:
                        "Copy \(copy.serial) is \(CopyState(rawValue: copy.state)?.title.en ?? copy.state); only a stored copy can be lent"
                ),
                rule: RuleID("C4"))
        }
        if let batch = try await openDestructionBatch(holding: copy, on: database) {
            throw DomainError.conflict(
                LocalizedText(
                    zh: "第\(copy.serial)份已列入销毁批次 \(batch)，不能借出",
                    en: "Copy \(copy.serial) is in destruction batch \(batch)"),
                rule: RuleID("C8"))
        }
        let today = ClearanceRepository.today(clock())
        var errors: [FieldError]
        switch kind {
        case .borrow:
            var place: StoragePlaceModel?
            if let placeID = payload.placeID { place = try await StoragePlaceModel.find(placeID, on: database) }
            errors = BorrowingRules.checkBorrow(
                level: level, place: place.flatMap { catalogue.definition(LevelID(rawValue: $0.maxLevel)) },
                placeName: place?.name ?? "", due: payload.returnDate, today: today)
        default:
            let bearers = try await Bearers.load(
                payload.escortIDs ?? [], field: "escortIDs", store: store, clock: clock, on: database)
            var courier: Bearer?
            if let courierID = payload.courierID {
                courier = try await Bearers.load(
                    [courierID], field: "courierID", store: store, clock: clock, on: database
                ).bearers.first
            }
            errors = BorrowingRules.checkCarryOut(
                level: level, purpose: CarryOutPurpose(rawValue: payload.purposeKind ?? ""),
                destination: payload.carryOutDestination, bearers: bearers.bearers, courier: courier,
                returnDate: payload.returnDate, today: today, postClasses: bearers.postClasses, levels: catalogue)
            if let parent, let back = payload.returnDate, SecrecyPeriod.isDate(back), back > parent.returnDate {
                errors.append(
                    FieldError(
                        field: "returnDate", rule: RuleID("L1.9"),
                        message: LocalizedText(
                            zh: "外带须在借阅到期（\(parent.returnDate)）前带回",
                            en: "It comes back before the borrowing is due (\(parent.returnDate))")))
            }
        }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        return parent
    }

    /// The loan row that reserves the copy. The unique index on open loans decides a race: the loser gets 409. A
    /// carrying out of a copy on loan names its borrowing instead, and a borrowing has one such open at a time.
    func openLoan(
        _ request: RequestModel, kind: RequestKind, copy: CopyModel, parent: LoanModel?, payload: LoanTerms,
        actor: RequestActor, on database: any Database
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
        loan.destination = kind == .carryOut ? payload.carryOutDestination.text.zh : ""
        loan.returnDate = payload.returnDate ?? ""
        loan.parentRequestID = parent?.$request.id
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

    /// What a hand-over, a return or a check-in reads inside the write gate: the request's kind, state and number,
    /// its loan, its copy and the carrier's level and declassification in one statement of indexed look-ups (every
    /// other writer waits at the gate meanwhile).
    struct LoanAtHand {
        var kind: RequestKind?
        var state: String
        var number: String
        var copy: CopyModel
        var loanID: UUID
        var issuedAt: Date?
        var returnedAt: Date?
        var checkedInAt: Date?
        var borrowerPersonID: UUID?
        var borrowerAccountID: UUID
        var borrowerName: String
        var returnDate: String
        var homePlaceID: UUID?
        var parentRequestID: UUID?
        var level: String
        var declassified: Bool

        /// The loan as `LoanRules` sees it.
        func facts(_ kind: RequestKind) -> LoanFacts {
            LoanFacts(
                kind: kind, approved: state == RequestState.approved.rawValue, issued: issuedAt != nil,
                returned: returnedAt != nil, checkedIn: checkedInAt != nil, copyState: CopyState(rawValue: copy.state),
                holderPersonID: copy.$holder.id, borrowerPersonID: borrowerPersonID,
                borrowerAccountID: borrowerAccountID, returnDate: returnDate)
        }
    }

    /// The loan of `requestID` read inside the write gate, refused as a conflict unless `step` is its next (C4).
    private func loan(
        _ requestID: UUID, ready step: LoanStep, trail: AuditTrail, on transaction: any Database
    ) async throws -> (LoanAtHand, RequestKind, LoanFacts) {
        let loan = try await loanAtHand(requestID, on: transaction)
        if let loan { trail.subject = AuditSubject(type: "request", id: requestID.uuidString, label: loan.number) }
        guard let loan, let kind = loan.kind, kind.isLoan else {
            let refusal = LoanRules.outOfTurn(step)
            throw DomainError.conflict(refusal.reason, rule: refusal.rule)
        }
        let facts = loan.facts(kind)
        try LoanRules.isNext(step, facts).enforceAsConflict()
        return (loan, kind, facts)
    }

    /// Takes the request's row first (`RowLock`): of two hand-overs, returns or check-ins at once, the second reads
    /// the first one's outcome and gets 409.
    func loanAtHand(_ requestID: UUID, on database: any Database) async throws -> LoanAtHand? {
        try await RowLock.take(RequestModel.schema, id: requestID, on: database)
        let row = try await database.sql.raw(
            """
            SELECT r.kind, r.state, r.number, l.id AS loan_id, l.issued_at, l.returned_at, l.checked_in_at,
                l.borrower_person_id, l.borrower_account_id, l.borrower_name, l.return_date, l.home_place_id,
                l.parent_request_id, c.level AS carrier_level, c.declassified_on,
                \(unsafeRaw: ModelRows.columns(CopyModel.self, as: "k"))
            FROM requests r JOIN loans l ON l.request_id = r.id JOIN copies k ON k.id = l.copy_id
                JOIN carriers c ON c.id = k.carrier_id
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
            checkedInAt: try row.decode(column: "checked_in_at", as: Date?.self),
            borrowerPersonID: try row.decode(column: "borrower_person_id", as: UUID?.self),
            borrowerAccountID: try row.decode(column: "borrower_account_id", as: UUID.self),
            borrowerName: try row.decode(column: "borrower_name", as: String.self),
            returnDate: try row.decode(column: "return_date", as: String.self),
            homePlaceID: try row.decode(column: "home_place_id", as: UUID?.self),
            parentRequestID: try row.decode(column: "parent_request_id", as: UUID?.self),
            level: try row.decode(column: "carrier_level", as: String.self),
            declassified: try row.decode(column: "declassified_on", as: String?.self) != nil)
    }

    /// The keeper hands the approved copy to the borrower: the borrower becomes its holder, and the taking is entered
    /// in the reading register (C4). A copy carried out of a borrowing stays with its borrower.
    public func issue(_ requestID: UUID, by actor: RequestActor, on database: any Database) async throws {
        try await store.perform(
            on: database, by: actor.audit, .loanIssue, subject: AuditSubject(type: "request", id: requestID.uuidString)
        ) { transaction, trail in
            let (loan, kind, _) = try await loan(requestID, ready: .handOver, trail: trail, on: transaction)
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
            if loan.parentRequestID == nil {
                try await ClearanceRepository.insertReading(
                    carrierID: copy.$carrier.id, copyID: copy.id, personID: loan.borrowerPersonID,
                    accountID: loan.borrowerAccountID, readerName: loan.borrowerName, kind: .take, at: now,
                    on: transaction)
            }
            trail.note("borrower", loan.borrowerName)
            trail.note("returnDate", loan.returnDate)
        }
    }

    /// The holder hands the copy back — or the security office takes it back (`force`, recorded as such). It is
    /// then "returning", not stored, until the custodian checks it in (`checkIn`, C4). Returns when it was handed
    /// back.
    @discardableResult
    public func returnLoan(
        _ requestID: UUID, force: Bool, by actor: RequestActor, on database: any Database
    ) async throws -> Date {
        try await store.perform(
            on: database, by: actor.audit, .loanReturn, subject: AuditSubject(type: "request", id: requestID.uuidString)
        ) { transaction, trail in
            let (loan, kind, facts) = try await loan(requestID, ready: .handBack, trail: trail, on: transaction)
            try LoanRules.mayHandBack(facts, by: actor.party, force: force).enforce()
            if force { trail.note("forced", "true") }
            let copy = loan.copy
            copy.$holder.id = nil
            try await move(
                copy, kind == .borrow ? .returnFromLoan : .bringBack, actor: actor.audit, counterpart: loan.number,
                clearPlace: true, details: force ? ["forced": "true"] : [:], on: transaction)
            let now = clock()
            try await transaction.sql.raw(
                """
                UPDATE loans SET returned_at = \(bind: now), returned_by = \(bind: actor.displayName),
                    forced = \(bind: force)
                WHERE id = \(bind: loan.loanID)
                """
            ).run()
            return now
        }
    }

    /// The custodian checks a returned copy in (C4): back to its place — where it came from unless another place of
    /// storage is named (C6) — or, carried out of a borrowing, back to its borrower. The loan then ends. Whoever
    /// handed it back does not check it in too; and a copy of a carrier declassified meanwhile comes in declassified
    /// (C9).
    public func checkIn(
        _ requestID: UUID, placeID: UUID?, catalogue: LevelCatalogue, by actor: RequestActor,
        on database: any Database
    ) async throws {
        try await store.perform(
            on: database, by: actor.audit, .loanCheckIn,
            subject: AuditSubject(type: "request", id: requestID.uuidString)
        ) { transaction, trail in
            let (loan, _, facts) = try await loan(requestID, ready: .checkIn, trail: trail, on: transaction)
            try LoanRules.mayCheckIn(facts, by: actor.party).enforce()
            let copy = loan.copy
            if loan.parentRequestID != nil {
                try await move(
                    copy, .resumeLoan, actor: actor.audit, counterpart: loan.number, holderID: loan.borrowerPersonID,
                    on: transaction)
                trail.note("borrower", loan.borrowerName)
            } else {
                guard let level = catalogue.definition(LevelID(rawValue: loan.level)) else {
                    throw DomainError.conflict(
                        LocalizedText(zh: "载体密级未配置", en: "The carrier's level is not configured"), rule: nil)
                }
                guard let target = placeID ?? loan.homePlaceID else {
                    throw DomainError.invalid(
                        field: "placeID", rule: RuleID("C6"), zh: "请选择存放位置", en: "Choose a storage place")
                }
                let place = try await CopyStepRepository.checkedPlace(
                    target, level: level, declassified: loan.declassified, catalogue: catalogue, on: transaction)
                try await move(
                    copy, .checkIn, actor: actor.audit, counterpart: loan.number, placeID: place.id,
                    declassified: loan.declassified, on: transaction)
                trail.note("place", place.name)
            }
            let now = clock()
            try await transaction.sql.raw(
                """
                UPDATE loans SET checked_in_at = \(bind: now), checked_in_by = \(bind: actor.displayName),
                    is_open = \(bind: false)
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

extension RequestActor {
    /// The actor as `LoanRules` sees them.
    public var party: LoanParty { LoanParty(accountID: accountID, personID: personID, roles: roles) }
}

extension LoanModel {
    /// The loan as `LoanRules` sees it; `holderPersonID` and `approved` come from its copy and its request.
    public func facts(approved: Bool, copyState: CopyState?, holderPersonID: UUID?) -> LoanFacts {
        LoanFacts(
            kind: RequestKind(rawValue: kind) ?? .borrow, approved: approved, issued: issuedAt != nil,
            returned: returnedAt != nil, checkedIn: checkedInAt != nil, copyState: copyState,
            holderPersonID: holderPersonID, borrowerPersonID: borrowerPersonID, borrowerAccountID: borrowerAccountID,
            returnDate: returnDate)
    }

    /// Handed over, not back, and past its return date (L1.9, `LoanRules.isOverdue`).
    public func isOverdue(today: String) -> Bool {
        LoanRules.isOverdue(issued: issuedAt != nil, returned: returnedAt != nil, returnDate: returnDate, today: today)
    }
}
