import Crypto
import FluentKit
import Foundation
import SQLKit

/// Recomputes the whole audit log — every leaf from its columns, every checkpoint's root and signature — and names
/// the first record that does not match (S2). `baomi audit verify` and the auditor's page both run this.
///
/// Records are read in batches (`AuditLeafScan`, in `AuditVerifier+Scan.swift`): on SQLite several batches are read at
/// once on reader connections of their own and each is decoded, re-serialised and hashed as soon as it arrives, so
/// only the Merkle frontier and the checkpoint checks below run in leaf order.
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

    /// `batchSize` is the number of records read per query.
    public init(publicKey: Curve25519.Signing.PublicKey, batchSize: Int = 16_384) {
        self.publicKey = publicKey
        self.batchSize = max(1, batchSize)
    }

    public func verify(on database: any Database) async throws -> Report {
        let started = Date()
        // Checkpoints first: every one read here was signed over records that already exist, so the scan below,
        // which runs until the log ends, reaches each of them.
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
        let scan = try await AuditLeafScan.open(on: database, batchSize: batchSize)
        do {
            // Each batch holds consecutive stored records in leaf order, already hashed and compared with their
            // stored leaf hash; it ends early at the first record that failed (`batch.problem`).
            while let batch = try await scan.next(expecting: expectedIndex) {
                for row in 0..<batch.count {
                    let leafIndex = batch.leafIndices[row]
                    let problem = batch.problem?.row == row ? batch.problem : nil
                    if leafIndex != expectedIndex {
                        await scan.close()
                        var gap = AuditLeafScan.Gap(kind: .missing)
                        if case .malformedLeafIndex(let text)? = problem?.kind { gap.kind = .malformedIndex(text) }
                        return report(Problem(leafIndex: expectedIndex, message: gap.message(expecting: expectedIndex)))
                    }
                    if let problem {
                        await scan.close()
                        switch problem.kind {
                        case .leafHashMismatch, .malformedLeafIndex:
                            return report(
                                Problem(
                                    leafIndex: leafIndex,
                                    message: "record \(leafIndex) does not match its leaf hash: it was changed"))
                        case .unreadable(let reason):
                            return report(
                                Problem(leafIndex: leafIndex, message: "record \(leafIndex) cannot be read: \(reason)"))
                        }
                    }
                    frontier.append(batch.leafHashes[row])
                    expectedIndex += 1
                    if let problem = checkCheckpoints() {
                        await scan.close()
                        return report(problem)
                    }
                }
            }
        } catch let gap as AuditLeafScan.Gap {
            await scan.close()
            return report(Problem(leafIndex: expectedIndex, message: gap.message(expecting: expectedIndex)))
        } catch {
            await scan.close()
            throw error
        }
        await scan.close()
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
