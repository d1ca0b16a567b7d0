import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// Non-secret attachments of a request (#14): uploaded on the request's page and through the API by whoever may
/// see the request, checked by content and size (S4), served only as downloads, never rendered inline. The upload,
/// its page-side refusal and the download response are shared with a training session's materials (E6.1).
enum AttachmentsController {
    /// Room for a multipart form's other parts and boundaries beside the file.
    static let formOverhead = 64 * 1024

    /// The multipart form: the file, the 非涉密 declaration, and on the page the CSRF token.
    struct Upload: Content {
        var file: File?
        var nonSecret: String?
        var csrf: String?

        var declaresNonSecret: Bool { ["1", "true", "on", "yes"].contains(nonSecret?.lowercased() ?? "") }
    }

    /// Attaches the uploaded file to a request the viewer may see; a file over the limit is a 413 (S4).
    static func attach(_ request: Request, viewer: Viewer, id: UUID) async throws -> RequestAttachmentModel {
        try await RequestsAPI.visible(id, viewer: viewer, request: request)
        return try await receive(request) { bytes, fileName, declaredNonSecret, limit in
            try await request.baomi.attachments.attach(
                bytes, fileName: fileName, to: id, declaredNonSecret: declaredNonSecret, limit: limit,
                by: viewer.auditActor, on: request.db)
        }
    }

    /// Reads the multipart upload and hands its file to `keep` with the configured limit: no file is a field error,
    /// a file over the limit a 413 (S4).
    static func receive<Kept>(
        _ request: Request,
        keep: (_ bytes: Data, _ fileName: String, _ declaredNonSecret: Bool, _ limit: Int) async throws -> Kept
    ) async throws -> Kept {
        let upload = try request.content.decode(Upload.self)
        guard let file = upload.file else {
            throw DomainError.invalid(field: "file", zh: "请选择要上传的文件", en: "Choose a file to upload")
        }
        let limit = request.baomi.configuration.attachmentLimit
        do {
            return try await keep(Data(file.data.readableBytesView), file.filename, upload.declaresNonSecret, limit)
        } catch let refusal as Refusal where refusal == AttachmentRules.tooLarge(limit: limit) {
            throw RequestFailure.tooLarge(refusal)
        }
    }

    /// Runs a page's upload: nil when the file was kept, otherwise the error to show beside the form and the
    /// status to answer with.
    static func refusalOnPage(
        _ upload: () async throws -> Void
    ) async throws -> (error: FieldError, status: HTTPStatus)? {
        do {
            try await upload()
            return nil
        } catch let refusal as Refusal {
            return (FieldError(field: "file", rule: refusal.rule, message: refusal.reason), .unprocessableEntity)
        } catch RequestFailure.tooLarge(let refusal) {
            return (FieldError(field: "file", rule: refusal.rule, message: refusal.reason), .payloadTooLarge)
        } catch DomainError.invalid(let errors) {
            let error = errors.first
            let message = error?.message ?? LocalizedText(zh: "请选择要上传的文件", en: "Choose a file to upload")
            return (FieldError(field: "file", rule: error?.rule, message: message), .unprocessableEntity)
        }
    }

    @Sendable static func upload(_ request: Request) async throws -> Response {
        let viewer = try await RequestsController.requireRequestViewer(request)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        guard let (error, status) = try await refusalOnPage({ _ = try await attach(request, viewer: viewer, id: id) })
        else { return request.redirect(to: SiteRoute.request(id).path + "?saved=1#attachments") }
        // The request's page again with the refusal beside the upload form.
        return try await HTMLPage(
            html: try await RequestsController.page(request, viewer: viewer, id: id, errors: [error]), status: status
        ).encodeResponse(for: request)
    }

    @Sendable static func download(_ request: Request) async throws -> Response {
        let viewer = try await RequestsController.requireRequestViewer(request)
        return try await file(request, viewer: viewer, id: try request.uuidParameter(), attachment: "attachment")
    }

    /// The attachment's bytes as a download of a request the viewer may see; 404 otherwise.
    static func file(
        _ request: Request, viewer: Viewer, id: UUID, attachment parameter: String
    ) async throws
        -> Response
    {
        try await RequestsAPI.visible(id, viewer: viewer, request: request)
        guard let attachmentID = request.parameters.get(parameter).flatMap(UUID.init(uuidString:)),
            let (attachment, bytes) = try await request.baomi.attachments.file(attachmentID, of: id, on: request.db)
        else { throw DomainError.notFound(zh: "附件不存在", en: "No such attachment") }
        return fileResponse(bytes, fileName: attachment.fileName, type: attachment.type)
    }

    /// The bytes as a download: never shown inline, and never sniffed into something the browser would run.
    static func fileResponse(_ bytes: Data, fileName: String, type storedType: String) -> Response {
        let response = Response(status: .ok, body: .init(data: bytes))
        let type = AttachmentType(rawValue: storedType)?.mediaType ?? "application/octet-stream"
        response.headers.replaceOrAdd(name: .contentType, value: type)
        response.headers.replaceOrAdd(name: .contentDisposition, value: contentDisposition(fileName))
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; sandbox")
        return response
    }

    /// `attachment` with an ASCII fallback name and the real one in RFC 5987 form.
    static func contentDisposition(_ name: String) -> String {
        let ascii = String(
            name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" ? Character($0) : "_" })
        let encoded = name.addingPercentEncoding(
            withAllowedCharacters: .alphanumerics.union(.init(charactersIn: ".-_")))
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded ?? "attachment")"
    }
}
