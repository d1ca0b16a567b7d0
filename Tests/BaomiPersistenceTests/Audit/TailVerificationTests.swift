import BaomiDomain
import Crypto
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BaomiPersistence

/// `AuditVerifier` against the checkpoint journal and the append-only triggers (S2, issue #12): a log whose tail was
/// deleted with the checkpoints over it is told from a shorter one, and missing protection is named.
@Suite("Audit verify: the journal and the triggers (S2)")
struct TailVerificationTests {
    let actor = AuditActor(accountID: nil, name: "officer", kind: .user, ip: nil)

    /// A log with checkpoints at 10 and 20 records, both journaled.
    struct Fixture {
        let store: Store
        let signer: CheckpointSigner
        let journal: CheckpointJournal
        let checkpoints: AuditCheckpoints
        var verifier: AuditVerifier { AuditVerifier(publicKey: signer.publicKey) }
    }

    func fixture(_ test: TestDatabase, journal file: String = "checkpoints.journal") async throws -> Fixture {
        let store = test.store
        let signer = CheckpointSigner(privateKey: .init())
        let journal = CheckpointJournal(file: test.directory.appendingPathComponent(file))
        let checkpoints = AuditCheckpoints(signer: signer, store: store, journal: journal)
        for size in [10, 20] {
            // The journal's start record is one of the 10.
            while try await store.audit.size(on: test.database) < size {
                try await store.record([AuditEvent(action: .personUpdate)], by: actor, on: test.database)
            }
            #expect(try await checkpoints.current(on: test.database).treeSize == Int64(size))
        }
        return Fixture(store: store, signer: signer, journal: journal, checkpoints: checkpoints)
    }

    @Test("S2 verify names a tail deleted together with the checkpoints over it, which the database alone cannot tell")
    func deletedTail() async throws {
        try await withTestDatabase { test in
            // setup
            let fixture = try await fixture(test)
            #expect(try await fixture.verifier.verify(on: test.database, journal: fixture.journal).problems.isEmpty)
            // act: triggers dropped, records 15..<20 deleted and the checkpoint of 20 with them
            try await dropTriggers(test)
            try await test.database.sql.raw("DELETE FROM audit_records WHERE leaf_index >= 15").run()
            try await test.database.sql.raw("DELETE FROM audit_checkpoints WHERE tree_size > 15").run()
            // check: the database alone looks like a shorter log, apart from the triggers ...
            let alone = try await fixture.verifier.verify(on: test.database)
            #expect(alone.recordsChecked == 15)
            #expect(alone.problems.map(\.message).allSatisfy { $0.contains("triggers") })
            // ... the journal names the gap
            let report = try await fixture.verifier.verify(on: test.database, journal: fixture.journal)
            let gap = try #require(report.problem)
            #expect(gap.leafIndex == 15)
            #expect(gap.message.contains("checkpoint journal has a checkpoint of 20 records signed at"), "\(gap)")
            #expect(gap.message.contains("the database holds 15"), "\(gap)")
            #expect(report.problems.contains { $0.message.contains("audit_records_no_") })
        }
    }

