import BaomiDomain
import Crypto
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BaomiPersistence

@Suite("Audit log (S2, A5)")
struct AuditLogTests {
    let actor = AuditActor(accountID: UUID(), name: "officer", kind: .user, ip: "10.0.0.7")

    @Test("S2 leaves are numbered densely and hash their canonical record with the RFC 6962 leaf prefix")
    func appendNumbersAndHashes() async throws {
        try await withTestDatabase { test in
            // setup
            let store = test.store
            // act
            try await store.record(
                [
                    AuditEvent(
                        action: .orgUnitCreate, subject: AuditSubject(type: "orgUnit", id: "1", label: "技术部"),
                        details: ["code": "D-1"]),
                    AuditEvent(action: .personCreate, outcome: .refused, rule: .t4),
                ],
                by: actor, on: test.database)
            try await store.record([AuditEvent(action: .signIn)], by: actor, on: test.database)
            // check
            let records = try await AuditQuery(actorKinds: [.user]).run(on: test.database).reversed()
            #expect(records.map(\.leafIndex) == [0, 1, 2])
            for record in records {
                let expected = SHA256.hash(data: [0x00] + record.canonicalBytes).map { String(format: "%02x", $0) }
                    .joined()
                #expect(record.leafHash == expected)
            }
            let first = try #require(records.first)
            #expect(String(decoding: first.canonicalBytes, as: UTF8.self).contains("\"技术部\""))
            #expect(first.details == "{\"code\":\"D-1\"}")
        }
    }

