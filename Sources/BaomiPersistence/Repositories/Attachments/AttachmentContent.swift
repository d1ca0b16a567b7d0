import Crypto
import FluentKit
import Foundation
import SQLKit

/// Where attachments' bytes live, addressed by their SHA-256 (#14): files in the data folder's `attachments`
/// folder on SQLite (which `baomi backup` takes along), rows of `attachment_blobs` on PostgreSQL, so that several
/// instances sharing the database share them too.
public enum AttachmentContent: Sendable {
    case folder(URL)
    case database

    /// The data folder's `attachments` folder.
    public static func folder(in dataDirectory: URL) -> AttachmentContent {
        .folder(dataDirectory.appendingPathComponent(BackupArchive.attachmentsFolder, isDirectory: true))
    }

    /// Lowercase hex SHA-256 of the bytes.
    public static func sha256(_ bytes: Data) -> String {
        SHA256.hash(data: bytes).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
        }.joined()
    }

    /// `attachments/ab/abcdef…`: two levels keep folders small over years.
    func file(_ sha256: String, in folder: URL) -> URL {
        folder.appendingPathComponent(String(sha256.prefix(2)), isDirectory: true).appendingPathComponent(sha256)
    }

    /// Keeps the bytes. For a folder, before the row's transaction: written whole under a temporary name, synced
    /// and moved into place, so a row never names a missing or half-written file (a failed transaction leaves at
    /// most an unnamed file, which the next upload of the same bytes reuses). For the database, inside it.
    func store(_ bytes: Data, sha256: String, on database: any Database) async throws {
        switch self {
        case .folder(let folder):
            let target = file(sha256, in: folder)
            if FileManager.default.fileExists(atPath: target.path) { return }
            try PrivateFiles.createDirectory(folder)
            try PrivateFiles.createDirectory(target.deletingLastPathComponent())
            let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(UUID().uuidString).partial")
            _ = try PrivateFiles.createFile(atPath: temporary.path)
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: bytes)
            try handle.synchronize()
            try handle.close()
            do {
                try FileManager.default.moveItem(at: temporary, to: target)
            } catch  where FileManager.default.fileExists(atPath: target.path) {
                // The same bytes arrived at once through another upload: theirs is as good as ours.
                try? FileManager.default.removeItem(at: temporary)
            }
        case .database:
            // The same bytes uploaded twice, even at once, are kept once.
            try await database.sql.raw(
                """
                INSERT INTO attachment_blobs (sha256, content) VALUES (\(bind: sha256), \(bind: bytes))
                ON CONFLICT (sha256) DO NOTHING
                """
            ).run()
        }
    }

    /// The bytes, or nil when they are missing.
    func load(_ sha256: String, on database: any Database) async throws -> Data? {
        switch self {
        case .folder(let folder):
            return FileManager.default.contents(atPath: file(sha256, in: folder).path)
        case .database:
            return try await AttachmentBlobModel.find(sha256, on: database)?.content
        }
    }
}
