import CSQLiteNIOSymbols
import FluentKit
import FluentSQL
import Foundation
import Logging
import NIOCore
import SQLKit
import SQLiteKit
import Synchronization

/// One SQLite connection used synchronously on one thread, its prepared statements kept for reuse.
///
/// It calls the SQLite that sqlite-nio bundles (`CSQLiteNIOSymbols`): a second copy of SQLite in the process would
/// keep POSIX locks of its own on the same file, which SQLite documents as a way to corrupt it. Values are bound and
/// read as SQLiteKit encodes and decodes them (`SQLiteDataEncoder`, `SQLiteDataDecoder`), so rows written here and
/// through Fluent's pool are the same. Not thread-safe: the SQLite writer uses it on its event loop only.
final class SynchronousSQLiteConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    /// Prepared statements by their SQL. Bounded, the least recently used going first: SQL that embeds values or
    /// lists of varying length would otherwise add statements for ever.
    private var prepared: [String: KeptStatement] = [:]
    private var uses: UInt64 = 0
    static let keptStatements = 256
    var keptStatementCount: Int { prepared.count }

    /// `groupCommit`: COMMIT skips its fsync (`synchronous=NORMAL`), for a caller that awaits a `DurabilityBarrier`
    /// before it answers (see `DatabaseTuning`); otherwise each COMMIT fsyncs.
    init(path: String, groupCommit: Bool = false, readOnly: Bool = false) throws {
        // READONLY or READWRITE | CREATE, with URI | NOMUTEX: one thread at a time uses this connection.
        let flags: Int32 = (readOnly ? 0x1 : 0x2 | 0x4) | 0x40 | 0x8000
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard status == 0 else { throw SynchronousSQLiteError(code: status, message: "cannot open \(path)") }
        // No busy timeout: a statement that meets a lock another connection holds (another process's import) fails
        // at once with SQLITE_BUSY instead of sleeping on this thread, an event loop in the server. The caller waits
        // off the thread and tries again (`SQLiteWriter.begin`, `SQLiteReaders.retry`).
        _ = sqlite_nio_sqlite3_busy_timeout(handle, 0)
        // A read-only connection reads a few pages a statement, and each statement after another's commit begins
        // by unmapping the whole file (SQLite's pager does, on a changed WAL): the unmapping and the page faults
        // after cost more than copying those pages. Its pages come from the kernel's page cache either way.
        for pragma in [
            "PRAGMA foreign_keys = ON", "PRAGMA synchronous = \(groupCommit ? "NORMAL" : "FULL")",
            "PRAGMA temp_store = MEMORY",
            "PRAGMA mmap_size = \(readOnly ? 0 : DatabaseTuning.mmapBytes)",
            // The writer copies the WAL back into the file every 4,000 pages rather than SQLite's 1,000: the same
            // few pages (a loan's, the audit log's tail) change on every hand-over, and are copied once a round.
            "PRAGMA wal_autocheckpoint = \(readOnly ? 1000 : 4000)",
        ] {
            try execute(pragma, []) { _ in }
        }
    }

    deinit {
        close()
    }

    /// Finalizes the kept statements and closes the connection; using it after this fails.
    func close() {
        for kept in prepared.values { sqlite_nio_sqlite3_finalize(kept.handle) }
        prepared = [:]
        if let handle { sqlite_nio_sqlite3_close_v2(handle) }
        handle = nil
    }

    func execute(_ sql: String, _ binds: [SQLiteData], onRow: (SynchronousSQLiteRow) throws -> Void) throws {
        // SQLITE_MISUSE: SQLite itself would not check a closed handle.
        guard handle != nil else { throw SynchronousSQLiteError(code: 21, message: "the connection is closed") }
        // A nested use of SQL being stepped gets a statement of its own, finalized after.
        let kept: KeptStatement?
        if let found = prepared[sql] {
            kept = found.stepping ? nil : found
        } else {
            kept = keep(try prepare(sql, persistent: true), for: sql)
        }
        let statement = try kept?.handle ?? prepare(sql, persistent: false)
        uses += 1
        kept?.lastUse = uses
        kept?.stepping = true
        defer {
            if let kept {
                // Not sqlite3_clear_bindings: it marks a statement whose plan looked at a bound value (a join on
                // a bound column does) as expired, and SQLite compiles it anew at the next step. Every value is
                // bound again on each use (checked below), so none is left over.
                sqlite_nio_sqlite3_reset(statement)
                kept.stepping = false
            } else {
                sqlite_nio_sqlite3_finalize(statement)
            }
        }
        guard binds.count == Int(sqlite_nio_sqlite3_bind_parameter_count(statement)) else {
            throw SynchronousSQLiteError(
                code: 25, message: "\(binds.count) values for the parameters of \(sql)")  // SQLITE_RANGE
        }
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let integer): status = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
            case .float(let double): status = sqlite_nio_sqlite3_bind_double(statement, index, double)
            case .null: status = sqlite_nio_sqlite3_bind_null(statement, index)
            case .text(let text):
                status = sqlite_nio_sqlite3_bind_text64(
                    statement, index, text, UInt64(text.utf8.count), baomi_sqlite_transient(), 1)
            case .blob(let buffer):
                status = buffer.withUnsafeReadableBytes {
                    sqlite_nio_sqlite3_bind_blob64(
                        statement, index, $0.baseAddress, UInt64($0.count), baomi_sqlite_transient())
                }
            }
            guard status == 0 else { throw error(status) }
        }
        var columns: ColumnNames?
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == 101 { return }  // SQLITE_DONE
            guard status == 100 else { throw error(status) }  // SQLITE_ROW
            let count = sqlite_nio_sqlite3_column_count(statement)
            let names = columns ?? ColumnNames.of(statement, kept: kept)
            columns = names
            var values: [SQLiteData] = []
            values.reserveCapacity(Int(count))
            for column in 0..<count {
                switch sqlite_nio_sqlite3_column_type(statement, column) {
                case 1: values.append(.integer(Int(sqlite_nio_sqlite3_column_int64(statement, column))))
                case 2: values.append(.float(sqlite_nio_sqlite3_column_double(statement, column)))
                case 3:
                    let text = sqlite_nio_sqlite3_column_text(statement, column)
                    values.append(.text(text.map { String(cString: $0) } ?? ""))
                case 4:
                    let bytes = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                    var buffer = ByteBufferAllocator().buffer(capacity: bytes)
                    if let blob = sqlite_nio_sqlite3_column_blob(statement, column) {
                        buffer.writeBytes(UnsafeRawBufferPointer(start: blob, count: bytes))
                    }
                    values.append(.blob(buffer))
                default: values.append(.null)
                }
            }
            try onRow(SynchronousSQLiteRow(columns: names, values: values))
        }
    }

    /// How many times SQLite compiled the kept statement for `sql` again since it was prepared (a schema change, or a
    /// bound value the query plan depends on), nil when none is kept.
    func timesRecompiled(_ sql: String) -> Int? {
        prepared[sql].map { Int(sqlite_nio_sqlite3_stmt_status($0.handle, 5, 0)) }  // SQLITE_STMTSTATUS_REPREPARE
    }

    private func prepare(_ sql: String, persistent: Bool) throws -> OpaquePointer {
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, persistent ? 0x01 : 0, &statement, nil)
        guard status == 0, let statement else { throw error(status) }
        return statement
    }

    /// Keeps `statement` for `sql`, first finalizing the least recently used one when there are as many as allowed.
    private func keep(_ statement: OpaquePointer, for sql: String) -> KeptStatement {
        if prepared.count >= Self.keptStatements {
            var leastRecent: (sql: String, statement: KeptStatement)?
            for (sql, kept) in prepared where !kept.stepping && kept.lastUse < (leastRecent?.statement.lastUse ?? .max)
            {
                leastRecent = (sql, kept)
            }
            if let (sql, kept) = leastRecent {
                prepared.removeValue(forKey: sql)
                sqlite_nio_sqlite3_finalize(kept.handle)
            }
        }
        let kept = KeptStatement(handle: statement)
        prepared[sql] = kept
        return kept
    }

    private func error(_ status: Int32) -> SynchronousSQLiteError {
        SynchronousSQLiteError(
            code: sqlite_nio_sqlite3_extended_errcode(handle),
            message: sqlite_nio_sqlite3_errmsg(handle).map { String(cString: $0) } ?? "SQLite error \(status)")
    }
}