    @Test("S2 the database refuses UPDATE and DELETE on audit records")
    func triggersRefuseChanges() async throws {
        try await withTestDatabase { test in
            try await test.store.record([AuditEvent(action: .signIn)], by: actor, on: test.database)
            let sql = try test.database.sql
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE audit_records SET actor_name = 'mallory'").run()
            }
            await #expect(throws: (any Error).self) {
                try await sql.raw("DELETE FROM audit_records").run()
            }
            let count = try await sql.raw("SELECT COUNT(*) AS n FROM audit_records WHERE actor_name = 'officer'")
                .first()?.decode(column: "n", as: Int.self)
            #expect(count == 1)
        }
    }

    @Test("S2 verify names the first record whose content was changed behind the triggers")
    func verifyCatchesTamperedRecord() async throws {
        try await withTestDatabase { test in
            // setup: 30 records and a signed checkpoint
            let store = test.store
            let signer = CheckpointSigner(privateKey: .init())
            for index in 0..<30 {
                try await store.record(
                    [AuditEvent(action: .personUpdate, details: ["n": String(index)])], by: actor, on: test.database)
            }
            _ = try await AuditCheckpoints(signer: signer, store: store).current(on: test.database)
            let intact = try await AuditVerifier(publicKey: signer.publicKey).verify(on: test.database)
            #expect(intact.isIntact)
            #expect(intact.recordsChecked == 30)
            #expect(intact.checkpointsChecked == 1)
            // act: an attacker with database access drops the trigger and edits record 17
            try await dropTriggers(test)
            try await test.database.sql.raw("UPDATE audit_records SET actor_name = 'nobody' WHERE leaf_index = 17")
                .run()
            // check
            let report = try await AuditVerifier(publicKey: signer.publicKey).verify(on: test.database)
            #expect(report.problem?.leafIndex == 17)
            #expect(report.recordsChecked == 17)
        }
    }

    @Test("S2 verify catches a record rewritten together with its leaf hash, through the signed checkpoint")
    func verifyCatchesRehashedRecord() async throws {
        try await withTestDatabase { test in
            let store = test.store
            let signer = CheckpointSigner(privateKey: .init())
            for index in 0..<10 {
                try await store.record(
                    [AuditEvent(action: .personUpdate, details: ["n": String(index)])], by: actor, on: test.database)
            }
            _ = try await AuditCheckpoints(signer: signer, store: store).current(on: test.database)
            try await dropTriggers(test)
            var record = try #require(
                try await AuditQuery(actorKinds: [.user]).run(on: test.database).first { $0.leafIndex == 4 })
            record.actorName = "nobody"
            let rehashed = MerkleTree.leafHash(record.canonicalBytes).hex
            try await test.database.sql.raw(
                "UPDATE audit_records SET actor_name = 'nobody', leaf_hash = \(bind: rehashed) WHERE leaf_index = 4"
            ).run()
            let report = try await AuditVerifier(publicKey: signer.publicKey).verify(on: test.database)
            #expect(report.isIntact == false)
            #expect(report.problem?.message.contains("signed checkpoint") == true)
        }
    }

    @Test("S2 verify catches a deleted record and a forged checkpoint signature")
    func verifyCatchesDeletionAndForgery() async throws {
        try await withTestDatabase { test in
            let store = test.store
            let signer = CheckpointSigner(privateKey: .init())
            for _ in 0..<5 { try await store.record([AuditEvent(action: .signIn)], by: actor, on: test.database) }
            _ = try await AuditCheckpoints(signer: signer, store: store).current(on: test.database)
            // a checkpoint signed by another key does not verify
            let stranger = try await AuditVerifier(publicKey: Curve25519.Signing.PrivateKey().publicKey).verify(
                on: test.database)
            #expect(stranger.isIntact == false)
            try await dropTriggers(test)
            try await test.database.sql.raw("DELETE FROM audit_records WHERE leaf_index = 2").run()
            let report = try await AuditVerifier(publicKey: signer.publicKey).verify(on: test.database)
            #expect(report.problem?.leafIndex == 2)
        }
    }

    @Test("S2 inclusion and consistency proofs served from the log verify against the signed roots")
    func proofsVerify() async throws {
        try await withTestDatabase { test in
            let store = test.store
            let checkpoints = AuditCheckpoints(signer: CheckpointSigner(privateKey: .init()), store: store)
            for index in 0..<13 {
                try await store.record(
                    [AuditEvent(action: .personUpdate, details: ["n": String(index)])], by: actor, on: test.database)
            }
            let checkpoint = try await checkpoints.current(on: test.database)
            #expect(checkpoint.treeSize == 13)
            for index in [0, 5, 12] {
                let proof = try await checkpoints.inclusionProof(index: Int64(index), treeSize: 13, on: test.database)
                #expect(proof.rootHash == checkpoint.rootHash)
                #expect(
                    MerkleTree.verifyInclusion(
                        leafHash: try #require(MerkleHash(hex: proof.leafHash)), index: index, treeSize: 13,
                        proof: proof.auditPath.compactMap(MerkleHash.init(hex:)),
                        root: try #require(MerkleHash(hex: checkpoint.rootHash))))
            }
            let consistency = try await checkpoints.consistencyProof(first: 6, second: 13, on: test.database)
            #expect(
                MerkleTree.verifyConsistency(
                    oldSize: 6, newSize: 13, oldRoot: try #require(MerkleHash(hex: consistency.firstRootHash)),
                    newRoot: try #require(MerkleHash(hex: consistency.secondRootHash)),
                    proof: consistency.proof.compactMap(MerkleHash.init(hex:))))
            await #expect(throws: DomainError.self) {
                _ = try await checkpoints.inclusionProof(index: 13, treeSize: 13, on: test.database)
            }
        }
    }

    @Test("A5 S4 a refused action writes its refusal and nothing else")
    func refusalRollsBackAndIsRecorded() async throws {
        try await withTestDatabase { test in
            let store = test.store
            await #expect(throws: Refusal.self) {
                try await store.perform(
                    on: test.database, by: actor, .orgUnitCreate, subject: AuditSubject(type: "orgUnit", label: "X")
                ) { transaction, _ in
                    try await OrgUnitModel(name: "X", code: "X", kind: "unit", parentID: nil).create(on: transaction)
                    throw Refusal(rule: .t4, zh: "不允许", en: "Not allowed")
                }
            }
            #expect(try await OrgUnitModel.query(on: test.database).count() == 0)
            let records = try await AuditQuery(actorKinds: [.user]).run(on: test.database)
            #expect(records.count == 1)
            #expect(records.first?.outcome == "refused")
            #expect(records.first?.rule == "T4")
        }
    }

    @Test("S2 concurrent writers still get dense, unique leaf indices")
    func concurrentAppends() async throws {
        try await withTestDatabase { test in
            let store = test.store
            let database = test.database
            let actor = self.actor
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await store.record(
                            [AuditEvent(action: .signIn, details: ["n": String(index)])], by: actor, on: database)
                    }
                }
                try await group.waitForAll()
            }
            let indices = try await AuditQuery(actorKinds: [.user], limit: 500).run(on: database).map(\.leafIndex)
                .sorted()
            #expect(indices == Array(0..<40))
        }
    }

    private func dropTriggers(_ test: TestDatabase) async throws {
        let sql = try test.database.sql
        if test.isPostgres {
            try await sql.raw("DROP TRIGGER audit_records_no_change ON audit_records").run()
        } else {
            try await sql.raw("DROP TRIGGER audit_records_no_update").run()
            try await sql.raw("DROP TRIGGER audit_records_no_delete").run()
        }
    }
}
