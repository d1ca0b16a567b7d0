import Foundation
import NIOPosix
import Synchronization

#if canImport(Glibc)
// `stat` is declared where Foundation's CoreFoundation loads it (ZIPFoundation, for backups, brings it in).
import CoreFoundation
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Group commit for an SQLite file (DESIGN principle 2: a change the server has acknowledged survives a crash).
///
/// The file runs in WAL mode with `synchronous=NORMAL` (`DatabaseTuning`): COMMIT appends the transaction's frames
/// to the `-wal` file without an fsync. They are then safe from a crash of the process (the kernel holds them) but
/// not from power loss or a kernel crash. So every writer awaits `sync()` after its commit and before it answers:
/// `sync()` fsyncs the WAL, and because the WAL is appended in commit order, an fsync that begins after a commit
/// makes that commit and every earlier one durable. SQLite itself still fsyncs the WAL before each checkpoint and
/// the database file after it, so commits that leave the WAL are durable too.
///
/// One fsync runs at a time. A caller that arrives while one is in flight waits for the next, which begins after
/// its commit, and every caller of that round shares it: a burst of writers costs two fsyncs, not one each.
public actor DurabilityBarrier {
    public typealias Sync = @Sendable () async throws -> Void

    private let syncFile: Sync
    private var inFlight = false
    private var nextRound: [CheckedContinuation<Void, any Error>] = []
    /// fsyncs completed (or failed) so far.
    public private(set) var rounds = 0

    /// A barrier over `sync`; tests inject a counting one.
    public init(sync: @escaping Sync) {
        syncFile = sync
    }

    /// A barrier for the SQLite database at `databasePath`: fsyncs its `-wal` file on a thread of its own, so the
    /// disk wait never takes one of the threads SQLite's queries run on.
    public init(databasePath: String) {
        let wal = WALFile(databasePath: databasePath)
        self.init(sync: { try await DurabilityBarrier.fsyncThread.runIfActive { try wal.sync() } })
    }

    /// Returns once an fsync that began after this call has completed; throws if that fsync failed, in which case
    /// the caller must not report its write as saved.
    public func sync() async throws {
        try await withCheckedThrowingContinuation { continuation in
            nextRound.append(continuation)
            if !inFlight { startRound() }
        }
    }

    private func startRound() {
        inFlight = true
        let round = nextRound
        nextRound = []
        Task {
            let outcome: Result<Void, any Error>
            do {
                try await syncFile()
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            finish(round, outcome)
        }
    }

    private func finish(_ round: [CheckedContinuation<Void, any Error>], _ outcome: Result<Void, any Error>) {
        rounds += 1
        for continuation in round { continuation.resume(with: outcome) }
        if nextRound.isEmpty {
            inFlight = false
        } else {
            startRound()
        }
    }

    /// Lives as long as the process, like NIO's singleton pool; one thread, as one fsync runs at a time.
    static let fsyncThread: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        return pool
    }()
}

/// An SQLite database's write-ahead log on disk.
final class WALFile: Sendable {
    let databasePath: String
    let path: String
    let folder: String
    /// The WAL file (inode) whose directory entry has been made durable.
    private let entrySynced = Mutex<ino_t?>(nil)

    init(databasePath: String) {
        self.databasePath = databasePath
        path = databasePath + "-wal"
        folder = (databasePath as NSString).deletingLastPathComponent
    }

    /// fsyncs the WAL. A missing WAL (next to an existing database) is fine: SQLite removes it only after checkpointing it into the database file,
    /// which it fsyncs. The first time a WAL file is seen, its folder is fsynced too, as SQLite would only do that
    /// at its first checkpoint, and a new file whose name is lost in a power cut takes its data with it.
    func sync() throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            // No WAL but no database either: a wrong path, which must not pass for "synced".
            if errno == ENOENT && access(databasePath, F_OK) == 0 { return }
            throw DurabilityError(operation: "open", path: path, code: errno)
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw DurabilityError(operation: "fsync", path: path, code: errno) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw DurabilityError(operation: "fstat", path: path, code: errno)
        }
        guard entrySynced.withLock({ $0 }) != status.st_ino else { return }
        let directory = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        guard directory >= 0 else { throw DurabilityError(operation: "open", path: folder, code: errno) }
        defer { close(directory) }
        guard fsync(directory) == 0 else { throw DurabilityError(operation: "fsync", path: folder, code: errno) }
        entrySynced.withLock { $0 = status.st_ino }
    }
}

/// The disk refused to confirm a write: the change may be committed but is not known to be durable.
public struct DurabilityError: Error, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let code: Int32

    public var description: String { "\(operation) \(path) failed: \(String(cString: strerror(code)))" }
}
