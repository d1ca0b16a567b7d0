import Foundation

/// A borrowing or carrying out as the loan rules see it (C4, L1.9): where it stands, who has the copy, when it is due.
public struct LoanFacts: Hashable, Sendable {
    public var kind: RequestKind
    /// The request's last step approved it (and it is not closed or withdrawn).
    public var approved: Bool
    public var issued: Bool
    public var returned: Bool
    public var checkedIn: Bool
    /// The copy's state now: a borrowed copy carried out, or one handed back and not yet checked in.
    public var copyState: CopyState?
    /// The person holding the copy now (the borrower once it is handed over).
    public var holderPersonID: UUID?
    public var borrowerPersonID: UUID?
    public var borrowerAccountID: UUID?
    /// `YYYY-MM-DD`, or empty when none was given.
    public var returnDate: String

    public init(
        kind: RequestKind, approved: Bool, issued: Bool, returned: Bool, checkedIn: Bool, copyState: CopyState?,
        holderPersonID: UUID?, borrowerPersonID: UUID?, borrowerAccountID: UUID?, returnDate: String
    ) {
        self.kind = kind
        self.approved = approved
        self.issued = issued
        self.returned = returned
        self.checkedIn = checkedIn
        self.copyState = copyState
        self.holderPersonID = holderPersonID
        self.borrowerPersonID = borrowerPersonID
        self.borrowerAccountID = borrowerAccountID
        self.returnDate = returnDate
    }

    /// Handed over and not yet handed back.
    public var isOut: Bool { issued && !returned }
    /// Handed back, waiting for the custodian to check it in.
    public var isReturning: Bool { returned && !checkedIn }
}

/// Who is asking to take a step of a loan: an account, the person it belongs to, its roles.
public struct LoanParty: Hashable, Sendable {
    public var accountID: UUID?
    public var personID: UUID?
    public var roles: Set<Role>

    public init(accountID: UUID?, personID: UUID?, roles: Set<Role>) {
        self.accountID = accountID
        self.personID = personID
        self.roles = roles
    }
}

/// The steps of a loan after its approval (C4): the keeper hands the copy over, the holder hands it back (or the
/// security office takes it back), the custodian checks it in.
public enum LoanStep: String, Hashable, Sendable {
    case handOver
    case handBack
    case checkIn
}

/// Who may hand a lent copy over and take it back, and when a loan is overdue (C4, L1.9). The pages, the API and
/// the command line all ask these functions; persistence enforces them inside the write that takes the step.
public enum LoanRules {
    /// Whether `step` is the loan's next step (C4). A refusal here is a conflict, not a lack of right: the step was
    /// taken already (by someone else at the same moment) or its turn has not come.
    public static func isNext(_ step: LoanStep, _ loan: LoanFacts) -> Decision {
        let due: Bool
        switch step {
        case .handOver: due = loan.approved && !loan.issued
        case .handBack:
            // A borrowed copy carried out comes back to the borrowing first (LIFECYCLE.md).
            if loan.isOut, loan.kind == .borrow, loan.copyState == .carriedOut {
                return refused(
                    zh: "该载体正被外带：须先带回、清点后再交还借阅", en: "It is carried out: bring it back first, then return it")
            }
            due = loan.isOut
        case .checkIn: due = loan.isReturning && loan.copyState == .returning
        }
        return due ? .allowed : .refused(outOfTurn(step))
    }

    /// Why `step` cannot be taken now: also the answer for a request that has no loan at all.
    public static func outOfTurn(_ step: LoanStep) -> Refusal {
        switch step {
        case .handOver:
            Refusal(rule: RuleID("C4"), zh: "只有已批准、尚未借出的申请可以交付", en: "Only an approved request not yet handed over")
        case .handBack: Refusal(rule: RuleID("C4"), zh: "该载体未借出或已交还", en: "This copy is not out or is already back")
        case .checkIn:
            Refusal(rule: RuleID("C4"), zh: "该载体尚未交还或已清点入库", en: "This copy is not handed back, or already checked in")
        }
    }

    /// Handing over (C4, A2, A4): by the copy's keeper — the access decision's `manage`, asked first — and only while
    /// the borrower may still have it (`borrower`: their `borrow` decision now). A clearance withdrawn since the
    /// approval stops the hand-over.
    public static func mayHandOver(to borrowerName: String, borrower: AccessVerdict) -> Decision {
        guard let refusal = borrower.refusal else { return .allowed }
        return .refused(
            Refusal(
                rule: refusal.rule, zh: "借用人\(borrowerName)现已无权接触：\(refusal.reason.zh)",
                en: "\(borrowerName) may no longer have it: \(refusal.reason.en)"))
    }

    /// Handing back (C4): only the holder hands the copy back; taking it back (`force`) is the security office's,
    /// and is recorded as such.
    public static func mayHandBack(_ loan: LoanFacts, by party: LoanParty, force: Bool) -> Decision {
        if force {
            return party.roles.contains(.securityOffice)
                ? .allowed : refused(zh: "只有保密办可以强制收回", en: "Only the security office can take a copy back")
        }
        guard let person = party.personID, person == loan.holderPersonID else {
            return refused(
                zh: "只有持有人本人可以交还；保密办可强制收回", en: "Only the holder hands it back; the security office can take it back")
        }
        return .allowed
    }

    /// Checking in (C4): by the custodian (the keeper, checked by the access decision), never by whoever handed the
    /// copy back — the borrower's account or person.
    public static func mayCheckIn(_ loan: LoanFacts, by party: LoanParty) -> Decision {
        let handedItBack =
            (party.accountID != nil && party.accountID == loan.borrowerAccountID)
            || (party.personID != nil && party.personID == loan.borrowerPersonID)
        return handedItBack
            ? refused(zh: "交还人不能自己清点入库：须由保管人清点", en: "Whoever handed it back does not check it in: the custodian does")
            : .allowed
    }

    /// Whether a loan is overdue (L1.9): handed over, not handed back, and past its return date (`YYYY-MM-DD`,
    /// compared with `today`). A loan without a valid return date is never overdue.
    public static func isOverdue(_ loan: LoanFacts, today: String) -> Bool {
        isOverdue(issued: loan.issued, returned: loan.returned, returnDate: loan.returnDate, today: today)
    }

    /// The same, for a register's row that carries only these columns.
    public static func isOverdue(issued: Bool, returned: Bool, returnDate: String?, today: String) -> Bool {
        guard issued, !returned, let returnDate, SecrecyPeriod.isDate(returnDate) else { return false }
        return returnDate < today
    }

    private static func refused(zh: String, en: String) -> Decision {
        .refused(Refusal(rule: RuleID("C4"), zh: zh, en: en))
    }
}

extension Decision {
    /// Throws a refusal as a conflict (409): for decisions about state (`LoanRules.isNext`), which a concurrent
    /// request may have changed, rather than about the asker's rights (403).
    public func enforceAsConflict() throws(DomainError) {
        if case .refused(let refusal) = self { throw DomainError.conflict(refusal.reason, rule: refusal.rule) }
    }
}
