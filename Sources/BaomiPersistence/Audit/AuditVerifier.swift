import Crypto
import FluentKit
import Foundation
import SQLKit

/// Recomputes the whole audit log — every leaf from its columns, every checkpoint's root and signature — and names
/// the first record that does not match (S2). `baomi audit verify` and the auditor's page both run this.
public struct AuditVerifier: Sendable {
    public struct Report: Sendable, Hashable, Codable {
        public var recordsChecked: Int64
        public var checkpointsChecked: Int
        public var problem: Problem?
        public var seconds: Double

        public var isIntact: Bool { problem == nil }
    }

    public struct Problem: Sendable, Hashable, Codable {
        /// The first record found bad, when one record can be named.
        public var leafIndex: Int64?
        public var message: String
    }

    let publicKey: Curve25519.Signing.PublicKey
    let batchSize: Int

    public init(publicKey: Curve25519.Signing.PublicKey, batchSize: Int = 20_000) {
        self.publicKey = publicKey
        self.batchSize = batchSize
    }

    public func verify(on database: any Database) async throws -> Report {
        let started = Date()
        let sql = try database.sql
        let checkpoints = try await AuditCheckpoints.all(on: database)
        var pendingCheckpoints = checkpoints[...]
        var frontier = MerkleFrontier()
        var checkpointsChecked = 0
        var expectedIndex: Int64 = 0

        func report(_ problem: Problem?) -> Report {
            Report(
                recordsChecked: expectedIndex, checkpointsChecked: checkpointsChecked, problem: problem,
                seconds: Date().timeIntervalSince(started))
        }

        func checkCheckpoints() -> Problem? {
            while let checkpoint = pendingCheckpoints.first, checkpoint.treeSize == expectedIndex {
                pendingCheckpoints.removeFirst()
                if checkpoint.keyID != CheckpointSigner.keyID(of: publicKey) || !checkpoint.isSigned(by: publicKey) {
                    return Problem(
                        leafIndex: nil,
                        message: "checkpoint at tree size \(checkpoint.treeSize) has no valid signature by key "
                            + CheckpointSigner.keyID(of: publicKey))
                }
                if frontier.root.hex != checkpoint.rootHash {
                    let previous = checkpoints.last { $0.treeSize < checkpoint.treeSize }?.treeSize ?? 0
                    return Problem(
                        leafIndex: previous,
                        message: "records \(previous)..<\(checkpoint.treeSize) do not match the signed checkpoint "
                            + "at tree size \(checkpoint.treeSize): a record and its leaf hash were both changed, "
                            + "or a record was removed")
                }
                checkpointsChecked += 1
            }
            return nil
        }

        if let problem = checkCheckpoints() { return report(problem) }
        while true {
            let rows = try await sql.raw(
                """
                SELECT * FROM audit_records WHERE leaf_index >= \(bind: expectedIndex)
                ORDER BY leaf_index LIMIT \(literal: batchSize)
                """
            ).all()
            if rows.isEmpty { break }
            for row in rows {
                let record = try AuditRecord(row: row)
                if record.leafIndex != expectedIndex {
                    return report(
                        Problem(leafIndex: expectedIndex, message: "record \(expectedIndex) is missing"))
                }
                let leafHash = MerkleTree.leafHash(record.canonicalBytes)
                if leafHash.hex != record.leafHash {
                    return report(
                        Problem(
                            leafIndex: record.leafIndex,
                            message: "record \(record.leafIndex) does not match its leaf hash: it was changed"))
                }
                frontier.append(leafHash)
                expectedIndex += 1
                if let problem = checkCheckpoints() { return report(problem) }
            }
        }
        if let unmatched = pendingCheckpoints.first {
            return report(
                Problem(
                    leafIndex: expectedIndex,
                    message: "the log ends at \(expectedIndex) records but a checkpoint signed \(unmatched.treeSize): "
                        + "records were removed"))
        }
        return report(nil)
    }
}
