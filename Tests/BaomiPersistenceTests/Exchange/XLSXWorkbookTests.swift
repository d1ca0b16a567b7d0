import Foundation
import Testing
import ZIPFoundation

@testable import BaomiPersistence

/// The ledgers' Excel download (LEDGERS.md, UI.md print view): a workbook whose XML declares UTF-8, so Chinese opens
/// intact when double-clicked, printed A4 landscape one page wide with the marking on every page.
@Suite("Ledgers as Excel workbooks (LEDGERS.md, #13)")
struct XLSXWorkbookTests {
    private func parts(_ data: Data) throws -> [String: String] {
        let archive = try Archive(data: data, accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            parts[entry.path] = String(decoding: bytes, as: UTF8.self)
        }
        return parts
    }

    @Test("LEDGERS.md a workbook keeps its Chinese, numbers as numbers, and prints landscape with the marking")
    func workbook() throws {
        let workbook = XLSXWorkbook(
            sheetName: "涉密载体台账", headers: ["序号", "载体名称", "密级", "备注"],
            rows: [["1", "总体方案 <第一版> & 附件", "机密", "=SUM(A1)"], ["2", "试验大纲", "秘密", ""]],
            marking: "机密")
        let data = try workbook.data()
        #expect(data.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        let parts = try parts(data)
        #expect(
            Set(parts.keys) == [
                "[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "xl/workbook.xml",
                "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",
            ])
        let strings = try #require(parts["xl/sharedStrings.xml"])
        #expect(strings.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\""))
        // Chinese as UTF-8 text, markup escaped; a formula-looking cell is a string, never evaluated.
        #expect(strings.contains("总体方案 &lt;第一版&gt; &amp; 附件") && strings.contains("试验大纲"))
        #expect(strings.contains("=SUM(A1)"))
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("orientation=\"landscape\"") && sheet.contains("fitToWidth=\"1\""))
        #expect(sheet.contains("<oddHeader>") && sheet.contains("机密</oddHeader>"))
        #expect(!sheet.contains("<f>"))
        #expect(try #require(parts["xl/workbook.xml"]).contains("name=\"涉密载体台账\""))
        // The same ledger makes the same bytes.
        #expect(try workbook.data() == data)
    }
}
