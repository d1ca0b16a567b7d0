import BaomiDomain
import Foundation

/// A column of an organisation, people or storage-place file: its Chinese header, and its English one (the raw value).
public protocol DirectoryColumn: CaseIterable, Hashable, Sendable, RawRepresentable where RawValue == String {
    var chineseHeader: String { get }
    /// The columns a file must have.
    static var required: [Self] { get }
}

/// The rows of a CSV file whose headers name `Column`s, each cell trimmed; header problems refuse the file whole,
/// because a misspelt 部门编码 would otherwise turn every row into the same refusal.
public struct DirectorySheet<Column: DirectoryColumn>: Sendable {
    public struct Row: Sendable {
        /// As a spreadsheet numbers it: the header is row 1.
        public var row: Int
        var cells: [Column: String]

        /// The cell, or nil when the column is absent or the cell blank.
        public func value(_ column: Column) -> String? {
            cells[column].flatMap { $0.isEmpty ? nil : $0 }
        }

        public func has(_ column: Column) -> Bool { cells[column] != nil }
    }

    public var rows: [Row]
    public var blankRows: Int
    /// Headers present in the file that this kind of import reads past (`readingPast`).
    public var ignoredColumns: [String]
    private var headers: [Column: String]

    public var columns: Set<Column> { Set(headers.keys) }

    /// The column's header as the file spells it.
    public func header(_ column: Column) -> String { headers[column] ?? column.chineseHeader }

    /// A problem at a row's cell.
    public func problem(_ row: Row, _ column: Column, rule: RuleID? = nil, zh: String, en: String) -> ImportProblem {
        ImportProblem(row: row.row, column: header(column), rule: rule, message: LocalizedText(zh: zh, en: en))
    }

    /// Reads `table`; `readingPast` are columns accepted in the header and not read (another administrator's part);
    /// `requiring` the columns the file must have (default: `Column.required`).
    public static func read(
        _ table: CSVTable, readingPast: Set<Column> = [], requiring: [Column] = Column.required
    ) throws(ImportFileError) -> Self {
        guard let header = table.records.first else {
            throw ImportFileError(
                rule: nil, message: LocalizedText(zh: "文件是空的：第一行应为表头", en: "The file is empty: row 1 is the header"))
        }
        var positions: [Int: Column] = [:]
        var headers: [Column: String] = [:]
        var unknown: [String] = []
        var repeated: [String] = []
        var ignored: [String] = []
        for (position, raw) in header.fields.enumerated() {
            let name = raw.trimmed
            if name.isEmpty { continue }
            guard let column = Column.named(name) else {
                unknown.append(name)
                continue
            }
            if headers[column] != nil { repeated.append(name) }
            if readingPast.contains(column) {
                ignored.append(name)
                continue
            }
            positions[position] = column
            headers[column] = name
        }
        var zh: [String] = []
        var en: [String] = []
        if !unknown.isEmpty {
            let known = Column.allCases.map { "\($0.chineseHeader)/\($0.rawValue)" }.joined(separator: "、")
            zh.append("无法识别的列：\(unknown.joined(separator: "、"))（可用的列名：\(known)）")
            en.append("Unknown columns: \(unknown.joined(separator: ", ")) (known: \(known))")
        }
        if !repeated.isEmpty {
            zh.append("重复的列：\(repeated.joined(separator: "、"))")
            en.append("Repeated columns: \(repeated.joined(separator: ", "))")
        }
        let missing = requiring.filter { headers[$0] == nil && !readingPast.contains($0) }
        if !missing.isEmpty {
            zh.append("缺少必需的列：\(missing.map(\.chineseHeader).joined(separator: "、"))")
            en.append(
                "Missing columns: \(missing.map { "\($0.chineseHeader) (\($0.rawValue))" }.joined(separator: ", "))")
        }
        if !zh.isEmpty {
            throw ImportFileError(
                rule: nil, message: LocalizedText(zh: zh.joined(separator: "；"), en: en.joined(separator: "; ")))
        }
        var sheet = Self(rows: [], blankRows: 0, ignoredColumns: ignored, headers: headers)
        for (offset, record) in table.records.enumerated().dropFirst() {
            if record.isBlank {
                sheet.blankRows += 1
                continue
            }
            var cells: [Column: String] = [:]
            for (position, column) in positions {
                cells[column] =
                    position < record.fields.count ? CSVWriter.unguarded(record.fields[position]).trimmed : ""
            }
            sheet.rows.append(Row(row: offset + 1, cells: cells))
        }
        return sheet
    }
}

extension DirectoryColumn {
    /// The column a header names, in Chinese or English (any case).
    static func named(_ header: String) -> Self? {
        allCases.first { $0.chineseHeader == header || $0.rawValue.lowercased() == header.lowercased() }
    }
}

/// The words a directory file may use for yes/no and enumerations; an unknown word's message lists the accepted ones.
enum DirectoryVocabulary {
    static func yesNo(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "是", "y", "yes", "true", "1": true
        case "否", "n", "no", "false", "0": false
        default: nil
        }
    }

    static let yesNoWords = "是、否"

    /// A case of an enumeration by its Chinese title, its English title or its raw value.
    static func word<Value: RawRepresentable & CaseIterable>(
        _ text: String, _ title: (Value) -> LocalizedText, aliases: [String: Value] = [:]
    ) -> Value? where Value.RawValue == String {
        if let alias = aliases[text] { return alias }
        return Value.allCases.first {
            title($0).zh == text || title($0).en.lowercased() == text.lowercased() || $0.rawValue == text
        }
    }

    static func words<Value: CaseIterable>(_ title: (Value) -> LocalizedText) -> String {
        Value.allCases.map { title($0).zh }.joined(separator: "、")
    }

    /// Up to ten known codes, for a message about an unknown one.
    static func someOf(_ codes: some Collection<String>) -> String {
        let sorted = codes.sorted()
        return sorted.prefix(10).joined(separator: "、") + (sorted.count > 10 ? "…" : "")
    }
}
