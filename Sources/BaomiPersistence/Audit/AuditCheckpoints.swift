import BaomiDomain
import Crypto
import FluentKit
import Foundation
import NIOPosix
import SQLKit

/// Signs checkpoints of the audit log, journals them, and answers proof requests (S2).
public struct AuditCheckpoints: Sendable {
    let signer: CheckpointSigner
    let store: Store
    /// Where each signed checkpoint is appended outside the database; nil: nowhere (tests of the log alone).
    public let journal: CheckpointJournal?

    public init(signer: CheckpointSigner, store: Store, journal: CheckpointJournal? = nil) {
        self.signer = signer
        self.store = store
        self.journal = journal
    }

    public var publicKey: String { signer.publicKey.rawRepresentation.base64EncodedString() }
    public var keyID: String { signer.keyID }

    /// The newest checkpoint, signing a new one first when the log has grown since; either way in the journal when
    /// this returns.
    public func current(on database: any Database) async throws -> AuditCheckpoint {
        let checkpoint = try await store.write(on: database) { transaction in
            try await signIfGrown(on: transaction)
        }
        if let journal { try await append(checkpoint, to: journal, on: database) }
        return checkpoint
    }

    /// Appends the checkpoint to the journal — only now that it is committed and durable, so the journal never names
    /// a checkpoint the database could lose in a crash. The line that begins a journal is recorded in the log: from
    /// then on a missing journal is a failure, not a deployment that never kept one (`AuditVerifier`).
    private func append(
        _ checkpoint: AuditCheckpoint, to journal: CheckpointJournal, on database: any Database
    ) async throws {
        let outcome = try await NIOThreadPool.singleton.runIfActive { try journal.append(checkpoint) }
        guard outcome == .created else { return }
        try await store.record(
            [
                AuditEvent(
                    action: .auditJournalStart, subject: AuditSubject(type: "auditLog"), rule: .s2,
                    details: [
                        JournalStart.pathKey: journal.path, JournalStart.hostKey: JournalStart.host,
                        JournalStart.treeSizeKey: String(checkpoint.treeSize),
                        JournalStart.rootHashKey: checkpoint.rootHash,
                    ])
            ], by: .system, on: database)
    }

