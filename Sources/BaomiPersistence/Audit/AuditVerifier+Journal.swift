import BaomiDomain
import Crypto
import FluentKit
import Foundation
import NIOPosix
import SQLKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AuditVerifier {
    /// What the checkpoint journal says about the log (S2): every checkpoint in it must be in the database and match
    /// the log's records, so a tail deleted together with the checkpoints over it shows as a gap.
    ///
    /// Work per journal line, never per record: a line with a database checkpoint's tree is confirmed when the scan
    /// confirms that checkpoint; a line the database lacks is checked against the log's root at its size during the
    /// scan (`Progress.pendingJournal`); one at a size where the database has another root is a rewritten log.
    struct JournalCheck {
        /// What is read before the database's checkpoints, in this order: a journal's start is recorded after its
        /// first line is written, and a line after its checkpoint is committed, so nothing read later can be
        /// missing what was read earlier — a verification running beside the server raises no false alarm.
        struct Evidence: Sendable {
            var journal: CheckpointJournal
            var starts: [JournalStart.Record]
            var contents: CheckpointJournal.Contents?

            static func read(_ journal: CheckpointJournal?, on database: any Database) async throws -> Evidence? {
                guard let journal else { return nil }
                let starts = try await JournalStart.all(on: database)
                let contents = try await NIOThreadPool.singleton.runIfActive { try journal.read() }
                return Evidence(journal: journal, starts: starts, contents: contents)
            }
        }

        let evidence: Evidence?
        private var contents: CheckpointJournal.Contents? { evidence?.contents }
        /// Signed checkpoints only the journal holds, smallest first, one per tree and size.
        private(set) var journalOnly: [CheckpointJournal.Entry] = []
        /// The sizes of journal lines that are checkpoints in the database too, smallest first.
        private var matchedSizes: [Int64] = []
        private(set) var problems: [Problem] = []
        private var warnings: [String] = []

        init(_ evidence: Evidence?, stored: [AuditCheckpoint], publicKey: Curve25519.Signing.PublicKey) {
            self.evidence = evidence
            guard let journal = evidence?.journal, let contents = evidence?.contents else { return }
            let keyID = CheckpointSigner.keyID(of: publicKey)
            let storedBySize = Dictionary(stored.map { ($0.treeSize, $0) }, uniquingKeysWith: { first, _ in first })
            var seen: Set<AuditCheckpoint> = []
            var trees: Set<String> = []
            // Work per line: a lookup, and a signature only for a line that raises an alarm.
            for entry in contents.entries where seen.insert(entry.checkpoint).inserted {
                let checkpoint = entry.checkpoint
                let stored = storedBySize[checkpoint.treeSize]
                // The very tree the database holds (usually the very checkpoint): its root is the scan's to check.
                if let stored, stored.rootHash == checkpoint.rootHash {
                    matchedSizes.append(checkpoint.treeSize)
                    continue
                }
                // A line that raises an alarm must be Baomi's own: nobody raises one by writing to the journal.
                guard checkpoint.keyID == keyID, checkpoint.isSigned(by: publicKey) else {
                    problems.append(
                        Problem(
                            leafIndex: nil,
                            message: "line \(entry.line) of the checkpoint journal \(journal.path) has no valid "
                                + "signature by key \(keyID)"))
                    continue
                }
                guard trees.insert("\(checkpoint.treeSize) \(checkpoint.rootHash)").inserted else { continue }
                if let stored {
                    problems.append(
                        Problem(
                            leafIndex: nil,
                            message: "the checkpoint journal (line \(entry.line)) has a checkpoint of "
                                + "\(checkpoint.treeSize) records signed at \(checkpoint.signedAt) with root "
                                + "\(checkpoint.rootHash.prefix(16))…, but the database's checkpoint of "
                                + "\(stored.treeSize) records signed at \(stored.signedAt) has root "
                                + "\(stored.rootHash.prefix(16))…: the log was rewritten"))
                    continue
                }
                journalOnly.append(entry)
            }
            journalOnly.sort { $0.checkpoint.treeSize < $1.checkpoint.treeSize }
            matchedSizes.sort()
            for line in contents.unreadableLines {
                warnings.append(
                    "line \(line) of the checkpoint journal \(journal.path) is not a checkpoint (a write cut short by "
                        + "a crash?); the other lines were checked")
            }
        }

        /// How many journal lines name a database checkpoint the scan confirmed (those up to `size`).
        func confirmedByDatabase(_ size: Int64) -> Int {
            var low = 0
            var high = matchedSizes.count
            while low < high {
                let middle = (low + high) / 2
                if matchedSizes[middle] <= size { low = middle + 1 } else { high = middle }
            }
            return low
        }

        /// Whether the journal is where it should be: a journal once begun (`audit.journalStart` records) must exist
        /// and still hold the checkpoint it began with; a deployment that never had one gets a warning only.
        func presence(storedCheckpoints: Int) -> (problems: [Problem], warnings: [String]) {
            guard let journal = evidence?.journal, let starts = evidence?.starts else { return ([], warnings) }
            let here = starts.filter { $0.path == journal.path }
            guard let contents, !contents.entries.isEmpty else {
                let state = contents == nil ? "missing" : "empty"
                if let first = here.first {
                    return (
                        [
                            Problem(
                                leafIndex: nil,
                                message: "the checkpoint journal \(journal.path) is \(state), but record "
                                    + "\(first.leafIndex) shows it was begun on \(first.host) at \(first.recordedAt): "
                                    + "it was deleted or emptied; restore it from a backup")
                        ], warnings
                    )
                }
                if !starts.isEmpty {
                    let paths = Set(starts.map { "\($0.path) (\($0.host))" }).sorted().joined(separator: ", ")
                    return (
                        [
                            Problem(
                                leafIndex: nil,
                                message: "the checkpoint journal \(journal.path) is \(state); the log shows journals "
                                    + "kept at \(paths): verify with --checkpoint-journal (or "
                                    + "BAOMI_CHECKPOINT_JOURNAL) naming the one in use")
                        ], warnings
                    )
                }
                guard storedCheckpoints > 0 else { return ([], warnings) }
                return (
                    [],
                    warnings + [
                        "no checkpoint journal at \(journal.path), and the log shows none was ever begun: a log whose "
                            + "tail was deleted cannot be told from a shorter one until Baomi begins one (it does "
                            + "at its next start or `baomi migrate`)"
                    ]
                )
            }
            var problems: [Problem] = []
            // The file read here is this machine's at that path: another host's journal at the same path (instances
            // with a data folder each) is another file, and a shared one begun elsewhere is checked there.
            let begun = here.filter { $0.host == JournalStart.host }
            // Begun twice: it was deleted in between.
            if begun.count > 1 {
                problems.append(
                    Problem(
                        leafIndex: begun[1].leafIndex,
                        message: "the checkpoint journal \(journal.path) was begun again on \(begun[1].host) at "
                            + "\(begun[1].recordedAt) (record \(begun[1].leafIndex); first at record "
                            + "\(begun[0].leafIndex)): it had been deleted, and the checkpoints in it are lost"))
            }
            if let first = begun.first,
                !contents.entries.contains(where: {
                    $0.checkpoint.treeSize == first.treeSize && $0.checkpoint.rootHash == first.rootHash
                })
            {
                problems.append(
                    Problem(
                        leafIndex: nil,
                        message: "the checkpoint journal \(journal.path) lacks the checkpoint of \(first.treeSize) "
                            + "records it was begun with (record \(first.leafIndex)): it was truncated or replaced"))
            }
            return (problems, warnings)
        }
    }
}

