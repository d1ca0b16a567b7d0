import BaomiDomain
import BaomiPersistence
import Crypto
import FluentSQLiteDriver
import Foundation
import Logging

// Temporary probe: where does verify spend its time on SQLite?

let count = Int(CommandLine.arguments.dropFirst().first ?? "1000000") ?? 1_000_000
let path = CommandLine.arguments.dropFirst(2).first ?? "/tmp/baomi-probe-\(count).sqlite"
let key = try Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32))

func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await body()
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func event(_ n: Int) -> AuditEvent {
    switch n % 4 {
    case 0:
        AuditEvent(
            action: .personUpdate, subject: AuditSubject(type: "person", id: String(n % 50_000), label: "张三\(n % 997)"),
            details: ["field": "title", "old": "科员", "new": "副科长"])
    case 1:
        AuditEvent(action: .signIn, details: ["method": "password"])
    case 2:
        AuditEvent(
            action: .accessDenied, subject: AuditSubject(type: "copy", id: "C-\(n)", label: "2026年度保密工作计划（机密）"),
            outcome: .refused, rule: .t4, details: ["reason": "不在知悉范围内"])
    default:
        AuditEvent(action: .orgUnitUpdate, subject: AuditSubject(type: "orgUnit", id: String(n % 300)), details: [:])
    }
}

let exists = FileManager.default.fileExists(atPath: path)
let standalone = try StandaloneDatabase(.sqlite(path: path))
try await standalone.migrate()
let database = standalone.database
let store = Store()
let actor = AuditActor(
    accountID: UUID(uuidString: "6f1c2d0e-4b7a-4c55-9a43-2e8f0b7d9a11"), name: "王保密员", kind: .user, ip: "10.20.30.40")
if !exists {
    let t = try await seconds {
        var n = 0
        while n < count {
            let batch = min(1000, count - n)
            try await store.record((n..<(n + batch)).map(event), by: actor, on: database)
            n += batch
            if n % 100_000 == 0 || n == count {
                _ = try await AuditCheckpoints(signer: CheckpointSigner(privateKey: key), store: store).current(on: database)
            }
        }
    }
    print("built \(count) records in \(t) s")
}

let sql = try database.sql
let lite = database as! any SQLiteDatabase

func report(_ label: String, _ t: Double, _ n: Int = count) {
    print(String(format: "%-60@ %8.3f s  %10.0f rows/s  %6.2f µs/row", label as NSString, t, Double(n) / t, t / Double(n) * 1e6))
}

let mode = ProcessInfo.processInfo.environment["PROBE"] ?? "all"

if mode == "all" || mode.contains("verify") {
    var r: AuditVerifier.Report?
    for batch in (ProcessInfo.processInfo.environment["BATCHES"] ?? "16384").split(separator: ",").map({ Int($0)! }) {
        for _ in 0..<Int(ProcessInfo.processInfo.environment["REPEAT"] ?? "1")! {
            let t = try await seconds { r = try await AuditVerifier(publicKey: key.publicKey, batchSize: batch).verify(on: database) }
            report("AuditVerifier.verify batch \(batch) (intact=\(r!.isIntact), \(r!.recordsChecked))", t)
        }
    }
}

if mode == "all" || mode.contains("sqlkit") {
    let t = try await seconds {
        var start = 0
        while true {
            let rows = try await sql.raw("SELECT * FROM audit_records WHERE leaf_index >= \(bind: start) ORDER BY leaf_index LIMIT 20000").all()
            if rows.isEmpty { break }
            start += rows.count
        }
    }
    report("SQLKit SELECT * rows, no decode", t)
    let t2 = try await seconds {
        var start = 0
        var total = 0
        while true {
            let rows = try await sql.raw("SELECT * FROM audit_records WHERE leaf_index >= \(bind: start) ORDER BY leaf_index LIMIT 20000").all()
            if rows.isEmpty { break }
            for row in rows {
                total &+= Int(try row.decode(column: "leaf_index", as: Int64.self))
                for c in ["recorded_at", "actor_name", "actor_kind", "action", "outcome", "details", "leaf_hash"] {
                    total &+= try row.decode(column: c, as: String.self).utf8.count
                }
                for c in ["actor_id", "ip", "object_type", "object_id", "object_label", "rule"] {
                    total &+= try row.decode(column: c, as: String?.self)?.utf8.count ?? 0
                }
            }
            start += rows.count
        }
        precondition(total != 42)
    }
    report("SQLKit SELECT * rows + decode 14 columns by name", t2)
}

if mode == "all" || mode.contains("nio") {
    let t = try await seconds {
        var start = 0
        while true {
            let rows = try await lite.query("SELECT * FROM audit_records WHERE leaf_index >= ?1 ORDER BY leaf_index LIMIT 20000", [.integer(start)])
            if rows.isEmpty { break }
            start += rows.count
        }
    }
    report("SQLiteNIO query SELECT * (array)", t)
}

let cols = ["recorded_at", "actor_id", "actor_name", "actor_kind", "ip", "action", "object_type", "object_id", "object_label", "outcome", "rule", "details", "leaf_hash"]
let concatExpr = "concat(leaf_index, ' ', " + cols.map { "coalesce(octet_length(\($0)), -1), ':', \($0)" }.joined(separator: ", ") + ")"
let printfExpr = "printf('%d " + String(repeating: "%d:%s", count: cols.count) + "', leaf_index, " + cols.map { "coalesce(octet_length(\($0)), -1), \($0)" }.joined(separator: ", ") + ")"

