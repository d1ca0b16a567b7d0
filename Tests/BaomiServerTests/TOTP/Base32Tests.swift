import BaomiServer
import Testing

@Suite("S3 Base32 (RFC 4648)")
struct Base32Tests {
    // RFC 4648 §10; `encode` omits the padding the RFC shows.
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "MY======"), ("fo", "MZXQ===="), ("foo", "MZXW6==="),
        ("foob", "MZXW6YQ="), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI======"),
    ]

    @Test("S3 RFC 4648 §10 vectors encode without padding and decode with or without it")
    func rfcVectors() {
        for (plain, encoded) in Self.vectors {
            let unpadded = String(encoded.filter { $0 != "=" })
            #expect(Base32.encode(Array(plain.utf8)) == unpadded)
            #expect(Base32.decode(encoded) == Array(plain.utf8), "\(encoded)")
            #expect(Base32.decode(unpadded) == Array(plain.utf8), "\(unpadded)")
            #expect(Base32.decode(unpadded.lowercased()) == Array(plain.utf8), "\(unpadded.lowercased())")
        }
    }

    @Test("S3 decoding ignores whitespace and case, as users type grouped secrets")
    func lenientInput() {
        #expect(Base32.decode("gezd gnbv gy3t qojq\ngezd gnbv gy3t qojq") == Array("12345678901234567890".utf8))
        #expect(Base32.decode("MZXW6YTB OI") == Array("foobar".utf8))
    }

    @Test("S3 decoding rejects foreign characters and impossible lengths")
    func rejectsInvalid() {
        for bad in ["MZXW1", "MZXW8", "MZ-XW", "MZXW6!", "MZXWÖ", "M", "MZX", "MZXW6Y", "MZXW6YTBO"] {
            #expect(Base32.decode(bad) == nil, "\(bad)")
        }
    }

    @Test("S3 arbitrary bytes round trip")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            #expect(Base32.decode(Base32.encode(bytes)) == bytes)
        }
    }
}