    private func signIfGrown(on database: any Database) async throws -> AuditCheckpoint {
        let sql = try database.sql
        if try SQLDialectKind(database) == .postgres {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: AuditLog.appendLockKey))").run()
        }
        let latest = try await Self.latest(on: database)
        let size = try await store.audit.size(on: database)
        if let latest, latest.checkpoint.treeSize == size { return latest.checkpoint }
        var frontier = latest?.frontier ?? MerkleFrontier()
        let startIndex = latest?.checkpoint.treeSize ?? 0
        for leafHash in try await AuditLeaves.hashes(from: startIndex, to: size, on: sql) {
            frontier.append(leafHash)
        }
        let signedAt = UTCTimestamp.string(from: store.audit.clock())
        var checkpoint = AuditCheckpoint(
            treeSize: size, rootHash: frontier.root.hex, signedAt: signedAt, keyID: signer.keyID, signature: "")
        checkpoint.signature = try signer.sign(checkpoint.signedMessage)
        let frontierText = String(decoding: try JSONEncoder().encode(frontier), as: UTF8.self)
        try await sql.raw(
            """
            INSERT INTO audit_checkpoints (tree_size, root_hash, signed_at, key_id, signature, frontier)
            VALUES (\(bind: checkpoint.treeSize), \(bind: checkpoint.rootHash), \(bind: checkpoint.signedAt),
                \(bind: checkpoint.keyID), \(bind: checkpoint.signature), \(bind: frontierText))
            """
        ).run()
        return checkpoint
    }

    static func latest(
        on database: any Database
    ) async throws -> (checkpoint: AuditCheckpoint, frontier: MerkleFrontier)? {
        let row = try await database.sql.raw("SELECT * FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1").first()
        guard let row else { return nil }
        return (
            try AuditCheckpoint(row: row), try MerkleFrontier(json: row.decode(column: "frontier", as: String.self))
        )
    }

    /// Every checkpoint, oldest first.
    public static func all(on database: any Database) async throws -> [AuditCheckpoint] {
        // Not the frontiers: a verification reads every checkpoint, and they are most of each row.
        try await database.sql.raw(
            "SELECT tree_size, root_hash, signed_at, key_id, signature FROM audit_checkpoints ORDER BY tree_size"
        ).all().map(AuditCheckpoint.init(row:))
    }

    /// RFC 6962 audit path for the leaf at `index` in the tree of the first `treeSize` records.
    public func inclusionProof(
        index: Int64, treeSize: Int64, on database: any Database
    ) async throws
        -> InclusionProof
    {
        let size = try await store.audit.size(on: database)
        guard treeSize >= 1, treeSize <= size, index >= 0, index < treeSize else {
            throw DomainError.invalid(
                field: "index", zh: "需满足 0 ≤ 序号 < 树大小 ≤ \(size)",
                en: "Needs 0 ≤ index < treeSize ≤ \(size)")
        }
        let leaves = try await AuditLeaves.hashes(from: 0, to: treeSize, on: database.sql)
        return InclusionProof(
            leafIndex: index, treeSize: treeSize, leafHash: leaves[Int(index)].hex,
            rootHash: MerkleTree.root(of: leaves).hex,
            auditPath: MerkleTree.inclusionProof(index: Int(index), leafHashes: leaves).map(\.hex))
    }

    /// RFC 6962 consistency proof between the trees of the first `first` and `second` records.
    public func consistencyProof(
        first: Int64, second: Int64, on database: any Database
    ) async throws
        -> ConsistencyProof
    {
        let size = try await store.audit.size(on: database)
        guard first >= 1, first <= second, second <= size else {
            throw DomainError.invalid(
                field: "first", zh: "需满足 1 ≤ first ≤ second ≤ \(size)", en: "Needs 1 ≤ first ≤ second ≤ \(size)")
        }
        let leaves = try await AuditLeaves.hashes(from: 0, to: second, on: database.sql)
        return ConsistencyProof(
            firstSize: first, secondSize: second, firstRootHash: MerkleTree.root(of: Array(leaves[..<Int(first)])).hex,
            secondRootHash: MerkleTree.root(of: leaves).hex,
            proof: MerkleTree.consistencyProof(oldSize: Int(first), leafHashes: leaves).map(\.hex))
    }
}

public struct InclusionProof: Sendable, Hashable, Codable {
    public var leafIndex: Int64
    public var treeSize: Int64
    public var leafHash: String
    public var rootHash: String
    public var auditPath: [String]
}

public struct ConsistencyProof: Sendable, Hashable, Codable {
    public var firstSize: Int64
    public var secondSize: Int64
    public var firstRootHash: String
    public var secondRootHash: String
    public var proof: [String]
}

enum AuditLeaves {
    /// The stored leaf hashes of records `start..<end`, in order.
    static func hashes(from start: Int64, to end: Int64, on sql: any SQLDatabase) async throws -> [MerkleHash] {
        guard start < end else { return [] }
        let rows = try await sql.raw(
            """
            SELECT leaf_index, leaf_hash FROM audit_records
            WHERE leaf_index >= \(bind: start) AND leaf_index < \(bind: end) ORDER BY leaf_index
            """
        ).all()
        return try rows.map { row in
            guard let hash = MerkleHash(hex: try row.decode(column: "leaf_hash", as: String.self)) else {
                throw PersistenceError.corrupt(
                    "record \(try row.decode(column: "leaf_index", as: Int64.self)) has a malformed leaf hash")
            }
            return hash
        }
    }
}

extension AuditCheckpoint {
    init(row: any SQLRow) throws {
        self.init(
            treeSize: try row.decode(column: "tree_size", as: Int64.self),
            rootHash: try row.decode(column: "root_hash", as: String.self),
            signedAt: try row.decode(column: "signed_at", as: String.self),
            keyID: try row.decode(column: "key_id", as: String.self),
            signature: try row.decode(column: "signature", as: String.self))
    }
}

extension MerkleFrontier {
    init(json: String) throws {
        self = try JSONDecoder().decode(MerkleFrontier.self, from: Data(json.utf8))
    }
}
