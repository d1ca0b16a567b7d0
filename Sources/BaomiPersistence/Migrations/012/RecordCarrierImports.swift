import FluentKit
import SQLKit

/// One row per carrier file imported, keyed by its SHA-256, so the same file is never registered twice (C1, A5);
/// and an index on 文号, which every registration now looks up to refuse a repeated one (C2).
struct RecordCarrierImports: AsyncMigration {
    var name: String { "012-RecordCarrierImports" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CarrierImportLog.schema)
            .id()
            .field("sha256", .string, .required)
            .field("file_name", .string, .required)
            .field("actor_name", .string, .required)
            .field("imported_at", .datetime, .required)
            .field("rows", .int, .required)
            .unique(on: "sha256")
            .create()
        try await database.sql.raw("CREATE INDEX carriers_by_document_number ON carriers (document_number)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX carriers_by_document_number").run()
        try await database.schema(CarrierImportLog.schema).delete()
    }
}
