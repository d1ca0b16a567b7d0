import Crypto
import FluentKit
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit

/// Consecutive stored records of the audit log in leaf order, each re-serialised (`AuditRecord.canonicalBytes`),
/// hashed and compared with its stored leaf hash. A batch ends early at the first record that failed.
struct AuditLeafBatch: Sendable {
    enum ProblemKind: Sendable, Hashable {
        /// The recomputed leaf hash differs from the stored one.
        case leafHashMismatch
        /// The stored leaf index is not an integer; `leafIndices[row]` is `Int64.min`.
        case malformedLeafIndex(String)
        /// The record's columns cannot be what Baomi wrote (a NULL in a NOT NULL column, bytes that are not text).
        case unreadable(String)
    }

    struct Problem: Sendable, Hashable {
        /// Position in the batch; `leafIndices[row]` names the record.
        var row: Int
        var kind: ProblemKind
    }

    var leafIndices: [Int64] = []
    /// The recomputed leaf hashes; equal to the stored ones for every row before `problem`.
    var leafHashes: [MerkleHash] = []
    var problem: Problem?

    var count: Int { leafIndices.count }
}

/// Reads the audit log batch after batch for `AuditVerifier`.
///
/// On SQLite a batch is one query over a range of leaf indices that returns the whole range as one BLOB: every row's
/// columns joined by bytes that never occur in UTF-8 text (`SQLiteSource.rangeQuery`), so no row is decoded into Swift
/// values one column at a time; `AuditLeafDecoder` writes the canonical bytes straight from it. Several ranges are
/// read at once, each on a reader connection of its own to the same file, and each is decoded and hashed as soon as
/// it arrives. Other databases, and a SQLite database inside a transaction, get the row-by-row path.
final class AuditLeafScan {
    /// The record the verifier expects next is not in the log although later ones are.
    struct Gap: Error {
        enum Kind: Sendable { case missing, malformedIndex(String) }
        var kind: Kind

        func message(expecting index: Int64) -> String {
            switch kind {
            case .missing: "record \(index) is missing"
            case .malformedIndex(let text):
                "record \(index) is missing; a record with the malformed leaf index '\(text)' follows"
            }
        }
    }

    private enum Mode {
        case sqlite(SQLiteSource)
        case generic(any SQLDatabase)
    }

    private let mode: Mode
    private let batchSize: Int

    private init(mode: Mode, batchSize: Int) {
        self.mode = mode
        self.batchSize = batchSize
    }

    static func open(on database: any Database, batchSize: Int) async throws -> AuditLeafScan {
        // Inside a transaction only its own connection sees what it wrote.
        if try SQLDialectKind(database) == .sqlite, !database.inTransaction,
            let sqlite = database as? any SQLiteDatabase
        {
            return AuditLeafScan(
                mode: .sqlite(try await SQLiteSource.open(pooled: sqlite, batchSize: batchSize)), batchSize: batchSize)
        }
        return AuditLeafScan(mode: .generic(try database.sql), batchSize: batchSize)
    }

    /// The next batch, starting at `index` (the verifier checks that it does); `nil` once the log ends.
    /// - Throws: `Gap` when record `index` is missing but later records exist.
    func next(expecting index: Int64) async throws -> AuditLeafBatch? {
        switch mode {
        case .sqlite(let source): try await source.next(expecting: index)
        case .generic(let sql): try await Self.genericBatch(from: index, limit: batchSize, on: sql)
        }
    }

    func close() async {
        if case .sqlite(let source) = mode { await source.close() }
    }

    // MARK: Generic path

    private static func genericBatch(
        from index: Int64, limit: Int, on sql: any SQLDatabase
    ) async throws
        -> AuditLeafBatch?
    {
        let rows = try await sql.raw(
            """
            SELECT \(unsafeRaw: AuditRecordColumns.all.joined(separator: ", ")) FROM audit_records
            WHERE leaf_index >= \(bind: index) ORDER BY leaf_index LIMIT \(literal: limit)
            """
        ).all()
        if rows.isEmpty { return nil }
        var batch = AuditLeafBatch()
        batch.leafIndices.reserveCapacity(rows.count)
        batch.leafHashes.reserveCapacity(rows.count)
        for (position, row) in rows.enumerated() {
            let record = try AuditRecord(row: row)
            let leafHash = MerkleTree.leafHash(record.canonicalBytes)
            batch.leafIndices.append(record.leafIndex)
            batch.leafHashes.append(leafHash)
            if leafHash.hex != record.leafHash {
                batch.problem = .init(row: position, kind: .leafHashMismatch)
                break
            }
        }
        return batch
    }
}