struct SynchronousSQLiteError: Error, CustomStringConvertible, DatabaseError {
    var code: Int32
    var message: String
    var description: String { message }
    var isSyntaxError: Bool { code & 0xFF == 1 }
    /// SQLITE_BUSY and its extended codes: another connection holds the lock this statement needs.
    var isBusy: Bool { code & 0xFF == 5 }
    var isConstraintFailure: Bool { code & 0xFF == 19 }
    var isConnectionClosed: Bool { false }
}

/// A statement kept for reuse, with the names of its result columns once read.
private final class KeptStatement {
    let handle: OpaquePointer
    var stepping = false
    var lastUse: UInt64 = 0
    var columns: ColumnNames?

    init(handle: OpaquePointer) {
        self.handle = handle
    }
}

/// A statement's result columns by name: a model's forty-odd fields are each looked up by name in every row.
final class ColumnNames: Sendable {
    let names: [String]
    let positions: [String: Int]
    /// The `alias__column` columns of a hand-written join (`ModelRows`) by alias (with its `__`), then column: a
    /// model's fields are found without writing out each prefixed name.
    let aliased: [String: [String: Int]]

    /// The columns of `statement`'s result, read once for a kept statement. Its columns change only with the
    /// schema (`SELECT *` after a column is added), which a changed count shows.
    fileprivate static func of(_ statement: OpaquePointer, kept: KeptStatement?) -> ColumnNames {
        let count = sqlite_nio_sqlite3_column_count(statement)
        if let known = kept?.columns, known.names.count == count { return known }
        let columns = ColumnNames(
            names: (0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(statement, $0)) })
        kept?.columns = columns
        return columns
    }

    private init(names: [String]) {
        self.names = names
        // Where two columns share a name, the first is the one read (as a search from the start would find).
        positions = Dictionary(zip(names, names.indices), uniquingKeysWith: { first, _ in first })
        var aliased: [String: [String: Int]] = [:]
        for (index, name) in names.enumerated() {
            guard let separator = name.range(of: "__") else { continue }
            let alias = String(name[..<separator.upperBound])
            let column = String(name[separator.upperBound...])
            if aliased[alias]?[column] == nil { aliased[alias, default: [:]][column] = index }
        }
        self.aliased = aliased
    }
}

