import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// `/api/v1/training/sessions/{id}/materials`: a session's non-secret materials (E6.1, S4). Those who run education
/// add them; everyone signed in may read them, as everyone may open the session to confirm their attendance.
enum TrainingMaterialsAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let id = APIOperation.Parameter.path("id", description: "Session UUID")
        registry.register(
            APIOperation(
                method: .GET, path: "training/sessions/{id}/materials", operationID: "listTrainingMaterials",
                tag: "training", summary: "A session's materials 培训材料 (E6.1)", parameters: [id],
                responseSchema: "Attachment", responseIsArray: true), on: routes, list)
        registry.register(
            APIOperation(
                method: .POST, path: "training/sessions/{id}/materials", operationID: "attachTrainingMaterial",
                tag: "training",
                summary:
                    "Add a non-secret PDF, PNG, JPEG or TIFF (judged by content) to a session's materials; nonSecret must be true; over the size limit 413 (E6.1, S4)",
                parameters: [id], multipartSchema: "AttachmentUpload", responseSchema: "Attachment", successStatus: 201),
            on: routes, upload)
        registry.register(
            APIOperation(
                method: .GET, path: "training/sessions/{id}/materials/{materialID}",
                operationID: "downloadTrainingMaterial", tag: "training",
                summary: "One material, always as a download (Content-Disposition: attachment) 下载培训材料",
                parameters: [id, .path("materialID", description: "UUID of the material")]), on: routes, download)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        _ = try await request.requireViewer()
        let id = try request.uuidParameter()
        _ = try await request.baomi.training.session(id, on: request.db)
        return try request.json(
            try await request.baomi.trainingMaterials.list(of: id, on: request.db).map(AttachmentDTO.init))
    }

    @Sendable static func upload(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTraining)
        let material = try await attach(request, viewer: viewer, id: try request.uuidParameter())
        return try request.json(AttachmentDTO(material), status: .created)
    }

    @Sendable static func download(_ request: Request) async throws -> Response {
        _ = try await request.requireViewer()
        return try await file(request, id: try request.uuidParameter(), material: "materialID")
    }

    /// Adds the uploaded file to the session's materials: the page's and the API's one way in.
    static func attach(_ request: Request, viewer: Viewer, id: UUID) async throws -> TrainingMaterialModel {
        try await AttachmentsController.receive(request) { bytes, fileName, declaredNonSecret, limit in
            try await request.baomi.trainingMaterials.attach(
                bytes, fileName: fileName, to: id, declaredNonSecret: declaredNonSecret, limit: limit,
                by: viewer.auditActor, on: request.db)
        }
    }

    /// The material's bytes as a download; 404 when the session has no such material.
    static func file(_ request: Request, id: UUID, material parameter: String) async throws -> Response {
        guard let materialID = request.parameters.get(parameter).flatMap(UUID.init(uuidString:)),
            let (material, bytes) = try await request.baomi.trainingMaterials.file(materialID, of: id, on: request.db)
        else { throw DomainError.notFound(zh: "培训材料不存在", en: "No such training material") }
        return AttachmentsController.fileResponse(bytes, fileName: material.fileName, type: material.type)
    }
}
