import FluentKit
import SQLKit

/// Chinese substring search over carrier titles and document numbers, one protocol over two engines (DESIGN):
/// SQLite's FTS5 trigram tokenizer finds substrings of three or more characters; PostgreSQL's pg_trgm with a GIN
/// index serves `LIKE '%…%'`. One and two characters fall back to `LIKE`, which is fine for the short lists such
/// short queries are used on.
public enum CarrierSearchIndex {
    static func install(on database: any Database) async throws {
        let sql = try database.sql
        switch try SQLDialectKind(database) {
        case .sqlite:
            try await sql.raw(
                """
                CREATE VIRTUAL TABLE carrier_search USING fts5(
                    carrier_id UNINDEXED, title, document_number, number, tokenize = 'trigram')
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER carriers_search_insert AFTER INSERT ON carriers BEGIN
                    INSERT INTO carrier_search (carrier_id, title, document_number, number)
                    VALUES (NEW.id, NEW.title, NEW.document_number, NEW.number);
                END
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER carriers_search_update AFTER UPDATE OF title, document_number, number ON carriers BEGIN
                    DELETE FROM carrier_search WHERE carrier_id = OLD.id;
                    INSERT INTO carrier_search (carrier_id, title, document_number, number)
                    VALUES (NEW.id, NEW.title, NEW.document_number, NEW.number);
                END
                """
            ).run()
        case .postgres:
            try await sql.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm").run()
            try await sql.raw("CREATE INDEX carriers_title_trgm ON carriers USING gin (title gin_trgm_ops)").run()
            try await sql.raw(
                "CREATE INDEX carriers_document_number_trgm ON carriers USING gin (document_number gin_trgm_ops)"
            ).run()
        }
    }

    /// The integer each carrier is filed under in SQLite's trigram index: carrier numbers are unique per year and
    /// never change, unlike SQLite's own rowids, which `VACUUM` may renumber on a table keyed by UUID.
    static let searchKeyExpression = "number_year * 1000000000 + number_sequence"

    /// Migration 004: the trigram table keyed by `carriers.search_key`, so matching rowids are the answer and no
    /// stored column has to be read per match.
    static func keyByCarrierNumber(on database: any Database) async throws {
        let sql = try database.sql
        try await sql.raw(
            """
            ALTER TABLE carriers ADD COLUMN search_key INTEGER
                GENERATED ALWAYS AS (\(unsafeRaw: searchKeyExpression)) VIRTUAL
            """
        ).run()
        try await sql.raw("CREATE UNIQUE INDEX carriers_by_search_key ON carriers (search_key)").run()
        try await sql.raw("DROP TRIGGER carriers_search_insert").run()
        try await sql.raw("DROP TRIGGER carriers_search_update").run()
        try await sql.raw("DROP TABLE carrier_search").run()
        try await sql.raw(
            "CREATE VIRTUAL TABLE carrier_search USING fts5(title, document_number, number, tokenize = 'trigram')"
        ).run()
        let newKey = "NEW.number_year * 1000000000 + NEW.number_sequence"
        try await sql.raw(
            """
            CREATE TRIGGER carriers_search_insert AFTER INSERT ON carriers BEGIN
                INSERT INTO carrier_search (rowid, title, document_number, number)
                VALUES (\(unsafeRaw: newKey), NEW.title, NEW.document_number, NEW.number);
            END
            """
        ).run()
        try await sql.raw(
            """
            CREATE TRIGGER carriers_search_update
            AFTER UPDATE OF title, document_number, number, number_year, number_sequence ON carriers BEGIN
                DELETE FROM carrier_search WHERE rowid = OLD.number_year * 1000000000 + OLD.number_sequence;
                INSERT INTO carrier_search (rowid, title, document_number, number)
                VALUES (\(unsafeRaw: newKey), NEW.title, NEW.document_number, NEW.number);
            END
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO carrier_search (rowid, title, document_number, number)
            SELECT search_key, title, document_number, number FROM carriers
            """
        ).run()
    }

    static func dropKeyedIndex(on database: any Database) async throws {
        let sql = try database.sql
        try await sql.raw("DROP TRIGGER carriers_search_insert").run()
        try await sql.raw("DROP TRIGGER carriers_search_update").run()
        try await sql.raw("DROP TABLE carrier_search").run()
        try await sql.raw("DROP INDEX carriers_by_search_key").run()
        try await sql.raw("ALTER TABLE carriers DROP COLUMN search_key").run()
    }

    /// Whether `text` is answered by the trigram index (SQLite, three characters or more) rather than `LIKE`.
    public static func usesTrigramIndex(_ text: String, dialect: SQLDialectKind) -> Bool {
        dialect == .sqlite && text.count >= 3
    }

    /// How many carriers match, counting no further than `cap`: the ledger picks its plan by it.
    public static func matchingCarriers(_ text: String, cap: Int, on database: any SQLDatabase) async throws -> Int {
        try await database.raw(
            """
            SELECT COUNT(*) AS n FROM (SELECT 1 FROM carrier_search WHERE carrier_search MATCH \(bind: phrase(text))
                LIMIT \(literal: cap)) matched
            """
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    private static func phrase(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A condition on `carriers` (aliased `c`) matching `text` as a substring of the title, document number or
    /// carrier number. `searchKey` is the SQL giving the carrier's `search_key` where the trigram index answers.
    public static func condition(
        _ text: String, dialect: SQLDialectKind, searchKey: String = "c.search_key"
    ) -> SQLQueryString {
        if usesTrigramIndex(text, dialect: dialect) {
            return
                "\(unsafeRaw: searchKey) IN (SELECT rowid FROM carrier_search WHERE carrier_search MATCH \(bind: phrase(text)))"
        }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        let pattern = "%\(escaped)%"
        let operatorText = dialect == .postgres ? "ILIKE" : "LIKE"
        return
            "(c.title \(unsafeRaw: operatorText) \(bind: pattern) ESCAPE '\\' OR c.document_number \(unsafeRaw: operatorText) \(bind: pattern) ESCAPE '\\' OR c.number \(unsafeRaw: operatorText) \(bind: pattern) ESCAPE '\\')"
    }
}