/// The columns of `audit_records` in the order `AuditRecord.canonicalBytes` serialises them, then the stored hash.
enum AuditRecordColumns {
    static let hashed = [
        "recorded_at", "actor_id", "actor_name", "actor_kind", "ip", "action", "object_type", "object_id",
        "object_label", "outcome", "rule", "details",
    ]
    static let all = ["leaf_index"] + hashed + ["leaf_hash"]
    /// Columns that may be NULL, in table order; a NULL anywhere else means the row was not written by Baomi.
    static let nullable = ["actor_id", "ip", "object_type", "object_id", "object_label", "rule"]
}

// MARK: - SQLite

/// Batches over leaf-index ranges `[start, start + batchSize)`, several in flight at once.
final class SQLiteSource {
    private let pooled: any SQLiteDatabase
    private let readers: [any SQLiteDatabase]
    private let ownedReaders: [SQLiteConnection]
    private let batchSize: Int
    private var inFlight: [(start: Int64, task: Task<AuditLeafBatch, any Error>)] = []
    private var nextStart: Int64 = 0
    private var launched = 0
    /// The end of the range last handed out, when that range was complete: the next batch can then come from the
    /// ranges already in flight.
    private var continuesAt: Int64?

    private init(pooled: any SQLiteDatabase, readers: [SQLiteConnection], batchSize: Int) {
        self.pooled = pooled
        self.ownedReaders = readers
        // Without a file to open more connections to (an in-memory database), the pooled connection serves every
        // range in turn; hashing one batch still overlaps with reading the next.
        self.readers = readers.isEmpty ? [pooled, pooled] : readers
        self.batchSize = batchSize
    }

    /// Opens one reader connection per processor plus one, so that a processor is never idle waiting for the next
    /// query to be handed over, on the database file behind `pooled`.
    static func open(pooled: any SQLiteDatabase, batchSize: Int) async throws -> SQLiteSource {
        let files: [SQLiteRow] = try await pooled.query("PRAGMA database_list", [])
        let path = files.first { $0.column("name")?.string == "main" }?.column("file")?.string ?? ""
        var readers: [SQLiteConnection] = []
        if !path.isEmpty {
            do {
                for _ in 0..<readerCount {
                    let connection: SQLiteConnection = try await SQLiteConnection.open(
                        storage: .file(path: path), threadPool: .singleton, logger: pooledLogger,
                        on: MultiThreadedEventLoopGroup.singleton.any())
                    readers.append(connection)
                    let _: [SQLiteRow] = try await connection.query("PRAGMA query_only = ON", [])
                }
            } catch {
                // Read through the pooled connection alone rather than not at all.
                for reader in readers { try? await reader.close() }
                readers = []
            }
        }
        return SQLiteSource(pooled: pooled, readers: readers, batchSize: batchSize)
    }

    static var readerCount: Int { min(4, ProcessInfo.processInfo.activeProcessorCount + 1) }

    private static let pooledLogger: Logger = {
        var logger = Logger(label: "baomi.audit.verify")
        logger.logLevel = .error
        return logger
    }()

    func next(expecting index: Int64) async throws -> AuditLeafBatch? {
        // The first call, or the last range came back incomplete: the log ended there, a record is missing, or
        // records were appended while it was read. Ask where the log goes on before reading further; a second
        // empty range right after the log was seen going on cannot happen for dense appends.
        for _ in 0..<2 {
            if continuesAt != index || inFlight.isEmpty {
                await drain()
                guard try await restart(at: index) else { return nil }
            }
            let (start, task) = inFlight.removeFirst()
            launch()
            let batch = try await task.value
            continuesAt = batch.count == batchSize && batch.problem == nil ? start + Int64(batchSize) : nil
            if batch.count > 0 { return batch }
        }
        throw PersistenceError.corrupt("audit record \(index) is listed but cannot be read")
    }

