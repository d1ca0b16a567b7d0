import BaomiPersistence
import Foundation
import Testing

@Suite("S2 A5 Merkle frontier (incremental checkpoint roots)")
struct MerkleFrontierTests {
    private static func leaves(_ count: Int) -> [MerkleHash] {
        (0..<count).map { MerkleTree.leafHash(withUnsafeBytes(of: UInt32($0).bigEndian) { Array($0) }) }
    }

    @Test("S2 frontier root equals the full-tree root for every size 0…300")
    func matchesFullRoot() {
        let leaves = Self.leaves(300)
        var frontier = MerkleFrontier()
        #expect(frontier.root == MerkleTree.emptyRoot)
        for size in 1...leaves.count {
            frontier.append(leaves[size - 1])
            let prefix = Array(leaves.prefix(size))
            #expect(frontier.size == size)
            #expect(frontier.subtreeRoots.count == size.nonzeroBitCount)
            #expect(frontier.subtreeSizes.reduce(0, +) == size)
            #expect(frontier.root == MerkleTree.root(of: prefix), "size \(size)")
            #expect(MerkleFrontier(leafHashes: prefix) == frontier, "bulk init at size \(size)")
        }
    }

    @Test("S2 subtree roots are the perfect subtrees on the right edge, largest first")
    func subtreeLayout() {
        let leaves = Self.leaves(13)
        let frontier = MerkleFrontier(leafHashes: leaves)
        #expect(frontier.subtreeSizes == [8, 4, 1])
        #expect(
            frontier.subtreeRoots == [
                MerkleTree.root(of: leaves[0..<8]), MerkleTree.root(of: leaves[8..<12]), leaves[12],
            ])
    }

    @Test("S2 A5 frontier survives a JSON round trip and resumes appending")
    func codableRoundTrip() throws {
        let leaves = Self.leaves(45)
        var frontier = MerkleFrontier(leafHashes: leaves.prefix(37))
        let json = try JSONEncoder().encode(frontier)
        var decoded = try JSONDecoder().decode(MerkleFrontier.self, from: json)
        #expect(decoded == frontier)
        let object = try JSONSerialization.jsonObject(with: json) as? [String: Any]
        #expect(object?["size"] as? Int == 37)
        #expect((object?["subtreeRoots"] as? [String])?.first == frontier.subtreeRoots[0].hex)
        frontier.append(contentsOf: leaves.dropFirst(37))
        decoded.append(contentsOf: leaves.dropFirst(37))
        #expect(decoded.root == frontier.root)
        #expect(decoded.root == MerkleTree.root(of: leaves))
    }

    @Test("S2 decoding rejects a frontier whose root count does not match its size")
    func rejectsInconsistentFrontier() {
        let hex = MerkleTree.emptyRoot.hex
        let json = Data(#"{"size": 3, "subtreeRoots": ["\#(hex)"]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(MerkleFrontier.self, from: json) }
        #expect(MerkleFrontier(size: 3, subtreeRoots: [MerkleTree.emptyRoot]) == nil)
        #expect(MerkleFrontier(size: -1, subtreeRoots: []) == nil)
        #expect(MerkleFrontier(size: 0, subtreeRoots: [])?.root == MerkleTree.emptyRoot)
    }

    @Test("S2 large trees take the parallel path and still agree with the frontier")
    func parallelRoot() {
        let leaves = Self.leaves(40_001)
        var frontier = MerkleFrontier()
        frontier.append(contentsOf: leaves)
        #expect(MerkleTree.root(of: leaves) == frontier.root)
        let records = (0..<40_001).map { withUnsafeBytes(of: UInt32($0).bigEndian) { Array($0) } }
        #expect(MerkleTree.leafHashes(of: records) == leaves)
    }
}
