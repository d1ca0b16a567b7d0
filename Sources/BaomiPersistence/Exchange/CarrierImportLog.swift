import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// The carrier files imported so far, by SHA-256 (C1, A5): importing the same file again would register every
/// carrier in it a second time, so it is refused, naming when and by whom the file was first imported.
public enum CarrierImportLog {
    static let schema = "carrier_imports"

    public struct Entry: Sendable, Hashable {
        public var sha256: String
        public var fileName: String
        public var actorName: String
        public var importedAt: Date
        public var rows: Int

        public init(sha256: String, fileName: String, actorName: String, importedAt: Date, rows: Int) {
            self.sha256 = sha256
            self.fileName = fileName
            self.actorName = actorName
            self.importedAt = importedAt
            self.rows = rows
        }

        /// `2026-05-01 14:03` in the organisation's time zone.
        public var importedAtText: String {
            let parts = Self.calendar.dateComponents([.year, .month, .day, .hour, .minute], from: importedAt)
            return "\((parts.year ?? 0).zeroPadded(4))-\((parts.month ?? 0).zeroPadded(2))-"
                + "\((parts.day ?? 0).zeroPadded(2)) \((parts.hour ?? 0).zeroPadded(2)):\((parts.minute ?? 0).zeroPadded(2))"
        }

        private static let calendar: Calendar = {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
            return calendar
        }()

        /// Why the same file is not imported again.
        public var refusal: LocalizedText {
            LocalizedText(
                zh: "该文件已于 \(importedAtText) 由 \(actorName) 导入（\(fileName)，\(rows) 行，SHA-256 \(sha256.prefix(12))…），"
                    + "同一文件不再重复导入",
                en: "This file was already imported on \(importedAtText) by \(actorName) (\(fileName), \(rows) rows, "
                    + "SHA-256 \(sha256.prefix(12))…); the same file is not imported twice")
        }
    }

    /// The first import of the file with this SHA-256, if any.
    public static func first(sha256: String, on database: any Database) async throws -> Entry? {
        guard
            let row = try await database.sql.raw(
                """
                SELECT file_name, actor_name, imported_at, rows FROM carrier_imports WHERE sha256 = \(bind: sha256)
                """
            ).first()
        else { return nil }
        return Entry(
            sha256: sha256, fileName: try row.decode(column: "file_name", as: String.self),
            actorName: try row.decode(column: "actor_name", as: String.self),
            importedAt: try row.decode(column: "imported_at", as: Date.self),
            rows: try row.decode(column: "rows", as: Int.self))
    }

    /// Records the file in the caller's transaction. Of two imports of one file at once, the unique index lets one
    /// commit; the other is refused (409) and writes nothing.
    public static func record(_ entry: Entry, on database: any Database) async throws {
        do {
            try await database.sql.raw(
                """
                INSERT INTO carrier_imports (id, sha256, file_name, actor_name, imported_at, rows)
                VALUES (\(bind: UUID()), \(bind: entry.sha256), \(bind: entry.fileName), \(bind: entry.actorName),
                    \(bind: entry.importedAt), \(bind: entry.rows))
                """
            ).run()
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw DomainError.conflict(
                LocalizedText(
                    zh: "同一文件正由另一次导入登记（SHA-256 \(entry.sha256.prefix(12))…）",
                    en: "Another import is registering the same file (SHA-256 \(entry.sha256.prefix(12))…)"),
                rule: RuleID("C1"))
        }
    }
}
