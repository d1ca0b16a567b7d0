import Crypto
import FluentKit
import Foundation
import SQLKit

/// Recomputes the whole audit log — every leaf from its columns, every checkpoint's root, the newest checkpoint's
/// signature (which vouches for the rest, see `Progress.newestSignatureProblem`) — and names the first record that
/// does not match (S2). `baomi audit verify` and the auditor's page both run this.
///
/// Given the checkpoint journal (`CheckpointJournal`), it also requires the database to still hold every checkpoint
/// the journal names, so that a log whose tail was deleted with the checkpoints over it is not taken for a shorter
/// one (`AuditVerifier+Journal.swift`); and it requires the append-only triggers to be in place
/// (`AppendOnlyTriggers`). Neither adds work per record.
///
/// Records are read in batches (`AuditLeafScan`, in `AuditVerifier+Scan.swift`): on SQLite several batches are read at
/// once on reader connections of their own and each is decoded, re-serialised and hashed as soon as it arrives, so
/// only the Merkle frontier and the checkpoint checks below run in leaf order.
public struct AuditVerifier: Sendable {
    public struct Report: Sendable, Hashable, Codable {
        public var recordsChecked: Int64
        public var checkpointsChecked: Int
        /// Distinct checkpoints of the journal found in the database and matching the log.
        public var journalEntriesChecked: Int
        /// The first of `problems`, if any: what the command line and the pages lead with.
        public var problem: Problem?
        /// Everything found wrong: the first bad record or checkpoint, checkpoints of the journal the database has
        /// lost, a missing journal, missing triggers.
        public var problems: [Problem]
        /// Worth knowing but not a failure, e.g. a deployment that has not yet begun a journal.
        public var warnings: [String]
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

    /// Verifies the log in `database`, against `journal` when given.
    public func verify(on database: any Database, journal: CheckpointJournal? = nil) async throws -> Report {
        let started = Date()
        // The journal first, then the checkpoints: each line read names a checkpoint already committed
        // (`JournalCheck.Evidence`), and every checkpoint was signed over records that already exist, so the scan
        // below, which runs until the log ends, reaches each of them.
        let evidence = try await JournalCheck.Evidence.read(journal, on: database)
        let stored = try await AuditCheckpoints.all(on: database)
        let journalCheck = JournalCheck(evidence, stored: stored, publicKey: publicKey)
        var progress = Progress(
            checkpoints: stored, journalOnly: journalCheck.journalOnly, publicKey: publicKey)
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
        var problems: [Problem] = []
        if let forged = progress.newestSignatureProblem { problems.append(forged) }
        if let first = problem ?? progress.unmatchedCheckpoint { problems.append(first) }
        if problem == nil, let beyond = progress.journalBeyondEnd { problems.append(beyond) }
        problems += journalCheck.problems + progress.lostFromDatabase
        let presence = journalCheck.presence(storedCheckpoints: stored.count)
        problems += presence.problems
        let missingTriggers = try await AppendOnlyTriggers.missing(on: database)
        if !missingTriggers.isEmpty {
            problems.append(
                Problem(
                    leafIndex: nil,
                    message: "append-only triggers missing or altered: \(missingTriggers.joined(separator: ", ")); "
                        + "the audit tables can be changed until `baomi migrate` (or the next start) restores them"))
        }
        return Report(
            recordsChecked: progress.expectedIndex, checkpointsChecked: progress.checkpointsChecked,
            journalEntriesChecked: journalCheck.confirmedByDatabase(progress.confirmedThrough), problem: problems.first,
            problems: problems, warnings: presence.warnings, seconds: Date().timeIntervalSince(started))
    }

    /// The verifier's state while it walks the log in leaf order.
    private struct Progress {
        let checkpoints: [AuditCheckpoint]
        let publicKey: Curve25519.Signing.PublicKey
        let keyID: String
        var pendingCheckpoints: ArraySlice<AuditCheckpoint>
        /// Checkpoints only the journal holds, smallest first; their signatures are already checked.
        var pendingJournal: ArraySlice<CheckpointJournal.Entry>
        var frontier = MerkleFrontier()
        var checkpointsChecked = 0
        var expectedIndex: Int64 = 0
        /// The tree size of the last database checkpoint found to match the log.
        var confirmedThrough: Int64 = -1
        private var newestConfirmed: AuditCheckpoint?
        /// Checkpoints of the journal that match the log but are gone from the database.
        var lostFromDatabase: [Problem] = []

        init(
            checkpoints: [AuditCheckpoint], journalOnly: [CheckpointJournal.Entry],
            publicKey: Curve25519.Signing.PublicKey
        ) {
            self.checkpoints = checkpoints
            self.publicKey = publicKey
            keyID = CheckpointSigner.keyID(of: publicKey)
            pendingCheckpoints = checkpoints[...]
            pendingJournal = journalOnly[...]
        }

