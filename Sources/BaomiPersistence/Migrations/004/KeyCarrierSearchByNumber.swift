import FluentKit
import SQLKit

/// Re-keys SQLite's trigram index by an integer derived from the carrier number, so a search hands the ledger
/// query the matching carriers straight from the index instead of reading one stored UUID per match (issue #3's
/// search budget at a million copies). PostgreSQL's pg_trgm indexes are untouched.
struct KeyCarrierSearchByNumber: AsyncMigration {
    var name: String { "004-KeyCarrierSearchByNumber" }

    func prepare(on database: any Database) async throws {
        guard try SQLDialectKind(database) == .sqlite else { return }
        try await CarrierSearchIndex.keyByCarrierNumber(on: database)
    }

    func revert(on database: any Database) async throws {
        guard try SQLDialectKind(database) == .sqlite else { return }
        try await CarrierSearchIndex.dropKeyedIndex(on: database)
        try await CarrierSearchIndex.install(on: database)
        try await database.sql.raw(
            """
            INSERT INTO carrier_search (carrier_id, title, document_number, number)
            SELECT id, title, document_number, number FROM carriers
            """
        ).run()
    }
}