    /// Starts reading at `index` if the log has a record there; `false` at the end of the log.
    private func restart(at index: Int64) async throws -> Bool {
        let rows: [SQLiteRow] = try await pooled.query(
            "SELECT min(leaf_index) AS first FROM audit_records WHERE leaf_index >= ?1", [.integer(Int(index))])
        switch rows.first?.column("first") {
        case .none, .null?:
            return false
        case .integer(let first)?:
            if Int64(first) != index { throw AuditLeafScan.Gap(kind: .missing) }
        case let other?:
            throw AuditLeafScan.Gap(kind: .malformedIndex(other.description))
        }
        nextStart = index
        while inFlight.count < readers.count { launch() }
        return true
    }

    private func launch() {
        let start = nextStart
        nextStart += Int64(batchSize)
        let reader = readers[launched % readers.count]
        launched += 1
        let end = start + Int64(batchSize)
        inFlight.append((start, Self.reading(from: start, to: end, on: reader)))
    }

    private static func reading(
        from start: Int64, to end: Int64, on reader: any SQLiteDatabase
    )
        -> Task<AuditLeafBatch, any Error>
    {
        Task { try await read(from: start, to: end, on: reader) }
    }

    /// Waits for the ranges still being read, whose results are no longer wanted.
    private func drain() async {
        for (_, task) in inFlight { _ = try? await task.value }
        inFlight.removeAll()
        continuesAt = nil
    }

    func close() async {
        await drain()
        for reader in ownedReaders { try? await reader.close() }
    }

    // MARK: Reading one range

    static func read(from start: Int64, to end: Int64, on reader: any SQLiteDatabase) async throws -> AuditLeafBatch {
        for ordered in [false, true] {
            let rows: [SQLiteRow] = try await reader.query(
                ordered ? orderedRangeSQL : rangeSQL, [.integer(Int(start)), .integer(Int(end))])
            guard case .blob(let joined)? = rows.first?.column("joined") else { return AuditLeafBatch() }
            // Decoding and hashing are CPU work: they run on the thread pool that also runs the queries, so the
            // verifier keeps every processor busy without holding Swift concurrency's shared threads for long.
            let batch = try await NIOThreadPool.singleton.runIfActive {
                joined.withUnsafeReadableBytes { AuditLeafDecoder.batch(from: $0, start: start, end: end) }
            }
            // The index is scanned in order, so rows arrive sorted; should a query plan ever differ, sort in SQL.
            if let batch { return batch }
        }
        throw PersistenceError.corrupt("audit records \(start)..<\(end) cannot be read in leaf order")
    }

    static let rangeSQL = rangeQuery(ordered: false)
    static let orderedRangeSQL = rangeQuery(ordered: true)

    /// Per row: `leaf_index 0xFF mask 0xFF column 0xFF … 0xFF leaf_hash 0xFE`, rows back to back, as one BLOB.
    ///
    /// Bit i of `mask` is set when the i-th nullable column is NULL (that column then contributes no bytes). A NULL
    /// in a column that may not be NULL comes as the single byte 0xFD, which UTF-8 text never contains either.
    /// (A mask over every column would be exact too but costs SQLite about a quarter more time per row.)
    static func rangeQuery(ordered: Bool) -> String {
        let mask = AuditRecordColumns.nullable.enumerated().map { "((\($0.element) IS NULL) << \($0.offset))" }
            .joined(separator: " + ")
        let columns = (AuditRecordColumns.hashed + ["leaf_hash"]).map { column in
            AuditRecordColumns.nullable.contains(column) ? "X'FF', \(column)" : "X'FF', coalesce(\(column), X'FD')"
        }
        let row = "concat(leaf_index, X'FF', \(mask), \(columns.joined(separator: ", ")), X'FE')"
        return """
            SELECT CAST(string_agg(\(row), ''\(ordered ? " ORDER BY leaf_index" : "")) AS BLOB) AS joined
            FROM audit_records WHERE leaf_index >= ?1 AND leaf_index < ?2
            """
    }
}

