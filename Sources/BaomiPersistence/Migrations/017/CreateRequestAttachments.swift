import FluentKit
import SQLKit

/// Requests take non-secret attachments (#14): one row per attachment, the bytes content-addressed by SHA-256 —
/// as files in the data folder on SQLite, in `attachment_blobs` on PostgreSQL so that several instances share them.
/// Also an index for the newest audit record about an object, which a printed 审批表's QR code names (S2).
struct CreateRequestAttachments: AsyncMigration {
    var name: String { "017-CreateRequestAttachments" }

    func prepare(on database: any Database) async throws {
        try await database.schema(RequestAttachmentModel.schema)
            .id()
            .field("request_id", .uuid, .required, .references(RequestModel.schema, "id", onDelete: .restrict))
            .field("file_name", .string, .required)
            .field("type", .string, .required)
            .field("size", .int64, .required)
            .field("sha256", .string, .required)
            .field("uploaded_by_name", .string, .required)
            .field("uploaded_by_id", .uuid)
            .field("uploaded_at", .datetime, .required)
            .create()
        try await database.schema(AttachmentBlobModel.schema)
            .field("sha256", .string, .identifier(auto: false))
            .field("content", .data, .required)
            .create()
        let sql = try database.sql
        try await sql.raw("CREATE INDEX request_attachments_by_request ON request_attachments (request_id)").run()
        try await sql.raw(
            "CREATE INDEX audit_records_by_object ON audit_records (object_type, object_id, leaf_index)"
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX audit_records_by_object").run()
        try await database.schema(AttachmentBlobModel.schema).delete()
        try await database.schema(RequestAttachmentModel.schema).delete()
    }
}
