import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Tracking files (专档跟踪, T10): opened in the transaction that approves a key member's early departure or
/// transfer, or records leaving without consent; followed up by dated, append-only entries; closed by the security
/// office. Every change and refusal is audited in its transaction (`Store.perform`).
public struct TrackingFileRepository: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// Opens a file inside the caller's transaction; `trail` notes it.
    static func open(
        person: PersonModel, project: ProjectModel, reason: TrackingFileReason, requestID: UUID?, occurredOn: String,
        account: String, by name: String, at now: Date, trail: AuditTrail, on database: any Database
    ) async throws -> TrackingFileModel {
        let file = TrackingFileModel()
        file.$person.id = try person.requireID()
        file.$project.id = try project.requireID()
        file.reason = reason.rawValue
        file.requestID = requestID
        file.occurredOn = occurredOn
        file.account = account
        file.personName = person.name
        file.projectCode = project.code
        file.projectName = project.name
        file.openedBy = name
        file.openedAt = now
        try await file.create(on: database)
        trail.note("trackingFile", try file.requireID().uuidString)
        trail.note("trackingReason", reason.rawValue)
        return file
    }

    /// Files newest first; open ones only unless `includeClosed`.
    public func files(includeClosed: Bool = false, on database: any Database) async throws -> [TrackingFileModel] {
        let query = TrackingFileModel.query(on: database).sort(\.$openedAt, .descending)
        if !includeClosed { query.filter(\.$closedAt == nil) }
        return try await query.all()
    }

    /// The open files of one project.
    public func openFiles(of projectID: UUID, on database: any Database) async throws -> [TrackingFileModel] {
        try await TrackingFileModel.query(on: database).filter(\.$project.$id == projectID)
            .filter(\.$closedAt == nil).sort(\.$openedAt, .descending).all()
    }

    public func file(_ id: UUID, on database: any Database) async throws -> TrackingFileModel {
        guard let file = try await TrackingFileModel.find(id, on: database) else {
            throw DomainError.notFound(zh: "专档不存在", en: "No such tracking file")
        }
        return file
    }

    /// Entries oldest first: the file reads as a chronicle.
    public func entries(of fileID: UUID, on database: any Database) async throws -> [TrackingEntryModel] {
        try await TrackingEntryModel.query(on: database).filter(\.$file.$id == fileID).sort(\.$enteredOn)
            .sort(\.$recordedAt).all()
    }

    /// Adds a dated follow-up entry to an open file.
    @discardableResult
    public func addEntry(
        to fileID: UUID, enteredOn: String?, text: String?, by actor: AuditActor, on database: any Database
    ) async throws -> TrackingEntryModel {
        let errors = KeyProjectRules.validateEntry(
            day: enteredOn, text: text, today: ClearanceRepository.today(clock()))
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        return try await store.perform(
            on: database, by: actor, .trackingEntry, subject: AuditSubject(type: "trackingFile", id: fileID.uuidString)
        ) { transaction, trail in
            try await RowLock.take(TrackingFileModel.schema, id: fileID, on: transaction)
            let file = try await file(fileID, on: transaction)
            trail.subject = Self.subject(file)
            try Self.requireOpen(file)
            let entry = TrackingEntryModel()
            entry.$file.id = fileID
            entry.enteredOn = enteredOn?.trimmed ?? ""
            entry.text = text?.trimmed ?? ""
            entry.recordedBy = actor.name
            entry.recordedAt = clock()
            try await entry.create(on: transaction)
            trail.note("enteredOn", entry.enteredOn)
            return entry
        }
    }

    /// Closes an open file with a note; of two closings exactly one wins (conditional update).
    public func close(_ fileID: UUID, note: String?, by actor: AuditActor, on database: any Database) async throws {
        var validator = FieldValidator()
        let note = validator.required(
            note, field: "note", label: LocalizedText(zh: "关闭说明", en: "Closing note"), maxLength: 2000)
        try validator.check()
        try await store.perform(
            on: database, by: actor, .trackingClose, subject: AuditSubject(type: "trackingFile", id: fileID.uuidString)
        ) { transaction, trail in
            let file = try await file(fileID, on: transaction)
            trail.subject = Self.subject(file)
            try Self.requireOpen(file)
            let closed = try await transaction.sql.raw(
                """
                UPDATE tracking_files SET closed_at = \(bind: clock()), closed_by = \(bind: actor.name),
                    close_note = \(bind: note)
                WHERE id = \(bind: fileID) AND closed_at IS NULL RETURNING id
                """
            ).all()
            if closed.isEmpty { throw Self.closedAlready }
            trail.note("note", note)
        }
    }

    static func subject(_ file: TrackingFileModel) -> AuditSubject {
        AuditSubject(
            type: "trackingFile", id: file.id?.uuidString, label: "专档 \(file.personName) · \(file.projectCode)")
    }

    static func requireOpen(_ file: TrackingFileModel) throws {
        if file.closedAt != nil { throw closedAlready }
    }

    static let closedAlready = DomainError.conflict(
        LocalizedText(zh: "该专档已关闭，不能再登记或关闭", en: "This tracking file is closed"), rule: KeyProjectRules.rule)
}