struct SynchronousSQLiteRow: SQLRow {
    let columns: ColumnNames
    let values: [SQLiteData]

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.positions[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let index = columns.positions[column] else { return true }
        if case .null = values[index] { return true }
        return false
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let index = columns.positions[column] else {
            throw SynchronousSQLiteError(code: 1, message: "no column \(column)")
        }
        return try SQLiteValues.decode(D.self, from: values[index])
    }

    func decode<D: Decodable>(at index: Int, as type: D.Type) throws -> D {
        try SQLiteValues.decode(D.self, from: values[index])
    }

    func isNull(at index: Int) -> Bool {
        if case .null = values[index] { return true }
        return false
    }
}

/// Synchronous SQLite as Fluent and SQLKit see it: raw SQL and Fluent's model queries (converted as Fluent's SQLite
/// driver converts them), each run at once on the calling thread — on the writer's connection inside its
/// transaction, or on a read-only connection borrowed from `SQLiteReaders` for one statement.
struct SynchronousSQLiteDatabase: Database, SQLDatabase {
    enum Source: Sendable {
        case transaction(SynchronousSQLiteConnection)
        case readers(SQLiteReaders)
    }

    let source: Source
    let context: DatabaseContext

    var eventLoop: any EventLoop { context.eventLoop }
    var logger: Logger { context.logger }
    var version: (any SQLDatabaseReportedVersion)? { nil }
    var dialect: any SQLDialect { SQLiteDialect() }
    var inTransaction: Bool {
        if case .transaction = source { return true }
        return false
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        let (sql, binds) = serialize(query)
        let values = try binds.map { try SQLiteValues.encode($0) }
        switch source {
        case .transaction(let connection): try connection.execute(sql, values) { onRow($0) }
        case .readers(let readers): try readers.withConnection { try $0.execute(sql, values) { onRow($0) } }
        }
    }

