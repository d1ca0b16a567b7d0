import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// An attachment as the API lists it: a request's (#14) or a training session's material (E6.1).
struct AttachmentDTO: Content {
    var id: UUID
    var fileName: String
    var type: String
    var mediaType: String
    var size: Int64
    var sha256: String
    var uploadedBy: String
    var uploadedAt: Date

    init(_ model: RequestAttachmentModel) {
        id = model.id ?? UUID()
        fileName = model.fileName
        type = model.type
        mediaType = AttachmentType(rawValue: model.type)?.mediaType ?? "application/octet-stream"
        size = model.size
        sha256 = model.sha256
        uploadedBy = model.uploadedByName
        uploadedAt = model.uploadedAt
    }

    init(_ material: TrainingMaterialModel) {
        id = material.id ?? UUID()
        fileName = material.fileName
        type = material.type
        mediaType = AttachmentType(rawValue: material.type)?.mediaType ?? "application/octet-stream"
        size = material.size
        sha256 = material.sha256
        uploadedBy = material.uploadedByName
        uploadedAt = material.uploadedAt
    }
}

/// `/api/v1/requests/{id}/attachments`: non-secret attachments of a request, for whoever may see it (#14, S4).
enum AttachmentsAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let id = APIOperation.Parameter.path("id", description: "UUID of the request")
        registry.register(
            APIOperation(
                method: .GET, path: "requests/{id}/attachments", operationID: "listRequestAttachments",
                tag: "requests", summary: "A request's non-secret attachments 申请附件", parameters: [id],
                responseSchema: "Attachment", responseIsArray: true), on: routes, list)
        registry.register(
            APIOperation(
                method: .POST, path: "requests/{id}/attachments", operationID: "attachToRequest", tag: "requests",
                summary:
                    "Attach a non-secret PDF, PNG, JPEG or TIFF (judged by content) to a request; nonSecret must be true; over the size limit 413 上传附件 (S4)",
                parameters: [id], multipartSchema: "AttachmentUpload", responseSchema: "Attachment", successStatus: 201),
            on: routes, upload)
        registry.register(
            APIOperation(
                method: .GET, path: "requests/{id}/attachments/{attachmentID}",
                operationID: "downloadRequestAttachment",
                tag: "requests",
                summary: "One attachment, always as a download (Content-Disposition: attachment) 下载附件",
                parameters: [id, .path("attachmentID", description: "UUID of the attachment")]), on: routes, download)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let viewer = try await RequestsController.requireRequestViewer(request)
        let id = try request.uuidParameter()
        try await RequestsAPI.visible(id, viewer: viewer, request: request)
        return try request.json(
            try await request.baomi.attachments.list(of: id, on: request.db).map(AttachmentDTO.init))
    }

    @Sendable static func upload(_ request: Request) async throws -> Response {
        let viewer = try await RequestsController.requireRequestViewer(request)
        let attachment = try await AttachmentsController.attach(
            request, viewer: viewer, id: try request.uuidParameter())
        return try request.json(AttachmentDTO(attachment), status: .created)
    }

    @Sendable static func download(_ request: Request) async throws -> Response {
        let viewer = try await RequestsController.requireRequestViewer(request)
        return try await AttachmentsController.file(
            request, viewer: viewer, id: try request.uuidParameter(), attachment: "attachmentID")
    }
}
