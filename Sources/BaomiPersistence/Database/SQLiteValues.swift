import BaomiDomain
import Foundation
import SQLiteKit
import SQLiteNIO

/// Values bound and read on the synchronous SQLite connections: exactly as SQLiteKit's `SQLiteDataEncoder` and
/// `SQLiteDataDecoder` bind and read them, with the column types of nearly every column — text, UUID, integer,
/// real, Boolean, date, each also optional — converted directly. SQLiteKit's coders go through `Codable` (and make
/// a JSON coder on every use), and Foundation writes and parses a UUID's text with `snprintf` and `sscanf`: together
/// a tenth of the server's time on a hand-over (issue #4).
enum SQLiteValues {
    private static let encoder = SQLiteDataEncoder()
    private static let decoder = SQLiteDataDecoder()

    static func encode(_ value: any Encodable) throws -> SQLiteData {
        switch value {
        case let text as String: .text(text)
        case let id as UUID: .text(id.sqliteText)
        case let number as Int: .integer(number)
        default: try encoder.encode(value)
        }
    }

    static func decode<D: Decodable>(_ type: D.Type, from data: SQLiteData) throws -> D {
        if let value = direct(D.self, from: data) { return value }
        return try decoder.decode(D.self, from: data)
    }

    /// `D` from `data` when `D` is one of the common column types (or optional) and `data` holds it; nil leaves it
    /// to SQLiteKit, which also reports a mismatch.
    private static func direct<D>(_ type: D.Type, from data: SQLiteData) -> D? {
        if let value = read(D.self, from: data) { return value }
        guard let optional = D.self as? any OptionalColumn.Type else { return nil }
        if case .null = data { return optional.null as? D }
        return optional.wrapped(from: data) as? D
    }

    fileprivate static func read<D>(_ type: D.Type, from data: SQLiteData) -> D? {
        switch data {
        case .text(let text):
            if D.self == String.self { return text as? D }
            if D.self == UUID.self { return UUID(sqliteText: text) as? D }
            return nil
        case .integer(let number):
            if D.self == Int.self { return number as? D }
            if D.self == Bool.self { return data.bool as? D }
            if D.self == Date.self { return Date(sqliteData: data) as? D }
            if D.self == Double.self { return Double(number) as? D }
            return nil
        case .float:
            if D.self == Date.self { return Date(sqliteData: data) as? D }
            if D.self == Double.self { return Double(sqliteData: data) as? D }
            return nil
        case .blob, .null:
            return nil
        }
    }
}

/// An optional column type: nil for NULL, else its wrapped type read directly.
private protocol OptionalColumn {
    static var null: Self { get }
    static func wrapped(from data: SQLiteData) -> Self?
}

extension Optional: OptionalColumn {
    fileprivate static var null: Self { nil }

    fileprivate static func wrapped(from data: SQLiteData) -> Self? {
        SQLiteValues.read(Wrapped.self, from: data).map { .some($0) }
    }
}

extension UUID {
    private static let hexDigits: StaticString = "0123456789ABCDEF"

    /// The text a UUID is stored as in SQLite: `uuidString`'s (upper case, dashed), without Foundation's `snprintf`.
    var sqliteText: String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                Self.hexDigits.withUTF8Buffer { digits in
                    var position = 0
                    for (index, byte) in bytes.enumerated() {
                        if index == 4 || index == 6 || index == 8 || index == 10 {
                            out[position] = UInt8(ascii: "-")
                            position += 1
                        }
                        out[position] = digits[Int(byte >> 4)]
                        out[position + 1] = digits[Int(byte & 0x0F)]
                        position += 2
                    }
                }
                return 36
            }
        }
    }

    /// A UUID from its dashed text in either case, as `UUID(uuidString:)` reads it, without Foundation's `sscanf`.
    init?(sqliteText text: String) {
        var text = text
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = text.withUTF8 { characters in
            guard characters.count == 36 else { return false }
            return withUnsafeMutableBytes(of: &value) { bytes in
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        guard characters[position] == UInt8(ascii: "-") else { return false }
                        position += 1
                    }
                    guard let high = characters[position].hexDigitValue,
                        let low = characters[position + 1].hexDigitValue
                    else { return false }
                    bytes[index] = high << 4 | low
                    position += 2
                }
                return true
            }
        }
        guard parsed else { return nil }
        self.init(uuid: value)
    }

}
