import BaomiDomain
import BaomiPersistence
import Crypto
import FluentKit
import Foundation

/// The 1,000,000-record audit log the verify benchmarks read: a SQLite file built once, through the real append path
/// (`AuditLog.append` inside `Store.exclusive` + a transaction, exactly what `Store.record` does) in transactions of
/// 1,000 events, with a signed checkpoint every 100,000 records. Next to it, every record's `0x00 ‖ canonicalBytes`
/// as the appender hashed them, for the raw SHA-256 comparison.
///
/// Building takes a minute; the files are kept in `$BAOMI_BENCH_DATA` (default: the temporary folder) and reused by
/// later runs. Delete the folder to rebuild, e.g. after the record format changes.
enum AuditFixture {
    static let recordCount = 1_000_000
    static let eventsPerTransaction = 1_000
    static let checkpointEvery = 100_000
    /// Bump when the fixture's content or the record format changes, so stale files are not reused.
    static let version = "v1"
    static let signingKey = try! Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32))

    static var directory: URL {
        let base =
            ProcessInfo.processInfo.environment["BAOMI_BENCH_DATA"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("baomi-bench")
        return base.appendingPathComponent("audit-\(recordCount)-\(version)")
    }

    static var databasePath: String { directory.appendingPathComponent("audit.sqlite").path }
    static var canonicalPath: String { directory.appendingPathComponent("canonical.bin").path }
    private static var completePath: String { directory.appendingPathComponent("complete").path }

    /// The fixture's database file, built first if needed.
    static func prepare() async throws -> String {
        if FileManager.default.fileExists(atPath: completePath) { return databasePath }
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let started = ContinuousClock.now
        let standalone = try StandaloneDatabase(.sqlite(path: databasePath))
        do {
            try await standalone.migrate()
            try await build(on: standalone.database)
        } catch {
            await standalone.shutdown()
            throw error
        }
        await standalone.shutdown()
        guard FileManager.default.createFile(atPath: completePath, contents: Data()) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: completePath])
        }
        print("built the \(recordCount)-record audit fixture in \(ContinuousClock.now - started) at \(directory.path)")
        return databasePath
    }

    private static func build(on database: any Database) async throws {
        let store = Store()
        let checkpoints = AuditCheckpoints(signer: CheckpointSigner(privateKey: signingKey), store: store)
        guard FileManager.default.createFile(atPath: canonicalPath, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: canonicalPath])
        }
        let canonical = try FileHandle(forWritingTo: URL(fileURLWithPath: canonicalPath))
        defer { try? canonical.close() }
        var written = 0
        while written < recordCount {
            let count = min(eventsPerTransaction, recordCount - written)
            let events = (written..<(written + count)).map(AuditSamples.event)
            let actor = AuditSamples.actors[(written / eventsPerTransaction) % AuditSamples.actors.count]
            let records = try await store.exclusive(on: database) {
                try await database.transaction { transaction in
                    try await store.audit.append(events, by: actor, on: transaction)
                }
            }
            var chunk: [UInt8] = []
            chunk.reserveCapacity(records.count * 300)
            for record in records {
                let bytes = record.canonicalBytes
                withUnsafeBytes(of: UInt32(bytes.count + 1).littleEndian) { chunk.append(contentsOf: $0) }
                chunk.append(0x00)
                chunk.append(contentsOf: bytes)
            }
            try canonical.write(contentsOf: chunk)
            written += count
            if written % checkpointEvery == 0 || written == recordCount {
                _ = try await checkpoints.current(on: database)
            }
        }
    }

    /// Every record's `0x00 ‖ canonicalBytes`, back to back, and where each one starts and ends.
    struct CanonicalRecords: @unchecked Sendable {
        let bytes: [UInt8]
        /// `bounds[i]..<bounds[i + 1]` are record i's bytes.
        let bounds: [Int]
        var count: Int { bounds.count - 1 }
    }

    static func loadCanonical() throws -> CanonicalRecords {
        let file = try Data(contentsOf: URL(fileURLWithPath: canonicalPath))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(file.count)
        var bounds = [0]
        bounds.reserveCapacity(recordCount + 1)
        file.withUnsafeBytes { raw in
            var position = 0
            while position + 4 <= raw.count {
                let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
                bytes.append(
                    contentsOf: UnsafeRawBufferPointer(rebasing: raw[(position + 4)..<(position + 4 + length)]))
                bounds.append(bytes.count)
                position += 4 + length
            }
        }
        return CanonicalRecords(bytes: bytes, bounds: bounds)
    }
}

/// Events and actors shaped like Baomi's: person edits with Chinese names, sign-ins, refused access to a copy with
/// the rule and reason, org-unit edits with empty details; a user, an administrator, the system and an anonymous
/// sign-in attempt.
enum AuditSamples {
    static let actors: [AuditActor] = [
        AuditActor(
            accountID: UUID(uuidString: "6f1c2d0e-4b7a-4c55-9a43-2e8f0b7d9a11"), name: "王保密员", kind: .user,
            ip: "10.20.30.40"),
        AuditActor(
            accountID: UUID(uuidString: "0b8f3c52-9d61-4e0a-8f7e-5c2a1d4b6e90"), name: "sysadmin", kind: .administrator,
            ip: "10.20.0.2"),
        .system,
        .anonymous(claimedName: "zhangsan", ip: "192.168.1.77"),
    ]

    static func event(_ n: Int) -> AuditEvent {
        switch n % 4 {
        case 0:
            AuditEvent(
                action: .personUpdate,
                subject: AuditSubject(type: "person", id: String(n % 50_000), label: "张三\(n % 997)"),
                details: ["field": "title", "old": "科员", "new": "副科长"])
        case 1:
            AuditEvent(action: .signIn, details: ["method": "password"])
        case 2:
            AuditEvent(
                action: .accessDenied,
                subject: AuditSubject(type: "copy", id: "C-\(n)", label: "2026年度保密工作计划（机密）"),
                outcome: .refused, rule: .t4, details: ["reason": "不在知悉范围内"])
        default:
            AuditEvent(action: .orgUnitUpdate, subject: AuditSubject(type: "orgUnit", id: String(n % 300)))
        }
    }
}
