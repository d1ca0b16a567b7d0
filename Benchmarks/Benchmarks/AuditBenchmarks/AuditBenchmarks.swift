@_spi(Benchmarks) import BaomiPersistence
import Benchmark
import Crypto
import Dispatch
import FluentSQLiteDriver
import Foundation

// Issue #2: durable audit appends, `AuditVerifier.verify` over 1,000,000 records, and raw SHA-256 over the same
// canonical bytes for comparison, plus the verifier's stages timed one by one. DESIGN.md, "Performance budgets":
// audited writes ≥ 1,000 per second, durable; `baomi audit verify` ≥ 1,000,000 records per second.

let recordsPerSecond = BenchmarkMetric.custom("records/s", polarity: .prefersLarger, useScalingFactor: false)
let eventsPerSecond = BenchmarkMetric.custom("events/s", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    appendBenchmarks()
    verifyBenchmarks()
    hashBenchmarks()
    stageBenchmarks()
}

/// Seconds since `start`.
func elapsed(since start: ContinuousClock.Instant) -> Double {
    let duration = ContinuousClock.now - start
    return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Measures `body`, which handles `count` items, and records items per second under `metric`.
func measureRate(
    _ benchmark: Benchmark, _ metric: BenchmarkMetric, count: Int, _ body: () async throws -> Void
) async rethrows {
    let start = ContinuousClock.now
    try await body()
    benchmark.measurement(metric, Int((Double(count) / elapsed(since: start)).rounded()))
}

// MARK: - Appends

/// A fresh, migrated SQLite file for one append benchmark: WAL with `synchronous=FULL` (each commit fsyncs), or with
/// group commit as the server runs it (`synchronous=NORMAL`, writers share the durability barrier's fsyncs).
final class AppendDatabase: @unchecked Sendable {
    let groupCommit: Bool
    private var directory: URL?
    private var standalone: StandaloneDatabase?
    /// One store, so concurrent writers queue at one write gate and share one barrier, as in the server.
    private(set) var store = Store()

    init(groupCommit: Bool = false) {
        self.groupCommit = groupCommit
    }

    func open() async throws -> any Database {
        let directory = AuditFixture.directory.deletingLastPathComponent()
            .appendingPathComponent("append-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let standalone = try StandaloneDatabase(
            .sqlite(path: directory.appendingPathComponent("baomi.sqlite").path), groupCommit: groupCommit)
        try await standalone.migrate()
        self.directory = directory
        self.standalone = standalone
        store = Store(durability: standalone.durability)
        return standalone.database
    }

    func close() async {
        await standalone?.shutdown()
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }
}

func appendBenchmarks() {
    let single = AppendDatabase()
    Benchmark(
        "Audit append, durable, 1 event per transaction",
        configuration: .init(
            metrics: [.throughput, .wallClock], warmupIterations: 20,
            maxDuration: .seconds(5), maxIterations: 100_000),
        closure: { (benchmark: Benchmark, database: any Database) in
            try await Store().record(
                [AuditSamples.event(benchmark.currentIteration)], by: AuditSamples.actors[0], on: database)
        },
        setup: { try await single.open() },
        teardown: { await single.close() })

    let batched = AppendDatabase()
    Benchmark(
        "Audit append, durable, 100 events per transaction",
        configuration: .init(
            metrics: [.throughput, .wallClock, eventsPerSecond], warmupIterations: 5,
            maxDuration: .seconds(5), maxIterations: 10_000),
        closure: { (benchmark: Benchmark, database: any Database) in
            let first = benchmark.currentIteration * 100
            let events = (first..<(first + 100)).map(AuditSamples.event)
            try await measureRate(benchmark, eventsPerSecond, count: events.count) {
                try await Store().record(events, by: AuditSamples.actors[1], on: database)
            }
        },
        setup: { try await batched.open() },
        teardown: { await batched.close() })

    // Issue #4: 16 writers at once, each one event in a transaction of its own, every one durable before it returns.
    for groupCommit in [false, true] {
        let concurrent = AppendDatabase(groupCommit: groupCommit)
        Benchmark(
            "Audit append, durable, 16 concurrent writers, \(groupCommit ? "group commit" : "synchronous=FULL")",
            configuration: .init(
                metrics: [.throughput, .wallClock, eventsPerSecond], warmupIterations: 5,
                maxDuration: .seconds(5), maxIterations: 10_000),
            closure: { (benchmark: Benchmark, database: any Database) in
                let store = concurrent.store
                let first = benchmark.currentIteration * 16
                try await measureRate(benchmark, eventsPerSecond, count: 16) {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for index in first..<(first + 16) {
                            group.addTask {
                                try await store.record(
                                    [AuditSamples.event(index)], by: AuditSamples.actors[index % 2], on: database)
                            }
                        }
                        try await group.waitForAll()
                    }
                }
            },
            setup: { try await concurrent.open() },
            teardown: { await concurrent.close() })
    }
}

