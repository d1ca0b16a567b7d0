/// Numbers written as the registers write them, without Foundation's `String(format:)`: it formats through
/// `vsnprintf` and CoreFoundation, and dates and hashes are written on every request (issue #4).
extension BinaryInteger {
    /// The decimal digits, zero-padded on the left to `width` characters, a sign included, as `%0Nd` pads them:
    /// `7.zeroPadded(3)` is `"007"`, `(-5).zeroPadded(3)` is `"-05"`.
    public func zeroPadded(_ width: Int) -> String {
        let digits = String(self.magnitude)
        let sign = self < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - sign.count - digits.count)) + digits
    }
}

extension Sequence<UInt8> {
    /// Two lowercase hex digits a byte, as `String(format: "%02x")` writes each.
    public var lowercaseHex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

extension UInt8 {
    /// The value of this ASCII hex digit, either case; nil for any other character.
    public var hexDigitValue: UInt8? {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): self - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): self - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): self - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
