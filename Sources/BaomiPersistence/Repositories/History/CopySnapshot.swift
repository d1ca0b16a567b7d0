import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// What an event concerned, as it was at that moment (DESIGN principle 12): the carrier's number, title, level and
/// marking, how many copies it then had, and the copy's holder, place and keeping department by name. Copy events,
/// request items and loans keep one, so registers, certificates and printed forms show the copy as it was: a carrier
/// later raised or lowered, a person or a place later renamed, leaves them as they were.
///
/// Whether a viewer may see the carrier at all is not decided here: that is the carrier as it is now
/// (`CarrierSights`, principle 11). Only what is shown of a visible carrier comes from the snapshot.
public struct CopySnapshot: Sendable, Hashable {
    public var carrierNumber: String
    public var carrierTitle: String
    /// `LevelID` raw value.
    public var level: String
    /// The level's name as the catalogue had it, in Chinese as printed (`机密`).
    public var levelName: String
    /// The marking as printed on the carrier then, e.g. `绝密★30年`.
    public var marking: String
    /// N of 第n份/共N份 then: copies made later continue the series.
    public var copyTotal: Int
    public var holderName: String
    public var placeName: String
    public var departmentName: String

    public init(
        carrierNumber: String, carrierTitle: String, level: String, levelName: String, marking: String,
        copyTotal: Int, holderName: String, placeName: String, departmentName: String
    ) {
        self.carrierNumber = carrierNumber
        self.carrierTitle = carrierTitle
        self.level = level
        self.levelName = levelName
        self.marking = marking
        self.copyTotal = copyTotal
        self.holderName = holderName
        self.placeName = placeName
        self.departmentName = departmentName
    }

    /// The level's name and the marking for a level and a period (`SecrecyPeriod` as JSON), as printed now.
    static func marking(level: String, period: String, levels: LevelCatalogue) -> (name: String, text: String) {
        guard let definition = levels.definition(LevelID(rawValue: level)) else { return (level, level) }
        let period = (try? JSONDecoder().decode(SecrecyPeriod.self, from: Data(period.utf8))) ?? .unmarked
        return (definition.name.zh, definition.marking(for: period))
    }

    /// The copy as it is at this moment inside the caller's transaction, in one statement: its carrier's row read
    /// afresh (a change of level earlier in the same transaction is seen), the holder, place and department by name.
    static func load(_ copy: CopyModel, on database: any Database) async throws -> CopySnapshot {
        var query: SQLQueryString = "SELECT "
        query.appendInterpolation(columns(of: copy))
        guard let row = try await database.sql.raw(query).first() else {
            throw PersistenceError.corrupt("copy \(copy.id?.uuidString ?? "?") without its carrier")
        }
        return CopySnapshot(
            carrierNumber: try row.decode(column: "carrier_number", as: String.self),
            carrierTitle: try row.decode(column: "carrier_title", as: String.self),
            level: try row.decode(column: "level", as: String.self),
            levelName: try row.decode(column: "level_name", as: String.self),
            marking: try row.decode(column: "marking", as: String.self),
            copyTotal: try row.decode(column: "copy_total", as: Int.self),
            holderName: try row.decode(column: "holder_name", as: String?.self) ?? "",
            placeName: try row.decode(column: "place_name", as: String?.self) ?? "",
            departmentName: try row.decode(column: "department_name", as: String?.self) ?? "")
    }

    /// The snapshot's columns for `copy`, named as the tables that keep them name them, from its carrier's row:
    /// `c.number AS carrier_number, …, (SELECT name FROM people …) AS holder_name, … FROM carriers c WHERE c.id = …`.
    /// Copy events and readings insert it as it is (`INSERT … SELECT`): no statement of their own.
    static func columns(of copy: CopyModel) -> SQLQueryString {
        var query: SQLQueryString = """
            c.number AS carrier_number, c.title AS carrier_title, c.level AS level, c.level_name AS level_name, \
            c.marking AS marking, c.copy_count AS copy_total
            """
        for (table, id, column) in [
            ("people", copy.$holder.id, "holder_name"), ("storage_places", copy.$place.id, "place_name"),
            ("org_units", Optional(copy.departmentID), "department_name"),
        ] {
            query.appendLiteral(", ")
            if let id {
                query.appendInterpolation(unsafeRaw: "COALESCE((SELECT name FROM \(table) WHERE id = ")
                query.appendInterpolation(bind: id)
                query.appendInterpolation(unsafeRaw: "), '') AS \(column)")
            } else {
                query.appendInterpolation(unsafeRaw: "'' AS \(column)")
            }
        }
        query.appendLiteral(" FROM carriers c WHERE c.id = ")
        query.appendInterpolation(bind: copy.$carrier.id)
        return query
    }

    /// `value` bound, or the literal NULL: a NULL bound in a SELECT list has no type PostgreSQL could infer.
    static func valueOrNull(_ value: (some Encodable & Sendable)?) -> SQLQueryString {
        guard let value else { return "NULL" }
        return "\(bind: value)"
    }
}

/// A row that keeps the copy as it was (`CopySnapshot`) in the snapshot columns of migration 013: copy events,
/// request items and inventory items.
public protocol KeepsCopySnapshot: AnyObject {
    var carrierNumber: String { get set }
    var carrierTitle: String { get set }
    var level: String { get set }
    var levelName: String { get set }
    var marking: String { get set }
    var copyTotal: Int { get set }
    var holderName: String { get set }
    var placeName: String { get set }
    var departmentName: String { get set }
}

extension KeepsCopySnapshot {
    /// The copy as this row recorded it.
    public var snapshot: CopySnapshot {
        get {
            CopySnapshot(
                carrierNumber: carrierNumber, carrierTitle: carrierTitle, level: level, levelName: levelName,
                marking: marking, copyTotal: copyTotal, holderName: holderName, placeName: placeName,
                departmentName: departmentName)
        }
        set {
            carrierNumber = newValue.carrierNumber
            carrierTitle = newValue.carrierTitle
            level = newValue.level
            levelName = newValue.levelName
            marking = newValue.marking
            copyTotal = newValue.copyTotal
            holderName = newValue.holderName
            placeName = newValue.placeName
            departmentName = newValue.departmentName
        }
    }
}

/// An event: the copy as it was when the step was taken.
extension CopyEventModel: KeepsCopySnapshot {}

/// The copy as it was when the request was made.
extension RequestItemModel: KeepsCopySnapshot {}

/// The copy as it was when the inventory was opened.
extension InventoryItemModel: KeepsCopySnapshot {}