// MARK: - Verify

/// The fixture database opened for reading, with the key its checkpoints were signed with.
final class FixtureDatabase: @unchecked Sendable {
    private var standalone: StandaloneDatabase?

    func open() async throws -> any Database {
        let standalone = try StandaloneDatabase(.sqlite(path: try await AuditFixture.prepare()))
        try await standalone.migrate()
        self.standalone = standalone
        return standalone.database
    }

    func close() async { await standalone?.shutdown() }
}

func verifyBenchmarks() {
    let heavy = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, recordsPerSecond], warmupIterations: 1,
        maxDuration: .seconds(60), maxIterations: 7)

    let fixture = FixtureDatabase()
    Benchmark(
        "Audit verify, 1M records (SQLite)",
        configuration: heavy,
        closure: { (benchmark: Benchmark, database: any Database) in
            let verifier = AuditVerifier(publicKey: AuditFixture.signingKey.publicKey)
            var report: AuditVerifier.Report?
            try await measureRate(benchmark, recordsPerSecond, count: AuditFixture.recordCount) {
                report = try await verifier.verify(on: database)
            }
            if report?.isIntact != true || report?.recordsChecked != Int64(AuditFixture.recordCount)
                || report?.checkpointsChecked != AuditFixture.recordCount / AuditFixture.checkpointEvery
            {
                benchmark.error("unexpected report \(String(describing: report))")
            }
        },
        setup: { try await fixture.open() },
        teardown: { await fixture.close() })

    let previousFixture = FixtureDatabase()
    var previous = heavy
    previous.maxIterations = 3
    previous.warmupIterations = 0
    Benchmark(
        "Audit verify, 1M records, previous row-by-row verifier",
        configuration: previous,
        closure: { (benchmark: Benchmark, database: any Database) in
            var checked: Int64 = 0
            try await measureRate(benchmark, recordsPerSecond, count: AuditFixture.recordCount) {
                checked = try await RowByRowVerifier.verify(
                    on: database, publicKey: AuditFixture.signingKey.publicKey)
            }
            if checked != Int64(AuditFixture.recordCount) { benchmark.error("checked \(checked) records") }
        },
        setup: { try await previousFixture.open() },
        teardown: { await previousFixture.close() })
}

// MARK: - Raw SHA-256

/// SHA-256 of each record's `0x00 ‖ canonicalBytes` in `range`, one `update` per record, as the leaf hash is.
func hashRecords(_ records: AuditFixture.CanonicalRecords, _ range: Range<Int>) -> UInt8 {
    records.bytes.withUnsafeBytes { bytes in
        var fold: UInt8 = 0
        for index in range {
            var hasher = SHA256()
            hasher.update(
                bufferPointer: UnsafeRawBufferPointer(
                    rebasing: bytes[records.bounds[index]..<records.bounds[index + 1]]))
            fold ^= hasher.finalize().withUnsafeBytes { $0[0] }
        }
        return fold
    }
}

func hashBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, recordsPerSecond], warmupIterations: 1, maxDuration: .seconds(30),
        maxIterations: 10)

    Benchmark(
        "SHA-256 raw, 1M canonical records, 1 thread",
        configuration: configuration,
        closure: { (benchmark: Benchmark, records: AuditFixture.CanonicalRecords) in
            var fold: UInt8 = 0
            await measureRate(benchmark, recordsPerSecond, count: records.count) {
                fold = hashRecords(records, 0..<records.count)
            }
            blackHole(fold)
        },
        setup: {
            _ = try await AuditFixture.prepare()
            return try AuditFixture.loadCanonical()
        })

    Benchmark(
        "SHA-256 raw, 1M canonical records, all cores",
        configuration: configuration,
        closure: { (benchmark: Benchmark, records: AuditFixture.CanonicalRecords) in
            let chunks = ProcessInfo.processInfo.activeProcessorCount * 4
            await measureRate(benchmark, recordsPerSecond, count: records.count) {
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let range = (records.count * chunk / chunks)..<(records.count * (chunk + 1) / chunks)
                    blackHole(hashRecords(records, range))
                }
            }
        },
        setup: {
            _ = try await AuditFixture.prepare()
            return try AuditFixture.loadCanonical()
        })
}

