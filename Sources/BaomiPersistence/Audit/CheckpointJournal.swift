import Foundation
import Synchronization

#if canImport(Glibc)
// `stat` is declared where Foundation's CoreFoundation loads it (ZIPFoundation, for backups, brings it in).
import CoreFoundation
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every signed checkpoint, one JSON line each, in a file outside the database (S2).
///
/// The database alone cannot tell a log whose tail was deleted — records and the checkpoints over them, triggers
/// dropped — from a log that was never longer. The journal can: `baomi audit verify` requires the database to still
/// hold every checkpoint the journal names (`AuditVerifier`). By default it is `audit-checkpoints.journal` in the data
/// folder; several instances sharing one PostgreSQL point `BAOMI_CHECKPOINT_JOURNAL` at one file out of the database
/// administrator's reach, and each appends to it.
///
/// Lines are only ever appended: each is one `write` to a file opened with `O_APPEND`, under an exclusive `flock`,
/// so lines from several processes never interleave (also where `O_APPEND` alone is not atomic, as on NFS), then
/// `fsync`ed. The file is created 0600.
public final class CheckpointJournal: Sendable {
    public static let fileName = "audit-checkpoints.journal"

    /// The journal's absolute path.
    public let path: String
    /// The largest tree size this process has journaled: a checkpoint no larger is not written again.
    private let journaledSize = Mutex<Int64>(-1)

    public init(file: URL) {
        path = file.standardizedFileURL.path
    }

    /// `audit-checkpoints.journal` in the data folder.
    public static func file(in dataDirectory: URL) -> URL {
        dataDirectory.appendingPathComponent(fileName)
    }

    public enum AppendOutcome: Sendable, Equatable {
        /// The line was appended to the existing journal.
        case appended
        /// The journal did not exist: this line began it.
        case created
        /// This process had already journaled a checkpoint at least this large.
        case alreadyJournaled
    }

    /// Appends `checkpoint` as one line and fsyncs it. Blocking file I/O: run it off the event loops.
    func append(_ checkpoint: AuditCheckpoint) throws -> AppendOutcome {
        if journaledSize.withLock({ $0 >= checkpoint.treeSize }) { return .alreadyJournaled }
        var created = true
        // Read as well as written: the last byte says whether a crash cut the last line short.
        var descriptor = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor < 0 && errno == EEXIST {
            created = false
            descriptor = open(path, O_RDWR | O_APPEND | O_CLOEXEC)
        }
        guard descriptor >= 0 else { throw PrivateFileError(operation: "open", path: path) }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw PrivateFileError(operation: "flock", path: path) }
        var line = Self.line(for: checkpoint)
        // A line cut short by a crash gets its own line, so it does not swallow this one.
        if !created && !endsWithNewline(descriptor) { line.insert(UInt8(ascii: "\n"), at: 0) }
        try line.withUnsafeBytes { bytes in
            var written = 0
            while written < bytes.count {
                let count = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw PrivateFileError(operation: "write", path: path)
                }
                written += count
            }
        }
        guard fsync(descriptor) == 0 else { throw PrivateFileError(operation: "fsync", path: path) }
        if created { try syncFolder() }
        journaledSize.withLock { $0 = max($0, checkpoint.treeSize) }
        return created ? .created : .appended
    }

    private func endsWithNewline(_ descriptor: Int32) -> Bool {
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return true }
        var last: UInt8 = 0
        return pread(descriptor, &last, 1, status.st_size - 1) == 1 && last == UInt8(ascii: "\n")
    }

    /// A new file's name is durable only once its folder is.
    private func syncFolder() throws {
        let folder = (path as NSString).deletingLastPathComponent
        let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw PrivateFileError(operation: "open", path: folder) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw PrivateFileError(operation: "fsync", path: folder) }
    }

    /// `{"keyID":…,"rootHash":…,"signature":…,"signedAt":…,"treeSize":…}` and a newline: the checkpoint exactly as
    /// signed, so that anyone can check a line with the public key alone.
    static func line(for checkpoint: AuditCheckpoint) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding five strings and an integer cannot fail.
        return Array((try? encoder.encode(checkpoint)) ?? Data()) + [UInt8(ascii: "\n")]
    }

    /// The journal's lines, read whole; nil when there is no journal. Blocking file I/O.
    public func read() throws -> Contents? {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) { throw PrivateFileError(operation: "read", path: path) }
            return nil
        }
        return data.withUnsafeBytes(Self.contents(of:))
    }

    static func contents(of bytes: UnsafeRawBufferPointer) -> Contents {
        var contents = Contents()
        let decoder = JSONDecoder()
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            lineNumber += 1
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            start = end + 1
            if line.isEmpty { continue }
            // A verification reads every line: the format Baomi writes is read directly (≈ 0.7 µs a line, a JSON
            // decoder takes ≈ 4 µs); anything else goes through the decoder.
            if let checkpoint = parse(line) ?? (try? decoder.decode(AuditCheckpoint.self, from: Data(line))) {
                contents.entries.append(Entry(line: lineNumber, checkpoint: checkpoint))
            } else {
                contents.unreadableLines.append(lineNumber)
            }
        }
        return contents
    }

    /// A line exactly as `line(for:)` writes it; nil for any other spelling of the same JSON.
    static func parse(_ line: UnsafeRawBufferPointer) -> AuditCheckpoint? {
        var position = 0
        func literal(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard let base = line.baseAddress, position + count <= line.count,
                memcmp(base + position, text.utf8Start, count) == 0
            else { return false }
            position += count
            return true
        }
        // Hex, base64 and timestamps: no escapes, no control characters.
        func string() -> String? {
            let start = position
            while position < line.count {
                let byte = line[position]
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    return String(
                        decoding: UnsafeRawBufferPointer(rebasing: line[start..<(position - 1)]), as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                position += 1
            }
            return nil
        }
        guard literal(#"{"keyID":""#), let keyID = string(), literal(#","rootHash":""#), let rootHash = string(),
            literal(#","signature":""#), let signature = string(), literal(#","signedAt":""#),
            let signedAt = string(), literal(#","treeSize":"#)
        else { return nil }
        var treeSize: Int64 = 0
        let digits = position
        while position < line.count, position - digits < 18, case let digit = line[position] &- UInt8(ascii: "0"),
            digit < 10
        {
            treeSize = treeSize * 10 + Int64(digit)
            position += 1
        }
        guard position > digits, literal("}"), position == line.count else { return nil }
        return AuditCheckpoint(
            treeSize: treeSize, rootHash: rootHash, signedAt: signedAt, keyID: keyID, signature: signature)
    }

    public struct Contents: Sendable {
        public var entries: [Entry] = []
        /// Line numbers that are not a checkpoint: a write cut short by a crash, or something written by hand.
        public var unreadableLines: [Int] = []
    }

    public struct Entry: Sendable, Hashable {
        /// 1-based, as an editor shows it.
        public var line: Int
        public var checkpoint: AuditCheckpoint
    }
}