/// The `audit.journalStart` record written when a checkpoint journal is begun (`AuditCheckpoints`): which file, on
/// which host, with which checkpoint.
enum JournalStart {
    static let pathKey = "journal"
    static let hostKey = "host"
    static let treeSizeKey = "treeSize"
    static let rootHashKey = "rootHash"

    struct Record: Sendable {
        var leafIndex: Int64
        var recordedAt: String
        var path: String
        var host: String
        var treeSize: Int64
        var rootHash: String
    }

    /// This machine's name, as `hostname` prints it.
    static let host: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// Every journal start in the log, oldest first (the records are covered by the scan like any other).
    static func all(on database: any Database) async throws -> [Record] {
        let rows = try await database.sql.raw(
            """
            SELECT leaf_index, recorded_at, details FROM audit_records
            WHERE action = \(bind: AuditAction.auditJournalStart.rawValue) ORDER BY leaf_index
            """
        ).all()
        return rows.compactMap { row in
            guard let leafIndex = try? row.decode(column: "leaf_index", as: Int64.self),
                let recordedAt = try? row.decode(column: "recorded_at", as: String.self),
                let text = try? row.decode(column: "details", as: String.self),
                let details = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String],
                let path = details[pathKey], let size = details[treeSizeKey].flatMap({ Int64($0) })
            else { return nil }
            return Record(
                leafIndex: leafIndex, recordedAt: recordedAt, path: path, host: details[hostKey] ?? "",
                treeSize: size, rootHash: details[rootHashKey] ?? "")
        }
    }
}
