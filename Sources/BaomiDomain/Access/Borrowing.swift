import Foundation

/// Why a copy leaves the office (外带, C4, L1.6, L3).
public enum CarryOutPurpose: String, CaseIterable, Hashable, Sendable, Codable {
    /// Work elsewhere: a meeting, a review, a test site.
    case work
    /// A social event (宴会、联谊等社交活动) — never (L1.6); listed so the refusal can name it.
    case socialEvent
    /// Urgent documents for a leader in hospital, by a designated courier who waits and brings them back (L3).
    case hospitalDelivery

    public var title: LocalizedText {
        switch self {
        case .work: LocalizedText(zh: "公务活动", en: "Official business")
        case .socialEvent: LocalizedText(zh: "社交活动", en: "Social event")
        case .hospitalDelivery: LocalizedText(zh: "送医院阅办（领导住院）", en: "Delivery to a leader in hospital")
        }
    }
}

/// Borrowing (借阅) and carrying out (外带): the facts a request must state and the rules they must meet
/// (A6, C4, L1.2, L1.6, L1.7, L1.9, L3).
public enum BorrowingRules {
    /// The longest a borrowing may run: "return promptly after reading" (L1.9).
    public static let longestLoanDays = 30

    /// A borrowing names a registered place cleared for the level (L1.2, L2) and a due date not in the past and no
    /// further than `longestLoanDays` (A6, L1.9).
    public static func checkBorrow(
        level: LevelDefinition, place: LevelDefinition?, placeName: String, due: String?, today: String
    ) -> [FieldError] {
        var errors: [FieldError] = []
        if let place {
            if !placeClears(place, for: level) {
                errors.append(
                    FieldError(
                        field: "placeID", rule: RuleID("L1.2"),
                        message: LocalizedText(
                            zh: "使用地点「\(placeName)」未核准\(level.name.zh)级：须在符合保密要求的场所阅办",
                            en:
                                "\(placeName) is not cleared for \(level.name.en): read it in a place cleared for the level"
                        )
                    ))
            }
        } else {
            errors.append(
                FieldError(
                    field: "placeID", rule: RuleID("L1.2"),
                    message: LocalizedText(
                        zh: "请选择已登记的使用地点（阅览室、办公室等）", en: "Choose a registered place of use (reading room, office)")))
        }
        if let error = checkReturnDate(due, field: "due", today: today, rule: RuleID("L1.9")) { errors.append(error) }
        return errors
    }

    /// Carrying out: a structured destination that is not abroad (L1.7), never a social event (L1.6), a return
    /// date; where the level's policy asks, two people from the register cleared for the level carry it (C4); a
    /// hospital delivery goes with a designated courier from the register and comes back the same day (L3).
    public static func checkCarryOut(
        level: LevelDefinition, purpose: CarryOutPurpose?, destination: Destination, bearers: [Bearer],
        courier: Bearer?, returnDate: String?, today: String, postClasses: PostClassCatalogue, levels: LevelCatalogue
    ) -> [FieldError] {
        var errors: [FieldError] = destination.check()
        func add(_ field: String, _ rule: String, zh: String, en: String) {
            errors.append(FieldError(field: field, rule: RuleID(rule), message: LocalizedText(zh: zh, en: en)))
        }
        switch purpose {
        case .none:
            add("purposeKind", "C4", zh: "请选择外带事由", en: "Choose why it leaves the office")
        case .socialEvent:
            add(
                "purposeKind", "L1.6", zh: "不得携带涉密载体参加社交活动",
                en: "Classified carriers never go to social events")
        case .hospitalDelivery:
            if let courier {
                if let refusal = BearerRules.refusal(
                    courier, level: level, role: LocalizedText(zh: "送达人", en: "Courier"), rule: RuleID("L3"),
                    postClasses: postClasses, levels: levels)
                {
                    errors.append(FieldError(field: "courierID", rule: refusal.rule, message: refusal.reason))
                }
            } else {
                add(
                    "courierID", "L3", zh: "送医院阅办须从人员名册中指定专人送达，并等候带回",
                    en: "A hospital delivery needs a designated courier from the register who waits and brings it back")
            }
            if let returnDate, SecrecyPeriod.isDate(returnDate), returnDate != today {
                add(
                    "returnDate", "L3", zh: "送医院阅办须当日带回", en: "A hospital delivery comes back the same day")
            }
        case .work:
            break
        }
        errors += BearerRules.check(
            bearers, level: level, minimum: level.twoPersonTransmission ? 2 : 0, field: "escortIDs", rule: RuleID("C4"),
            role: LocalizedText(zh: "携带人", en: "Bearer"), postClasses: postClasses, levels: levels)
        if let error = checkReturnDate(returnDate, field: "returnDate", today: today, rule: RuleID("C4")) {
            errors.append(error)
        }
        return errors
    }

    /// A place of use is cleared for a level of the same regime at least as high (L1.2).
    public static func placeClears(_ place: LevelDefinition, for level: LevelDefinition) -> Bool {
        place.regime == level.regime ? place.rank >= level.rank : place.protectionWeight >= level.protectionWeight
    }

    static func checkReturnDate(_ text: String?, field: String, today: String, rule: RuleID) -> FieldError? {
        guard let text = text?.trimmed, !text.isEmpty else {
            return FieldError(
                field: field, rule: rule,
                message: LocalizedText(zh: "请填写归还日期（YYYY-MM-DD）", en: "Give the return date (YYYY-MM-DD)"))
        }
        if case .failure(let error) = CalendarDay.parse(
            text, field: field, label: LocalizedText(zh: "归还日期", en: "Return date"), rule: rule)
        {
            return error
        }
        if text < today {
            return FieldError(
                field: field, rule: rule, message: LocalizedText(zh: "归还日期不能早于今天", en: "The return date is in the past")
            )
        }
        if text > SecrecyPeriod.day(today, plus: longestLoanDays) {
            return FieldError(
                field: field, rule: rule,
                message: LocalizedText(
                    zh: "借用期限不超过 \(longestLoanDays) 天，阅后及时归还 (L1.9)",
                    en: "At most \(longestLoanDays) days: return it promptly after reading (L1.9)"))
        }
        return nil
    }
}