// MARK: - The verifier's stages

/// The fixture read with the verifier's own range query, one joined BLOB per range of `batchSize` leaf indices, with
/// `readers` connections reading at once.
func readRanges(
    path: String, readers: Int, batchSize: Int = 16_384
) async throws -> [(start: Int64, joined: ByteBuffer)] {
    var connections: [SQLiteConnection] = []
    for _ in 0..<readers {
        let connection: SQLiteConnection = try await SQLiteConnection.open(storage: .file(path: path))
        connections.append(connection)
    }
    defer { for connection in connections { _ = connection.close() } }
    let ranges = stride(from: 0, to: AuditFixture.recordCount, by: batchSize).map(Int64.init)
    return try await withThrowingTaskGroup(of: [(Int64, ByteBuffer)].self) { group in
        for (worker, connection) in connections.enumerated() {
            group.addTask {
                var results: [(Int64, ByteBuffer)] = []
                for start in ranges[worker...].enumerated().filter({ $0.offset % readers == 0 }).map(\.element) {
                    let rows: [SQLiteRow] = try await connection.query(
                        AuditVerifierStages.sqliteRangeQuery, [.integer(Int(start)), .integer(Int(start) + batchSize)])
                    guard case .blob(let joined)? = rows.first?.column("joined") else { continue }
                    results.append((start, joined))
                }
                return results
            }
        }
        var all: [(start: Int64, joined: ByteBuffer)] = []
        for try await part in group { all += part.map { (start: $0.0, joined: $0.1) } }
        return all.sorted { $0.start < $1.start }
    }
}

func stageBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, recordsPerSecond], warmupIterations: 1, maxDuration: .seconds(30),
        maxIterations: 10)

    for readers in Set([1, AuditVerifierStages.sqliteReaderCount]).sorted() {
        Benchmark(
            "Stage: SQLite range queries only, 1M records, \(readers) reader\(readers == 1 ? "" : "s")",
            configuration: configuration,
            closure: { (benchmark: Benchmark, path: String) in
                var ranges = 0
                try await measureRate(benchmark, recordsPerSecond, count: AuditFixture.recordCount) {
                    ranges = try await readRanges(path: path, readers: readers).count
                }
                blackHole(ranges)
            },
            setup: { try await AuditFixture.prepare() })
    }

    Benchmark(
        "Stage: decode + canonical bytes + SHA-256 + compare, 1M records, 1 thread",
        configuration: configuration,
        closure: { (benchmark: Benchmark, ranges: [(start: Int64, joined: ByteBuffer)]) in
            var matched = 0
            await measureRate(benchmark, recordsPerSecond, count: AuditFixture.recordCount) {
                for (start, joined) in ranges {
                    matched += joined.withUnsafeReadableBytes {
                        AuditVerifierStages.hashRange($0, start: start, end: start + 16_384)
                    }
                }
            }
            if matched != AuditFixture.recordCount { benchmark.error("\(matched) records matched") }
        },
        setup: { try await readRanges(path: try await AuditFixture.prepare(), readers: 1) })

    Benchmark(
        "Stage: Merkle frontier append, 1M leaf hashes, 1 thread",
        configuration: configuration,
        closure: { (benchmark: Benchmark, leaves: [MerkleHash]) in
            var frontier = MerkleFrontier()
            await measureRate(benchmark, recordsPerSecond, count: leaves.count) {
                for leaf in leaves { frontier.append(leaf) }
            }
            blackHole(frontier.root)
        },
        setup: {
            _ = try await AuditFixture.prepare()
            let records = try AuditFixture.loadCanonical()
            return records.bytes.withUnsafeBytes { bytes in
                (0..<records.count).map { index in
                    var hasher = SHA256()
                    hasher.update(
                        bufferPointer: UnsafeRawBufferPointer(
                            rebasing: bytes[records.bounds[index]..<records.bounds[index + 1]]))
                    return MerkleHash(bytes: Array(hasher.finalize()))!
                }
            }
        })
}