    @Test("S2 verify names a journaled checkpoint deleted from the database, and a log rewritten and signed again")
    func deletedAndRewrittenCheckpoints() async throws {
        try await withTestDatabase { test in
            // setup
            let fixture = try await fixture(test)
            try await dropTriggers(test)
            // act: only the last checkpoint deleted, every record kept
            try await test.database.sql.raw("DELETE FROM audit_checkpoints WHERE tree_size = 20").run()
            // check
            let deleted = try await fixture.verifier.verify(on: test.database, journal: fixture.journal)
            #expect(deleted.recordsChecked == 20)
            #expect(
                deleted.problems.contains {
                    $0.message.contains("has a checkpoint of 20 records")
                        && $0.message.contains("the database no longer holds")
                }, "\(deleted.problems)")
            // act: the tail replaced by other records and signed again with the key
            try await test.database.sql.raw("DELETE FROM audit_records WHERE leaf_index >= 15").run()
            for _ in 15..<20 {
                try await fixture.store.record([AuditEvent(action: .signOut)], by: actor, on: test.database)
            }
            #expect(try await fixture.checkpoints.current(on: test.database).treeSize == 20)
            // check: the database is consistent with itself, not with the journal
            let rewritten = try await fixture.verifier.verify(on: test.database, journal: fixture.journal)
            #expect(rewritten.problems.contains { $0.message.contains("the log was rewritten") }, "\(rewritten)")
        }
    }

    @Test("S2 verify names missing, disabled or altered triggers; restore puts them back with an audit record")
    func triggers() async throws {
        try await withTestDatabase { test in
            // setup
            let fixture = try await fixture(test)
            let sql = try test.database.sql
            // act: one trigger dropped, one disabled (PostgreSQL) or replaced by one that refuses nothing (SQLite)
            if test.isPostgres {
                try await sql.raw("DROP TRIGGER audit_records_no_change ON audit_records").run()
                try await sql.raw("ALTER TABLE audit_checkpoints DISABLE TRIGGER audit_checkpoints_no_truncate").run()
            } else {
                try await sql.raw("DROP TRIGGER audit_records_no_delete").run()
                try await sql.raw("DROP TRIGGER audit_checkpoints_no_update").run()
                try await sql.raw(
                    "CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints BEGIN SELECT 1; END"
                ).run()
            }
            let expected =
                test.isPostgres
                ? ["audit_records_no_change", "audit_checkpoints_no_truncate"]
                : ["audit_records_no_delete", "audit_checkpoints_no_update"]
            // check
            #expect(try await AppendOnlyTriggers.missing(on: test.database) == expected)
            let report = try await fixture.verifier.verify(on: test.database, journal: fixture.journal)
            #expect(report.problems.count == 1)
            #expect(expected.allSatisfy { report.problem?.message.contains($0) == true }, "\(report)")
            // act
            let restored = try await AppendOnlyTriggers.restore(using: fixture.store, on: test.database)
            // check: back, recorded, and refusing again; a second run finds nothing to do and writes nothing
            #expect(restored == expected)
            #expect(try await AppendOnlyTriggers.missing(on: test.database).isEmpty)
            let size = try await fixture.store.audit.size(on: test.database)
            let repair = try #require(try await AuditQuery(actorKinds: [.system]).run(on: test.database).first)
            #expect(repair.action == AuditAction.auditProtectionRestore.rawValue)
            #expect(repair.details.contains(expected[0]))
            #expect(try await AppendOnlyTriggers.restore(using: fixture.store, on: test.database).isEmpty)
            #expect(try await fixture.store.audit.size(on: test.database) == size)
            await #expect(throws: (any Error).self) {
                try await sql.raw("DELETE FROM audit_records WHERE leaf_index = 0").run()
            }
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE audit_checkpoints SET signature = 'x'").run()
            }
            #expect(try await fixture.verifier.verify(on: test.database, journal: fixture.journal).problems.isEmpty)
        }
    }

    @Test("S2 a missing journal is a failure once one was begun, and only a warning for a log that never had one")
    func missingJournal() async throws {
        try await withTestDatabase { test in
            // setup: checkpoints signed without a journal, as before the journal existed
            let store = test.store
            let signer = CheckpointSigner(privateKey: .init())
            try await store.record([AuditEvent(action: .signIn)], by: actor, on: test.database)
            _ = try await AuditCheckpoints(signer: signer, store: store).current(on: test.database)
            let verifier = AuditVerifier(publicKey: signer.publicKey)
            let file = test.directory.appendingPathComponent("checkpoints.journal")
            let journal = CheckpointJournal(file: file)
            // check: never begun — intact, with a warning
            let never = try await verifier.verify(on: test.database, journal: journal)
            #expect(never.isIntact)
            #expect(never.warnings.contains { $0.contains("none was ever begun") }, "\(never)")
            // act: the journal begins, then disappears
            let checkpoints = AuditCheckpoints(signer: signer, store: store, journal: journal)
            _ = try await checkpoints.current(on: test.database)
            #expect(try await verifier.verify(on: test.database, journal: journal).isIntact)
            try FileManager.default.removeItem(at: file)
            // check
            let missing = try await verifier.verify(on: test.database, journal: CheckpointJournal(file: file))
            #expect(
                missing.problem?.message.contains("is missing, but record 1 shows it was begun") == true, "\(missing)")
            // a journal elsewhere is pointed at
            let elsewhere = try await verifier.verify(
                on: test.database, journal: CheckpointJournal(file: test.directory.appendingPathComponent("other")))
            #expect(elsewhere.problem?.message.contains("--checkpoint-journal") == true, "\(elsewhere)")
            // act: a Baomi started after the deletion begins a journal afresh where it was
            let restarted = AuditCheckpoints(signer: signer, store: store, journal: CheckpointJournal(file: file))
            _ = try await restarted.current(on: test.database)
            // check: the journal it began with is gone, and the log says so
            let again = try await verifier.verify(on: test.database, journal: CheckpointJournal(file: file))
            #expect(again.problems.contains { $0.message.contains("was begun again") }, "\(again)")
            #expect(again.problems.contains { $0.message.contains("truncated or replaced") }, "\(again)")
        }
    }

    @Test("S2 instances with a data folder each keep a journal each at the same path: no false alarm between them")
    func journalsOfOtherHosts() async throws {
        try await withTestDatabase { test in
            // setup: this host's journal, and another instance's, begun at the same path on its own machine
            let fixture = try await fixture(test)
            try await fixture.store.record(
                [
                    AuditEvent(
                        action: .auditJournalStart, subject: AuditSubject(type: "auditLog"), rule: .s2,
                        details: [
                            JournalStart.pathKey: fixture.journal.path, JournalStart.hostKey: "another-host",
                            JournalStart.treeSizeKey: "21", JournalStart.rootHashKey: "00",
                        ])
                ], by: .system, on: test.database)
            _ = try await fixture.checkpoints.current(on: test.database)
            // check
            let report = try await fixture.verifier.verify(on: test.database, journal: fixture.journal)
            #expect(report.problems.isEmpty, "\(report.problems)")
        }
    }

    @Test("S2 a verification beside writes that are sealed and journaled as it runs raises no false alarm")
    func verifyBesideSealing() async throws {
        try await withTestDatabase { test in
            // setup: a sealer that signs a millisecond after each append, as a busy server would
            let sealer = CheckpointSealer(settle: .milliseconds(1))
            let store = test.store(audit: AuditLog(sealer: sealer))
            let signer = CheckpointSigner(privateKey: .init())
            let journal = CheckpointJournal(file: test.directory.appendingPathComponent("checkpoints.journal"))
            let checkpoints = AuditCheckpoints(signer: signer, store: store, journal: journal)
            let database = test.database
            let actor = self.actor
            sealer.start { _ = try await checkpoints.current(on: database) }
            // act and check
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for _ in 0..<300 {
                        try await store.record([AuditEvent(action: .signIn)], by: actor, on: database)
                    }
                }
                group.addTask {
                    for _ in 0..<25 {
                        let report = try await AuditVerifier(publicKey: signer.publicKey).verify(
                            on: database, journal: journal)
                        #expect(report.problems.isEmpty, "\(report.problems)")
                    }
                }
                try await group.waitForAll()
            }
            await sealer.stop()
        }
    }

    private func dropTriggers(_ test: TestDatabase) async throws {
        let sql = try test.database.sql
        for table in AppendOnlyTriggers.tables {
            if test.isPostgres {
                try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_no_change ON \(unsafeRaw: table)").run()
            } else {
                try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_no_update").run()
                try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_no_delete").run()
            }
        }
    }
}
