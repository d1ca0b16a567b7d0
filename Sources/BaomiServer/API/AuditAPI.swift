import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// `/api/v1/audit/*` (S1, S2): records as each reviewer may see them, the signed checkpoint, RFC 6962 proofs,
/// and verification.
enum AuditAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        registry.register(
            APIOperation(
                method: .GET, path: "audit/records", operationID: "listAuditRecords", tag: "audit",
                summary: "Audit records, newest first 审计记录 (S1)",
                parameters: [
                    .text("action", "Action name, e.g. account.create", maxLength: 64),
                    .text("actor", "User name", maxLength: 64),
                    .choice("outcome", AuditOutcome.self, "success, refused or failure"),
                    .date("from", "YYYY-MM-DD, inclusive"), .date("until", "YYYY-MM-DD, inclusive"),
                    .integer("before", "Only records with a smaller leaf index (paging)", 0...Int.max),
                    .integer("limit", "Records per page, default 50", 1...500),
                ], responseSchema: "AuditRecord", responseIsArray: true), on: routes, records)
        registry.register(
            APIOperation(
                method: .GET, path: "audit/checkpoint", operationID: "getAuditCheckpoint", tag: "audit",
                summary: "The current signed checkpoint 当前签名检查点 (S2)", responseSchema: "Checkpoint"),
            on: routes, checkpoint)
        registry.register(
            APIOperation(
                method: .GET, path: "audit/proofs/inclusion", operationID: "getInclusionProof", tag: "audit",
                summary: "RFC 6962 inclusion proof 包含性证明 (S2)",
                parameters: [
                    .integer("index", "Leaf index", 0...Int.max, required: true),
                    .integer("treeSize", "Tree size", 1...Int.max, required: true),
                ],
                responseSchema: "InclusionProof"), on: routes, inclusion)
        registry.register(
            APIOperation(
                method: .GET, path: "audit/proofs/consistency", operationID: "getConsistencyProof", tag: "audit",
                summary: "RFC 6962 consistency proof 一致性证明 (S2)",
                parameters: [
                    .integer("first", "Older tree size", 1...Int.max, required: true),
                    .integer("second", "Newer tree size", 1...Int.max, required: true),
                ],
                responseSchema: "ConsistencyProof"), on: routes, consistency)
        registry.register(
            APIOperation(
                method: .POST, path: "audit/verify", operationID: "verifyAuditLog", tag: "audit",
                summary: "Recompute and verify the whole log (auditor) 校验审计日志 (S2)",
                responseSchema: "VerificationReport"),
            on: routes, verify)
    }

    /// The auditor and the security administrator may read the log's proofs; nobody else (S1).
    private static func requireReader(_ request: Request) async throws -> Viewer {
        try await AuditController.readableKinds(request).0
    }

    @Sendable static func records(_ request: Request) async throws -> Response {
        let (viewer, kinds) = try await AuditController.readableKinds(request)
        let (query, _) = try AuditController.query(request, kinds: kinds)
        let records = try await request.visibleAuditRecords(try await query.run(on: request.db), viewer: viewer)
        return try request.json(records.map(AuditRecordDTO.init))
    }

    @Sendable static func checkpoint(_ request: Request) async throws -> Response {
        _ = try await requireReader(request)
        let services = request.baomi
        let checkpoint = try await services.checkpoints.current(on: request.db)
        return try request.json(
            CheckpointDTO(
                treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, signedAt: checkpoint.signedAt,
                keyID: checkpoint.keyID,
                signature: checkpoint.signature, publicKey: services.checkpoints.publicKey,
                signedMessage: String(decoding: checkpoint.signedMessage, as: UTF8.self)))
    }

    /// Required whole-number parameters, each from its lowest value up; anything else is a 400 naming every bad
    /// one (#12).
    private static func integers(_ request: Request, _ names: [(String, Int)]) throws -> [Int64] {
        var parameters = QueryParameters(request)
        let values = names.map { name, lowest in
            let value = parameters.integer(name, lowest...Int.max)
            if value == nil, parameters.raw(name) == nil {
                parameters.fail(name, zh: "缺少整数参数 \(name)", en: "Needs an integer query parameter \(name)")
            }
            return Int64(value ?? 0)
        }
        try parameters.check()
        return values
    }

    @Sendable static func inclusion(_ request: Request) async throws -> Response {
        _ = try await requireReader(request)
        let values = try integers(request, [("index", 0), ("treeSize", 1)])
        let proof = try await request.baomi.checkpoints.inclusionProof(
            index: values[0], treeSize: values[1], on: request.db)
        return try request.json(proof)
    }

    @Sendable static func consistency(_ request: Request) async throws -> Response {
        _ = try await requireReader(request)
        let values = try integers(request, [("first", 1), ("second", 1)])
        let proof = try await request.baomi.checkpoints.consistencyProof(
            first: values[0], second: values[1], on: request.db)
        return try request.json(proof)
    }

    @Sendable static func verify(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.verifyAudit)
        return try request.json(try await AuditController.runVerification(request, viewer: viewer))
    }
}

extension InclusionProof: Content {}
extension ConsistencyProof: Content {}
extension AuditVerifier.Report: Content {}
