import BaomiDomain
import FluentKit
import Foundation

/// The carrier ledger (涉密载体台账) as a file: `CarrierLedgerTable`'s rows in Chinese — LEDGERS.md's columns, then the
/// codes `CarrierImport` reads (departments, people and projects by code, each copy's state and whereabouts) — so
/// that export and import round-trip, copies and all.
public struct CarrierExport: Sendable {
    /// LEDGERS.md's columns for the carrier ledger, in its order.
    public static var ledgerHeaders: [String] { CarrierLedgerTable.ledgerHeaders.map(\.zh) }

    /// The columns after the ledger's: what an import needs that the ledger shows only by name or not at all.
    public static var importColumns: [CarrierColumn] { CarrierLedgerTable.importColumns }

    public static var headers: [String] { CarrierLedgerTable.headers(language: .zh, importColumns: true) }

    public let catalogue: LevelCatalogue
    /// Only these departments' carriers (a secrecy officer's own, T5.2); nil for all.
    public let departments: Set<UUID>?
    public let batchSize: Int

    /// The exporting person, as the ledger's SQL twin of the access decision sees them (A2, A3, principle 11): only
    /// what they may read is written. Nil for the `system` export, which writes every carrier.
    public var clearance: CarrierLedgerQuery.Viewer?

    public init(catalogue: LevelCatalogue, departments: Set<UUID>? = nil, batchSize: Int = 500) {
        self.catalogue = catalogue
        self.departments = departments
        self.batchSize = max(1, min(batchSize, 500))
    }

    /// Hands the ledger's rows to `emit` a batch at a time, so a large register never sits in memory whole; returns
    /// the number of rows.
    @discardableResult
    public func rows(on database: any Database, _ emit: ([[String]]) throws -> Void) async throws -> Int {
        var query = CarrierLedgerQuery()
        query.departments = departments
        query.viewer = clearance
        var table = CarrierLedgerTable(query: query, catalogue: catalogue, language: .zh, importColumns: true)
        table.batchSize = batchSize
        return try await table.texts(on: database, emit)
    }
}
