import BaomiServer
import Foundation
import Testing

@Suite("S3 TOTP (RFC 6238 / RFC 4226)")
struct TOTPTests {
    struct Vector: Sendable, CustomStringConvertible {
        let time: TimeInterval
        let algorithm: TOTP.Algorithm
        let code: String
        var description: String { "\(algorithm.rawValue) at \(Int64(time))" }
    }

    // RFC 6238 Appendix B. The RFC's reference code keys each hash with the ASCII seed repeated to
    // the hash's output length, which the table's SHA-256/512 values depend on.
    private static let seeds: [TOTP.Algorithm: [UInt8]] = [
        .sha1: Array("12345678901234567890".utf8),
        .sha256: Array("12345678901234567890123456789012".utf8),
        .sha512: Array("1234567890123456789012345678901234567890123456789012345678901234".utf8),
    ]

    static let appendixB: [Vector] = [
        Vector(time: 59, algorithm: .sha1, code: "94287082"),
        Vector(time: 59, algorithm: .sha256, code: "46119246"),
        Vector(time: 59, algorithm: .sha512, code: "90693936"),
        Vector(time: 1_111_111_109, algorithm: .sha1, code: "07081804"),
        Vector(time: 1_111_111_109, algorithm: .sha256, code: "68084774"),
        Vector(time: 1_111_111_109, algorithm: .sha512, code: "25091201"),
        Vector(time: 1_111_111_111, algorithm: .sha1, code: "14050471"),
        Vector(time: 1_111_111_111, algorithm: .sha256, code: "67062674"),
        Vector(time: 1_111_111_111, algorithm: .sha512, code: "99943326"),
        Vector(time: 1_234_567_890, algorithm: .sha1, code: "89005924"),
        Vector(time: 1_234_567_890, algorithm: .sha256, code: "91819424"),
        Vector(time: 1_234_567_890, algorithm: .sha512, code: "93441116"),
        Vector(time: 2_000_000_000, algorithm: .sha1, code: "69279037"),
        Vector(time: 2_000_000_000, algorithm: .sha256, code: "90698825"),
        Vector(time: 2_000_000_000, algorithm: .sha512, code: "38618901"),
        Vector(time: 20_000_000_000, algorithm: .sha1, code: "65353130"),
        Vector(time: 20_000_000_000, algorithm: .sha256, code: "77737706"),
        Vector(time: 20_000_000_000, algorithm: .sha512, code: "47863826"),
    ]

    @Test("S3 RFC 6238 Appendix B vectors with 8 digits", arguments: appendixB)
    func appendixBVector(vector: Vector) throws {
        let secret = try #require(Self.seeds[vector.algorithm])
        let totp = TOTP(secret: secret, digits: 8, period: 30, algorithm: vector.algorithm)
        let date = Date(timeIntervalSince1970: vector.time)
        #expect(totp.code(at: date) == vector.code)
        #expect(totp.verify(vector.code, at: date, window: 0))
    }

    @Test(
        "S3 six-digit codes are the last six digits of the RFC values",
        arguments: appendixB.filter { $0.algorithm == .sha1 })
    func sixDigits(vector: Vector) {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect(totp.code(at: Date(timeIntervalSince1970: vector.time)) == String(vector.code.suffix(6)))
    }

    @Test("S3 RFC 4226 Appendix D HOTP values for counters 0…9")
    func hotpVectors() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let expected = [
            "755224", "287082", "359152", "969429", "338314",
            "254676", "287922", "162583", "399871", "520489",
        ]
        #expect((0..<10).map { totp.code(counter: UInt64($0)) } == expected)
    }

    @Test("S3 verify accepts adjacent steps inside the window and nothing outside it")
    func verifyWindow() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let now = Date(timeIntervalSince1970: 1_111_111_111)
        let step = totp.counter(at: now)
        #expect(step == 0x23523ED)
        #expect(totp.verify(totp.code(counter: step - 1), at: now))
        #expect(totp.verify(totp.code(counter: step + 1), at: now))
        #expect(!totp.verify(totp.code(counter: step + 1), at: now, window: 0))
        #expect(!totp.verify(totp.code(counter: step - 2), at: now))
        #expect(!totp.verify(totp.code(counter: step + 2), at: now))
        #expect(totp.matchingCounter(for: totp.code(counter: step - 1), at: now) == step - 1)
        #expect(totp.matchingCounter(for: totp.code(at: now), at: now) == step)
    }

    @Test("S3 verify rejects malformed codes")
    func verifyMalformed() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        let now = Date(timeIntervalSince1970: 59)
        #expect(totp.verify("287082", at: now))
        for bad in ["", "28708", "2870820", " 287082", "28708a", "２８７０８２", "287082\n"] {
            #expect(!totp.verify(bad, at: now), "\(bad)")
        }
        #expect(!totp.verify("287082", at: now, window: -1))
    }

    @Test("S3 the first steps after the epoch and times before it clamp to step 0")
    func epochEdge() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect(totp.counter(at: Date(timeIntervalSince1970: -5)) == 0)
        #expect(totp.counter(at: Date(timeIntervalSince1970: 29.9)) == 0)
        #expect(totp.counter(at: Date(timeIntervalSince1970: 30)) == 1)
        #expect(totp.verify("755224", at: Date(timeIntervalSince1970: 10)))
    }

    @Test("S3 generated secrets are 20 random bytes by default")
    func generateSecret() {
        let first = TOTP.generateSecret()
        let second = TOTP.generateSecret()
        #expect(first.count == 20)
        #expect(first != second)
        #expect(TOTP.generateSecret(byteCount: 32).count == 32)
    }

    @Test("S3 provisioning URI follows the Key URI format with percent-encoded label and issuer")
    func provisioningURI() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect(
            totp.provisioningURI(account: "alice@example.com", issuer: "Baomi")
                == "otpauth://totp/Baomi:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Baomi&algorithm=SHA1&digits=6&period=30")
        #expect(
            totp.provisioningURI(account: "bob smith:ops", issuer: "Bao Mi & Co")
                == "otpauth://totp/Bao%20Mi%20%26%20Co:bob%20smith%3Aops?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Bao%20Mi%20%26%20Co&algorithm=SHA1&digits=6&period=30")
        #expect(
            totp.provisioningURI(account: "zoë", issuer: "")
                == "otpauth://totp/zo%C3%AB?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=SHA1&digits=6&period=30")
        let sha256 = TOTP(secret: [1, 2, 3], digits: 8, period: 60, algorithm: .sha256)
        #expect(
            sha256.provisioningURI(account: "a", issuer: "B")
                == "otpauth://totp/B:a?secret=AEBAG&issuer=B&algorithm=SHA256&digits=8&period=60")
    }

    @Test("S3 description never contains the secret")
    func redactedDescription() {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect(!totp.description.contains("1234"))
        #expect(totp.description.contains("redacted"))
    }
}
