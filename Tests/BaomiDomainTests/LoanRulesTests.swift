import Foundation
import Testing

@testable import BaomiDomain

/// Who may hand a lent copy over and take it back, and when a loan is overdue (C4, L1.9): the functions the pages,
/// the API and persistence all ask.
@Suite("Loan rules (C4, L1.9)")
struct LoanRulesTests {
    let borrower = UUID()
    let borrowerAccount = UUID()

    /// A borrowing at a given point of its life, held by its borrower once handed over.
    func loan(
        _ kind: RequestKind = .borrow, approved: Bool = true, issued: Bool = false, returned: Bool = false,
        checkedIn: Bool = false, copyState: CopyState? = nil, returnDate: String = "2026-03-10"
    ) -> LoanFacts {
        let state = copyState ?? (returned ? .returning : issued ? .onLoan : .stored)
        return LoanFacts(
            kind: kind, approved: approved, issued: issued, returned: returned, checkedIn: checkedIn,
            copyState: checkedIn ? .stored : state, holderPersonID: issued && !returned ? borrower : nil,
            borrowerPersonID: borrower, borrowerAccountID: borrowerAccount, returnDate: returnDate)
    }

    var holder: LoanParty { LoanParty(accountID: borrowerAccount, personID: borrower, roles: [.staff]) }
    let office = LoanParty(accountID: UUID(), personID: UUID(), roles: [.securityOffice])
    let keeper = LoanParty(accountID: UUID(), personID: UUID(), roles: [.secrecyOfficer])

    @Test("C4 each step comes in its turn: hand over once approved, back once out, check in once handed back")
    func stepsInTurn() {
        #expect(LoanRules.isNext(.handOver, loan()).isAllowed)
        #expect(LoanRules.isNext(.handOver, loan(approved: false)).refusal?.rule == RuleID("C4"))
        #expect(!LoanRules.isNext(.handOver, loan(issued: true)).isAllowed)
        #expect(!LoanRules.isNext(.handBack, loan()).isAllowed)
        #expect(LoanRules.isNext(.handBack, loan(issued: true)).isAllowed)
        #expect(!LoanRules.isNext(.handBack, loan(issued: true, returned: true)).isAllowed)
        #expect(!LoanRules.isNext(.checkIn, loan(issued: true)).isAllowed)
        #expect(LoanRules.isNext(.checkIn, loan(issued: true, returned: true)).isAllowed)
        #expect(!LoanRules.isNext(.checkIn, loan(issued: true, returned: true, checkedIn: true)).isAllowed)
        #expect(LoanRules.isNext(.checkIn, loan()).refusal == LoanRules.outOfTurn(.checkIn))
    }

    @Test("C4 a borrowed copy carried out is brought back to the borrowing before the borrowing is handed back")
    func carriedOutComesBackFirst() {
        let out = loan(issued: true, copyState: .carriedOut)
        #expect(LoanRules.isNext(.handBack, out).refusal?.reason.zh.contains("正被外带") == true)
        // The carrying out itself is handed back as usual.
        #expect(LoanRules.isNext(.handBack, loan(.carryOut, issued: true, copyState: .carriedOut)).isAllowed)
    }

    @Test("C4 only the holder hands a copy back; only the security office takes it back")
    func whoHandsBack() {
        let out = loan(issued: true)
        #expect(LoanRules.mayHandBack(out, by: holder, force: false).isAllowed)
        #expect(LoanRules.mayHandBack(out, by: keeper, force: false).refusal?.rule == RuleID("C4"))
        #expect(!LoanRules.mayHandBack(out, by: office, force: false).isAllowed)
        #expect(LoanRules.mayHandBack(out, by: office, force: true).isAllowed)
        #expect(!LoanRules.mayHandBack(out, by: holder, force: true).isAllowed)
        // An account without a person holds nothing.
        let unlinked = LoanParty(accountID: UUID(), personID: nil, roles: [.staff])
        #expect(!LoanRules.mayHandBack(loan(issued: true), by: unlinked, force: false).isAllowed)
    }

    @Test("C4 whoever handed a copy back does not check it in: not the borrower's account, not their person")
    func whoChecksIn() {
        let back = loan(issued: true, returned: true)
        #expect(LoanRules.mayCheckIn(back, by: keeper).isAllowed)
        #expect(LoanRules.mayCheckIn(back, by: office).isAllowed)
        #expect(LoanRules.mayCheckIn(back, by: holder).refusal?.rule == RuleID("C4"))
        let samePerson = LoanParty(accountID: UUID(), personID: borrower, roles: [.secrecyOfficer])
        #expect(!LoanRules.mayCheckIn(back, by: samePerson).isAllowed)
        let sameAccount = LoanParty(accountID: borrowerAccount, personID: nil, roles: [.secrecyOfficer])
        #expect(!LoanRules.mayCheckIn(back, by: sameAccount).isAllowed)
    }

    @Test("C4 A2 a hand-over stops when the borrower may no longer have the copy, naming them and the reason")
    func handOverNeedsTheBorrowerStillCleared() {
        #expect(LoanRules.mayHandOver(to: "张三", borrower: .allowed).isAllowed)
        let leaving = Refusal(rule: RuleID("A4"), zh: "离岗中，不得接触涉密载体", en: "Leaving: no carriers")
        let denial = AccessVerdict.refused(
            AccessDenial(
                reason: .barred(leaving), level: LevelID(rawValue: "secret"),
                levelName: LocalizedText(zh: "机密", en: "Secret"), postClass: .core,
                postClasses: .nationalDefault, levels: .nationalDefault))
        let refusal = LoanRules.mayHandOver(to: "张三", borrower: denial).refusal
        #expect(refusal?.rule == RuleID("A4"))
        #expect(refusal?.reason.zh.hasPrefix("借用人张三现已无权接触") == true)
    }

    @Test("L1.9 a loan is overdue when out past its return date: not before it is handed over, not once back")
    func overdue() {
        let today = "2026-03-11"
        #expect(LoanRules.isOverdue(loan(issued: true, returnDate: "2026-03-10"), today: today))
        #expect(!LoanRules.isOverdue(loan(issued: true, returnDate: "2026-03-11"), today: today))
        #expect(!LoanRules.isOverdue(loan(returnDate: "2026-03-01"), today: today))
        #expect(!LoanRules.isOverdue(loan(issued: true, returned: true, returnDate: "2026-03-01"), today: today))
        #expect(!LoanRules.isOverdue(loan(issued: true, returnDate: ""), today: today))
        #expect(!LoanRules.isOverdue(issued: true, returned: false, returnDate: "下周", today: today))
    }
}
