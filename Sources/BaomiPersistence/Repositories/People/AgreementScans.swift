import BaomiDomain
import FluentKit
import Foundation

/// The scanned signed copy of an agreement (T8, T15): a PDF or image judged by content like every attachment (S4),
/// kept content-addressed by `AttachmentContent`, its SHA-256 recorded on the agreement and in the audit record.
public struct AgreementScans: Sendable {
    let store: Store
    public let content: AttachmentContent

    public init(store: Store, content: AttachmentContent) {
        self.store = store
        self.content = content
    }

    var agreements: AgreementRepository { AgreementRepository(store: store, clock: store.audit.clock) }

    /// Keeps the scanned signed copy (PDF or image, judged by content, S4) with its SHA-256; a new scan replaces the
    /// reference (the old bytes stay, content-addressed, and the audit trail names both).
    @discardableResult
    public func attachScan(
        _ bytes: Data, fileName: String, to agreementID: UUID, declaredNonSecret: Bool, limit: Int,
        by actor: AuditActor, on database: any Database
    ) async throws -> PersonAgreementModel {
        let intake = AttachmentIntake(bytes, fileName: fileName, declaredNonSecret: declaredNonSecret, limit: limit)
        try await intake.storeAhead(in: content, on: database)
        return try await store.perform(
            on: database, by: actor, .agreementScan,
            subject: AuditSubject(type: "agreement", id: agreementID.uuidString)
        ) { transaction, trail in
            let agreement = try await agreements.agreement(agreementID, on: transaction)
            if let previous = agreement.scanSHA256 { trail.note("replaces", previous) }
            let type = try await intake.accept(into: content, trail: trail, on: transaction)
            agreement.scanFileName = intake.name
            agreement.scanType = type.rawValue
            agreement.scanSize = Int64(bytes.count)
            agreement.scanSHA256 = intake.sha256
            agreement.updatedAt = store.audit.clock()
            try await agreement.save(on: transaction)
            return agreement
        }
    }

    /// The scan's bytes; nil when none was attached.
    public func scan(
        of agreementID: UUID, on database: any Database
    ) async throws -> (
        agreement: PersonAgreementModel, bytes: Data
    )? {
        let agreement = try await agreements.agreement(agreementID, on: database)
        guard let sha256 = agreement.scanSHA256 else { return nil }
        guard let bytes = try await content.load(sha256, on: database) else {
            throw PersistenceError.corrupt("agreement \(agreementID): no content for SHA-256 \(sha256)")
        }
        return (agreement, bytes)
    }
}
