import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238) over HOTP (RFC 4226), with T0 = 0.
public struct TOTP: Sendable {
    /// The HMAC hash; RFC 6238 allows SHA-1 (the default every authenticator app supports), SHA-256, SHA-512.
    public enum Algorithm: String, Sendable, CaseIterable {
        case sha1 = "SHA1"
        case sha256 = "SHA256"
        case sha512 = "SHA512"
    }

    /// The shared HMAC key.
    public let secret: [UInt8]
    /// Code length in decimal digits, 6...10.
    public let digits: Int
    /// Time step in seconds.
    public let period: Int
    /// HMAC hash function.
    public let algorithm: Algorithm

    /// - Precondition: `digits` in 6...10 (a 31-bit HOTP value has at most 10 digits) and `period > 0`.
    public init(secret: [UInt8], digits: Int = 6, period: Int = 30, algorithm: Algorithm = .sha1) {
        precondition((6...10).contains(digits), "TOTP digits must be 6...10")
        precondition(period > 0, "TOTP period must be positive")
        self.secret = secret
        self.digits = digits
        self.period = period
        self.algorithm = algorithm
    }

    /// 20 random bytes (160 bits, the HMAC-SHA-1 block-size recommendation of RFC 4226 §4) by default.
    public static func generateSecret(byteCount: Int = 20) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The time step T = floor(unix time / period); 0 for instants before 1970.
    public func counter(at date: Date) -> UInt64 {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, seconds > 0 else { return 0 }
        // Clamped so an absurd far-future Date cannot trap the conversion.
        return UInt64(min(seconds, 0x1p63)) / UInt64(period)
    }

    /// The code for the time step containing `date`.
    public func code(at date: Date) -> String {
        code(counter: counter(at: date))
    }

    /// HOTP(K, counter) truncated to `digits` digits, zero-padded on the left.
    public func code(counter: UInt64) -> String {
        let message = withUnsafeBytes(of: counter.bigEndian) { Array($0) }
        let mac = authenticationCode(for: message)
        // Dynamic truncation (RFC 4226 §5.3): the low nibble of the last byte picks a 31-bit window.
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            UInt64(mac[offset] & 0x7f) << 24 | UInt64(mac[offset + 1]) << 16
            | UInt64(mac[offset + 2]) << 8 | UInt64(mac[offset + 3])
        var modulus: UInt64 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// Whether `code` matches any time step within `window` steps of `date` (clock drift allowance).
    public func verify(_ code: String, at date: Date, window: Int = 1) -> Bool {
        matchingCounter(for: code, at: date, window: window) != nil
    }

    /// The time step `code` matches within `window` steps of `date`, or `nil`.
    ///
    /// Store the returned step and reject codes at or below it to stop a code being replayed within
    /// its validity window. Every candidate is computed and compared in constant time, so the timing
    /// does not reveal how many digits of a guess were right.
    public func matchingCounter(for code: String, at date: Date, window: Int = 1) -> UInt64? {
        let submitted = Array(code.utf8)
        guard window >= 0, submitted.count == digits,
            submitted.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        let current = counter(at: date)
        let lowest = current >= UInt64(window) ? current - UInt64(window) : 0
        let (sum, overflow) = current.addingReportingOverflow(UInt64(window))
        let highest = overflow ? UInt64.max : sum
        var match: UInt64?
        for step in lowest...highest {
            let equal = Self.constantTimeEqual(Array(self.code(counter: step).utf8), submitted)
            if equal && match == nil { match = step }
        }
        return match
    }

    private func authenticationCode(for message: [UInt8]) -> [UInt8] {
        let key = SymmetricKey(data: secret)
        switch algorithm {
        case .sha1: return Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256: return Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: return Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
    }

    private static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(left, right) {
            difference |= a ^ b
        }
        return difference == 0
    }
}

extension TOTP: CustomStringConvertible {
    /// Describes the parameters but never the secret, so a TOTP can be logged safely.
    public var description: String {
        "TOTP(algorithm: \(algorithm.rawValue), digits: \(digits), period: \(period), secret: <redacted>)"
    }
}
