import Foundation

/// Who needs an approved trip to go abroad, when a debriefing is due, and when a lent passport must be back (A7,
/// L1.7): pure functions the repositories, the pages and the compliance checks share.
public enum TravelRules {
    /// Days after the return within which the debriefing (回国汇报) is held, unless the security office set another.
    public static let defaultDebriefingDays = 7
    /// The range the security office may set.
    public static let debriefingDaysRange = 1...60

    /// A7: people with a secret post, and people still in their 脱密期 (its end not yet passed), need an approved
    /// travel request before going abroad; anyone else may file one, but it is not required of them.
    public static func needsApproval(postClass: SecretPostClass, separationUntil: String?, today: String) -> Bool {
        if postClass != .nonSecret { return true }
        guard let until = separationUntil, !until.isEmpty else { return false }
        return until >= today
    }

    /// Why a person needs the approval, for the pages and refusals.
    public static func reason(postClass: SecretPostClass, separationUntil: String?, today: String) -> LocalizedText? {
        if postClass != .nonSecret {
            return LocalizedText(
                zh: "\(postClass.title.zh)涉密人员出境须经审批 (A7)",
                en: "People in a secret post (\(postClass.title.en)) travel abroad only when approved (A7)")
        }
        if let until = separationUntil, until >= today {
            return LocalizedText(
                zh: "脱密期内（至 \(until)）出境须经审批 (A7)",
                en: "In the 脱密期 (until \(until)) travel abroad needs approval (A7)")
        }
        return nil
    }

    /// The last day the debriefing may be held: the return plus the configured days.
    public static func debriefingDue(returnDate: String, days: Int) -> String {
        SecrecyPeriod.day(returnDate, plus: days)
    }

    /// The day a passport lent for a trip is due back: the same configured days after the return.
    public static func passportDue(returnDate: String, days: Int) -> String {
        SecrecyPeriod.day(returnDate, plus: days)
    }

    /// Lending a passport the unit holds (证件管理, A7, L1.7): only to its holder, only while it is in the unit's
    /// keeping, and — for a person who needs approval — only for an approved trip of theirs that has not ended.
    public static func mayLendDocument(
        _ document: TravelDocumentFacts, trip: TripFacts?, needsApproval: Bool, today: String
    ) -> Decision {
        guard document.heldByUnit else {
            return .refused(
                Refusal(
                    rule: RuleID("A7"), zh: "该证件由本人自行保管，不经单位借出",
                    en: "This document is kept by its holder, not lent by the unit"))
        }
        if document.isOut {
            return .refused(
                Refusal(rule: RuleID("A7"), zh: "该证件已借出，尚未交回", en: "This document is already out"))
        }
        if let expiresOn = document.expiresOn, expiresOn < today {
            return .refused(
                Refusal(
                    rule: RuleID("A7"), zh: "该证件已于 \(expiresOn) 过期", en: "This document expired on \(expiresOn)"))
        }
        guard let trip else {
            if needsApproval {
                return .refused(
                    Refusal(
                        rule: RuleID("A7"),
                        zh: "涉密人员和脱密期人员出境须经批准，且不得携带涉密载体出境 (L1.7)：没有已批准且未结束的出境审批，不能借出证件",
                        en: "People in a secret post or in their 脱密期 go abroad only when approved, and never with "
                            + "classified carriers (L1.7): no approved, current travel request, no passport"))
            }
            return .allowed
        }
        if trip.travellerID != document.personID {
            return .refused(
                Refusal(
                    rule: RuleID("A7"), zh: "该出境审批不是证件持有人的",
                    en: "The travel request is not the document holder's"))
        }
        if !trip.approved {
            return .refused(
                Refusal(
                    rule: RuleID("A7"), zh: "出境审批 \(trip.number) 尚未批准，不能借出证件",
                    en: "Travel request \(trip.number) is not approved: no passport"))
        }
        if trip.returnDate < today {
            return .refused(
                Refusal(
                    rule: RuleID("A7"), zh: "出境审批 \(trip.number) 的回国日期 \(trip.returnDate) 已过，请重新申请",
                    en: "Travel request \(trip.number) ended on \(trip.returnDate): file a new one"))
        }
        return .allowed
    }
}

/// A travel document as the lending rule reads it.
public struct TravelDocumentFacts: Hashable, Sendable {
    public var personID: UUID
    public var heldByUnit: Bool
    public var isOut: Bool
    public var expiresOn: String?

    public init(personID: UUID, heldByUnit: Bool, isOut: Bool, expiresOn: String?) {
        self.personID = personID
        self.heldByUnit = heldByUnit
        self.isOut = isOut
        self.expiresOn = expiresOn
    }
}

/// A travel request as the lending rule reads it.
public struct TripFacts: Hashable, Sendable {
    public var number: String
    public var travellerID: UUID
    /// Approved by its last step and not closed (the trip is permitted).
    public var approved: Bool
    public var returnDate: String

    public init(number: String, travellerID: UUID, approved: Bool, returnDate: String) {
        self.number = number
        self.travellerID = travellerID
        self.approved = approved
        self.returnDate = returnDate
    }
}

/// 证件种类 (证件管理).
public enum TravelDocumentKind: String, CaseIterable, Hashable, Sendable, Codable {
    case passport
    case hongKongMacaoPermit
    case taiwanPermit

    public var title: LocalizedText {
        switch self {
        case .passport: LocalizedText(zh: "护照", en: "Passport")
        case .hongKongMacaoPermit: LocalizedText(zh: "港澳通行证", en: "Hong Kong and Macao permit")
        case .taiwanPermit: LocalizedText(zh: "台湾通行证", en: "Taiwan permit")
        }
    }
}

/// 行前保密教育 and 回国汇报, recorded on the trip.
public enum TripReportKind: String, CaseIterable, Hashable, Sendable, Codable {
    case briefing
    case debriefing

    public var title: LocalizedText {
        switch self {
        case .briefing: LocalizedText(zh: "行前保密教育", en: "Pre-departure briefing")
        case .debriefing: LocalizedText(zh: "回国汇报", en: "Return debriefing")
        }
    }
}
