import Foundation
import ZIPFoundation

/// A ledger as an Excel workbook (Office Open XML SpreadsheetML, ECMA-376): one sheet with a frozen header row, an
/// autofilter, column widths fitted to the text, and a page set up the way the ledger is printed — A4 landscape, one
/// page wide, the marking at the top and bottom of every page (UI.md print view).
///
/// Unlike a CSV file, whose encoding a spreadsheet has to guess (LibreOffice and older Excel take it for the system's
/// code page unless told), the workbook's XML declares UTF-8, so Chinese opens intact wherever it is double-clicked.
/// Every cell is a string from the shared-string table, except whole numbers, which are numbers: a string cell is
/// never evaluated, so no guard against formula injection is needed here (CSV needs one).
public struct XLSXWorkbook: Sendable {
    /// The sheet's name as the tab shows it (at most 31 characters, none of `[]:*?/\`).
    public var sheetName: String
    public var headers: [String]
    public var rows: [[String]]
    /// Printed centred at the top and bottom of every page, e.g. `机密`; nothing when empty.
    public var marking: String
    public var landscape: Bool

    public init(sheetName: String, headers: [String], rows: [[String]], marking: String = "", landscape: Bool = true) {
        self.sheetName = sheetName
        self.headers = headers
        self.rows = rows
        self.marking = marking
        self.landscape = landscape
    }

    /// The MIME type a download of it carries.
    public static let contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The `.xlsx` file's bytes.
    public func data() throws -> Data {
        var strings = SharedStrings()
        let sheet = sheetXML(strings: &strings)
        let parts: [(String, String)] = [
            ("[Content_Types].xml", Self.contentTypes),
            ("_rels/.rels", Self.packageRelationships),
            ("docProps/app.xml", Self.application),
            ("xl/workbook.xml", workbookXML),
            ("xl/_rels/workbook.xml.rels", Self.workbookRelationships),
            ("xl/styles.xml", Self.styles),
            ("xl/sharedStrings.xml", strings.xml),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
        let archive = try Archive(accessMode: .create)
        // One fixed date: the same ledger makes the same bytes (a file's date says nothing about its rows).
        let date = Date(timeIntervalSince1970: 1_767_225_600)
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: date,
                compressionMethod: .deflate
            ) { position, size in
                bytes.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    // MARK: Parts

    private var safeSheetName: String {
        let cleaned = String(sheetName.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        return cleaned.isEmpty ? "Sheet1" : cleaned
    }

    private var lastColumn: String { Self.columnName(max(headers.count, rows.map(\.count).max() ?? 0, 1)) }

    private var workbookXML: String {
        let name = Self.escape(safeSheetName)
        let quoted = "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
        return """
            \(Self.declaration)<workbook xmlns="\(Self.main)" xmlns:r="\(Self.relationships)">\
            <sheets><sheet name="\(name)" sheetId="1" r:id="rId1"/></sheets>\
            <definedNames>\
            <definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">\(quoted)!$A$1:$\(lastColumn)$\(rows.count + 1)</definedName>\
            <definedName name="_xlnm.Print_Titles" localSheetId="0">\(quoted)!$1:$1</definedName>\
            </definedNames></workbook>
            """
    }

    private func sheetXML(strings: inout SharedStrings) -> String {
        var xml = Self.declaration + "<worksheet xmlns=\"\(Self.main)\" xmlns:r=\"\(Self.relationships)\">"
        xml += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
        xml += "<dimension ref=\"A1:\(lastColumn)\(rows.count + 1)\"/>"
        xml += "<sheetViews><sheetView workbookViewId=\"0\">"
        xml += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        xml += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        xml += "<cols>"
        for (index, width) in columnWidths.enumerated() {
            xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
        }
        xml += "</cols><sheetData>"
        xml += row(1, headers, style: 1, strings: &strings)
        for (offset, cells) in rows.enumerated() {
            xml += row(offset + 2, cells, style: 0, strings: &strings)
        }
        xml += "</sheetData>"
        xml += "<autoFilter ref=\"A1:\(lastColumn)\(rows.count + 1)\"/>"
        xml += "<pageMargins left=\"0.4\" right=\"0.4\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"
        xml += "<pageSetup paperSize=\"9\" orientation=\"\(landscape ? "landscape" : "portrait")\" "
        xml += "fitToWidth=\"1\" fitToHeight=\"0\"/>"
        if !marking.isEmpty {
            // `&C` centres the text; a literal ampersand is written `&&` in a header.
            let text = Self.escape("&C" + marking.replacingOccurrences(of: "&", with: "&&"))
            xml += "<headerFooter><oddHeader>\(text)</oddHeader><oddFooter>\(text)</oddFooter></headerFooter>"
        }
        return xml + "</worksheet>"
    }

    private func row(_ number: Int, _ cells: [String], style: Int, strings: inout SharedStrings) -> String {
        var xml = "<row r=\"\(number)\">"
        let styleAttribute = style == 0 ? "" : " s=\"\(style)\""
        for (index, text) in cells.enumerated() where !text.isEmpty {
            let reference = Self.columnName(index + 1) + String(number)
            if style == 0, Self.isWholeNumber(text) {
                xml += "<c r=\"\(reference)\"><v>\(text)</v></c>"
            } else {
                xml += "<c r=\"\(reference)\"\(styleAttribute) t=\"s\"><v>\(strings.index(of: text))</v></c>"
            }
        }
        return xml + "</row>"
    }

    /// Widths in characters: a Chinese character counts two, a column is as wide as its longest line, between 6
    /// and 50 (longer text wraps when printed).
    private var columnWidths: [Int] {
        let count = max(headers.count, rows.map(\.count).max() ?? 0)
        var widths = Array(repeating: 6, count: count)
        for cells in [headers] + rows.prefix(2_000) {
            for (index, text) in cells.enumerated() where index < count {
                let longest =
                    text.split(whereSeparator: \.isNewline).map { line in
                        line.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E7F ? 2 : 1) }
                    }.max() ?? 0
                widths[index] = min(50, max(widths[index], longest + 2))
            }
        }
        return widths
    }

    /// 1 → A, 27 → AA.
    static func columnName(_ number: Int) -> String {
        var number = number
        var name = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            number = (number - 1) / 26
        }
        return name
    }

