import BaomiDomain
import BaomiPersistence
import Foundation
import Testing

@Suite("CSV files as RFC 4180 reads them (LEDGERS.md: UTF-8 with BOM, Chinese headers)")
struct CSVTableTests {
    private func fields(_ text: String) throws -> [[String]] {
        try CSVTable.parse(text).records.map(\.fields)
    }

    @Test("plain fields, CRLF records, and no empty record after the final line break")
    func plainRecords() throws {
        #expect(try fields("载体名称,密级\r\n方案,机密\r\n") == [["载体名称", "密级"], ["方案", "机密"]])
        #expect(try fields("a,b\nc,d") == [["a", "b"], ["c", "d"]])
        #expect(try fields("a,b\rc,d\r") == [["a", "b"], ["c", "d"]])
        #expect(try fields("") == [])
    }

    @Test("quoted fields keep commas, doubled quotes and line breaks")
    func quotedFields() throws {
        let text = "title,notes\r\n\"方案，第一版, 含附件\",\"他说\"\"保密\"\"\"\r\n\"两行\r\n备注\",\"\"\r\n"
        let table = try CSVTable.parse(text)
        #expect(table.records.map(\.fields) == [["title", "notes"], ["方案，第一版, 含附件", "他说\"保密\""], ["两行\r\n备注", ""]])
        // The record after an embedded line break still knows the physical line it starts on.
        #expect(table.records.map(\.line) == [1, 2, 3])
        #expect(try fields("\"a\nb\",c\nd,e\n").map(\.count) == [2, 2])
        #expect(try CSVTable.parse("\"a\nb\",c\nd,e\n").records.map(\.line) == [1, 3])
    }

    @Test("empty fields: between commas, at the end of a record, and blank lines")
    func emptyFields() throws {
        #expect(try fields("a,,c\n,\n") == [["a", "", "c"], ["", ""]])
        #expect(try fields("a,b,") == [["a", "b", ""]])
        let table = try CSVTable.parse("a\n\nb\n")
        #expect(table.records.map(\.fields) == [["a"], [""], ["b"]])
        #expect(table.records.map(\.isBlank) == [false, true, false])
    }

    @Test("a UTF-8 byte-order mark is not part of the first header")
    func byteOrderMark() throws {
        let table = try CSVTable.parse(CSVTable.byteOrderMark + Array("密级,份数\r\n机密,2\r\n".utf8))
        #expect(table.records.first?.fields == ["密级", "份数"])
    }

    @Test("S4 a quote left open is refused with the line it opened on")
    func unclosedQuote() throws {
        let error = #expect(throws: CSVTable.SyntaxError.self) { try CSVTable.parse("a,b\n\"open\nstill open\n") }
        #expect(error?.line == 2)
        #expect(error?.message.zh.contains("引号没有闭合") == true)
    }

    @Test("S4 a bare quote inside an unquoted field, or text after a closing quote, is refused with its line")
    func strayQuotes() throws {
        let bare = #expect(throws: CSVTable.SyntaxError.self) { try CSVTable.parse("a,b\nc,12\"x\n") }
        #expect(bare?.line == 2)
        let trailing = #expect(throws: CSVTable.SyntaxError.self) { try CSVTable.parse("a\n\n\"x\"y\n") }
        #expect(trailing?.line == 3)
    }

    @Test("S4 a file that is not UTF-8 (e.g. saved as GBK) is refused, not misread")
    func notUTF8() throws {
        // 机密 in GBK.
        let error = #expect(throws: CSVTable.SyntaxError.self) {
            try CSVTable.parse(Array("title\n".utf8) + [0xBB, 0xFA, 0xC3, 0xDC, 0x0A])
        }
        #expect(error?.line == 2)
        #expect(error?.message.en.contains("UTF-8") == true)
    }

    @Test("what the writer writes, the parser reads back, formulas guarded")
    func writerRoundTrip() throws {
        let rows = [
            ["序号", "载体名称", "备注"], ["1", "方案, \"草稿\"", "第一行\r\n第二行"], ["2", "=HYPERLINK(\"x\")", "-1"],
            ["3", "", " 空格 "],
        ]
        let text = rows.map(CSVWriter.record).joined()
        #expect(text.hasSuffix("\r\n"))
        #expect(text.contains("'=HYPERLINK"))
        let back = try CSVTable.parse(text).records.map { $0.fields.map(CSVWriter.unguarded) }
        #expect(back == rows)
        #expect(CSVWriter.unguarded("'普通") == "'普通")
    }
}
