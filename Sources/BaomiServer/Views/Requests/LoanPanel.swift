import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation

/// A loan as the request page shows it (principle 15): its facts and what the viewer may do with it.
struct LoanPanel {
    var borrowerName: String
    var returnDate: String
    var usePlaceName: String
    var destination: String
    var bearers: [String]
    var courier: String?
    var issued: (at: Date, by: String)?
    var returned: (at: Date, by: String)?
    var forced: Bool
    var checkedIn: (at: Date, by: String)?
    var overdue: Bool
    var canIssue: Bool
    var canReturn: Bool
    var canTakeBack: Bool
    var canCheckIn: Bool
    /// Carried out of a borrowing: checked in, it goes back to the borrower rather than into a place.
    var returnsToBorrowing: Bool
    /// The places that may keep it (C6), as choices.
    var places: [(value: String, label: String)]

    init(_ options: LoanActions.Options) {
        let loan = options.loan
        borrowerName = loan.borrowerName
        returnDate = loan.returnDate
        usePlaceName = loan.usePlaceName
        destination = loan.destination
        bearers = options.bearers
        courier = options.courier
        issued = loan.issuedAt.map { ($0, loan.issuedBy ?? "") }
        returned = loan.returnedAt.map { ($0, loan.returnedBy ?? "") }
        forced = loan.forced
        checkedIn = loan.checkedInAt.map { ($0, loan.checkedInBy ?? "") }
        overdue = options.overdue
        canIssue = options.canIssue
        canReturn = options.canReturn
        canTakeBack = options.canTakeBack
        canCheckIn = options.canCheckIn
        returnsToBorrowing = loan.parentRequestID != nil
        places = options.places.map { (value: $0.id?.uuidString ?? "", label: "\($0.name)（\($0.code)）") }
    }
}

/// What a person holds and when it is due, as the workbench lists it (L1.9): by its reference when the carrier was
/// since raised beyond the holder's clearance — they still hold it and must hand it back.
struct HoldingLine {
    var label: String
    /// The copy, linked when the holder may read its carrier.
    var copyLink: UUID?
    var title: String?
    var kind: String
    var returnDate: String
    var overdue: Bool
    var requestID: UUID

    init(_ visible: VisibleLoan, today: String, context: PageContext) {
        let loan = visible.loan
        let serial = CarrierPresentation.serial(loan.copy.serial, of: loan.copy.carrier.copyCount, context: context)
        label = visible.carrier.map { "\(context.t($0)) \(serial)" } ?? "\(loan.copy.carrier.number) \(serial)"
        copyLink = visible.carrier == nil ? loan.$copy.id : nil
        title = visible.carrier == nil ? loan.copy.carrier.title : nil
        kind = RequestKind(rawValue: loan.kind).map { context.t($0.title) } ?? loan.kind
        returnDate = loan.returnDate
        overdue = loan.isOverdue(today: today)
        requestID = loan.$request.id
    }
}
