import BaomiDomain
import Crypto
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BaomiPersistence

/// Extra checks of the batched verifier (scratch copy only): byte-identical canonical bytes for awkward text, and
/// every kind of tampering named at the right record, across batch boundaries.
@Suite("Audit verifier scan")
struct AuditVerifierScanTests {
    static let awkward: [String] = [
        "", "\"", "\\", "\n\r\t", "\u{0}", "a\u{0}b", "\u{1}\u{1f}\u{8}\u{c}", "\u{7f}", "中文 test", "😀 emoji",
        "ÿþ", "1234567", "12345678", "123456789", "123456789012345\"", "1234567\"", "12345678\\", "\"\"\"\"\"\"\"\"\"",
        String(repeating: "长", count: 3000), String(repeating: "\u{1}", count: 700), "tab\tin\tthe\tmiddle of it all",
    ]

    @Test("the batched verifier reproduces canonicalBytes exactly for awkward text, at every batch size")
    func awkwardTextVerifies() async throws {
        try await withTestDatabase { test in
            let store = test.store
            let signer = CheckpointSigner(privateKey: .init())
            // PostgreSQL text cannot hold U+0000.
            let awkward = test.isPostgres ? Self.awkward.filter { !$0.contains("\u{0}") } : Self.awkward
            for (index, text) in awkward.enumerated() {
                let other = awkward[(index + 7) % awkward.count]
                let actor = AuditActor(
                    accountID: index % 2 == 0 ? UUID() : nil, name: text, kind: .user, ip: index % 3 == 0 ? nil : other)
                try await store.record(
                    [
                        AuditEvent(
                            action: AuditAction(text.isEmpty ? "x" : text),
                            subject: index % 4 == 0
                                ? nil : AuditSubject(type: other, id: index % 5 == 0 ? nil : text, label: other),
                            outcome: .refused, rule: index % 2 == 0 ? .t4 : nil,
                            details: [text: other, other: text, "k": "\u{0}\"\\"]),
                        AuditEvent(action: .signIn),
                    ], by: actor, on: test.database)
            }
            _ = try await AuditCheckpoints(signer: signer, store: store).current(on: test.database)
            for batchSize in [1, 2, 3, 5, 8, 16_384] {
                let report = try await AuditVerifier(publicKey: signer.publicKey, batchSize: batchSize)
                    .verify(on: test.database)
                #expect(report.problem == nil, "batch size \(batchSize): \(String(describing: report.problem))")
                #expect(report.recordsChecked == Int64(2 * awkward.count))
                #expect(report.checkpointsChecked == 1)
            }
        }
    }

    @Test(
        "the SQLite decoder's leaf hashes equal MerkleTree.leafHash(canonicalBytes) record by record",
        .enabled(if: testsRunOnSQLite, "the SQLite leaf decoder; PostgreSQL's records are hashed row by row"))
    func decoderMatchesCanonicalBytes() async throws {
        try await withTestDatabase { test in
            let actor = AuditActor(accountID: UUID(), name: "王 \"x\" \\ \t", kind: .administrator, ip: nil)
            for index in 0..<40 {
                try await test.store.record(
                    [AuditEvent(action: .personUpdate, details: ["n": String(index), "s": Self.awkward[index % 21]])],
                    by: actor, on: test.database)
            }
            let records = try await AuditQuery(actorKinds: [.administrator], limit: 500).run(on: test.database)
                .sorted { $0.leafIndex < $1.leafIndex }
            let row = try await test.database.sql.raw(
                SQLQueryString(
                    stringLiteral: SQLiteSource.rangeSQL.replacingOccurrences(of: "?1", with: "0")
                        .replacingOccurrences(of: "?2", with: "100"))
            ).first()
            let joined = try #require(try row?.decode(column: "joined", as: Data.self))
            let batch = try #require(joined.withUnsafeBytes { AuditLeafDecoder.batch(from: $0, start: 0, end: 100) })
            #expect(batch.problem == nil)
            #expect(batch.leafIndices == records.map(\.leafIndex))
            for (record, hash) in zip(records, batch.leafHashes) {
                #expect(hash == MerkleTree.leafHash(record.canonicalBytes), "record \(record.leafIndex)")
                #expect(hash.hex == record.leafHash)
            }
        }
    }

