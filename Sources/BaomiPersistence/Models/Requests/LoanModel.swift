import FluentKit
import Foundation

/// A borrowing (借阅) or carrying out (外带) of one copy by one person (A6, C4): from request to return.
public final class LoanModel: Model, @unchecked Sendable {
    public static let schema = "loans"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "request_id") public var request: RequestModel
    @Parent(key: "copy_id") public var copy: CopyModel
    /// `RequestKind` raw value: `borrow` or `carryOut`.
    @Field(key: "kind") public var kind: String
    @OptionalField(key: "borrower_person_id") public var borrowerPersonID: UUID?
    @Field(key: "borrower_account_id") public var borrowerAccountID: UUID
    @Field(key: "borrower_name") public var borrowerName: String
    /// Where a borrowed copy is read (L1.2); nil when carried out.
    @OptionalParent(key: "use_place_id") public var usePlace: StoragePlaceModel?
    /// Where a carried-out copy goes (C4).
    @Field(key: "destination") public var destination: String
    /// Due back, `YYYY-MM-DD` (L1.9).
    @Field(key: "return_date") public var returnDate: String
    /// The place the copy came from, where it goes back on return.
    @OptionalField(key: "home_place_id") public var homePlaceID: UUID?
    @OptionalField(key: "issued_at") public var issuedAt: Date?
    @OptionalField(key: "issued_by") public var issuedBy: String?
    /// When the holder handed it back (C4); the loan ends when the custodian checks it in.
    @OptionalField(key: "returned_at") public var returnedAt: Date?
    @OptionalField(key: "returned_by") public var returnedBy: String?
    /// When and by whom the custodian checked the returned copy in (C4).
    @OptionalField(key: "checked_in_at") public var checkedInAt: Date?
    @OptionalField(key: "checked_in_by") public var checkedInBy: String?
    /// A carrying out of a copy on loan names its borrowing: the copy comes back to it (LIFECYCLE.md).
    @OptionalField(key: "parent_request_id") public var parentRequestID: UUID?
    /// Taken back by the security office rather than returned by the holder (audited).
    @Field(key: "forced") public var forced: Bool
    /// Submitted and not yet ended: at most one open loan per copy.
    @Field(key: "is_open") public var isOpen: Bool

    public init() {}
}

extension LoanModel {
    /// Listed by hand: Fluent would find them by reflection on every query, save and decode (`ModelPropertyListTests`).
    public var properties: [any AnyProperty] {
        [
            _id, _request, _copy, _kind, _borrowerPersonID, _borrowerAccountID, _borrowerName, _usePlace, _destination,
            _returnDate, _homePlaceID, _issuedAt, _issuedBy, _returnedAt, _returnedBy, _checkedInAt, _checkedInBy,
            _parentRequestID, _forced, _isOpen,
        ]
    }
}
