import BaomiPersistence
import Crypto
import FluentKit
import Foundation
import SQLKit

/// The verifier as it was before the batched scan (commit 45bb65d), rebuilt from public API for comparison:
/// `SELECT *` in pages of 20,000 through SQLKit, each of the 14 columns decoded by name, the canonical bytes built
/// with the same `CanonicalJSON.array` code, one leaf hash, one frontier append and a checkpoint check per record.
/// Returns the number of records checked, or throws on the first problem (it only needs to time an intact log).
enum RowByRowVerifier {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func verify(on database: any Database, publicKey: Curve25519.Signing.PublicKey) async throws -> Int64 {
        let sql = try database.sql
        let checkpoints = try await AuditCheckpoints.all(on: database)
        var pending = checkpoints[...]
        var frontier = MerkleFrontier()
        var expectedIndex: Int64 = 0

        func checkCheckpoints() throws {
            while let checkpoint = pending.first, checkpoint.treeSize == expectedIndex {
                pending.removeFirst()
                guard checkpoint.isSigned(by: publicKey), frontier.root.hex == checkpoint.rootHash else {
                    throw Failure(description: "checkpoint at \(checkpoint.treeSize) does not verify")
                }
            }
        }

        try checkCheckpoints()
        while true {
            let rows = try await sql.raw(
                """
                SELECT * FROM audit_records WHERE leaf_index >= \(bind: expectedIndex)
                ORDER BY leaf_index LIMIT \(literal: 20_000)
                """
            ).all()
            if rows.isEmpty { break }
            for row in rows {
                // What `AuditRecord(row:)` and `AuditRecord.canonicalBytes` did.
                let leafIndex = try row.decode(column: "leaf_index", as: Int64.self)
                let canonical = ReferenceCanonicalJSON.array([
                    .number(leafIndex),
                    .string(try row.decode(column: "recorded_at", as: String.self)),
                    .optional(try row.decode(column: "actor_id", as: String?.self)),
                    .string(try row.decode(column: "actor_name", as: String.self)),
                    .string(try row.decode(column: "actor_kind", as: String.self)),
                    .optional(try row.decode(column: "ip", as: String?.self)),
                    .string(try row.decode(column: "action", as: String.self)),
                    .optional(try row.decode(column: "object_type", as: String?.self)),
                    .optional(try row.decode(column: "object_id", as: String?.self)),
                    .optional(try row.decode(column: "object_label", as: String?.self)),
                    .string(try row.decode(column: "outcome", as: String.self)),
                    .optional(try row.decode(column: "rule", as: String?.self)),
                    .raw(try row.decode(column: "details", as: String.self)),
                ])
                let storedHash = try row.decode(column: "leaf_hash", as: String.self)
                guard leafIndex == expectedIndex else {
                    throw Failure(description: "record \(expectedIndex) is missing")
                }
                let leafHash = MerkleTree.leafHash(canonical)
                guard leafHash.hex == storedHash else {
                    throw Failure(description: "record \(leafIndex) does not match its leaf hash")
                }
                frontier.append(leafHash)
                expectedIndex += 1
                try checkCheckpoints()
            }
        }
        guard pending.isEmpty else { throw Failure(description: "a checkpoint is past the end of the log") }
        return expectedIndex
    }
}

/// A copy of `BaomiPersistence.CanonicalJSON.array` (internal there), so the replica builds the same bytes the
/// same way.
enum ReferenceCanonicalJSON {
    enum Value {
        case string(String)
        case optional(String?)
        case number(Int64)
        case raw(String)
    }

    static func array(_ values: [Value]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(256)
        for (position, value) in values.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            switch value {
            case .string(let text): appendString(text, to: &out)
            case .optional(let text?): appendString(text, to: &out)
            case .optional(nil): out.append(contentsOf: Array("null".utf8))
            case .number(let number): out.append(contentsOf: Array(String(number).utf8))
            case .raw(let json): out.append(contentsOf: Array(json.utf8))
            }
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
