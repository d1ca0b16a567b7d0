import BaomiDomain
import FluentKit
import Foundation

/// What every kind of non-secret attachment goes through (S4), whether it joins a request (#14) or a training
/// session's materials (E6.1): the name made plain, the content judged by `AttachmentRules`, and the bytes kept by
/// `AttachmentContent` — on SQLite before the row's transaction, on PostgreSQL inside it.
struct AttachmentIntake: Sendable {
    let bytes: Data
    let name: String
    let sha256: String
    let checked: Result<AttachmentType, Refusal>

    init(_ bytes: Data, fileName: String, declaredNonSecret: Bool, limit: Int) {
        self.bytes = bytes
        name = Self.cleanName(fileName)
        sha256 = AttachmentContent.sha256(bytes)
        checked = AttachmentRules.check(
            head: bytes.prefix(8), size: bytes.count, limit: limit, declaredNonSecret: declaredNonSecret)
    }

    /// Outside the transaction, so that the transaction stays short; only content that may be kept is written.
    func storeAhead(in content: AttachmentContent, on database: any Database) async throws {
        if case .success = checked, case .folder = content {
            try await content.store(bytes, sha256: sha256, on: database)
        }
    }

    /// Inside the transaction: notes the file in the audit record, then refuses (audited by the caller's `perform`)
    /// or keeps the bytes and answers the type.
    func accept(
        into content: AttachmentContent, trail: AuditTrail, on transaction: any Database
    ) async throws -> AttachmentType {
        trail.note("fileName", name)
        trail.note("sha256", sha256)
        trail.note("size", String(bytes.count))
        let type = try checked.get()
        trail.note("type", type.rawValue)
        if case .database = content { try await content.store(bytes, sha256: sha256, on: transaction) }
        return type
    }

    /// A plain file name: no folders, no control characters, at most 120 characters; "附件" when nothing is left.
    static func cleanName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let kept = String(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != "\"" })
            .trimmingCharacters(in: .whitespaces)
        return kept.isEmpty ? "附件" : String(kept.prefix(120))
    }
}
