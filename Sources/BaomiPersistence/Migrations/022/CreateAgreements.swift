import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Agreements (T8, T9, T15, L1.1; #16): the versioned texts of each kind, each person's agreements pinned to the
/// version they sign, and the allowances and remuneration paid under them. Version 1 of every kind is the built-in
/// text (`AgreementKind.defaultText`), so a draft can be made before the office publishes its own.
struct CreateAgreements: AsyncMigration {
    var name: String { "022-CreateAgreements" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AgreementTextModel.schema)
            .id()
            .field("kind", .string, .required)
            .field("version", .int, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("published_by_name", .string, .required)
            .field("published_at", .datetime, .required)
            .unique(on: "kind", "version")
            .create()
        try await database.schema(PersonAgreementModel.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonModel.schema, "id", onDelete: .restrict))
            .field("kind", .string, .required)
            .field("text_id", .uuid, .required, .references(AgreementTextModel.schema, "id", onDelete: .restrict))
            .field("version", .int, .required)
            .field("state", .string, .required)
            .field("person_signed_on", .string)
            .field("unit_signed_on", .string)
            .field("in_force_from", .string)
            .field("ended_on", .string)
            .field("reason", .string)
            .field("non_compete_until", .string)
            .field("valid_until", .string)
            .field("scan_file_name", .string)
            .field("scan_type", .string)
            .field("scan_size", .int64)
            .field("scan_sha256", .string)
            .field("created_by_name", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema(AgreementPaymentModel.schema)
            .id()
            .field(
                "agreement_id", .uuid, .required,
                .references(PersonAgreementModel.schema, "id", onDelete: .restrict)
            )
            .field("kind", .string, .required)
            .field("amount_cents", .int64, .required)
            .field("due_on", .string, .required)
            .field("paid_on", .string)
            .field("note", .string, .required)
            .field("recorded_by_name", .string, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        let sql = try database.sql
        // The gate, the person's page and the ledger's signing-date column read by person and kind.
        try await sql.raw("CREATE INDEX person_agreements_by_person ON person_agreements (person_id, kind, state)")
            .run()
        try await sql.raw("CREATE INDEX person_agreements_by_state ON person_agreements (state, kind)").run()
        try await sql.raw("CREATE INDEX agreement_payments_by_agreement ON agreement_payments (agreement_id)").run()
        try await sql.raw("CREATE INDEX agreement_payments_unpaid ON agreement_payments (paid_on, due_on)").run()
        let now = Date()
        for kind in AgreementKind.allCases {
            let text = AgreementTextModel()
            text.kind = kind.rawValue
            text.version = 1
            text.title = kind.title.zh
            text.body = kind.defaultText
            text.publishedByName = "系统"
            text.publishedAt = now
            try await text.create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AgreementPaymentModel.schema).delete()
        try await database.schema(PersonAgreementModel.schema).delete()
        try await database.schema(AgreementTextModel.schema).delete()
    }
}
