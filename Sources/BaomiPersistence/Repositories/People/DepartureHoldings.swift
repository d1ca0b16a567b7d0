import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Something of the unit's a leaver still has (T22): a copy in their hands, or a borrowing or carrying out not yet
/// ended. Surfaces name its carrier only as `CarrierSights` lets them (principle 11).
public struct DepartureHolding: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// A copy whose holder they are (in hand or personally retained, C10).
        case copy
        /// An open borrowing (借阅), reserved or handed over.
        case borrow
        /// An open carrying out (外带).
        case carryOut
    }

    public var kind: Kind
    public var copyID: UUID
    public var carrierID: UUID
    public var carrierNumber: String
    public var carrierTitle: String
    public var serial: Int
    /// The borrowing or carrying out to end, whose page has the return.
    public var requestID: UUID?
    public var requestNumber: String?
}

/// The T22 check: what a person still holds, in two indexed statements whatever they hold.
public enum DepartureHoldings {
    static let live: SQLQueryString = {
        var list: SQLQueryString = ""
        for (index, state) in CopyState.allCases.filter(\.isLive).enumerated() {
            if index > 0 { list.appendLiteral(", ") }
            list.appendInterpolation(bind: state.rawValue)
        }
        return list
    }()

    /// What the person still holds, counted (the T22 check at completion): two indexed counts, whatever they hold —
    /// copies in hand not on loan to them, open borrowings, open carryings out.
    public static func counts(
        of personID: UUID, on database: any Database
    ) async throws -> (copies: Int, borrowings: Int, carryOuts: Int) {
        let sql = try database.sql
        let loans = try await sql.raw(
            """
            SELECT l.kind, COUNT(*) AS n FROM loans l
            WHERE l.borrower_person_id = \(bind: personID) AND l.is_open = \(bind: true) GROUP BY l.kind
            """
        ).all()
        var borrowings = 0
        var carryOuts = 0
        for row in loans {
            let n = try row.decode(column: "n", as: Int.self)
            if try row.decode(column: "kind", as: String.self) == RequestKind.carryOut.rawValue {
                carryOuts += n
            } else {
                borrowings += n
            }
        }
        let copies =
            try await sql.raw(
                """
                SELECT COUNT(*) AS n FROM copies k
                WHERE k.holder_id = \(bind: personID) AND k.state IN (\(live)) AND NOT EXISTS (SELECT 1 FROM loans l
                    WHERE l.copy_id = k.id AND l.borrower_person_id = \(bind: personID) AND l.is_open = \(bind: true))
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        return (copies, borrowings, carryOuts)
    }

    /// Every open loan of the person, then every live copy in their hands not already listed by its loan.
    public static func of(_ personID: UUID, on database: any Database) async throws -> [DepartureHolding] {
        let sql = try database.sql
        var holdings: [DepartureHolding] = []
        let loans = try await sql.raw(
            """
            SELECT l.kind, l.request_id, r.number AS request_number, k.id AS copy_id, k.serial, c.id AS carrier_id,
                c.number, c.title
            FROM loans l JOIN requests r ON r.id = l.request_id JOIN copies k ON k.id = l.copy_id
                JOIN carriers c ON c.id = k.carrier_id
            WHERE l.borrower_person_id = \(bind: personID) AND l.is_open = \(bind: true)
            ORDER BY c.number, k.serial
            """
        ).all()
        for row in loans {
            holdings.append(
                DepartureHolding(
                    kind: try row.decode(column: "kind", as: String.self) == RequestKind.carryOut.rawValue
                        ? .carryOut : .borrow,
                    copyID: try row.decode(column: "copy_id", as: UUID.self),
                    carrierID: try row.decode(column: "carrier_id", as: UUID.self),
                    carrierNumber: try row.decode(column: "number", as: String.self),
                    carrierTitle: try row.decode(column: "title", as: String.self),
                    serial: try row.decode(column: "serial", as: Int.self),
                    requestID: try row.decode(column: "request_id", as: UUID.self),
                    requestNumber: try row.decode(column: "request_number", as: String.self)))
        }
        let onLoan = Set(holdings.map(\.copyID))
        let copies = try await sql.raw(
            """
            SELECT k.id AS copy_id, k.serial, c.id AS carrier_id, c.number, c.title
            FROM copies k JOIN carriers c ON c.id = k.carrier_id
            WHERE k.holder_id = \(bind: personID) AND k.state IN (\(live))
            ORDER BY c.number, k.serial
            """
        ).all()
        for row in copies {
            let copyID = try row.decode(column: "copy_id", as: UUID.self)
            if onLoan.contains(copyID) { continue }
            holdings.append(
                DepartureHolding(
                    kind: .copy, copyID: copyID, carrierID: try row.decode(column: "carrier_id", as: UUID.self),
                    carrierNumber: try row.decode(column: "number", as: String.self),
                    carrierTitle: try row.decode(column: "title", as: String.self),
                    serial: try row.decode(column: "serial", as: Int.self), requestID: nil, requestNumber: nil))
        }
        return holdings
    }
}
