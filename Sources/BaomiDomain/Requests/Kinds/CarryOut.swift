import Foundation

/// 外带审批 (C4, L1.6, L1.7, L3): one copy carried out of the office by named bearers, to a destination, back by a
/// day.
public enum CarryOut: RequestKindDefinition {
    public struct Payload: Codable, Sendable, Hashable {
        /// `CarryOutPurpose` raw value (L1.6).
        public var purposeKind: String?
        /// ISO 3166 alpha-2, `CN` for the mainland (L1.7).
        public var destinationCountry: String?
        /// GB/T 2260 province code.
        public var destinationProvince: String?
        public var destination: String?
        /// The people who carry it and the courier of a hospital delivery, from the register (C4, L3).
        public var escortIDs: [UUID]?
        public var courierID: UUID?
        /// When it comes back, `YYYY-MM-DD`.
        public var returnDate: String?

        public init(
            purposeKind: String? = nil, destinationCountry: String? = nil, destinationProvince: String? = nil,
            destination: String? = nil, escortIDs: [UUID]? = nil, courierID: UUID? = nil, returnDate: String? = nil
        ) {
            self.purposeKind = purposeKind
            self.destinationCountry = destinationCountry
            self.destinationProvince = destinationProvince
            self.destination = destination
            self.escortIDs = escortIDs
            self.courierID = courierID
            self.returnDate = returnDate
        }

        /// The structured destination; the mainland unless a country is named.
        public var structuredDestination: Destination {
            Destination(
                country: destinationCountry?.trimmed.uppercased() ?? Destination.home,
                province: destinationProvince?.trimmed, place: destination ?? "")
        }
    }

    public static let kind = RequestKind(code: "carryOut")
    public static let title = LocalizedText(zh: "外带审批", en: "Carrying out")
    public static let numberPrefix = "WD"
    public static let subject = RequestSubject.copiesOfOneCarrier
    public static let isLoan = true

    /// Purpose, destination, bearers and day are judged with the bearers' clearances
    /// (`BorrowingRules.checkCarryOut`) at submission.
    public static func validate(_ payload: Payload, catalogue: LevelCatalogue) -> [FieldError] { [] }

    public static func defaultChain(level: LevelDefinition) -> [ApprovalStepSpec] {
        // C4: leaving the office needs the leader; 绝密 also the security office.
        level.id == .topSecret
            ? [ApprovalChains.secrecyOfficer, ApprovalChains.leader, ApprovalChains.securityOffice]
            : [ApprovalChains.secrecyOfficer, ApprovalChains.leader]
    }
}

extension RequestKind {
    /// 外带 (C4, L1.6, L1.7, L3).
    public static let carryOut = CarryOut.kind
}
