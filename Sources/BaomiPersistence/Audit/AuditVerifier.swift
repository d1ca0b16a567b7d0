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
        var progress = Progress(checkpoints: try await AuditCheckpoints.all(on: database), publicKey: publicKey)
        let problem: Problem?
        if let atStart = progress.checkCheckpoints() {
            problem = atStart
        } else {
            let scan = try await AuditLeafScan.open(on: database, batchSize: batchSize)
            do {
                problem = try await progress.check(scan)
            } catch {
                await scan.close()
                throw error
            }
            await scan.close()
        }
        return Report(
            recordsChecked: progress.expectedIndex, checkpointsChecked: progress.checkpointsChecked,
            problem: problem ?? progress.unmatchedCheckpoint, seconds: Date().timeIntervalSince(started))
    }

    /// The verifier's state while it walks the log in leaf order.
    private struct Progress {
        let checkpoints: [AuditCheckpoint]
        let publicKey: Curve25519.Signing.PublicKey
        let keyID: String
        var pendingCheckpoints: ArraySlice<AuditCheckpoint>
        var frontier = MerkleFrontier()
        var checkpointsChecked = 0
        var expectedIndex: Int64 = 0

        init(checkpoints: [AuditCheckpoint], publicKey: Curve25519.Signing.PublicKey) {
            self.checkpoints = checkpoints
            self.publicKey = publicKey
            keyID = CheckpointSigner.keyID(of: publicKey)
            pendingCheckpoints = checkpoints[...]
        }

        /// Walks every batch; the first problem found, if any.
        mutating func check(_ scan: AuditLeafScan) async throws -> Problem? {
            do {
                // Each batch holds consecutive stored records in leaf order, already hashed and compared with their
                // stored leaf hash; it ends early at the first record that failed (`batch.problem`).
                while let batch = try await scan.next(expecting: expectedIndex) {
                    if let problem = check(batch) { return problem }
                }
            } catch let gap as AuditLeafScan.Gap {
                return Problem(leafIndex: expectedIndex, message: gap.message(expecting: expectedIndex))
            }
            return nil
        }

        private mutating func check(_ batch: AuditLeafBatch) -> Problem? {
            var nextCheckpoint = pendingCheckpoints.first?.treeSize
            for row in 0..<batch.count {
                let leafIndex = batch.leafIndices[row]
                let problem = batch.problem?.row == row ? batch.problem : nil
                if leafIndex != expectedIndex {
                    var gap = AuditLeafScan.Gap(kind: .missing)
                    if case .malformedLeafIndex(let text)? = problem?.kind { gap.kind = .malformedIndex(text) }
                    return Problem(leafIndex: expectedIndex, message: gap.message(expecting: expectedIndex))
                }
                switch problem?.kind {
                case nil: break
                case .leafHashMismatch?, .malformedLeafIndex?:
                    return Problem(
                        leafIndex: leafIndex,
                        message: "record \(leafIndex) does not match its leaf hash: it was changed")
                case .unreadable(let reason)?:
                    return Problem(leafIndex: leafIndex, message: "record \(leafIndex) cannot be read: \(reason)")
                }
                frontier.append(batch.leafHashes[row])
                expectedIndex += 1
                if expectedIndex == nextCheckpoint {
                    if let problem = checkCheckpoints() { return problem }
                    nextCheckpoint = pendingCheckpoints.first?.treeSize
                }
            }
            return nil
        }

        /// Checks every checkpoint signed at the current tree size: its signature, then its root.
        mutating func checkCheckpoints() -> Problem? {
            while let checkpoint = pendingCheckpoints.first, checkpoint.treeSize == expectedIndex {
                pendingCheckpoints.removeFirst()
                if checkpoint.keyID != keyID || !checkpoint.isSigned(by: publicKey) {
                    return Problem(
                        leafIndex: nil,
                        message: "checkpoint at tree size \(checkpoint.treeSize) has no valid signature by key " + keyID
                    )
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

        /// A checkpoint signed for more records than the log holds.
        var unmatchedCheckpoint: Problem? {
            guard let unmatched = pendingCheckpoints.first else { return nil }
            return Problem(
                leafIndex: expectedIndex,
                message: "the log ends at \(expectedIndex) records but a checkpoint signed \(unmatched.treeSize): "
                    + "records were removed")
        }
    }
}