/// Turns one range's joined rows into a hashed batch, writing each record's canonical bytes exactly as
/// `AuditRecord.canonicalBytes` (`CanonicalJSON.array`) does, straight from the bytes SQLite returned.
enum AuditLeafDecoder {
    private static let fieldCount = 2 + AuditRecordColumns.hashed.count + 1
    private static let hashField = fieldCount - 1
    private static let columnNames = AuditRecordColumns.hashed + ["leaf_hash"]

    enum ColumnKind: Equatable {
        /// A JSON string; `nullBit` is its bit in the row's mask, 0 for a column that may not be NULL.
        case text(nullBit: Int)
        /// Already canonical JSON (`details`), inserted as is.
        case raw
    }

    /// How each of `AuditRecordColumns.hashed` is serialised.
    static let columnKinds: [ColumnKind] = AuditRecordColumns.hashed.indices.map { column in
        AuditRecordColumns.hashed[column] == "details" ? .raw : .text(nullBit: nullBits[column])
    }
    private static let maskLimit = 1 << AuditRecordColumns.nullable.count
    /// Each of `columnNames`' bit in the row's mask, 0 for a column that may not be NULL.
    private static let nullBits = columnNames.map { column in
        AuditRecordColumns.nullable.firstIndex(of: column).map { 1 << $0 } ?? 0
    }

    /// `nil` when the rows are not in strictly increasing leaf order inside `[start, end)`.
    static func batch(from joined: UnsafeRawBufferPointer, start: Int64, end: Int64) -> AuditLeafBatch? {
        var batch = AuditLeafBatch()
        guard let base = joined.baseAddress, !joined.isEmpty else { return batch }
        batch.leafIndices.reserveCapacity(Int(end - start))
        batch.leafHashes.reserveCapacity(Int(end - start))
        var output = ByteArena()
        defer { output.deallocate() }
        var previous = start - 1
        var position = 0
        let total = joined.count
        while position < total {
            let rowEnd = memchr(base + position, 0xFE, total - position).map { UnsafeRawPointer($0) - base } ?? total
            let row = UnsafeRawBufferPointer(start: base + position, count: rowEnd - position)
            position = rowEnd + 1
            // The fast path handles every row Baomi writes; anything irregular, and every hash that does not
            // match, is looked at again field by field to say exactly what is wrong.
            var outcome = rowEnd < total ? fastRow(row, into: &output) : nil
            if outcome == nil || outcome?.result != .hashed(matches: true) {
                outcome = carefulRow(row, terminated: rowEnd < total)
            }
            guard let outcome else { return nil }
            if case .malformedIndex(let text) = outcome.result {
                batch.leafIndices.append(Int64.min)
                batch.leafHashes.append(.zero)
                batch.problem = .init(row: batch.count - 1, kind: .malformedLeafIndex(text))
                return batch
            }
            guard outcome.leafIndex > previous, outcome.leafIndex < end else { return nil }
            previous = outcome.leafIndex
            batch.leafIndices.append(outcome.leafIndex)
            batch.leafHashes.append(outcome.leafHash)
            switch outcome.result {
            case .hashed(matches: true): continue
            case .hashed(matches: false): batch.problem = .init(row: batch.count - 1, kind: .leafHashMismatch)
            case .unreadable(let reason): batch.problem = .init(row: batch.count - 1, kind: .unreadable(reason))
            case .malformedIndex: break
            }
            return batch
        }
        return batch
    }

    struct RowOutcome: Equatable {
        enum Result: Equatable {
            case hashed(matches: Bool)
            case unreadable(String)
            case malformedIndex(String)
        }
        var leafIndex: Int64 = .min
        var leafHash: MerkleHash = .zero
        var result: Result
    }

