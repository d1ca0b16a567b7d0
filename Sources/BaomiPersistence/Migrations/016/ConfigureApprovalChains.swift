import FluentKit
import Foundation
import SQLKit

/// Chains are configuration (DESIGN principle 9, issue #14):
/// - a department names its head and its leader in charge (分管领导), to whom steps by relation resolve;
/// - each kind's chain (per level where the kind has one) has versions; a request keeps the version it was
///   submitted under (`requests.chain_version`, nil: the national defaults, version 1) and its resolved steps;
/// - a request may be returned for changes and resubmitted: every round's submission is kept
///   (`request_revisions`), each step belongs to its round, and a decision may carry conditions and name whom it
///   was decided for (代理, `delegations`);
/// - the steps waiting for a decision are listed by approver (`request_waiting`) so the inbox is read by index.
/// Nullable or defaulted columns and new tables: in place on SQLite too.
struct ConfigureApprovalChains: AsyncMigration {
    var name: String { "016-ConfigureApprovalChains" }

    static let columns: [(table: String, columns: [String])] = [
        ("org_units", ["head_id UUID", "leader_in_charge_id UUID"]),
        ("requests", ["round BIGINT NOT NULL DEFAULT 1", "chain_version TEXT"]),
        (
            "request_steps",
            [
                "round BIGINT NOT NULL DEFAULT 1", "on_behalf_of_id UUID",
                "on_behalf_of_name TEXT NOT NULL DEFAULT ''", "conditions TEXT NOT NULL DEFAULT ''",
            ]
        ),
    ]

    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        for (table, columns) in Self.columns {
            for column in columns {
                try await sql.raw("ALTER TABLE \(unsafeRaw: table) ADD COLUMN \(unsafeRaw: column)").run()
            }
        }
        try await database.schema(ChainVersionModel.schema)
            .id()
            .field("kind", .string, .required)
            .field("level", .string, .required)
            .field("number", .int, .required)
            .field("steps", .string, .required)
            .field("note", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "kind", "level", "number")
            .create()
        try await database.schema(RequestRevisionModel.schema)
            .id()
            .field("request_id", .uuid, .required, .references(RequestModel.schema, "id", onDelete: .restrict))
            .field("round", .int, .required)
            .field("reason", .string, .required)
            .field("payload", .string, .required)
            .field("submitted_by", .string, .required)
            .field("submitted_at", .datetime, .required)
            .unique(on: "request_id", "round")
            .create()
        try await database.schema(WaitingApproverModel.schema)
            .id()
            .field("request_id", .uuid, .required, .references(RequestModel.schema, "id", onDelete: .restrict))
            .field("approver_key", .string, .required)
            .field("requester_id", .uuid, .required)
            .field("since", .datetime, .required)
            .create()
        try await database.schema(DelegationModel.schema)
            .id()
            .field("delegator_id", .uuid, .required, .references(AccountModel.schema, "id", onDelete: .restrict))
            .field("delegator_name", .string, .required)
            .field("stand_in_id", .uuid, .required, .references(AccountModel.schema, "id", onDelete: .restrict))
            .field("stand_in_name", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .create()
        // The inbox: an approver's waiting steps, newest first, read by index however many requests there are.
        try await sql.raw("CREATE INDEX request_waiting_by_approver ON request_waiting (approver_key, since)").run()
        try await sql.raw("CREATE INDEX request_waiting_by_request ON request_waiting (request_id)").run()
        // A request's items and steps by the request: read on every request page and inbox line.
        try await sql.raw("CREATE INDEX request_items_by_request ON request_items (request_id)").run()
        try await sql.raw("CREATE INDEX request_steps_by_request ON request_steps (request_id, position)").run()
        try await sql.raw("CREATE INDEX delegations_by_stand_in ON delegations (stand_in_id, ends_on)").run()
        try await sql.raw("CREATE INDEX delegations_by_delegator ON delegations (delegator_id, ends_on)").run()
        // Requests already waiting enter the inbox of whoever their waiting step names.
        let open = try await sql.raw(
            "SELECT id FROM requests WHERE state IN ('submitted', 'inReview')"
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
        let requests = RequestRepository(store: Store())
        let resolver = ChainResolver(clock: { Date() })
        for id in open {
            let request = try await requests.loaded(id, on: database)
            try await resolver.refreshWaiting(
                request, keepingDepartments: request.keepingDepartments, need: nil, on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX request_steps_by_request").run()
        try await database.sql.raw("DROP INDEX request_items_by_request").run()
        try await database.schema(DelegationModel.schema).delete()
        try await database.schema(WaitingApproverModel.schema).delete()
        try await database.schema(RequestRevisionModel.schema).delete()
        try await database.schema(ChainVersionModel.schema).delete()
        let sql = try database.sql
        for (table, columns) in Self.columns {
            for column in columns {
                let name = column.prefix { $0 != " " }
                try await sql.raw("ALTER TABLE \(unsafeRaw: table) DROP COLUMN \(unsafeRaw: String(name))").run()
            }
        }
    }
}
