import BaomiDomain
import Crypto
import FluentKit
import Foundation
import SQLKit
import Synchronization
import Testing

@testable import BaomiPersistence

#if canImport(Glibc)
import Glibc
#endif

/// No vanishing tail (S2, issue #12): checkpoints signed after each burst of writes, the journal they are appended to
/// outside the database, and the files kept private.
@Suite("Checkpoint sealing and journal (S2)")
struct CheckpointSealingTests {
    let actor = AuditActor(accountID: nil, name: "officer", kind: .user, ip: nil)

    /// A settle time that ends when the test says so: `fire()` lets one wait (past or future) through.
    final class ManualSleep: Sendable {
        private let state = Mutex<(permits: Int, waiting: [CheckedContinuation<Void, Never>])>((0, []))

        func sleep() async {
            await withCheckedContinuation { continuation in
                let go = state.withLock { state -> Bool in
                    if state.permits > 0 {
                        state.permits -= 1
                        return true
                    }
                    state.waiting.append(continuation)
                    return false
                }
                if go { continuation.resume() }
            }
        }

        func fire() {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                if state.waiting.isEmpty {
                    state.permits += 1
                    return nil
                }
                return state.waiting.removeFirst()
            }
            waiter?.resume()
        }
    }

    @Test("S2 a burst of writes is sealed by one checkpoint after it, signed and journaled, not one per write")
    func burstIsSealedOnce() async throws {
        try await withTestDatabase { test in
            // setup
            let timer = ManualSleep()
            let sealer = CheckpointSealer(settle: .seconds(3600), sleep: { _ in await timer.sleep() })
            let store = test.store(audit: AuditLog(sealer: sealer))
            let signer = CheckpointSigner(privateKey: .init())
            let journal = CheckpointJournal(file: test.directory.appendingPathComponent("checkpoints.journal"))
            let checkpoints = AuditCheckpoints(signer: signer, store: store, journal: journal)
            let database = test.database
            sealer.start { _ = try await checkpoints.current(on: database) }
            // act: a burst of 25 writes, several at once
            let actor = self.actor
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<25 {
                    group.addTask {
                        try await store.record(
                            [AuditEvent(action: .personUpdate, details: ["n": String(index)])], by: actor, on: database)
                    }
                }
                try await group.waitForAll()
            }
            // check: nothing signed per write ...
            #expect(try await AuditCheckpoints.all(on: database).isEmpty)
            // ... one checkpoint of the whole burst once it settles, in the journal too; the journal's first line
            // is recorded in the log (`audit.journalStart`), and that record is sealed in turn
            timer.fire()
            timer.fire()
            await sealer.idle()
            #expect(try await AuditCheckpoints.all(on: database).map(\.treeSize) == [25, 26])
            #expect(try journal.read()?.entries.map(\.checkpoint.treeSize) == [25, 26])
            // the next burst gets the next one
            for _ in 0..<3 { try await store.record([AuditEvent(action: .signIn)], by: actor, on: database) }
            timer.fire()
            await sealer.idle()
            #expect(try await AuditCheckpoints.all(on: database).map(\.treeSize) == [25, 26, 29])
            await sealer.stop()
            try await store.record([AuditEvent(action: .signIn)], by: actor, on: database)
            timer.fire()
            await sealer.idle()
            #expect(try await AuditCheckpoints.all(on: database).count == 3, "a stopped sealer signs nothing")
            let report = try await AuditVerifier(publicKey: signer.publicKey).verify(on: database, journal: journal)
            #expect(report.problems.isEmpty, "\(report.problems)")
            #expect(report.journalEntriesChecked == 3)
        }
    }

    @Test("S2 the journal holds each checkpoint as one line anyone can check with the public key, and is 0600")
    func journalLines() async throws {
        try await withTestDatabase { test in
            // setup
            let store = test.store
            let signer = CheckpointSigner(privateKey: .init())
            let file = test.directory.appendingPathComponent("checkpoints.journal")
            let checkpoints = AuditCheckpoints(signer: signer, store: store, journal: CheckpointJournal(file: file))
            // act
            for _ in 0..<3 {
                try await store.record([AuditEvent(action: .signIn)], by: actor, on: test.database)
                _ = try await checkpoints.current(on: test.database)
                _ = try await checkpoints.current(on: test.database)
            }
            // check: one line per checkpoint signed (asking twice signs and journals once), each checkable alone
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
            let signed = try await AuditCheckpoints.all(on: test.database)
            #expect(signed.count == 4, "3 records, and the journal's start recorded after the first")
            #expect(lines.count == signed.count)
            for (line, stored) in zip(lines, signed) {
                let checkpoint = try JSONDecoder().decode(AuditCheckpoint.self, from: Data(line.utf8))
                #expect(checkpoint == stored)
                #expect(checkpoint.isSigned(by: signer.publicKey))
            }
            #expect(try Self.mode(of: file.path) == 0o600)
            // the journal's beginning is in the log, with the checkpoint it began with
            let start = try #require(try await JournalStart.all(on: test.database).first)
            #expect(start.path == file.path)
            #expect(start.treeSize == 1)
        }
    }

    @Test("S2 appenders in several threads, each with its own file descriptor, never interleave lines")
    func concurrentAppendsStayWhole() throws {
        // setup
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baomi-journal-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("shared.journal")
        let writers = 8
        let perWriter = 150
        // act: as several instances sharing one journal would, each appending its own checkpoints
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            let journal = CheckpointJournal(file: file)
            for size in 1...perWriter {
                let checkpoint = AuditCheckpoint(
                    treeSize: Int64(size), rootHash: String(repeating: "\(writer)", count: 64),
                    signedAt: "2026-01-01T00:00:00.000Z", keyID: "k\(writer)",
                    signature: String(repeating: "s", count: 400))
                _ = try? journal.append(checkpoint)
            }
        }
        // check: every line whole
        let contents = try #require(try CheckpointJournal(file: file).read())
        #expect(contents.unreadableLines.isEmpty)
        #expect(contents.entries.count == writers * perWriter)
        for writer in 0..<writers {
            #expect(contents.entries.filter { $0.checkpoint.keyID == "k\(writer)" }.count == perWriter)
        }
    }

    @Test("S2 a line cut short by a crash costs that line only: the next append starts a line of its own")
    func tornLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baomi-journal-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("torn.journal")
        try Data("{\"keyID\":\"k\",\"rootHash\":\"ab".utf8).write(to: file)
        let checkpoint = AuditCheckpoint(treeSize: 3, rootHash: "cd", signedAt: "t", keyID: "k", signature: "s")
        #expect(try CheckpointJournal(file: file).append(checkpoint) == .appended)
        let contents = try #require(try CheckpointJournal(file: file).read())
        #expect(contents.entries.map(\.checkpoint) == [checkpoint])
        #expect(contents.unreadableLines == [1])
    }

    @Test("S2 journal lines read fast in Baomi's spelling and through a JSON decoder in any other")
    func journalSpellings() {
        let checkpoint = AuditCheckpoint(
            treeSize: 1_234_567, rootHash: String(repeating: "ab", count: 32), signedAt: "2026-12-05T01:40:50.029Z",
            keyID: "637358ba33adda92", signature: "aC3u/AW+OE9k==")
        let written = CheckpointJournal.line(for: checkpoint)
        let other = Array(
            """
            { "treeSize": 7, "signature": "s", "keyID": "k", "signedAt": "t", "rootHash": "r" }
            {"keyID":"k","rootHash":"r\\u0041","signature":"s","signedAt":"t","treeSize":8}
            {"keyID":"k","rootHash":"r","signature":"s","signedAt":"t","treeSize":-9}
            not a checkpoint

            """.utf8)
        let contents = (written + other).withUnsafeBytes { CheckpointJournal.contents(of: $0) }
        #expect(written.dropLast().withUnsafeBytes { CheckpointJournal.parse($0) } == checkpoint)
        #expect(contents.entries.map(\.checkpoint.treeSize) == [1_234_567, 7, 8, -9])
        #expect(contents.entries.map(\.line) == [1, 2, 3, 4])
        #expect(contents.entries[2].checkpoint.rootHash == "rA")
        #expect(contents.unreadableLines == [5])
    }

    @Test(
        "S2 the SQLite file, its WAL and shm, and the signing key are created 0600 in a 0700 folder; wider modes narrow"
    )
    func privateFiles() async throws {
        // setup: a folder Baomi creates
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("baomi-modes-\(UUID())")
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("data")
        // act
        let signer = try CheckpointSigner.loadOrCreate(in: folder)
        let path = folder.appendingPathComponent("baomi.sqlite").path
        let standalone = try StandaloneDatabase(.sqlite(path: path), groupCommit: true)
        try await standalone.migrate()
        // A file of its own, not a `TestDatabase`: a store of its own writes the WAL whose mode is checked.
        try await Store(durability: standalone.durability).record(
            [AuditEvent(action: .signIn)], by: actor, on: standalone.database)
        // check: the WAL and shm exist while the database is open, and are as private as the file
        #expect(try Self.mode(of: folder.path) == 0o700)
        for file in [path, path + "-wal", path + "-shm", folder.appendingPathComponent(CheckpointSigner.fileName).path]
        {
            #expect(try Self.mode(of: file) == 0o600, "\(file)")
        }
        await standalone.shutdown()
        // an existing file readable by others is narrowed when Baomi opens it again
        #expect(chmod(path, 0o644) == 0)
        let reopened = try StandaloneDatabase(.sqlite(path: path))
        #expect(try Self.mode(of: path) == 0o600)
        await reopened.shutdown()
        #expect(try CheckpointSigner.loadOrCreate(in: folder).keyID == signer.keyID)
    }

    static func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }
}
