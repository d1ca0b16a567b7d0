import BaomiDomain
import Foundation
import Testing

/// What a printed form's QR code holds, read back from a scan, a verify address or a hand-typed index (S2).
@Suite("A printed form's audit leaf reference (S2, principle 12)")
struct AuditLeafReferenceTests {
    let hash = String(repeating: "ab", count: 32)

    @Test("S2 the QR text round-trips: baomi:leaf:<index>:<hash>, read in any case and with space around")
    func roundTrip() throws {
        let reference = AuditLeafReference(index: 42, hash: hash)
        #expect(reference.text == "baomi:leaf:42:\(hash)")
        #expect(AuditLeafReference(parsing: reference.text) == reference)
        #expect(AuditLeafReference(parsing: "  BAOMI:LEAF:42:\(hash.uppercased())\n") == reference)
    }

    @Test("S2 a scanned verify address and a bare index are read too")
    func addressesAndIndices() {
        #expect(
            AuditLeafReference(parsing: "https://baomi.example/verify?q=baomi%3Aleaf%3A7%3A\(hash)")
                == AuditLeafReference(index: 7, hash: hash))
        #expect(AuditLeafReference(parsing: "7") == AuditLeafReference(index: 7, hash: nil))
    }

    @Test("S2 anything else is refused: a short or non-hex hash, a negative index, extra parts, no q")
    func refusals() {
        for text in [
            "", "baomi:leaf:", "baomi:leaf:x:\(hash)", "baomi:leaf:-1:\(hash)", "baomi:leaf:3:abc",
            "baomi:leaf:3:\(String(repeating: "g", count: 64))", "baomi:leaf:3:\(hash):9", "/verify?leaf=3",
        ] {
            #expect(AuditLeafReference(parsing: text) == nil, "\(text)")
        }
    }
}