    /// One well-formed row in a single pass: digits, then each column copied (escaped where CanonicalJSON escapes)
    /// eight bytes at a time while none of them is special. `nil` for anything out of the ordinary.
    static func fastRow(_ row: UnsafeRawBufferPointer, into output: inout ByteArena) -> RowOutcome? {
        guard let source = row.baseAddress else { return nil }
        let count = row.count
        var p = 0
        func digits() -> Int64? {
            var value: Int64 = 0
            let first = p
            while p < count, p - first < 18 {
                let digit = source.load(fromByteOffset: p, as: UInt8.self) &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                value = value * 10 + Int64(digit)
                p += 1
            }
            guard p > first, p < count, source.load(fromByteOffset: p, as: UInt8.self) == 0xFF else { return nil }
            p += 1
            return value
        }
        guard let leafIndex = digits(), let nulls = digits(), nulls < maskLimit else { return nil }
        let nullMask = Int(nulls)

        output.reset(reserving: 6 * count + 64)
        var out = output.base
        func put(_ byte: UInt8) {
            out.storeBytes(of: byte, as: UInt8.self)
            out += 1
        }
        put(0x00)
        put(UInt8(ascii: "["))
        out = CanonicalWriter.writeNumber(leafIndex, to: out)
        for kind in columnKinds {
            put(UInt8(ascii: ","))
            switch kind {
            case .raw:
                guard let separator = memchr(source + p, 0xFF, count - p) else { return nil }
                let length = UnsafeRawPointer(separator) - (source + p)
                out.copyMemory(from: source + p, byteCount: length)
                out += length
                p += length + 1
            case .text(let nullBit) where nullMask & nullBit != 0:
                guard p < count, source.load(fromByteOffset: p, as: UInt8.self) == 0xFF else { return nil }
                p += 1
                for byte in "null".utf8 { put(byte) }
            case .text:
                // A NOT NULL column's NULL marker 0xFD is copied like any byte; the hash then differs and
                // `carefulRow` names the column.
                put(UInt8(ascii: "\""))
                fieldLoop: while true {
                    while p + 8 <= count {
                        let word = source.loadUnaligned(fromByteOffset: p, as: UInt64.self)
                        if CanonicalWriter.needsAttention(word) { break }
                        out.storeBytes(of: word, as: UInt64.self)
                        out += 8
                        p += 8
                    }
                    guard p < count else { return nil }
                    let byte = source.load(fromByteOffset: p, as: UInt8.self)
                    p += 1
                    if byte == 0xFF { break fieldLoop }
                    out = CanonicalWriter.writeEscaped(byte, to: out)
                }
                put(UInt8(ascii: "\""))
            }
        }
        put(UInt8(ascii: "]"))
        var hasher = SHA256()
        hasher.update(bufferPointer: UnsafeRawBufferPointer(start: output.base, count: out - output.base))
        let leafHash = MerkleHash(digest: hasher.finalize())
        let stored = UnsafeRawBufferPointer(start: source + p, count: count - p)
        return RowOutcome(
            leafIndex: leafIndex, leafHash: leafHash, result: .hashed(matches: leafHash.matchesLowercaseHex(stored)))
    }

    /// One row split at every 0xFF first, so that whatever is wrong with it can be named. Text never contains
    /// 0xFF or 0xFE, so a row whose columns hold one (a BLOB written behind Baomi's back) does not split into
    /// `fieldCount` fields.
    static func carefulRow(_ row: UnsafeRawBufferPointer, terminated: Bool) -> RowOutcome {
        var fields: [UnsafeRawBufferPointer] = []
        var fieldStart = 0
        for (offset, byte) in row.enumerated() where byte == 0xFF {
            fields.append(UnsafeRawBufferPointer(rebasing: row[fieldStart..<offset]))
            fieldStart = offset + 1
        }
        fields.append(UnsafeRawBufferPointer(rebasing: row[fieldStart...]))
        guard let leafIndex = parseInteger(fields[0]) else {
            return RowOutcome(result: .malformedIndex(String(decoding: fields[0], as: UTF8.self)))
        }
        var outcome = RowOutcome(leafIndex: leafIndex, result: .unreadable("its columns are not text"))
        guard terminated, fields.count == fieldCount, let nulls = parseInteger(fields[1]), nulls >= 0,
            nulls < maskLimit
        else { return outcome }
        let nullMask = Int(nulls)
        for (column, name) in columnNames.enumerated() {
            let value = fields[2 + column]
            let nullBit = nullBits[column]
            if nullBit == 0, value.count == 1, value.first == 0xFD {
                outcome.result = .unreadable("\(name) is NULL")
                return outcome
            }
            if nullMask & nullBit != 0, !value.isEmpty { return outcome }
        }
        // 0x00 ‖ canonical JSON array: SHA-256 of it is `MerkleTree.leafHash`.
        var writer = CanonicalWriter()
        defer { writer.deallocate() }
        writer.append(0x00)
        writer.append(UInt8(ascii: "["))
        writer.appendNumber(leafIndex)
        for (column, kind) in columnKinds.enumerated() {
            writer.append(UInt8(ascii: ","))
            let value = fields[2 + column]
            switch kind {
            case .raw: writer.appendRaw(value)
            case .text(let nullBit) where nullMask & nullBit != 0: writer.appendNull()
            case .text: writer.appendString(value)
            }
        }
        writer.append(UInt8(ascii: "]"))
        var hasher = SHA256()
        hasher.update(bufferPointer: writer.bytes)
        outcome.leafHash = MerkleHash(digest: hasher.finalize())
        outcome.result = .hashed(matches: outcome.leafHash.matchesLowercaseHex(fields[hashField]))
        return outcome
    }

