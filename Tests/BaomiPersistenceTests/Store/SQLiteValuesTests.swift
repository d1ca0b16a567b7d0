import Foundation
import SQLiteKit
import SQLiteNIO
import Testing

@testable import BaomiPersistence

/// The synchronous connections bind and read values exactly as SQLiteKit does, only faster (issue #4): a row
/// written by one and read by the other must not differ.
@Suite("SQLite values: bound and read as SQLiteKit binds and reads them")
struct SQLiteValuesTests {
    @Test("a UUID's text is Foundation's, and its text in either case reads back as Foundation reads it")
    func uuidText() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(id.sqliteText == id.uuidString)
            #expect(UUID(sqliteText: id.uuidString) == id)
            #expect(UUID(sqliteText: id.uuidString.lowercased()) == id)
        }
        for malformed in [
            "", "not a uuid", "E621E1F8-C36C-495A-93FC-0C247A3E6E5", "E621E1F8-C36C-495A-93FC-0C247A3E6E5FF",
            "E621E1F8C36C-495A-93FC-0C247A3E6E5F0", "G621E1F8-C36C-495A-93FC-0C247A3E6E5F",
        ] {
            #expect(UUID(sqliteText: malformed) == nil)
            #expect(UUID(uuidString: malformed) == nil)
        }
    }

    @Test("values bind as SQLiteKit's encoder binds them")
    func encoding() throws {
        let kit = SQLiteDataEncoder()
        let values: [any Encodable] = [
            "文本", UUID(), 42, -7, true, false, 3.25, Date(timeIntervalSince1970: 1_795_000_000.123456),
            UUID?.none, String?.some("可选"), ["a", "b"], Int?.some(5),
        ]
        for value in values {
            #expect(try SQLiteValues.encode(value) == kit.encode(value), "\(value)")
        }
    }

    @Test("values read as SQLiteKit's decoder reads them, optional or not, and a mismatch still fails")
    func decoding() throws {
        let kit = SQLiteDataDecoder()
        let id = UUID()
        func same<D: Decodable & Equatable>(_ type: D.Type, _ data: SQLiteData) throws {
            #expect(try SQLiteValues.decode(D.self, from: data) == kit.decode(D.self, from: data), "\(D.self) \(data)")
        }
        try same(String.self, .text("文本"))
        try same(UUID.self, .text(id.uuidString))
        try same(UUID.self, .text(id.uuidString.lowercased()))
        try same(Int.self, .integer(-12))
        try same(Bool.self, .integer(1))
        try same(Bool.self, .integer(0))
        try same(Double.self, .float(2.5))
        try same(Double.self, .integer(3))
        try same(Date.self, .float(1_795_000_000.1234567))
        try same(Date.self, .integer(1_795_000_000))
        try same(String?.self, .null)
        try same(String?.self, .text("有"))
        try same(UUID?.self, .null)
        try same(UUID?.self, .text(id.uuidString))
        try same(Int?.self, .integer(9))
        try same(Bool?.self, .null)
        try same(Date?.self, .float(1_795_000_000.5))
        try same(Double?.self, .integer(4))
        try same([String].self, .text(#"["a","b"]"#))
        try same([String]?.self, .null)
        #expect(throws: (any Error).self) { try SQLiteValues.decode(UUID.self, from: .text("not a uuid")) }
        #expect(throws: (any Error).self) { try SQLiteValues.decode(Bool.self, from: .integer(7)) }
        #expect(throws: (any Error).self) { try SQLiteValues.decode(Int.self, from: .null) }
    }
}
