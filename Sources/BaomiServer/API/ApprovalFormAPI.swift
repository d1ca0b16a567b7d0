import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// `/api/v1/requests/{id}/form` and `/api/v1/audit/leaves/{index}/proof`: the 审批表's data with its audit leaf, and
/// the proof that a printed form's leaf is in the log (A6, S2, principle 12).
enum ApprovalFormAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        registry.register(
            APIOperation(
                method: .GET, path: "requests/{id}/form", operationID: "getApprovalForm", tag: "requests",
                summary: "The request as its printed approval form, with the audit leaf its QR code names 审批表 (A6, S2)",
                parameters: [.path("id", description: "UUID of the request")], responseSchema: "ApprovalForm"),
            on: routes, form)
        registry.register(
            APIOperation(
                method: .GET, path: "audit/leaf-proof", operationID: "proveAuditLeaf", tag: "audit",
                summary:
                    "Prove a printed form's audit leaf against the newest signed checkpoint; the record only as the audit pages show it to the caller 核验审批表 (S2)",
                parameters: [
                    .query(
                        "q", type: "string",
                        description: "The form's QR text baomi:leaf:<index>:<hash>, a /verify address or a leaf index",
                        required: true, maxLength: 300)
                ], responseSchema: "LeafProof"), on: routes, prove)
    }

    @Sendable static func prove(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer()
        guard let reference = try VerifyController.reference(request) else {
            throw DomainError.invalid(field: "q", zh: "缺少参数 q", en: "Needs the query parameter q")
        }
        return try request.json(try await VerifyController.check(request, viewer: viewer, reference: reference))
    }

    @Sendable static func form(_ request: Request) async throws -> Response {
        let viewer = try await RequestsController.requireRequestViewer(request)
        return try request.json(
            try await ApprovalFormController.form(request, viewer: viewer, id: try request.uuidParameter()))
    }
}
