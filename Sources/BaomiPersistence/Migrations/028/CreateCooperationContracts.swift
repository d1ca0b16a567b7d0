import FluentKit
import SQLKit

/// Cooperation contracts with outside parties and their secrecy coverage (T23), issue #16.
struct CreateCooperationContracts: AsyncMigration {
    var name: String { "028-CreateCooperationContracts" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CooperationContractModel.schema)
            .id()
            .field("partner_name", .string, .required)
            .field("partner_credit_code", .string)
            .field("subject", .string, .required)
            .field("level", .string)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("department_id", .uuid, .required, .references(OrgUnitModel.schema, "id", onDelete: .restrict))
            .field("coverage", .string, .required)
            .field("agreement_signed_on", .string)
            .field("clause_reference", .string)
            .field("recorded_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
        // The compliance checks read contracts not yet ended; the register lists by department.
        try await database.sql.raw("CREATE INDEX cooperation_contracts_by_end ON cooperation_contracts (ends_on)").run()
        try await database.sql.raw(
            "CREATE INDEX cooperation_contracts_by_department ON cooperation_contracts (department_id, starts_on)"
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CooperationContractModel.schema).delete()
    }
}
