import Crypto
import Dispatch
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
        /// The record's columns cannot be what Baomi wrote (a NULL in a NOT NULL column, a leaf index that is not an
        /// bytes that are not text).
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
/// On SQLite a batch is one query over a range of leaf indices that returns the whole range as one value: every
/// row's columns joined by bytes that never occur in UTF-8 text (0xFF between columns, 0xFE after each row) plus a
/// bit mask of the NULL columns, so no row is decoded into Swift values one column at a time. Several ranges are read
/// at once, each on a reader connection of its own to the same file, and each is decoded and hashed as soon as it
/// arrives. Other databases get the plain one-row-at-a-time path.
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
        if try SQLDialectKind(database) == .sqlite, let sqlite = database as? any SQLiteDatabase {
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
    /// Columns that may be NULL; a NULL anywhere else means the row was not written by Baomi.
    static let nullable: Set<String> = ["actor_id", "ip", "object_type", "object_id", "object_label", "rule"]
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
            let count = min(4, ProcessInfo.processInfo.activeProcessorCount + 1)
            do {
                for _ in 0..<count {
                    let connection: SQLiteConnection = try await SQLiteConnection.open(
                        storage: .file(path: path), threadPool: .singleton, logger: pooledLogger,
                        on: MultiThreadedEventLoopGroup.singleton.any())
                    readers.append(connection)
                    let _: [SQLiteRow] = try await connection.query("PRAGMA query_only = ON", [])
                }
            } catch {
                for reader in readers { try? await reader.close() }
                throw error
            }
        }
        return SQLiteSource(pooled: pooled, readers: readers, batchSize: batchSize)
    }

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
            let batch = joined.withUnsafeReadableBytes { AuditLeafDecoder.batch(from: $0, start: start, end: end) }
            // The index is scanned in order, so rows arrive sorted; should a query plan ever differ, sort in SQL.
            if let batch { return batch }
        }
        throw PersistenceError.corrupt("audit records \(start)..<\(end) cannot be read in leaf order")
    }

    static let rangeSQL = rangeQuery(ordered: false)
    static let orderedRangeSQL = rangeQuery(ordered: true)

    /// `leaf_index 0xFF null-mask 0xFF column 0xFF … leaf_hash 0xFE` per row, rows back to back, as one BLOB.
    static func rangeQuery(ordered: Bool) -> String {
        let columns = AuditRecordColumns.hashed + ["leaf_hash"]
        let nullMask = columns.enumerated().map { "((\($0.element) IS NULL) << \($0.offset))" }
            .joined(separator: " + ")
        let row =
            "concat(leaf_index, X'FF', \(nullMask), "
            + columns.map { "X'FF', \($0)" }.joined(separator: ", ") + ", X'FE')"
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
    /// Bit i of the null mask belongs to column i of `hashed + [leaf_hash]`; these may not be NULL.
    private static let notNullMask: Int = {
        columnNames.enumerated().reduce(0) { mask, column in
            AuditRecordColumns.nullable.contains(column.element) ? mask : mask | 1 << column.offset
        }
    }()
    private static let detailsColumn = AuditRecordColumns.hashed.count - 1
    private static let columnNames = AuditRecordColumns.hashed + ["leaf_hash"]

    /// `nil` when the rows are not in strictly increasing leaf order inside `[start, end)`.
    static func batch(from joined: UnsafeRawBufferPointer, start: Int64, end: Int64) -> AuditLeafBatch? {
        var batch = AuditLeafBatch()
        guard let base = joined.baseAddress?.assumingMemoryBound(to: UInt8.self), !joined.isEmpty else {
            return batch
        }
        batch.leafIndices.reserveCapacity(Int(end - start))
        batch.leafHashes.reserveCapacity(Int(end - start))
        var writer = CanonicalWriter()
        defer { writer.deallocate() }
        // Where each field of the current row starts; a field ends one byte (the 0xFF) before the next one starts.
        var fieldStarts = [Int](repeating: 0, count: fieldCount + 1)
        var previous = start - 1
        var position = 0
        let total = joined.count

        func fail(_ kind: AuditLeafBatch.ProblemKind) -> AuditLeafBatch {
            batch.leafHashes.append(.zero)
            batch.problem = .init(row: batch.count - 1, kind: kind)
            return batch
        }

        return fieldStarts.withUnsafeMutableBufferPointer { fields -> AuditLeafBatch? in
            while position < total {
                // Split the row at 0xFF up to its 0xFE. Text never contains either byte, so a row whose columns
                // hold one (a BLOB written behind Baomi's back) does not split into `fieldCount` fields.
                var separators = 0
                fields[0] = position
                var cursor = position
                while cursor < total, base[cursor] != 0xFE {
                    if base[cursor] == 0xFF {
                        separators += 1
                        if separators < fieldCount { fields[separators] = cursor + 1 }
                    }
                    cursor += 1
                }
                let rowEnd = cursor
                position = cursor + 1
                let wellFormed = separators == fieldCount - 1 && rowEnd < total
                func field(_ index: Int) -> UnsafeRawBufferPointer {
                    let from = fields[index]
                    let to = index + 1 < fieldCount ? fields[index + 1] - 1 : rowEnd
                    return UnsafeRawBufferPointer(start: base + from, count: to - from)
                }

                let indexText = UnsafeRawBufferPointer(
                    start: base + fields[0], count: (separators > 0 ? fields[1] - 1 : rowEnd) - fields[0])
                guard let leafIndex = parseInteger(indexText) else {
                    batch.leafIndices.append(Int64.min)
                    return fail(.malformedLeafIndex(String(decoding: indexText, as: UTF8.self)))
                }
                guard leafIndex > previous, leafIndex < end else { return nil }
                previous = leafIndex
                batch.leafIndices.append(leafIndex)
                guard wellFormed, let nulls = parseInteger(field(1)), nulls >= 0, nulls < 1 << (fieldCount - 2) else {
                    return fail(.unreadable("its columns are not text"))
                }
                let nullMask = Int(nulls)
                if nullMask & notNullMask != 0 {
                    let column = columnNames.indices.first { nullMask & notNullMask & (1 << $0) != 0 } ?? 0
                    return fail(.unreadable("\(columnNames[column]) is NULL"))
                }
                // 0x00 ‖ canonical JSON array, hashed in place: SHA-256(0x00 ‖ bytes) is `MerkleTree.leafHash`.
                writer.reset()
                writer.append(0x00)
                writer.append(UInt8(ascii: "["))
                writer.appendNumber(leafIndex)
                for column in 0..<AuditRecordColumns.hashed.count {
                    writer.append(UInt8(ascii: ","))
                    let value = field(2 + column)
                    if column == detailsColumn {
                        writer.appendRaw(value)
                    } else if nullMask & (1 << column) != 0 {
                        writer.appendNull()
                    } else {
                        writer.appendString(value)
                    }
                }
                writer.append(UInt8(ascii: "]"))
                var hasher = SHA256()
                hasher.update(bufferPointer: writer.bytes)
                let leafHash = MerkleHash(digest: hasher.finalize())
                batch.leafHashes.append(leafHash)
                if !leafHash.matchesLowercaseHex(field(hashField)) {
                    batch.problem = .init(row: batch.count - 1, kind: .leafHashMismatch)
                    return batch
                }
            }
            return batch
        }
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
        var magnitude = number.magnitude
        var digits = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        if number < 0 {
            storage[length] = UInt8(ascii: "-")
            length += 1
        }
        var slot = length + digits - 1
        repeat {
            storage[slot] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            slot -= 1
        } while magnitude > 0
        length += digits
    }

    /// A JSON string with exactly `CanonicalJSON`'s escaping: `"`, `\`, `\n`, `\r`, `\t`, other bytes below 0x20 as
    /// `\u00xx`, every other byte as is.
    mutating func appendString(_ text: UnsafeRawBufferPointer) {
        reserve(2 + 6 * text.count)
        storage[length] = UInt8(ascii: "\"")
        length += 1
        for byte in text {
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                storage[length] = byte
                length += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): appendPair(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): appendPair(UInt8(ascii: "\\"))
            case 0x0A: appendPair(UInt8(ascii: "n"))
            case 0x0D: appendPair(UInt8(ascii: "r"))
            case 0x09: appendPair(UInt8(ascii: "t"))
            default:
                storage[length] = UInt8(ascii: "\\")
                storage[length + 1] = UInt8(ascii: "u")
                storage[length + 2] = UInt8(ascii: "0")
                storage[length + 3] = UInt8(ascii: "0")
                storage[length + 4] = Self.hexDigits[Int(byte >> 4)]
                storage[length + 5] = Self.hexDigits[Int(byte & 0x0F)]
                length += 6
            }
        }
        storage[length] = UInt8(ascii: "\"")
        length += 1
    }

    private mutating func appendPair(_ second: UInt8) {
        storage[length] = UInt8(ascii: "\\")
        storage[length + 1] = second
        length += 2
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
