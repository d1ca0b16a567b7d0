import Foundation

/// 出境审批 (A7, L1.7): a person with a secret post, or one still in their 脱密期, travels abroad — Hong Kong, Macao
/// and Taiwan included — only on an approved request: where to, when, why, whom they will meet, private or official.
/// The approved request is the permitted trip; its briefing and debriefing are recorded on it (`TripReport`) and the
/// passports the unit holds are lent for it (`TravelDocumentRules`). Anyone else may file one too; it is simply not
/// required of them (`TravelRules.needsApproval`).
public enum TravelAbroad: RequestKindDefinition {
    public struct Payload: Codable, Sendable, Hashable {
        /// The person travelling, from the register.
        public var travellerID: UUID?
        /// ISO 3166-1 alpha-2 codes of the countries or regions, none of them the mainland (`CN`).
        public var destinations: [String]?
        /// Cities or places within them.
        public var places: String?
        /// `YYYY-MM-DD`.
        public var departureDate: String?
        /// `YYYY-MM-DD`: back in the country.
        public var returnDate: String?
        public var purpose: String?
        /// Whom the traveller will meet abroad (names, organisations), as declared.
        public var contactsAbroad: String?
        /// `TravelNature` raw value: 因公 or 因私.
        public var nature: String?
        /// The traveller's name as the register had it at submission, written by the engine, never taken from the
        /// requester (principle 12).
        public var travellerName: String?

        public init(
            travellerID: UUID? = nil, destinations: [String]? = nil, places: String? = nil,
            departureDate: String? = nil, returnDate: String? = nil, purpose: String? = nil,
            contactsAbroad: String? = nil, nature: String? = nil
        ) {
            self.travellerID = travellerID
            self.destinations = destinations
            self.places = places
            self.departureDate = departureDate
            self.returnDate = returnDate
            self.purpose = purpose
            self.contactsAbroad = contactsAbroad
            self.nature = nature
        }
    }

    public static let kind = RequestKind(code: "travelAbroad")
    public static let title = LocalizedText(zh: "出境审批", en: "Travel abroad")
    public static let numberPrefix = "CJ"
    public static let subject = RequestSubject.person

    /// Every field on its own, citing A7: a trip abroad names where outside the mainland, two real days in order,
    /// why, whom, and private or official.
    public static func validate(_ payload: Payload, catalogue: LevelCatalogue) -> [FieldError] {
        let a7 = RuleID("A7")
        var validator = FieldValidator()
        if payload.travellerID == nil {
            validator.add(field: "travellerID", rule: a7, zh: "请选择出境人员", en: "Choose the person travelling")
        }
        let destinations = (payload.destinations ?? []).map { $0.trimmed.uppercased() }
        if destinations.isEmpty {
            validator.add(field: "destinations", rule: a7, zh: "请选择前往的国家或地区", en: "Choose where to")
        } else if destinations.count > 10 {
            validator.add(field: "destinations", rule: a7, zh: "最多 10 个国家或地区", en: "At most 10 destinations")
        }
        for code in destinations {
            if code == Destination.home {
                validator.add(
                    field: "destinations", rule: a7, zh: "出境审批只填写境外（含港澳台）的国家或地区",
                    en: "Name only countries or regions outside the mainland")
            } else if Geography.country(code) == nil {
                validator.add(
                    field: "destinations", rule: a7, zh: "未知的国家或地区代码「\(code)」",
                    en: "Unknown country or region code \(code)")
            }
        }
        let leaving = validator.date(
            payload.departureDate, field: "departureDate", label: LocalizedText(zh: "出境日期", en: "Departure"),
            rule: a7)
        let back = validator.date(
            payload.returnDate, field: "returnDate", label: LocalizedText(zh: "回国日期", en: "Return"), rule: a7)
        if (payload.departureDate ?? "").trimmed.isEmpty {
            validator.add(field: "departureDate", rule: a7, zh: "请填写出境日期", en: "State the day of departure")
        }
        if (payload.returnDate ?? "").trimmed.isEmpty {
            validator.add(field: "returnDate", rule: a7, zh: "请填写回国日期", en: "State the day of return")
        }
        if let leaving, let back, back < leaving {
            validator.add(
                field: "returnDate", rule: a7, zh: "回国日期不能早于出境日期", en: "The return cannot come before the departure")
        }
        _ = validator.required(
            payload.purpose, field: "purpose", label: LocalizedText(zh: "出境事由", en: "Purpose"), maxLength: 500)
        _ = validator.optional(
            payload.contactsAbroad, field: "contactsAbroad", label: LocalizedText(zh: "境外联系人", en: "Contacts abroad"),
            maxLength: 1000)
        _ = validator.optional(
            payload.places, field: "places", label: LocalizedText(zh: "具体地点", en: "Places"), maxLength: 200)
        if TravelNature(rawValue: payload.nature ?? "") == nil {
            validator.add(field: "nature", rule: a7, zh: "请选择因公或因私", en: "Choose official or private")
        }
        // Every complaint cites the rule, the generic ones (required, too long) too.
        return validator.errors.map { $0.rule == nil ? FieldError(field: $0.field, rule: a7, message: $0.message) : $0 }
    }

    public static func defaultChain(level: LevelDefinition) -> [ApprovalStepSpec] {
        // LIFECYCLE.md: the security office checks, the leader in charge decides.
        [ApprovalChains.securityOffice, ApprovalChains.leader]
    }
}

/// 因公 or 因私出境.
public enum TravelNature: String, CaseIterable, Hashable, Sendable, Codable {
    case official
    case `private`

    public var title: LocalizedText {
        switch self {
        case .official: LocalizedText(zh: "因公出境", en: "Official")
        case .private: LocalizedText(zh: "因私出境", en: "Private")
        }
    }
}

extension RequestKind {
    /// 出境审批 (A7, L1.7).
    public static let travelAbroad = TravelAbroad.kind
}
