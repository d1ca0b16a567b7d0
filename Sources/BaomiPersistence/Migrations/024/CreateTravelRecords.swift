import FluentKit
import SQLKit

/// Travel abroad (A7, L1.7, #16): the briefing and debriefing recorded on each approved trip, and the travel
/// documents the unit keeps (证件管理) with every movement out and in. A document out for a trip names the trip; the
/// one conditional UPDATE that lends it is what makes two simultaneous log-outs end with one winner.
struct CreateTravelRecords: AsyncMigration {
    var name: String { "024-CreateTravelRecords" }

    func prepare(on database: any Database) async throws {
        try await database.schema(TripReportModel.schema)
            .id()
            .field("request_id", .uuid, .required, .references(RequestModel.schema, "id", onDelete: .restrict))
            .field("kind", .string, .required)
            .field("held_on", .string, .required)
            .field("held_by", .string, .required)
            .field("notes", .string, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .unique(on: "request_id", "kind")
            .create()
        try await database.schema(TravelDocumentModel.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("kind", .string, .required)
            .field("number", .string, .required)
            .field("expires_on", .string)
            .field("held_by_unit", .bool, .required)
            .field("out_request_id", .uuid, .references(RequestModel.schema, "id", onDelete: .restrict))
            .field("out_since", .datetime)
            .field("due_back", .string)
            .field("version", .int, .required)
            .field("registered_at", .datetime, .required)
            .unique(on: "kind", "number")
            .create()
        try await database.sql.raw("CREATE INDEX travel_documents_by_person ON travel_documents (person_id)").run()
        try await database.schema(TravelDocumentMovementModel.schema)
            .id()
            .field(
                "document_id", .uuid, .required, .references(TravelDocumentModel.schema, "id", onDelete: .restrict)
            )
            .field("direction", .string, .required)
            .field("request_id", .uuid)
            .field("at", .datetime, .required)
            .field("by_name", .string, .required)
            .create()
        try await database.sql.raw(
            "CREATE INDEX travel_document_movements_by_document ON travel_document_movements (document_id, at)"
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TravelDocumentMovementModel.schema).delete()
        try await database.schema(TravelDocumentModel.schema).delete()
        try await database.schema(TripReportModel.schema).delete()
    }
}
