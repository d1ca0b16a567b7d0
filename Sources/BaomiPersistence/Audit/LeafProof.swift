import BaomiDomain
import Crypto
import FluentKit
import Foundation
import SQLKit

/// The proof that one leaf — the one a printed form's QR code names — is in the log (S2, principle 12): the record
/// re-hashed, its RFC 6962 audit path checked against the newest signed checkpoint, and that checkpoint's
/// signature checked with the server's key. `verified` only when every step holds.
public struct LeafProof: Sendable, Hashable, Codable {
    /// Why a proof fails, each in both languages.
    public enum Failure: String, Sendable, Hashable, Codable, CaseIterable {
        case noSuchLeaf, hashDiffers, recordAltered, notYetSigned, pathDoesNotReachRoot, signatureInvalid

        public var text: LocalizedText {
            switch self {
            case .noSuchLeaf: LocalizedText(zh: "日志中没有该序号的记录", en: "The log has no record at this index")
            case .hashDiffers:
                LocalizedText(zh: "日志中该序号的记录与纸面哈希不符", en: "The log's record at this index has another hash")
            case .recordAltered:
                LocalizedText(zh: "该记录的内容与其哈希不符（已被改动）", en: "The record's content no longer matches its hash")
            case .notYetSigned:
                LocalizedText(
                    zh: "该记录晚于最新签名检查点，稍后再核验",
                    en: "The record is newer than the latest signed checkpoint; try again shortly")
            case .pathDoesNotReachRoot:
                LocalizedText(zh: "审计路径未能得到签名检查点的根哈希", en: "The audit path does not lead to the checkpoint's root")
            case .signatureInvalid:
                LocalizedText(zh: "检查点签名无效", en: "The checkpoint's signature does not verify")
            }
        }
    }

    public var leafIndex: Int64
    /// The hash the paper claims; nil when only the index was asked about.
    public var claimedHash: String?
    /// The hash stored with the record; nil when there is no such record.
    public var leafHash: String?
    public var checkpoint: AuditCheckpoint
    /// The Ed25519 key the checkpoint is checked with (base64), so a reader can check it elsewhere.
    public var publicKey: String
    /// RFC 6962 PATH(m, D[n]), deepest sibling first.
    public var auditPath: [String]
    public var failures: [Failure]
    /// The record itself; callers show it only as far as the viewer may see it (principle 11).
    public var record: AuditRecord?

    public var verified: Bool { failures.isEmpty }
}

extension AuditCheckpoints {
    /// Proves the leaf against the newest signed checkpoint (signing one first when the log has grown since, so a
    /// record just written is covered).
    public func prove(_ reference: AuditLeafReference, on database: any Database) async throws -> LeafProof {
        try await Self.prove(
            reference, against: try await current(on: database), key: signer.publicKey, on: database)
    }

    /// The newest stored checkpoint, without signing one: what a command beside the server proves against.
    public static func newest(on database: any Database) async throws -> AuditCheckpoint? {
        try await latest(on: database)?.checkpoint
    }

    /// Proves the leaf against `checkpoint`, checked with `key`: each step that fails is named in `failures`.
    public static func prove(
        _ reference: AuditLeafReference, against checkpoint: AuditCheckpoint, key: Curve25519.Signing.PublicKey,
        on database: any Database
    ) async throws -> LeafProof {
        var proof = LeafProof(
            leafIndex: reference.index, claimedHash: reference.hash, leafHash: nil, checkpoint: checkpoint,
            publicKey: key.rawRepresentation.base64EncodedString(), auditPath: [], failures: [], record: nil)
        if !checkpoint.isSigned(by: key) { proof.failures.append(.signatureInvalid) }
        guard reference.index >= 0, let record = try await Self.record(at: reference.index, on: database) else {
            proof.failures.insert(.noSuchLeaf, at: 0)
            return proof
        }
        proof.record = record
        proof.leafHash = record.leafHash
        if let claimed = reference.hash, claimed != record.leafHash.lowercased() { proof.failures.append(.hashDiffers) }
        let recomputed = MerkleTree.leafHash(record.canonicalBytes)
        if recomputed.hex != record.leafHash.lowercased() { proof.failures.append(.recordAltered) }
        guard reference.index < checkpoint.treeSize else {
            proof.failures.append(.notYetSigned)
            return proof
        }
        let leaves = try await AuditLeaves.hashes(from: 0, to: checkpoint.treeSize, on: database.sql)
        let path = MerkleTree.inclusionProof(index: Int(reference.index), leafHashes: leaves)
        proof.auditPath = path.map(\.hex)
        // The path is checked from the record's own bytes, not its stored hash: an edited record cannot pass.
        let reaches =
            MerkleHash(hex: checkpoint.rootHash).map {
                MerkleTree.verifyInclusion(
                    leafHash: recomputed, index: Int(reference.index), treeSize: Int(checkpoint.treeSize), proof: path,
                    root: $0)
            } ?? false
        if !reaches { proof.failures.append(.pathDoesNotReachRoot) }
        return proof
    }

    static func record(at index: Int64, on database: any Database) async throws -> AuditRecord? {
        try await database.sql.raw("SELECT * FROM audit_records WHERE leaf_index = \(bind: index)").first()
            .map(AuditRecord.init(row:))
    }
}

extension AuditLog {
    /// The newest record about one object (e.g. a request): the leaf a printed form of it names. Ids are written
    /// upper case by the repositories, lower case by some callers: both are looked for.
    public func latestRecord(
        objectType: String, objectID: UUID, on database: any Database
    ) async throws -> AuditRecord? {
        try await database.sql.raw(
            """
            SELECT * FROM audit_records WHERE object_type = \(bind: objectType)
                AND object_id IN (\(bind: objectID.uuidString), \(bind: objectID.uuidString.lowercased()))
                ORDER BY leaf_index DESC LIMIT 1
            """
        ).first().map(AuditRecord.init(row:))
    }
}
