/// A tiny JSON writer whose output depends only on the values: keys sorted, no whitespace, minimal escaping. The
/// audit leaf hash is computed over these bytes, so they must never vary between runs, platforms or versions.
enum CanonicalJSON {
    enum Value {
        case string(String)
        case optional(String?)
        case number(Int64)
        /// Already canonical JSON, inserted as is.
        case raw(String)
    }

    static func array(_ values: [Value]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(256)
        for (position, value) in values.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            switch value {
            case .string(let text): appendString(text, to: &out)
            case .optional(let text?): appendString(text, to: &out)
            case .optional(nil): out.append(contentsOf: Array("null".utf8))
            case .number(let number): out.append(contentsOf: Array(String(number).utf8))
            case .raw(let json): out.append(contentsOf: Array(json.utf8))
            }
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// `{"a":"1","b":"2"}` with keys in code-point order.
    static func object(_ dictionary: [String: String]) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (position, key) in dictionary.keys.sorted().enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendString(dictionary[key] ?? "", to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
