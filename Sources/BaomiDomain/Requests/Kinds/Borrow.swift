import Foundation

/// 借阅审批 (A6, C4, L1.2, L1.9): one stored copy lent to the requester for use at a place until a day.
public enum Borrow: RequestKindDefinition {
    public struct Payload: Codable, Sendable, Hashable {
        /// The place of use (L1.2).
        public var placeID: UUID?
        /// When it comes back, `YYYY-MM-DD`.
        public var returnDate: String?

        public init(placeID: UUID? = nil, returnDate: String? = nil) {
            self.placeID = placeID
            self.returnDate = returnDate
        }
    }

    public static let kind = RequestKind(code: "borrow")
    public static let title = LocalizedText(zh: "借阅审批", en: "Borrowing")
    public static let numberPrefix = "JY"
    public static let subject = RequestSubject.copiesOfOneCarrier
    public static let isLoan = true

    /// Place and return day are judged with the place's level (`BorrowingRules.checkBorrow`) at submission.
    public static func validate(_ payload: Payload, catalogue: LevelCatalogue) -> [FieldError] { [] }

    public static func defaultChain(level: LevelDefinition) -> [ApprovalStepSpec] {
        // A6: approval proportional to the level — 绝密 also by the leader in charge.
        level.id == .topSecret
            ? [ApprovalChains.secrecyOfficer, ApprovalChains.leader] : [ApprovalChains.secrecyOfficer]
    }
}

extension RequestKind {
    /// 借阅 (A6, C4, L1.2, L1.9).
    public static let borrow = Borrow.kind
}
