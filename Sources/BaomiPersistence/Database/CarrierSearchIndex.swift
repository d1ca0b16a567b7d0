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

    /// A condition on `carriers` (aliased `c`) matching `text` as a substring of the title, document number or
    /// carrier number.
    public static func condition(_ text: String, dialect: SQLDialectKind) -> SQLQueryString {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        let pattern = "%\(escaped)%"
        if dialect == .sqlite && text.count >= 3 {
            let phrase = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return "c.id IN (SELECT carrier_id FROM carrier_search WHERE carrier_search MATCH \(bind: phrase))"
        }
        let operatorText = dialect == .postgres ? "ILIKE" : "LIKE"
        return
            "(c.title \(unsafeRaw: operatorText) \(bind: pattern) ESCAPE '\\' OR c.document_number \(unsafeRaw: operatorText) \(bind: pattern) ESCAPE '\\' OR c.number \(unsafeRaw: operatorText) \(bind: pattern) ESCAPE '\\')"
    }
}
