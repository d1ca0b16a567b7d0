import BaomiDomain
import Foundation

/// A comma-separated file as RFC 4180 defines it: records of fields, fields optionally in double quotes, a doubled
/// quote for a quote inside them, line breaks (CRLF, LF or CR) ending records except inside quotes.
///
/// Spreadsheets save Chinese CSV as UTF-8 with a byte-order mark; the mark is dropped. The parser works on bytes
/// because every delimiter is ASCII, which in UTF-8 never occurs inside a multi-byte character.
public struct CSVTable: Sendable, Hashable {
    /// One record and the physical line it starts on (a quoted field may span lines).
    public struct Record: Sendable, Hashable {
        public var fields: [String]
        public var line: Int

        public init(fields: [String], line: Int) {
            self.fields = fields
            self.line = line
        }

        /// A record whose every field is empty or blank, as spreadsheets write below the data.
        public var isBlank: Bool { fields.allSatisfy { $0.trimmed.isEmpty } }
    }

    /// Why a file is not CSV, and on which physical line.
    public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var message: LocalizedText

        public var description: String { "第 \(line) 行 / line \(line): \(message.bilingual)" }
    }

    public var records: [Record]

    public init(records: [Record]) {
        self.records = records
    }

    /// The UTF-8 byte-order mark Excel writes and expects at the start of a Chinese CSV file.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let lineFeed = UInt8(ascii: "\n")

    public static func parse(_ text: String) throws(SyntaxError) -> CSVTable {
        try parse(Array(text.utf8))
    }

    /// Parses a whole file. A final line break does not make an empty record; a blank line in the middle does (as
    /// RFC 4180 reads it), and callers skip `isBlank` records.
    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> CSVTable {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var index = bytes.starts(with: byteOrderMark) ? byteOrderMark.count : 0
        let end = bytes.count

        func finishField() throws(SyntaxError) {
            guard let text = String(validating: field, as: UTF8.self) else {
                throw SyntaxError(
                    line: line,
                    message: LocalizedText(
                        zh: "不是有效的 UTF-8 文本，请在表格软件中另存为「CSV UTF-8」",
                        en: "Not valid UTF-8 text; save the sheet as \"CSV UTF-8\""))
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
        }
        func finishRecord() {
            records.append(Record(fields: fields, line: recordLine))
            fields.removeAll(keepingCapacity: true)
        }
        /// Consumes one line break at `index` (CRLF counts once) and counts the line.
        func skipLineBreak() {
            if bytes[index] == carriageReturn, index + 1 < end, bytes[index + 1] == lineFeed { index += 1 }
            index += 1
            line += 1
        }

        while index < end {
            if bytes[index] == quote {
                let openedOn = line
                index += 1
                var closed = false
                while index < end {
                    let byte = bytes[index]
                    if byte == quote {
                        if index + 1 < end, bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    if byte == lineFeed
                        || (byte == carriageReturn && !(index + 1 < end && bytes[index + 1] == lineFeed))
                    {
                        line += 1
                    }
                    field.append(byte)
                    index += 1
                }
                guard closed else {
                    throw SyntaxError(
                        line: openedOn,
                        message: LocalizedText(
                            zh: "引号没有闭合：从这一行开始的字段直到文件末尾都没有结束引号",
                            en: "Unclosed quote: the field starting on this line has no closing quote"))
                }
                if index < end, ![comma, lineFeed, carriageReturn].contains(bytes[index]) {
                    throw SyntaxError(
                        line: line,
                        message: LocalizedText(
                            zh: "结束引号后还有字符；字段内的引号须写成两个双引号",
                            en: "Characters after a closing quote; a quote inside a field is written as two quotes"))
                }
            } else {
                while index < end {
                    let byte = bytes[index]
                    if byte == comma || byte == lineFeed || byte == carriageReturn { break }
                    if byte == quote {
                        throw SyntaxError(
                            line: line,
                            message: LocalizedText(
                                zh: "未加引号的字段中出现双引号；请把整个字段放在双引号中，并把其中的引号写成两个",
                                en: "A quote inside an unquoted field; quote the whole field and double the quote"))
                    }
                    field.append(byte)
                    index += 1
                }
            }
            try finishField()
            if index == end {
                finishRecord()
            } else if bytes[index] == comma {
                index += 1
                // A comma at the very end still ends a (last, empty) field.
                if index == end {
                    try finishField()
                    finishRecord()
                }
            } else {
                skipLineBreak()
                finishRecord()
                recordLine = line
            }
        }
        return CSVTable(records: records)
    }
}

/// Writes RFC 4180 CSV the way Chinese spreadsheets read it: CRLF line ends, quotes only where needed, and no cell
/// that a spreadsheet would run as a formula.
public enum CSVWriter {
    /// One record with its CRLF.
    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// One field. A leading `=`, `+`, `-` or `@` would make a spreadsheet evaluate the cell (CSV injection), so such
    /// a cell gets a leading apostrophe, which spreadsheets hide and `CSVWriter.unguarded` removes again.
    public static func field(_ text: String) -> String {
        let safe = text.first.map { formulaStarters.contains($0) } == true ? "'" + text : text
        // Scalars, not Characters: "\r\n" is one Character in Swift and would slip past a test for "\n".
        if safe.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return safe
    }

    /// A cell as it was before `field` guarded it against formula evaluation.
    public static func unguarded(_ text: String) -> String {
        guard text.first == "'", let second = text.dropFirst().first, formulaStarters.contains(second) else {
            return text
        }
        return String(text.dropFirst())
    }

    private static let formulaStarters: Set<Character> = ["=", "+", "-", "@"]
}
