import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the first sheet of an Excel workbook (`.xlsx`, Office Open XML) as rows of text, the way `CSVTable` reads
/// a CSV file: shared strings, inline strings and numbers as their text; empty cells as empty fields, so columns
/// keep their places. Formulas are read as their cached value, never run.
public enum XLSXSheetReader {
    public struct Unreadable: Error, Sendable, CustomStringConvertible {
        public var description: String { "不是可读取的 Excel 工作簿（.xlsx） / Not a readable Excel workbook (.xlsx)" }
    }

    /// The rows of the first worksheet, each with the number Excel shows beside it.
    public static func rows(_ data: Data) throws -> [CSVTable.Record] {
        guard let archive = try? Archive(data: data, accessMode: .read, pathEncoding: nil) else { throw Unreadable() }
        let strings = try entry("xl/sharedStrings.xml", in: archive).map(sharedStrings) ?? []
        let sheetPath =
            archive.first(where: { $0.path == "xl/worksheets/sheet1.xml" })?.path
            ?? archive.map(\.path).filter { $0.hasPrefix("xl/worksheets/") && $0.hasSuffix(".xml") }.sorted().first
        guard let sheetPath, let sheet = try entry(sheetPath, in: archive) else { throw Unreadable() }
        let parser = SheetParser(strings: strings)
        let xml = XMLParser(data: sheet)
        xml.delegate = parser
        guard xml.parse() else { throw Unreadable() }
        return parser.rows
    }

    private static func entry(_ path: String, in archive: Archive) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        var data = Data()
        _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
        return data
    }

    private static func sharedStrings(_ data: Data) throws -> [String] {
        let parser = SharedStringParser()
        let xml = XMLParser(data: data)
        xml.delegate = parser
        guard xml.parse() else { throw Unreadable() }
        return parser.strings
    }

    /// The column index (0 for A) of a cell reference such as `AB12`.
    static func column(of reference: String) -> Int? {
        var number = 0
        var any = false
        for scalar in reference.unicodeScalars {
            guard (65...90).contains(scalar.value) else { break }
            number = number * 26 + Int(scalar.value - 64)
            any = true
        }
        return any ? number - 1 : nil
    }
}

private final class SharedStringParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var current: String?
    private var inText = false

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if name == "si" { current = "" }
        if name == "t" { inText = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current? += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "t" { inText = false }
        if name == "si" {
            strings.append(current ?? "")
            current = nil
        }
    }
}

private final class SheetParser: NSObject, XMLParserDelegate {
    let strings: [String]
    var rows: [CSVTable.Record] = []
    private var fields: [String] = []
    private var rowNumber = 0
    private var cellColumn = 0
    private var cellType = ""
    private var value = ""
    private var inValue = false

    init(strings: [String]) {
        self.strings = strings
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch name {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            fields = []
        case "c":
            cellColumn = attributes["r"].flatMap(XLSXSheetReader.column(of:)) ?? fields.count
            cellType = attributes["t"] ?? ""
            value = ""
        case "v", "t":
            inValue = true
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue { value += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t":
            inValue = false
        case "c":
            let text =
                cellType == "s" ? Int(value).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? "" : value
            while fields.count < cellColumn { fields.append("") }
            if fields.count == cellColumn {
                fields.append(text)
            } else if cellColumn < fields.count {
                fields[cellColumn] = text
            }
        case "row":
            // Rows Excel skipped (no cells) are blank records, so numbering stays Excel's.
            while rows.count + 1 < rowNumber { rows.append(CSVTable.Record(fields: [], line: rows.count + 1)) }
            rows.append(CSVTable.Record(fields: fields, line: rowNumber))
        default:
            break
        }
    }
}
