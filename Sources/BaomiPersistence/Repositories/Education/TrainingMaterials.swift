import BaomiDomain
import FluentKit
import Foundation

/// A session's materials — slides as PDF, handouts, photographs of the session (E6.1): non-secret files judged by
/// content like a request's attachments (S4), kept content-addressed, each upload and each refusal audited with the
/// file's SHA-256 in the same transaction as its row (principle 2).
public struct TrainingMaterials: Sendable {
    let store: Store
    public let content: AttachmentContent

    public init(store: Store, content: AttachmentContent) {
        self.store = store
        self.content = content
    }

    /// Attaches `bytes` to the session. Who may attach is the caller's to decide (those who run education).
    @discardableResult
    public func attach(
        _ bytes: Data, fileName: String, to sessionID: UUID, declaredNonSecret: Bool, limit: Int,
        by actor: AuditActor, on database: any Database
    ) async throws -> TrainingMaterialModel {
        let intake = AttachmentIntake(bytes, fileName: fileName, declaredNonSecret: declaredNonSecret, limit: limit)
        try await intake.storeAhead(in: content, on: database)
        return try await store.perform(
            on: database, by: actor, .trainingMaterial,
            subject: AuditSubject(type: "trainingSession", id: sessionID.uuidString)
        ) { transaction, trail in
            let session = try await TrainingSessions.session(sessionID, on: transaction)
            trail.subject = AuditSubject(type: "trainingSession", id: sessionID.uuidString, label: session.title)
            let type = try await intake.accept(into: content, trail: trail, on: transaction)
            let material = TrainingMaterialModel()
            material.$session.id = sessionID
            material.fileName = intake.name
            material.type = type.rawValue
            material.size = Int64(bytes.count)
            material.sha256 = intake.sha256
            material.uploadedByName = actor.name
            material.uploadedAt = store.audit.clock()
            try await material.create(on: transaction)
            return material
        }
    }

    /// The session's materials, oldest first.
    public func list(of sessionID: UUID, on database: any Database) async throws -> [TrainingMaterialModel] {
        try await TrainingMaterialModel.query(on: database).filter(\.$session.$id == sessionID)
            .sort(\.$uploadedAt).sort(\.$id).all()
    }

    /// One material of the session with its bytes; nil when the session has no such material.
    public func file(
        _ id: UUID, of sessionID: UUID, on database: any Database
    ) async throws -> (material: TrainingMaterialModel, bytes: Data)? {
        guard let material = try await TrainingMaterialModel.find(id, on: database), material.$session.id == sessionID
        else { return nil }
        guard let bytes = try await content.load(material.sha256, on: database) else {
            throw PersistenceError.corrupt("training material \(id): no content for SHA-256 \(material.sha256)")
        }
        return (material, bytes)
    }
}