    /// A whole number a spreadsheet may add up (序号, 份数): no sign, no leading zero (an employee number such as 0012
    /// stays text), at most 15 digits (what a double holds exactly).
    static func isWholeNumber(_ text: String) -> Bool {
        guard let first = text.first, (1...15).contains(text.count), text.allSatisfy(\.isASCII) else { return false }
        return text.allSatisfy(\.isNumber) && (first != "0" || text == "0")
    }

    /// Text as XML character data: the five entities escaped, and the control characters XML 1.0 cannot carry
    /// dropped (a tab and line breaks stay).
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The shared-string table: each distinct text once, cells point at it by index.
    private struct SharedStrings {
        private var indices: [String: Int] = [:]
        private var texts: [String] = []

        mutating func index(of text: String) -> Int {
            if let index = indices[text] { return index }
            indices[text] = texts.count
            texts.append(text)
            return texts.count - 1
        }

        var xml: String {
            var xml = XLSXWorkbook.declaration
            xml += "<sst xmlns=\"\(XLSXWorkbook.main)\" count=\"\(texts.count)\" uniqueCount=\"\(texts.count)\">"
            for text in texts {
                let preserve = text.first?.isWhitespace == true || text.last?.isWhitespace == true
                xml += preserve ? "<si><t xml:space=\"preserve\">" : "<si><t>"
                xml += XLSXWorkbook.escape(text) + "</t></si>"
            }
            return xml + "</sst>"
        }
    }

    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static let contentTypes = """
        \(declaration)<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
        <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
        </Types>
        """

    static let packageRelationships = """
        \(declaration)<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/>\
        <Relationship Id="rId2" Type="\(relationships)/extended-properties" Target="docProps/app.xml"/>\
        </Relationships>
        """

    static let application = """
        \(declaration)<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
        <Application>Baomi</Application></Properties>
        """

    static let workbookRelationships = """
        \(declaration)<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relationships)/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="\(relationships)/styles" Target="styles.xml"/>\
        <Relationship Id="rId3" Type="\(relationships)/sharedStrings" Target="sharedStrings.xml"/>\
        </Relationships>
        """

    /// Two cell formats: plain (0) and the header's bold with a bottom border (1). The font names a CJK face first,
    /// with the scheme's fallback.
    static let styles = """
        \(declaration)<styleSheet xmlns="\(main)">\
        <fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>\
        <font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
        <border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}