    /// A tampering statement, the record the verifier must name, and words its message must contain.
    typealias Tampering = (sql: String, index: Int64, message: String)

    /// Every tampering case; those only SQLite can express (blobs in text columns, NUL, fractional leaf indices) or
    /// that PostgreSQL's row-by-row path meets as a decoding error (NULLs in NOT NULL columns) are `sqliteOnly`.
    static let tamperings: [Tampering] = [
        ("UPDATE audit_records SET actor_name = NULL WHERE leaf_index = 8", 8, "actor_name is NULL"),
        ("UPDATE audit_records SET details = NULL WHERE leaf_index = 7", 7, "details is NULL"),
        ("UPDATE audit_records SET leaf_hash = NULL WHERE leaf_index = 0", 0, "leaf_hash is NULL"),
        ("UPDATE audit_records SET ip = NULL WHERE leaf_index = 9", 9, "does not match"),
        ("UPDATE audit_records SET object_label = '' WHERE leaf_index = 12", 12, "does not match"),
        ("UPDATE audit_records SET object_label = X'FD' WHERE leaf_index = 13", 13, "does not match"),
        ("UPDATE audit_records SET rule = X'FD' WHERE leaf_index = 14", 14, "does not match"),
        ("UPDATE audit_records SET actor_name = X'FD' WHERE leaf_index = 15", 15, "actor_name is NULL"),
        ("UPDATE audit_records SET actor_name = X'41FF42' WHERE leaf_index = 16", 16, "not text"),
        ("UPDATE audit_records SET actor_kind = X'75FE' WHERE leaf_index = 17", 17, "not text"),
        ("UPDATE audit_records SET actor_name = actor_name || char(0) WHERE leaf_index = 18", 18, "does not match"),
        ("UPDATE audit_records SET leaf_hash = upper(leaf_hash) WHERE leaf_index = 19", 19, "does not match"),
        ("UPDATE audit_records SET recorded_at = 42 WHERE leaf_index = 20", 20, "does not match"),
        ("DELETE FROM audit_records WHERE leaf_index BETWEEN 5 AND 21", 5, "record 5 is missing"),
        ("DELETE FROM audit_records WHERE leaf_index = 3", 3, "record 3 is missing"),
        ("DELETE FROM audit_records WHERE leaf_index = 0", 0, "record 0 is missing"),
        (
            "INSERT INTO audit_records SELECT 10.5, recorded_at, actor_id, actor_name, actor_kind, ip, action, "
                + "object_type, object_id, object_label, outcome, rule, details, leaf_hash FROM audit_records "
                + "WHERE leaf_index = 10", 11, "malformed leaf index"
        ),
    ]

    static func sqliteOnly(_ tampering: Tampering) -> Bool {
        ["X'", "char(0)", "10.5", "is NULL"].contains { tampering.sql.contains($0) || tampering.message.contains($0) }
    }

    @Test("tampering is named at the right record, whatever the batch boundaries")
    func tamperingIsNamed() async throws {
        try await expectNamed(Self.tamperings.filter { !Self.sqliteOnly($0) })
    }

    @Test(
        "tampering only SQLite can hold (blobs in text columns, NUL, NULL in NOT NULL columns) is named at the right record",
        .enabled(if: testsRunOnSQLite, "PostgreSQL cannot store these values, or meets them as decoding errors"))
    func sqliteTamperingIsNamed() async throws {
        try await expectNamed(Self.tamperings.filter(Self.sqliteOnly))
    }

