/// The state of one copy of a carrier (LIFECYCLE.md): exactly one at a time, with one holder or place.
public enum CopyState: String, CaseIterable, Hashable, Sendable, Codable {
    case registered
    case stored
    case onLoan
    case carriedOut
    /// Handed back by its holder, not yet checked in by the custodian (C4): nobody may take it out meanwhile, and it
    /// is not yet stored.
    case returning
    case inTransit
    case dispatched
    case underRepair
    case pendingDestruction
    case destroyed
    case lost
    case declassified

    public var title: LocalizedText {
        switch self {
        case .registered: LocalizedText(zh: "已登记", en: "Registered")
        case .stored: LocalizedText(zh: "在库", en: "Stored")
        case .onLoan: LocalizedText(zh: "借出", en: "On loan")
        case .carriedOut: LocalizedText(zh: "外带", en: "Carried out")
        case .returning: LocalizedText(zh: "归还待清点", en: "Returning")
        case .inTransit: LocalizedText(zh: "传递中", en: "In transit")
        case .dispatched: LocalizedText(zh: "已发出", en: "Dispatched")
        case .underRepair: LocalizedText(zh: "维修中", en: "Under repair")
        case .pendingDestruction: LocalizedText(zh: "待销毁", en: "Pending destruction")
        case .destroyed: LocalizedText(zh: "已销毁", en: "Destroyed")
        case .lost: LocalizedText(zh: "丢失", en: "Lost")
        case .declassified: LocalizedText(zh: "已解密", en: "Declassified")
        }
    }

    /// Still controlled: every state but the final ones and the ones that left us.
    public var isLive: Bool {
        switch self {
        case .destroyed, .lost, .dispatched, .declassified: false
        default: true
        }
    }
}

/// A step in a copy's life (C0). Each one is an event and an audit record.
public enum CopyAction: String, CaseIterable, Hashable, Sendable, Codable {
    case place
    case move
    case lend
    /// The holder hands a borrowed copy back (C4); the custodian then checks it in.
    case returnFromLoan
    case carryOut
    /// The holder brings a carried-out copy back (C4); the custodian then checks it in.
    case bringBack
    /// The custodian counts a returned copy back into storage (C4).
    case checkIn
    /// The custodian gives a copy carried out during a borrowing back to the borrower (C4, LIFECYCLE.md).
    case resumeLoan
    case send
    case confirmReceiptInternal
    case confirmReceiptExternal
    case sendToRepair
    case returnFromRepair
    case addToDestructionBatch
    case removeFromDestructionBatch
    case confirmDestroyed
    case reportLost
    case declassify

    public var title: LocalizedText {
        switch self {
        case .place: LocalizedText(zh: "入库", en: "Place")
        case .move: LocalizedText(zh: "移库", en: "Move")
        case .lend: LocalizedText(zh: "借出", en: "Lend")
        case .returnFromLoan: LocalizedText(zh: "交还", en: "Hand back")
        case .carryOut: LocalizedText(zh: "携带外出", en: "Carry out")
        case .bringBack: LocalizedText(zh: "带回交还", en: "Bring back")
        case .checkIn: LocalizedText(zh: "清点入库", en: "Check in")
        case .resumeLoan: LocalizedText(zh: "交回借阅人", en: "Back to the borrower")
        case .send: LocalizedText(zh: "发出传递", en: "Send")
        case .confirmReceiptInternal: LocalizedText(zh: "签收（内部）", en: "Confirm receipt (internal)")
        case .confirmReceiptExternal: LocalizedText(zh: "登记回执（外单位）", en: "Record receipt (outside unit)")
        case .sendToRepair: LocalizedText(zh: "送修", en: "Send to repair")
        case .returnFromRepair: LocalizedText(zh: "维修归还", en: "Return from repair")
        case .addToDestructionBatch: LocalizedText(zh: "列入销毁批次", en: "Add to destruction batch")
        case .removeFromDestructionBatch: LocalizedText(zh: "移出销毁批次", en: "Remove from destruction batch")
        case .confirmDestroyed: LocalizedText(zh: "确认销毁", en: "Confirm destroyed")
        case .reportLost: LocalizedText(zh: "报告丢失", en: "Report lost")
        case .declassify: LocalizedText(zh: "解密", en: "Declassify")
        }
    }

    /// The rule a refusal of this step cites.
    var rule: RuleID {
        switch self {
        case .place, .move: RuleID("C6")
        case .lend, .returnFromLoan, .carryOut, .bringBack, .checkIn, .resumeLoan: RuleID("C4")
        case .send, .confirmReceiptInternal, .confirmReceiptExternal: RuleID("C3")
        case .sendToRepair, .returnFromRepair: RuleID("C7")
        case .addToDestructionBatch, .removeFromDestructionBatch, .confirmDestroyed: RuleID("C8")
        case .reportLost: RuleID("C0")
        case .declassify: RuleID("C9")
        }
    }
}

/// The one state machine of a copy (C0, LIFECYCLE.md "Transitions"). It knows only which step may follow which;
/// the guards that need more facts (places, approvals, people) live with their own rules.
public enum CopyLifecycle {
    /// The state after `action`, or a refusal naming the rule and the current state.
    ///
    /// `declassified` says the carrier has been declassified (C9): a copy that was out when it happened comes back
    /// declassified, not stored — wherever a step would store it.
    public static func next(
        from state: CopyState, _ action: CopyAction, declassified: Bool = false
    ) -> Result<CopyState, Refusal> {
        if state == .destroyed {
            return .failure(
                Refusal(rule: RuleID("C8"), zh: "已销毁的载体不能再有任何变动", en: "A destroyed copy can never change again"))
        }
        let target: CopyState? =
            switch (state, action) {
            case (.registered, .place), (.stored, .move): .stored
            case (.stored, .lend): .onLoan
            case (.onLoan, .returnFromLoan): .returning
            case (.stored, .carryOut), (.onLoan, .carryOut): .carriedOut
            case (.carriedOut, .bringBack): .returning
            case (.returning, .checkIn): .stored
            case (.returning, .resumeLoan): .onLoan
            case (.stored, .send): .inTransit
            case (.inTransit, .confirmReceiptInternal): .stored
            case (.inTransit, .confirmReceiptExternal): .dispatched
            case (.stored, .sendToRepair): .underRepair
            case (.underRepair, .returnFromRepair): .stored
            // A declassified copy stays on the register and is moved and destroyed like any other (C9, C8).
            case (.stored, .addToDestructionBatch), (.declassified, .addToDestructionBatch): .pendingDestruction
            case (.declassified, .move): .declassified
            case (.pendingDestruction, .removeFromDestructionBatch): .stored
            case (.pendingDestruction, .confirmDestroyed): .destroyed
            case (_, .reportLost) where state.isLive: .lost
            case (.stored, .declassify), (.registered, .declassify): .declassified
            default: nil
            }
        if let target { return .success(declassified && target == .stored ? .declassified : target) }
        if action == .addToDestructionBatch && [.onLoan, .carriedOut, .returning, .inTransit].contains(state) {
            return .failure(
                Refusal(
                    rule: RuleID("C8"), zh: "借出、外带、归还待清点或传递中的载体不能列入销毁批次",
                    en: "A copy on loan, carried out, being returned or in transit cannot join a destruction batch"))
        }
        return .failure(
            Refusal(
                rule: action.rule, zh: "载体当前状态为「\(state.title.zh)」，不能执行「\(action.title.zh)」",
                en: "The copy is \(state.title.en.lowercased()); it cannot be \(action.title.en.lowercased())"))
    }
}
