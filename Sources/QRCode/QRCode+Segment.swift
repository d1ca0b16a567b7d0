/// A growable big-endian bit sequence, packed into bytes as QR codewords expect.
struct BitBuffer: Sendable, Equatable {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    /// Appends the low `width` bits of `value`, most significant first.
    mutating func append(_ value: Int, width: Int) {
        precondition(width >= 0 && width <= 31 && value >> width == 0, "value does not fit in the bit width")
        for shift in stride(from: width - 1, through: 0, by: -1) {
            if count & 7 == 0 {
                bytes.append(0)
            }
            if (value >> shift) & 1 == 1 {
                bytes[count >> 3] |= 0x80 >> UInt8(count & 7)
            }
            count += 1
        }
    }

    mutating func append(contentsOf other: BitBuffer) {
        var remaining = other.count
        for byte in other.bytes {
            let width = min(8, remaining)
            append(Int(byte) >> (8 - width), width: width)
            remaining -= width
        }
    }
}

/// Data encoding modes (ISO/IEC 18004, 7.3). Kanji and ECI are not implemented.
enum Mode: Sendable, Equatable {
    case numeric
    case alphanumeric
    case byte

    /// The 4-bit mode indicator.
    var indicator: Int {
        switch self {
        case .numeric: 0b0001
        case .alphanumeric: 0b0010
        case .byte: 0b0100
        }
    }

    /// Width of the character count indicator, which grows with the version (table 3).
    func characterCountWidth(version: Int) -> Int {
        let band = version <= 9 ? 0 : (version <= 26 ? 1 : 2)
        switch self {
        case .numeric: return [10, 12, 14][band]
        case .alphanumeric: return [9, 11, 13][band]
        case .byte: return [8, 16, 16][band]
        }
    }
}

/// One encoded data segment: mode, character count and the payload bits without header.
struct Segment: Sendable, Equatable {
    let mode: Mode
    let characterCount: Int
    let payload: BitBuffer

    /// The 45-character alphanumeric alphabet; a character's value is its index.
    private static let alphanumericCharset = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8)

    /// Byte mode: arbitrary octets, one character per byte.
    static func bytes(_ data: [UInt8]) -> Segment {
        var payload = BitBuffer()
        for byte in data {
            payload.append(Int(byte), width: 8)
        }
        return Segment(mode: .byte, characterCount: data.count, payload: payload)
    }

    /// The most compact single-segment encoding of `text`: numeric for digits only, alphanumeric for the
    /// 45-character set (upper case, digits, space and `$%*+-./:`), otherwise UTF-8 bytes.
    static func bestFit(for text: String) -> Segment {
        let utf8 = Array(text.utf8)
        if !utf8.isEmpty, utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            return numeric(utf8)
        }
        if !utf8.isEmpty, let values = alphanumericValues(utf8) {
            return alphanumeric(values)
        }
        return bytes(utf8)
    }

    /// Numeric mode: groups of three digits in 10 bits, a trailing pair in 7, a trailing single in 4.
    private static func numeric(_ digits: [UInt8]) -> Segment {
        var payload = BitBuffer()
        var index = 0
        while index < digits.count {
            let groupLength = min(3, digits.count - index)
            var value = 0
            for digit in digits[index..<(index + groupLength)] {
                value = value * 10 + Int(digit - 0x30)
            }
            payload.append(value, width: groupLength * 3 + 1)
            index += groupLength
        }
        return Segment(mode: .numeric, characterCount: digits.count, payload: payload)
    }

    /// Alphanumeric mode: pairs as `45·a + b` in 11 bits, a trailing single in 6.
    private static func alphanumeric(_ values: [Int]) -> Segment {
        var payload = BitBuffer()
        var index = 0
        while index + 1 < values.count {
            payload.append(values[index] * 45 + values[index + 1], width: 11)
            index += 2
        }
        if index < values.count {
            payload.append(values[index], width: 6)
        }
        return Segment(mode: .alphanumeric, characterCount: values.count, payload: payload)
    }

    /// Alphanumeric values of every byte, or `nil` if any byte is outside the alphabet.
    private static func alphanumericValues(_ bytes: [UInt8]) -> [Int]? {
        var values: [Int] = []
        values.reserveCapacity(bytes.count)
        for byte in bytes {
            guard let value = alphanumericCharset.firstIndex(of: byte) else { return nil }
            values.append(value)
        }
        return values
    }

    /// Total bits including mode indicator and character count at `version`, or `nil` if the count does not fit
    /// in that version's character count field.
    func encodedBitCount(version: Int) -> Int? {
        let countWidth = mode.characterCountWidth(version: version)
        guard characterCount < 1 << countWidth else { return nil }
        return 4 + countWidth + payload.count
    }
}