    func expectNamed(_ cases: [Tampering]) async throws {
        #expect(!cases.isEmpty)
        for (sql, index, message) in cases {
            for batchSize in [1, 4, 7, 16_384] {
                try await withTestDatabase { test in
                    let store = test.store
                    let signer = CheckpointSigner(privateKey: .init())
                    for n in 0..<30 {
                        try await store.record(
                            [
                                AuditEvent(
                                    action: .personUpdate,
                                    subject: n % 2 == 0
                                        ? AuditSubject(type: "person", id: String(n), label: "张三") : nil,
                                    rule: n % 3 == 0 ? .t4 : nil, details: ["n": String(n)])
                            ], by: AuditActor(accountID: nil, name: "x", kind: .user, ip: n % 2 == 0 ? nil : "1.2.3.4"),
                            on: test.database)
                    }
                    let intact = try await AuditVerifier(publicKey: signer.publicKey, batchSize: batchSize)
                        .verify(on: test.database)
                    #expect(intact.isIntact)
                    try await dropTriggers(test)
                    if message.contains("is NULL") {
                        // SQLite enforces NOT NULL even without triggers: rebuild the table without constraints first.
                        for statement in [
                            "CREATE TABLE loose AS SELECT * FROM audit_records", "DROP TABLE audit_records",
                            "CREATE TABLE audit_records AS SELECT * FROM loose", "DROP TABLE loose",
                            "CREATE UNIQUE INDEX audit_records_by_leaf ON audit_records (leaf_index)",
                        ] {
                            try await test.database.sql.raw(SQLQueryString(stringLiteral: statement)).run()
                        }
                    }
                    try await test.database.sql.raw(SQLQueryString(stringLiteral: sql)).run()
                    let report = try await AuditVerifier(publicKey: signer.publicKey, batchSize: batchSize)
                        .verify(on: test.database)
                    #expect(
                        report.problem?.leafIndex == index,
                        "\(sql), batch \(batchSize): \(String(describing: report.problem))")
                    #expect(
                        report.problem?.message.contains(message) == true,
                        "\(sql), batch \(batchSize): \(String(describing: report.problem))")
                    #expect(report.recordsChecked == index)
                }
            }
        }
    }

    @Test("checkpoints at many sizes are all checked, and a truncated log is reported")
    func checkpointsAndTruncation() async throws {
        try await withTestDatabase { test in
            let store = test.store
            let signer = CheckpointSigner(privateKey: .init())
            let checkpoints = AuditCheckpoints(signer: signer, store: store)
            let actor = AuditActor(accountID: nil, name: "x", kind: .user, ip: nil)
            for size in [1, 4, 5, 12, 13, 29] {
                while try await store.audit.size(on: test.database) < size {
                    try await store.record([AuditEvent(action: .signIn)], by: actor, on: test.database)
                }
                _ = try await checkpoints.current(on: test.database)
            }
            for batchSize in [1, 4, 5, 16_384] {
                let report = try await AuditVerifier(publicKey: signer.publicKey, batchSize: batchSize)
                    .verify(on: test.database)
                #expect(report.isIntact)
                #expect(report.checkpointsChecked == 6)
                #expect(report.recordsChecked == 29)
            }
            try await dropTriggers(test)
            try await test.database.sql.raw("DELETE FROM audit_records WHERE leaf_index >= 26").run()
            for batchSize in [1, 4, 5, 16_384] {
                let report = try await AuditVerifier(publicKey: signer.publicKey, batchSize: batchSize)
                    .verify(on: test.database)
                #expect(report.problem?.leafIndex == 26)
                #expect(report.problem?.message.contains("log ends at 26") == true)
                #expect(report.checkpointsChecked == 5)
            }
        }
    }

    @Test("records appended while the verifier runs raise no false alarm")
    func concurrentAppends() async throws {
        try await withTestDatabase { test in
            let store = test.store
            let signer = CheckpointSigner(privateKey: .init())
            let actor = AuditActor(accountID: nil, name: "x", kind: .user, ip: nil)
            let database = test.database
            for _ in 0..<50 { try await store.record([AuditEvent(action: .signIn)], by: actor, on: database) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for n in 0..<300 {
                        try await store.record(
                            Array(repeating: AuditEvent(action: .signOut), count: n % 5 + 1), by: actor, on: database)
                    }
                }
                group.addTask {
                    for round in 0..<30 {
                        let report = try await AuditVerifier(
                            publicKey: signer.publicKey, batchSize: [1, 3, 64][round % 3]
                        )
                        .verify(on: database)
                        #expect(report.isIntact, "\(String(describing: report.problem))")
                        #expect(report.recordsChecked >= 50)
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test("an empty log is intact")
    func emptyLog() async throws {
        try await withTestDatabase { test in
            let report = try await AuditVerifier(publicKey: Curve25519.Signing.PrivateKey().publicKey)
                .verify(on: test.database)
            #expect(report.isIntact)
            #expect(report.recordsChecked == 0)
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
