import BaomiDomain
import Crypto
import Foundation

/// What a backup archive holds and how to tell it is whole (S2, C8: registers kept for decades): the versions that
/// made it, the row count of every table, the audit log's latest signed checkpoint, and the SHA-256 of each part.
/// The manifest is signed with the audit signing key, so an archive altered after it was made is refused.
public struct BackupManifest: Codable, Sendable, Hashable {
    public struct Part: Codable, Sendable, Hashable {
        /// The part's path inside the archive.
        public var name: String
        public var bytes: Int64
        public var sha256: String
    }

    public struct Checkpoint: Codable, Sendable, Hashable {
        public var treeSize: Int64
        public var rootHash: String
        public var signedAt: String
        public var keyID: String
        public var signature: String
    }

    /// The archive layout's version; a later Baomi reads earlier ones.
    public var format: Int
    public var createdAt: String
    /// `sqlite` or `postgres`: how the database part was taken.
    public var database: String
    /// The migrations the database had applied, in order: a newer Baomi restoring it runs the rest.
    public var migrations: [String]
    /// Rows per table in the database part.
    public var counts: [String: Int64]
    /// The newest signed checkpoint in the database part: the restore must verify against it.
    public var checkpoint: Checkpoint?
    public var parts: [Part]
    /// The audit key's public half (base64), which signed this manifest.
    public var publicKey: String
    /// Ed25519 signature (base64) over `signedBytes`.
    public var signature: String

    public static let fileName = "manifest.json"
    public static let currentFormat = 1

    /// Every field but the signature, as sorted-key JSON.
    public var signedBytes: Data {
        var unsigned = self
        unsigned.signature = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(unsigned)) ?? Data()
    }

    public func isSigned(by key: Curve25519.Signing.PublicKey) -> Bool {
        guard let signature = Data(base64Encoded: signature) else { return false }
        return key.isValidSignature(signature, for: signedBytes)
    }

    public var signingKey: Curve25519.Signing.PublicKey? {
        Data(base64Encoded: publicKey).flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
    }
}

/// The SHA-256 of a file, read in chunks so a large database does not sit in memory.
enum FileDigest {
    static func sha256(of url: URL) throws -> (hex: String, bytes: Int64) {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        var total: Int64 = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            total += Int64(chunk.count)
        }
        return (hasher.finalize().lowercaseHex, total)
    }
}