for (label, expr) in [("concat", concatExpr), ("printf", printfExpr)] where mode == "all" || mode.contains(label) {
    for batch in [20_000, 65_536] {
        var bytes = 0
        let t = try await seconds {
            var start = 0
            while true {
                let rows = try await lite.query(
                    "SELECT CAST(string_agg(\(expr), '') AS BLOB) AS b, count(*) AS n, max(leaf_index) AS last FROM (SELECT * FROM audit_records WHERE leaf_index >= ?1 ORDER BY leaf_index LIMIT ?2)",
                    [.integer(start), .integer(batch)])
                guard let row = rows.first, let n = row.column("n")?.integer, n > 0 else { break }
                if case .blob(let buffer) = row.column("b") { bytes += buffer.readableBytes }
                start = row.column("last")!.integer! + 1
            }
        }
        report("string_agg(\(label)) blob, batch \(batch) (\(bytes / count) B/row)", t)
    }
}


let sepExpr = "concat(leaf_index, X'FF', " + (cols.enumerated().map { "((\($0.element) IS NULL) << \($0.offset))" }.joined(separator: " + ")) + ", " + cols.map { "X'FF', \($0)" }.joined(separator: ", ") + ", X'FE')"
let variants: [(String, String)] = [
    ("range concat-len", "SELECT CAST(string_agg(\(concatExpr), '') AS BLOB) AS b, count(*) AS n FROM audit_records WHERE leaf_index >= ?1 AND leaf_index < ?2"),
    ("range sep+bits", "SELECT CAST(string_agg(\(sepExpr), '') AS BLOB) AS b, count(*) AS n FROM audit_records WHERE leaf_index >= ?1 AND leaf_index < ?2"),
    ("range sep+bits ordered agg", "SELECT CAST(string_agg(\(sepExpr), '' ORDER BY leaf_index) AS BLOB) AS b, count(*) AS n FROM audit_records WHERE leaf_index >= ?1 AND leaf_index < ?2"),
    ("range sep+bits text", "SELECT string_agg(\(sepExpr), '') AS b, count(*) AS n FROM audit_records WHERE leaf_index >= ?1 AND leaf_index < ?2"),
]
for (label, query) in variants where mode == "all" || mode.contains("range") {
    for batch in [16_384, 65_536] {
        var bytes = 0
        let t = try await seconds {
            var start = 0
            while true {
                let rows = try await lite.query(query, [.integer(start), .integer(start + batch)])
                guard let row = rows.first, let n = row.column("n")?.integer, n > 0 else { break }
                if case .blob(let buffer) = row.column("b") { bytes += buffer.readableBytes }
                if case .text(let text) = row.column("b") { bytes += text.utf8.count }
                start += batch
            }
        }
        report("\(label), batch \(batch) (\(bytes / count) B/row)", t)
    }
}
if mode.contains("plan") {
    for (label, query) in variants {
        let rows: [SQLiteRow] = try await lite.query("EXPLAIN QUERY PLAN " + query, [.integer(0), .integer(10)])
        let details: [String] = rows.map { (row: SQLiteRow) -> String in row.column("detail")?.string ?? "" }
        print(label, details)
    }
    let sample: [SQLiteRow] = try await lite.query("SELECT CAST(string_agg(\(sepExpr), '') AS BLOB) AS b FROM audit_records WHERE leaf_index >= 0 AND leaf_index < 2", [])
    if case .blob(let buffer) = sample[0].column("b") {
        var out = ""
        for byte in buffer.readableBytesView {
            if byte < 0x20 || byte > 0x7e { out += "<" + String(byte, radix: 16) + ">" } else { out.append(Character(UnicodeScalar(byte))) }
        }
        print(out)
    }
}


if mode.contains("par") {
    let query = "SELECT CAST(string_agg(\(sepExpr), '') AS BLOB) AS b, count(*) AS n FROM audit_records WHERE leaf_index >= ?1 AND leaf_index < ?2"
    let mmap = ProcessInfo.processInfo.environment["MMAP"] ?? "0"
    for workers in [1, 2, 3] {
        var conns: [SQLiteConnection] = []
        for _ in 0..<workers {
            let c: SQLiteConnection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: .singleton, logger: Logger(label: "probe"), on: MultiThreadedEventLoopGroup.singleton.any())
            let _: [SQLiteRow] = try await c.query("PRAGMA mmap_size=\(mmap)", [])
            conns.append(c)
        }
        let batch = 16_384
        let t = try await seconds {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (w, c) in conns.enumerated() {
                    group.addTask {
                        var start = w * batch
                        while start < count {
                            let rows: [SQLiteRow] = try await c.query(query, [.integer(start), .integer(start + batch)])
                            precondition(rows.count == 1)
                            start += workers * batch
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        report("parallel range sep+bits, \(workers) connections, mmap \(mmap)", t)
        for c in conns { try await c.close() }
    }
}

if mode == "all" || mode.contains("floor") {
    let t = try await seconds {
        _ = try await lite.query("SELECT sum(" + cols.map { "coalesce(octet_length(\($0)),0)" }.joined(separator: "+") + ") FROM audit_records")
    }
    report("floor: full scan sum(octet_length) rowid order", t)
    let t2 = try await seconds {
        _ = try await lite.query("SELECT sum(" + cols.map { "coalesce(octet_length(\($0)),0)" }.joined(separator: "+") + ") FROM (SELECT * FROM audit_records WHERE leaf_index >= 0 ORDER BY leaf_index)")
    }
    report("floor: index scan sum(octet_length) leaf order", t2)
}

await standalone.shutdown()