    /// A decimal integer as SQLite prints one (optional '-', digits); `nil` for anything else or on overflow.
    static func parseInteger(_ text: UnsafeRawBufferPointer) -> Int64? {
        var index = 0
        let negative = text.first == UInt8(ascii: "-")
        if negative { index = 1 }
        guard index < text.count, text.count - index <= 19 else { return nil }
        var value: Int64 = 0
        while index < text.count {
            let digit = text[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) =
                negative
                ? times.subtractingReportingOverflow(Int64(digit)) : times.addingReportingOverflow(Int64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        return value
    }
}

/// Scratch memory for one record's canonical bytes, reused across rows and grown when a row needs more.
struct ByteArena {
    private(set) var base: UnsafeMutableRawPointer
    private var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
        base = .allocate(byteCount: capacity, alignment: 16)
    }

    mutating func reset(reserving bytes: Int) {
        guard bytes > capacity else { return }
        base.deallocate()
        capacity = max(bytes, 2 * capacity)
        base = .allocate(byteCount: capacity, alignment: 16)
    }

    func deallocate() { base.deallocate() }
}

/// A growable byte buffer for one record's canonical bytes, reused across rows.
struct CanonicalWriter {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var length = 0

    init(capacity: Int = 1024) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    func deallocate() { storage.deallocate() }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: length) }

    mutating func reset() { length = 0 }

    private mutating func reserve(_ extra: Int) {
        guard length + extra > capacity else { return }
        var newCapacity = capacity * 2
        while newCapacity < length + extra { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: storage, count: length)
        storage.deallocate()
        storage = grown
        capacity = newCapacity
    }

    mutating func append(_ byte: UInt8) {
        reserve(1)
        storage[length] = byte
        length += 1
    }

    mutating func appendRaw(_ raw: UnsafeRawBufferPointer) {
        reserve(raw.count)
        if let source = raw.baseAddress {
            (storage + length).update(from: source.assumingMemoryBound(to: UInt8.self), count: raw.count)
        }
        length += raw.count
    }

    mutating func appendNull() {
        reserve(4)
        for byte in "null".utf8 {
            storage[length] = byte
            length += 1
        }
    }

    /// `String(number)` in ASCII.
    mutating func appendNumber(_ number: Int64) {
        reserve(20)
        let start = UnsafeMutableRawPointer(storage + length)
        length += start.distance(to: Self.writeNumber(number, to: start))
    }

    /// A JSON string with exactly `CanonicalJSON`'s escaping: `"`, `\`, `\n`, `\r`, `\t`, other bytes below 0x20
    /// as `\u00xx`, every other byte as is.
    mutating func appendString(_ text: UnsafeRawBufferPointer) {
        reserve(2 + 6 * text.count)
        var out = UnsafeMutableRawPointer(storage + length)
        out = Self.writeEscaped(0x22, quoting: false, to: out)
        for byte in text { out = Self.writeEscaped(byte, to: out) }
        out = Self.writeEscaped(0x22, quoting: false, to: out)
        length = UnsafeMutableRawPointer(storage).distance(to: out)
    }

    /// Whether any of the eight bytes is one `appendString` does not copy as is (below 0x20, `"`, `\\`) or a
    /// column separator (0xFF).
    @inline(__always)
    static func needsAttention(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
        let belowSpace = (word &- ones &* 0x20) & ~word & highs
        return belowSpace | hasZeroByte(word ^ (ones &* 0x22)) | hasZeroByte(word ^ (ones &* 0x5C)) | hasZeroByte(~word)
            != 0
    }

    /// One byte of a JSON string as `appendString` writes it (or as is, for the quotes around it); returns the
    /// position after it.
    @inline(__always)
    static func writeEscaped(
        _ byte: UInt8, quoting: Bool = true, to out: UnsafeMutableRawPointer
    )
        -> UnsafeMutableRawPointer
    {
        guard quoting else {
            out.storeBytes(of: byte, as: UInt8.self)
            return out + 1
        }
        func pair(_ second: UInt8) -> UnsafeMutableRawPointer {
            out.storeBytes(of: UInt8(ascii: "\\"), as: UInt8.self)
            (out + 1).storeBytes(of: second, as: UInt8.self)
            return out + 2
        }
        switch byte {
        case UInt8(ascii: "\""): return pair(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): return pair(UInt8(ascii: "\\"))
        case 0x0A: return pair(UInt8(ascii: "n"))
        case 0x0D: return pair(UInt8(ascii: "r"))
        case 0x09: return pair(UInt8(ascii: "t"))
        case 0x00..<0x20:
            for (offset, escaped) in [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
                .enumerated()
            {
                (out + offset).storeBytes(of: escaped, as: UInt8.self)
            }
            (out + 4).storeBytes(of: hexDigits[Int(byte >> 4)], as: UInt8.self)
            (out + 5).storeBytes(of: hexDigits[Int(byte & 0x0F)], as: UInt8.self)
            return out + 6
        default:
            out.storeBytes(of: byte, as: UInt8.self)
            return out + 1
        }
    }

    /// `String(number)` in ASCII; returns the position after it.
    static func writeNumber(_ number: Int64, to out: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        var out = out
        if number < 0 {
            out.storeBytes(of: UInt8(ascii: "-"), as: UInt8.self)
            out += 1
        }
        var magnitude = number.magnitude
        var digits = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        var slot = out + digits - 1
        repeat {
            slot.storeBytes(of: UInt8(ascii: "0") + UInt8(magnitude % 10), as: UInt8.self)
            magnitude /= 10
            slot -= 1
        } while magnitude > 0
        return out + digits
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

extension MerkleHash {
    /// Whether `hex` is exactly this hash's `hex` (64 lowercase digits), without building a String.
    func matchesLowercaseHex(_ hex: UnsafeRawBufferPointer) -> Bool {
        guard hex.count == 2 * MerkleHash.byteCount else { return false }
        return withUnsafeBytes { raw in
            var index = 0
            for byte in raw {
                guard hex[index] == Self.lowercaseHexDigit(byte >> 4),
                    hex[index + 1] == Self.lowercaseHexDigit(byte & 0x0F)
                else { return false }
                index += 2
            }
            return true
        }
    }

    private static func lowercaseHexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}

/// The verifier's stages one at a time, for `Benchmarks/` to time them separately; not part of Baomi's API.
@_spi(Benchmarks)
public enum AuditVerifierStages {
    /// The SQLite query that returns the records with leaf indices in `[?1, ?2)` as one joined BLOB, `joined`.
    public static var sqliteRangeQuery: String { SQLiteSource.rangeSQL }

    /// How many reader connections the verifier opens on a SQLite file.
    public static var sqliteReaderCount: Int { SQLiteSource.readerCount }

    /// Decodes one range's joined BLOB, re-serialises every record, hashes it and compares the hash with the
    /// stored one; the number of records that matched.
    public static func hashRange(_ joined: UnsafeRawBufferPointer, start: Int64, end: Int64) -> Int {
        guard let batch = AuditLeafDecoder.batch(from: joined, start: start, end: end) else { return 0 }
        return batch.problem?.row ?? batch.count
    }
}
