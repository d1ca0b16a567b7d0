import BaomiDomain
import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The server's Ed25519 key for signing audit checkpoints, kept in the data folder (created on first start,
/// readable by the owner only). Several instances sharing one PostgreSQL share this file.
public struct CheckpointSigner: Sendable {
    public static let fileName = "audit-signing-key"
    let privateKey: Curve25519.Signing.PrivateKey

    public init(privateKey: Curve25519.Signing.PrivateKey) {
        self.privateKey = privateKey
    }

    /// Loads the key from the data folder, creating it (0600, and the folder 0700) on first start.
    public static func loadOrCreate(in dataDirectory: URL) throws -> CheckpointSigner {
        let file = dataDirectory.appendingPathComponent(fileName)
        if let existing = try? Data(contentsOf: file) { return try parse(existing, file: file) }
        try PrivateFiles.createDirectory(dataDirectory)
        let key = Curve25519.Signing.PrivateKey()
        // Written whole under a temporary name, then linked into place: a second instance starting on the same
        // data folder never reads a half-written key, and whichever links first wins.
        let temporary = file.path + ".\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString).tmp"
        try PrivateFiles.createFile(atPath: temporary)
        defer { unlink(temporary) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
        try handle.write(contentsOf: Data(key.rawRepresentation.base64EncodedString().utf8))
        try handle.synchronize()
        try handle.close()
        guard link(temporary, file.path) == 0 else {
            guard errno == EEXIST else { throw PrivateFileError(operation: "link", path: file.path) }
            return try parse(try Data(contentsOf: file), file: file)
        }
        return CheckpointSigner(privateKey: key)
    }

    private static func parse(_ contents: Data, file: URL) throws -> CheckpointSigner {
        let text = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: text) else {
            throw PersistenceError.corrupt("\(file.path) is not a base64 Ed25519 key")
        }
        return CheckpointSigner(privateKey: try Curve25519.Signing.PrivateKey(rawRepresentation: raw))
    }

    public var publicKey: Curve25519.Signing.PublicKey { privateKey.publicKey }

    /// A short fingerprint of the public key, stored with each checkpoint.
    public var keyID: String { Self.keyID(of: publicKey) }

    public static func keyID(of key: Curve25519.Signing.PublicKey) -> String {
        SHA256.hash(data: key.rawRepresentation).prefix(8).lowercaseHex
    }

    func sign(_ message: [UInt8]) throws -> String {
        try privateKey.signature(for: message).base64EncodedString()
    }
}

/// A signed statement that the log had `treeSize` records with root `rootHash` at `signedAt`.
public struct AuditCheckpoint: Sendable, Hashable, Codable {
    public var treeSize: Int64
    public var rootHash: String
    public var signedAt: String
    public var keyID: String
    public var signature: String

    /// The exact bytes signed: a small text note, in the spirit of transparency-log checkpoints.
    public var signedMessage: [UInt8] {
        Array("baomi audit checkpoint v1\n\(treeSize)\n\(rootHash)\n\(signedAt)\n".utf8)
    }

    public func isSigned(by key: Curve25519.Signing.PublicKey) -> Bool {
        guard let signatureBytes = Data(base64Encoded: signature) else { return false }
        return key.isValidSignature(signatureBytes, for: signedMessage)
    }
}
