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
        let intake = AttachmentIntake(bytes, fileName: fileName, declaredNonSecret: declaredNonSecret, limit: limit)
        try await intake.storeAhead(in: content, on: database)
        return try await store.perform(
            on: database, by: actor, .requestAttach,
            subject: AuditSubject(type: "request", id: requestID.uuidString)
        ) { transaction, trail in
            guard let request = try await RequestModel.find(requestID, on: transaction) else {
                throw DomainError.notFound(zh: "申请不存在", en: "No such request")
            }
            trail.subject = AuditSubject(type: "request", id: requestID.uuidString, label: request.number)
            let type = try await intake.accept(into: content, trail: trail, on: transaction)
            let attachment = RequestAttachmentModel()
            attachment.$request.id = requestID
            attachment.fileName = intake.name
            attachment.type = type.rawValue
            attachment.size = Int64(bytes.count)
            attachment.sha256 = intake.sha256
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
}
