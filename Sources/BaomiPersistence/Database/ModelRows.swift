import FluentKit
import SQLKit
import Synchronization

/// Fluent models read through hand-written SQL: several related tables joined in one statement where Fluent's eager
/// loading sends one query per relation, each built, serialised and decoded by its query builder. On the paths that
/// run on every request (the session, a request with its copies) that machinery cost more than the database work.
///
/// A table's columns are selected as `alias.column AS alias__column`; `decode` reads them back into a model that Fluent
/// treats as loaded from the database (it can be saved and its relations set).
enum ModelRows {
    private static let selectLists = Mutex<[String: String]>([:])

    /// The SELECT list of every column of `Model` under a table alias, e.g. `k.id AS k__id, k.serial AS k__serial`.
    static func columns<M: Model>(_ type: M.Type, as alias: String) -> String {
        let cacheKey = "\(M.schema) \(alias)"
        if let cached = selectLists.withLock({ $0[cacheKey] }) { return cached }
        let list = M.keys.map { "\(alias).\($0.description) AS \(alias)__\($0.description)" }.joined(separator: ", ")
        selectLists.withLock { $0[cacheKey] = list }
        return list
    }

    /// The model whose columns `columns(_:as:)` selected under `alias`; nil when an outer join found no row (its
    /// `id` is null: every Baomi table keyed by `id` has one).
    static func decode<M: Model>(_ type: M.Type, as alias: String, from row: any SQLRow) throws -> M? {
        let output = PrefixedRowOutput(row: row, prefix: "\(alias)__")
        if try output.decodeNil(.id) { return nil }
        let model = M()
        try model.output(from: output)
        return model
    }

    /// As `decode`, for a table joined without OUTER.
    static func require<M: Model>(_ type: M.Type, as alias: String, from row: any SQLRow) throws -> M {
        guard let model = try decode(type, as: alias, from: row) else {
            throw PersistenceError.corrupt("\(M.schema) row missing from a join")
        }
        return model
    }
}

/// A row as a model reads its fields from it, each column name prefixed: `alias__` for a table of a hand-written
/// join, `schema_` once Fluent's own query names the schema (`schema(_:)`), as Fluent's SQL drivers name columns.
struct PrefixedRowOutput: DatabaseOutput {
    let row: any SQLRow
    let prefix: String
    /// On the synchronous connections, the row and the positions of this alias's columns (`ColumnNames.aliased`).
    private let aliased: (row: SynchronousSQLiteRow, fields: [String: Int])?

    init(row: any SQLRow, prefix: String) {
        self.row = row
        self.prefix = prefix
        if let row = row as? SynchronousSQLiteRow, let fields = row.columns.aliased[prefix] {
            aliased = (row, fields)
        } else {
            aliased = nil
        }
    }

    var description: String { "\(prefix)* of \(row)" }

    func schema(_ schema: String) -> any DatabaseOutput { PrefixedRowOutput(row: row, prefix: "\(prefix)\(schema)_") }

    func contains(_ key: FieldKey) -> Bool {
        if let aliased { return aliased.fields[key.description] != nil }
        return row.contains(column: prefix + key.description)
    }

    func decodeNil(_ key: FieldKey) throws -> Bool {
        if let aliased {
            guard let index = aliased.fields[key.description] else { return true }
            return aliased.row.isNull(at: index)
        }
        return try row.decodeNil(column: prefix + key.description)
    }

    func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T {
        if let aliased, let index = aliased.fields[key.description] {
            return try aliased.row.decode(at: index, as: T.self)
        }
        return try row.decode(column: prefix + key.description, as: T.self)
    }
}
