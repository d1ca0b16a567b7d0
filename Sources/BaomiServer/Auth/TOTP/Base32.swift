/// RFC 4648 §6 Base32 with the standard alphabet, as used for TOTP secrets in authenticator apps.
public enum Base32 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Uppercase Base32 without `=` padding, the form authenticator apps expect in `otpauth://` URIs.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int(buffer >> UInt32(bits) & 0x1f)])
            }
        }
        if bits > 0 {
            output.append(alphabet[Int(buffer << UInt32(5 - bits) & 0x1f)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes Base32 in either case, skipping whitespace and `=` wherever they appear, because people
    /// copy secrets in groups and with or without padding.
    ///
    /// Returns `nil` for any other character or for a length no byte string encodes to
    /// (1, 3 or 6 symbols past a multiple of 8). Leftover low bits are ignored.
    public static func decode(_ string: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        var symbols = 0
        for character in string.utf8 {
            if character == UInt8(ascii: "=") || isWhitespace(character) { continue }
            guard let value = symbolValue(character) else { return nil }
            buffer = buffer << 5 | UInt32(value)
            bits += 5
            symbols += 1
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        guard ![1, 3, 6].contains(symbols % 8) else { return nil }
        return output
    }

    private static func symbolValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): character - UInt8(ascii: "2") + 26
        default: nil
        }
    }

    private static func isWhitespace(_ character: UInt8) -> Bool {
        character == UInt8(ascii: " ") || character == UInt8(ascii: "\t")
            || character == UInt8(ascii: "\n") || character == UInt8(ascii: "\r")
    }
}