        /// The next tree size at which a checkpoint is checked.
        private var nextCheck: Int64? {
            switch (pendingCheckpoints.first?.treeSize, pendingJournal.first?.checkpoint.treeSize) {
            case (let stored?, let journaled?): min(stored, journaled)
            case (let size, nil), (nil, let size): size
            }
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
            var nextCheckpoint = nextCheck
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
                    nextCheckpoint = nextCheck
                }
            }
            return nil
        }

        /// Checks every checkpoint signed at the current tree size: its signature, then its root; then the journal's
        /// checkpoints at this size that the database lacks.
        mutating func checkCheckpoints() -> Problem? {
            while let checkpoint = pendingCheckpoints.first, checkpoint.treeSize == expectedIndex {
                pendingCheckpoints.removeFirst()
                if frontier.root.hex != checkpoint.rootHash {
                    if let forged = signatureProblem(checkpoint) { return forged }
                    return Problem(
                        leafIndex: previousSize(before: checkpoint.treeSize),
                        message: "records \(previousSize(before: checkpoint.treeSize))..<\(checkpoint.treeSize) do not "
                            + "match the signed checkpoint at tree size \(checkpoint.treeSize): a record and its leaf "
                            + "hash were both changed, or a record was removed")
                }
                checkpointsChecked += 1
                confirmedThrough = checkpoint.treeSize
                newestConfirmed = checkpoint
            }
            while let entry = pendingJournal.first, entry.checkpoint.treeSize == expectedIndex {
                pendingJournal.removeFirst()
                let checkpoint = entry.checkpoint
                if frontier.root.hex != checkpoint.rootHash {
                    let previous = previousSize(before: checkpoint.treeSize)
                    return Problem(
                        leafIndex: previous,
                        message: "records \(previous)..<\(checkpoint.treeSize) do not match the checkpoint of "
                            + "\(checkpoint.treeSize) records signed at \(checkpoint.signedAt) in the checkpoint "
                            + "journal (line \(entry.line)): records were changed or removed, and the checkpoints over "
                            + "them deleted")
                }
                lostFromDatabase.append(
                    Problem(
                        leafIndex: nil,
                        message: "the checkpoint journal (line \(entry.line)) has a checkpoint of "
                            + "\(checkpoint.treeSize) records signed at \(checkpoint.signedAt) that the database no "
                            + "longer holds: it was deleted from audit_checkpoints"))
            }
            return nil
        }

        /// The newest checkpoint's signature, checked once the scan has matched its root with the log's (`nil` when
        /// it is Ed25519-signed by the key). It vouches for every record up to it, and so for every earlier
        /// checkpoint whose root matched too: their signatures add nothing and are not checked one by one — with a
        /// checkpoint after each burst of writes there may be one every few records, and a signature check costs as
        /// much as verifying fifty records.
        var newestSignatureProblem: Problem? {
            newestConfirmed.flatMap(signatureProblem)
        }

        private func signatureProblem(_ checkpoint: AuditCheckpoint) -> Problem? {
            guard checkpoint.keyID != keyID || !checkpoint.isSigned(by: publicKey) else { return nil }
            return Problem(
                leafIndex: nil,
                message: "checkpoint at tree size \(checkpoint.treeSize) has no valid signature by key " + keyID)
        }

        /// The size of the last checkpoint, of the database or the journal, below `size` (0 if none).
        private func previousSize(before size: Int64) -> Int64 {
            max(confirmedThrough, 0, checkpoints.last { $0.treeSize < size }?.treeSize ?? 0)
        }

        /// A checkpoint signed for more records than the log holds.
        var unmatchedCheckpoint: Problem? {
            guard let unmatched = pendingCheckpoints.first else { return nil }
            return Problem(
                leafIndex: expectedIndex,
                message: "the log ends at \(expectedIndex) records but a checkpoint signed \(unmatched.treeSize): "
                    + "records were removed")
        }

        /// The largest checkpoint of the journal beyond the end of the log: the log's tail was deleted together with
        /// the checkpoints over it.
        var journalBeyondEnd: Problem? {
            guard let last = pendingJournal.last else { return nil }
            let checkpoint = last.checkpoint
            return Problem(
                leafIndex: expectedIndex,
                message: "the checkpoint journal has a checkpoint of \(checkpoint.treeSize) records signed at "
                    + "\(checkpoint.signedAt) (line \(last.line)); the database holds \(expectedIndex): records "
                    + "\(expectedIndex)..<\(checkpoint.treeSize) were deleted, with the checkpoints over them")
        }
    }
}
