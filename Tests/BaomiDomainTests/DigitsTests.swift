import BaomiDomain
import Foundation
import Testing

/// Register numbers, dates and hashes are written as `String(format:)` wrote them before (issue #4).
@Suite("Digits: written as String(format:) writes them")
struct DigitsTests {
    @Test("zero-padded decimals match %0Nd, negative and wider numbers too")
    func zeroPadded() {
        for value in [0, 7, 42, 999, 1000, 2026, 123_456, -5, -1234] {
            for width in [2, 3, 4] {
                #expect(value.zeroPadded(width) == String(format: "%0\(width)d", value), "\(value) \(width)")
            }
        }
    }

    @Test("lowercase hex matches %02x a byte")
    func lowercaseHex() {
        let bytes: [UInt8] = [0, 1, 0x0f, 0x10, 0x7f, 0x80, 0xab, 0xff]
        #expect(bytes.lowercaseHex == bytes.map { String(format: "%02x", $0) }.joined())
        #expect([UInt8]().lowercaseHex == "")
    }

    @Test("hex digits read in either case, anything else is not one")
    func hexDigitValue() {
        let digits = Array("0123456789abcdefABCDEF".utf8)
        #expect(digits.map(\.hexDigitValue) == (0...15).map(Optional.some) + (10...15).map(Optional.some))
        #expect(Array("gG-/: ".utf8).allSatisfy { $0.hexDigitValue == nil })
    }
}
