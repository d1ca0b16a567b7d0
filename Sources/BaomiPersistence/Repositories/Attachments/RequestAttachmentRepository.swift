import BaomiDomain
import FluentKit
import Foundation

/// Attachments of requests (#14): checked by `AttachmentRules` (S4), kept content-addressed, each upload and each
/// refusal audited with the file's SHA-256 in the same transaction as its row (principle 2).
public struct RequestAttachmentRepository: Sendable {
    let store: Store
    public let content: AttachmentContent

    public init(store: Store, content: AttachmentContent) {
        self.store = store
        self.content = content
    }

    /// Attaches `bytes` to the request. Who may attach is the caller's to decide (whoever may see the request).
    @discardableResult
    public func attach(
        _ bytes: Data, fileName: String, to requestID: UUID, declaredNonSecret: Bool, limit: Int,
        by actor: AuditActor, on database: any Database
    ) async throws -> RequestAttachmentModel {
        let name = Self.cleanName(fileName)
        let sha256 = AttachmentContent.sha256(bytes)
        let checked = AttachmentRules.check(
            head: bytes.prefix(8), size: bytes.count, limit: limit, declaredNonSecret: declaredNonSecret)
        // The file is written before the row, outside the transaction, so that the transaction stays short.
        if case .success = checked, case .folder = content {
            try await content.store(bytes, sha256: sha256, on: database)
        }
        return try await store.perform(
            on: database, by: actor, .requestAttach,
            subject: AuditSubject(type: "request", id: requestID.uuidString)
        ) { transaction, trail in
            trail.note("fileName", name)
            trail.note("sha256", sha256)
            trail.note("size", String(bytes.count))
            guard let request = try await RequestModel.find(requestID, on: transaction) else {
                throw DomainError.notFound(zh: "申请不存在", en: "No such request")
            }
            trail.subject = AuditSubject(type: "request", id: requestID.uuidString, label: request.number)
            let type = try checked.get()
            trail.note("type", type.rawValue)
            if case .database = content { try await content.store(bytes, sha256: sha256, on: transaction) }
            let attachment = RequestAttachmentModel()
            attachment.$request.id = requestID
            attachment.fileName = name
            attachment.type = type.rawValue
            attachment.size = Int64(bytes.count)
            attachment.sha256 = sha256
            attachment.uploadedByName = actor.name
            attachment.uploadedByID = actor.accountID
            attachment.uploadedAt = store.audit.clock()
            try await attachment.create(on: transaction)
            return attachment
        }
    }

    /// The request's attachments, oldest first.
    public func list(of requestID: UUID, on database: any Database) async throws -> [RequestAttachmentModel] {
        try await RequestAttachmentModel.query(on: database).filter(\.$request.$id == requestID)
            .sort(\.$uploadedAt).sort(\.$id).all()
    }

    /// One attachment of the request with its bytes; nil when there is no such attachment on that request.
    public func file(
        _ id: UUID, of requestID: UUID, on database: any Database
    ) async throws -> (attachment: RequestAttachmentModel, bytes: Data)? {
        guard let attachment = try await RequestAttachmentModel.find(id, on: database),
            attachment.$request.id == requestID
        else { return nil }
        guard let bytes = try await content.load(attachment.sha256, on: database) else {
            throw PersistenceError.corrupt("attachment \(id): no content for SHA-256 \(attachment.sha256)")
        }
        return (attachment, bytes)
    }

    /// A plain file name: no folders, no control characters, at most 120 characters; "附件" when nothing is left.
    static func cleanName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let kept = String(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != "\"" })
            .trimmingCharacters(in: .whitespaces)
        return kept.isEmpty ? "附件" : String(kept.prefix(120))
    }
}
