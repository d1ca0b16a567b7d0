import Testing

@testable import BaomiDomain

@Suite("Copy lifecycle (C0, LIFECYCLE.md)")
struct CopyLifecycleTests {
    /// The transition table of LIFECYCLE.md, written out independently of the implementation.
    static let allowed: [CopyState: [CopyAction: CopyState]] = [
        .registered: [.place: .stored, .reportLost: .lost, .declassify: .declassified],
        .stored: [
            .move: .stored, .lend: .onLoan, .carryOut: .carriedOut, .send: .inTransit, .sendToRepair: .underRepair,
            .addToDestructionBatch: .pendingDestruction, .reportLost: .lost, .declassify: .declassified,
        ],
        // Handed back, a copy is returning until the custodian checks it in (C4); carried out of a borrowing, it
        // goes back to the borrower.
        .onLoan: [.returnFromLoan: .returning, .carryOut: .carriedOut, .reportLost: .lost],
        .carriedOut: [.bringBack: .returning, .reportLost: .lost],
        .returning: [.checkIn: .stored, .resumeLoan: .onLoan, .reportLost: .lost],
        .inTransit: [.confirmReceiptInternal: .stored, .confirmReceiptExternal: .dispatched, .reportLost: .lost],
        .underRepair: [.returnFromRepair: .stored, .reportLost: .lost],
        .pendingDestruction: [.removeFromDestructionBatch: .stored, .confirmDestroyed: .destroyed, .reportLost: .lost],
        // Declassified copies stay on the register, moved and destroyed like any other (C9, C8).
        .declassified: [.move: .declassified, .addToDestructionBatch: .pendingDestruction],
    ]

    @Test("C0 every state and action pair: exactly the transitions of the table are allowed")
    func exhaustiveTable() {
        for state in CopyState.allCases {
            for action in CopyAction.allCases {
                let result = CopyLifecycle.next(from: state, action)
                switch result {
                case .success(let target):
                    #expect(Self.allowed[state]?[action] == target, "\(state) --\(action)--> \(target)")
                case .failure(let refusal):
                    #expect(Self.allowed[state]?[action] == nil, "\(state) --\(action)--> refused \(refusal.rule)")
                    #expect(!refusal.reason.zh.isEmpty && !refusal.reason.en.isEmpty)
                }
            }
        }
    }

    @Test("C8 a destroyed copy can never change again")
    func destroyedIsFinal() {
        for action in CopyAction.allCases {
            guard case .failure(let refusal) = CopyLifecycle.next(from: .destroyed, action) else {
                Issue.record("\(action) allowed on a destroyed copy")
                continue
            }
            #expect(refusal.rule == RuleID("C8"))
        }
    }

    @Test("C9 a copy of a declassified carrier comes back declassified wherever a step would store it")
    func declassifiedCopiesLandDeclassified() {
        for (state, action) in [
            (CopyState.returning, CopyAction.checkIn), (.inTransit, .confirmReceiptInternal),
            (.underRepair, .returnFromRepair), (.registered, .place),
        ] {
            #expect((try? CopyLifecycle.next(from: state, action, declassified: true).get()) == .declassified)
            #expect((try? CopyLifecycle.next(from: state, action).get()) == .stored)
        }
        // Back to a borrowing, it is on loan still: it comes in declassified when the borrowing ends.
        #expect((try? CopyLifecycle.next(from: .returning, .resumeLoan, declassified: true).get()) == .onLoan)
    }

    @Test("C8 a copy on loan, carried out, being returned or in transit cannot join a destruction batch")
    func busyCopiesNotDestroyed() {
        for state in [CopyState.onLoan, .carriedOut, .returning, .inTransit] {
            guard case .failure(let refusal) = CopyLifecycle.next(from: state, .addToDestructionBatch) else {
                Issue.record("\(state) joined a batch")
                continue
            }
            #expect(refusal.rule == RuleID("C8"))
            #expect(refusal.reason.zh.contains("销毁"))
        }
    }
}
