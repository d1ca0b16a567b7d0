import BaomiDomain
import Crypto
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BaomiPersistence

/// A printed form's leaf proven against the newest signed checkpoint (S2, principle 12): every way the paper or
/// the log can differ is named.
@Suite("Leaf proofs for printed forms (S2)")
struct LeafProofTests {
    let actor = AuditActor(accountID: UUID(), name: "officer", kind: .user, ip: nil)

    /// 20 records and a checkpoint signed over them.
    func log(_ test: TestDatabase) async throws -> (AuditCheckpoints, CheckpointSigner) {
        let store = test.store
        let signer = CheckpointSigner(privateKey: .init())
        for index in 0..<20 {
            try await store.record(
                [AuditEvent(action: .personUpdate, details: ["n": String(index)])], by: actor, on: test.database)
        }
        return (AuditCheckpoints(signer: signer, store: store), signer)
    }

    func leafHash(_ index: Int64, _ test: TestDatabase) async throws -> String {
        try #require(try await AuditCheckpoints.record(at: index, on: test.database)).leafHash
    }

    @Test("S2 every leaf of the log verifies with its hash, and its audit path reaches the signed root")
    func everyLeafVerifies() async throws {
        try await withTestDatabase { test in
            let (checkpoints, _) = try await log(test)
            for index in Int64(0)..<20 {
                let reference = AuditLeafReference(index: index, hash: try await leafHash(index, test))
                let proof = try await checkpoints.prove(reference, on: test.database)
                #expect(proof.verified, "\(index): \(proof.failures)")
                #expect(proof.checkpoint.treeSize == 20)
                #expect(proof.record?.leafIndex == index)
            }
        }
    }

    @Test("S2 a hash that is not the leaf's, an index past the log and a leaf newer than the checkpoint fail")
    func wrongPapersFail() async throws {
        try await withTestDatabase { test in
            let (checkpoints, signer) = try await log(test)
            let other = try await leafHash(4, test)
            let wrong = try await checkpoints.prove(AuditLeafReference(index: 5, hash: other), on: test.database)
            #expect(wrong.failures == [.hashDiffers])
            let missing = try await checkpoints.prove(AuditLeafReference(index: 99, hash: other), on: test.database)
            #expect(missing.failures == [.noSuchLeaf])
            // A command beside the server proves against the stored checkpoint only.
            let signed = try #require(try await AuditCheckpoints.newest(on: test.database))
            try await test.store.record([AuditEvent(action: .personUpdate)], by: actor, on: test.database)
            let late = try await AuditCheckpoints.prove(
                AuditLeafReference(index: 20, hash: try await leafHash(20, test)), against: signed,
                key: signer.publicKey, on: test.database)
            #expect(late.failures == [.notYetSigned])
        }
    }

    @Test("S2 a record changed behind the triggers, a checkpoint from another key: the proof fails and says why")
    func tamperingFails() async throws {
        try await withTestDatabase { test in
            let (checkpoints, _) = try await log(test)
            let original = try await leafHash(7, test)
            _ = try await checkpoints.current(on: test.database)
            // A checkpoint checked with a key that did not sign it.
            let signed = try #require(try await AuditCheckpoints.newest(on: test.database))
            let foreign = try await AuditCheckpoints.prove(
                AuditLeafReference(index: 3, hash: nil), against: signed,
                key: Curve25519.Signing.PrivateKey().publicKey,
                on: test.database)
            #expect(foreign.failures == [.signatureInvalid])
            try await dropTriggers(test)
            try await test.database.sql.raw("UPDATE audit_records SET actor_name = 'nobody' WHERE leaf_index = 7")
                .run()
            let altered = try await checkpoints.prove(AuditLeafReference(index: 7, hash: original), on: test.database)
            #expect(altered.failures == [.recordAltered, .pathDoesNotReachRoot])
            // Rewritten with its hash: the paper's hash and the signed root both disagree.
            let rehashed = try #require(try await AuditCheckpoints.record(at: 7, on: test.database))
            try await test.database.sql.raw(
                "UPDATE audit_records SET leaf_hash = \(bind: MerkleTree.leafHash(rehashed.canonicalBytes).hex) WHERE leaf_index = 7"
            ).run()
            let rewritten = try await checkpoints.prove(AuditLeafReference(index: 7, hash: original), on: test.database)
            #expect(rewritten.failures == [.hashDiffers, .pathDoesNotReachRoot])
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
