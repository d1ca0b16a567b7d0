import BaomiPersistence
import Foundation
import Testing

@Suite("S2 Merkle hash value type")
struct MerkleHashTests {
    private let hex = "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"

    @Test("S2 hex round trips in lowercase and accepts uppercase input")
    func hexRoundTrip() throws {
        let hash = try #require(MerkleHash(hex: hex))
        #expect(hash.hex == hex)
        #expect(hash.description == hex)
        #expect(MerkleHash(hex: hex.uppercased()) == hash)
        #expect(hash.bytes.count == 32)
        #expect(hash.bytes.first == 0x5d && hash.bytes.last == 0x28)
        #expect(MerkleHash(bytes: hash.bytes) == hash)
    }

    @Test("S2 malformed hex and wrong lengths are rejected")
    func rejectsMalformed() {
        #expect(MerkleHash(hex: "") == nil)
        #expect(MerkleHash(hex: String(hex.dropLast())) == nil)
        #expect(MerkleHash(hex: hex + "00") == nil)
        #expect(MerkleHash(hex: "g" + hex.dropFirst()) == nil)
        #expect(MerkleHash(bytes: [UInt8](repeating: 0, count: 31)) == nil)
        #expect(MerkleHash(bytes: [UInt8](repeating: 0, count: 33)) == nil)
    }

    @Test("S2 Codable form is the hex string")
    func codable() throws {
        let hash = try #require(MerkleHash(hex: hex))
        let json = try JSONEncoder().encode([hash])
        #expect(String(decoding: json, as: UTF8.self) == "[\"\(hex)\"]")
        #expect(try JSONDecoder().decode([MerkleHash].self, from: json) == [hash])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([MerkleHash].self, from: Data("[\"ab\"]".utf8)) }
    }
}