    /// Without a future: nothing here waits, so nothing needs to resume on another thread — unless a read meets a
    /// lock (`readAgain`).
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        do {
            try run(query, onRow)
        } catch let error as SynchronousSQLiteError where error.isBusy {
            try await readAgain(query, onRow, after: error)
        }
    }

    func execute(
        sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void
    )
        -> EventLoopFuture<Void>
    {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch let error as SynchronousSQLiteError where error.isBusy {
            return eventLoop.makeFutureWithTask { try await readAgain(query, onRow, after: error) }
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    /// A read that met a lock: in WAL mode only a connection recovering the WAL index (the first to open the file after
    /// a crash) or one holding the file exclusively makes a reader wait. It is tried again off the thread until the
    /// readers' `lockWait` has passed (`SQLiteReaders.retry`). SQLITE_BUSY comes before a statement's first row, so no
    /// row is delivered twice. The writer's transaction holds its locks already and is not retried.
    private func readAgain(
        _ query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void,
        after error: SynchronousSQLiteError
    ) async throws {
        guard case .readers(let readers) = source else { throw error }
        try await readers.retry { try run(query, onRow) }
    }

    func execute(
        query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void
    )
        -> EventLoopFuture<Void>
    {
        var converted = SQLQueryConverter(delegate: SynchronousSQLiteConverterDelegate()).convert(query)
        // As Fluent's SQLite driver does: a create returns the ids it stored.
        if case .create = query.action, query.customIDKey != .some(.string("")) {
            converted = SQLKit.SQLList(
                [converted, SQLReturning(SQLColumn((query.customIDKey ?? .id).description))], separator: SQLRaw(" "))
        }
        return execute(sql: converted) { onOutput(PrefixedRowOutput(row: $0, prefix: "")) }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        eventLoop.makeFailedFuture(SynchronousSQLiteError(code: 1, message: "schema changes run through migrations"))
    }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> {
        eventLoop.makeSucceededVoidFuture()
    }

    /// Inside the writer's transaction: itself. Read-only connections take no transaction: each statement reads
    /// what was committed when it began.
    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        closure(self)
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        closure(self)
    }
}

/// Read-only synchronous connections to the SQLite file, lent for one statement at a time to whichever thread
/// asks: a read then runs where it was asked for, with its prepared statement kept, instead of crossing to
/// SQLiteNIO's thread pool and back (issue #4). In WAL mode readers never wait for the writer.
public final class SQLiteReaders: Sendable {
    private let path: String
    private let idle = Mutex<[SynchronousSQLiteConnection]>([])
    /// How long a read waits for a lock another connection holds (rare in WAL mode: see `readAgain`).
    let lockWait: Duration

    public init(path: String, lockWait: Duration = SQLiteWriter.serverLockWait) {
        self.path = path
        self.lockWait = lockWait
    }

    /// A database for reads on behalf of a request on `eventLoop`.
    public func database(on eventLoop: any EventLoop, logger: Logger) -> any Database {
        SynchronousSQLiteDatabase(
            source: .readers(self),
            context: DatabaseContext(
                configuration: SynchronousSQLiteConfiguration(), logger: logger, eventLoop: eventLoop))
    }

    func withConnection<T>(_ body: (SynchronousSQLiteConnection) throws -> T) throws -> T {
        let connection = try idle.withLock { $0.popLast() } ?? SynchronousSQLiteConnection(path: path, readOnly: true)
        defer { idle.withLock { $0.append(connection) } }
        return try body(connection)
    }

    /// Runs `read`, which met a lock, again after sleeps of 1, 2, 4 … 20 ms (the task sleeps; the thread, an event
    /// loop in the server, serves others) until it runs or `lockWait` has passed, then throws `DatabaseBusy`.
    func retry(_ read: () throws -> Void) async throws {
        let start = ContinuousClock.now
        let deadline = start + lockWait
        var pause = Duration.milliseconds(1)
        while true {
            try await Task.sleep(until: min(ContinuousClock.now + pause, deadline), clock: .continuous)
            do {
                try read()
                return
            } catch let error as SynchronousSQLiteError where error.isBusy {
                let now = ContinuousClock.now
                guard now < deadline else { throw DatabaseBusy(waited: now - start) }
                pause = min(pause * 2, SQLiteWriter.longestPause)
            }
        }
    }
}

/// Fluent's SQLite column types (as its SQLite driver declares them).
private struct SynchronousSQLiteConverterDelegate: SQLConverterDelegate {
    func customDataType(_ dataType: DatabaseSchema.DataType) -> (any SQLExpression)? {
        switch dataType {
        case .string, .enum: SQLRaw("TEXT")
        case .datetime: SQLRaw("REAL")
        case .int64: SQLRaw("INTEGER")
        default: nil
        }
    }
}

/// What Fluent's `DatabaseContext` asks of a configuration. The writer is never registered with `Databases`, so no
/// driver is ever made from it.
struct SynchronousSQLiteConfiguration: DatabaseConfiguration {
    var middleware: [any AnyModelMiddleware] = []

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        preconditionFailure("the SQLite writer is not a Databases driver")
    }
}
