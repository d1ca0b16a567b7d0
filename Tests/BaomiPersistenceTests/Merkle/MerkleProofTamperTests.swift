import BaomiPersistence
import Testing

/// Mirrors the corrupted-proof probes of transparency-dev/merkle `proof/verify_test.go`.
@Suite("S2 A5 Merkle proof verification rejects tampering")
struct MerkleProofTamperTests {
    private typealias V = RFC6962TestVectors

    private static let someHash = V.hash("abacaba000000000000000000000000000000000000000000060061e00123456")

    private static func flipped(_ hash: MerkleHash, bit: UInt8) -> MerkleHash {
        var bytes = hash.bytes
        bytes[0] ^= bit
        return MerkleHash(bytes: bytes)!
    }

    @Test("S2 tampered inclusion proofs, indices, sizes and roots fail", arguments: RFC6962TestVectors.inclusions)
    func inclusionTampering(vector: RFC6962TestVectors.Inclusion) {
        let leaf = V.leafHashes[vector.index]
        let root = V.hash(V.roots[vector.size - 1])
        let proof = vector.path.map(V.hash)
        let (index, size) = (vector.index, vector.size)
        func accepts(_ index: Int, _ size: Int, _ leaf: MerkleHash, _ proof: [MerkleHash], _ root: MerkleHash) -> Bool {
            MerkleTree.verifyInclusion(leafHash: leaf, index: index, treeSize: size, proof: proof, root: root)
        }
        #expect(accepts(index, size, leaf, proof, root))
        #expect(!accepts(index - 1, size, leaf, proof, root))
        #expect(!accepts(index + 1, size, leaf, proof, root))
        #expect(!accepts(index ^ 2, size, leaf, proof, root))
        #expect(!accepts(index, size * 2, leaf, proof, root))
        #expect(!accepts(index, size / 2, leaf, proof, root))
        #expect(!accepts(index, size, MerkleTree.leafHash(Array("WrongLeaf".utf8)), proof, root))
        #expect(!accepts(index, size, leaf, proof, MerkleTree.emptyRoot))
        #expect(!accepts(index, size, leaf, proof, Self.someHash))
        #expect(!accepts(index, size, leaf, proof + [root], root))
        #expect(!accepts(index, size, leaf, [root] + proof, root))
        for position in proof.indices {
            var wrong = proof
            wrong[position] = Self.flipped(wrong[position], bit: 8)
            #expect(!accepts(index, size, leaf, wrong, root), "flipped proof[\(position)]")
        }
        if !proof.isEmpty {
            #expect(!accepts(index, size, leaf, Array(proof.dropLast()), root))
        }
        if proof.count > 1 {
            #expect(!accepts(index, size, leaf, [proof[0], Self.someHash] + proof.dropFirst(), root))
        }
    }

    @Test("S2 tampered consistency proofs, sizes and roots fail", arguments: RFC6962TestVectors.consistencies)
    func consistencyTampering(vector: RFC6962TestVectors.Consistency) {
        let oldRoot = V.hash(V.roots[vector.oldSize - 1])
        let newRoot = V.hash(V.roots[vector.newSize - 1])
        let proof = vector.proof.map(V.hash)
        let (old, new) = (vector.oldSize, vector.newSize)
        func accepts(
            _ old: Int, _ new: Int, _ oldRoot: MerkleHash, _ newRoot: MerkleHash, _ proof: [MerkleHash]
        ) -> Bool {
            MerkleTree.verifyConsistency(oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: newRoot, proof: proof)
        }
        #expect(accepts(old, new, oldRoot, newRoot, proof))
        // Trivial proofs have nothing to tamper with beyond the roots.
        guard let first = proof.first else {
            #expect(!accepts(old, new, oldRoot, Self.someHash, proof))
            return
        }
        #expect(!accepts(old - 1, new, oldRoot, newRoot, proof))
        #expect(!accepts(old + 1, new, oldRoot, newRoot, proof))
        #expect(!accepts(old ^ 2, new, oldRoot, newRoot, proof))
        #expect(!accepts(old, new * 2, oldRoot, newRoot, proof))
        #expect(!accepts(old, new / 2, oldRoot, newRoot, proof))
        #expect(!accepts(old, new, Self.someHash, newRoot, proof))
        #expect(!accepts(old, new, oldRoot, Self.someHash, proof))
        #expect(!accepts(old, new, newRoot, oldRoot, proof))
        #expect(!accepts(old, new, oldRoot, newRoot, []))
        #expect(!accepts(old, new, oldRoot, newRoot, proof + [oldRoot]))
        #expect(!accepts(old, new, oldRoot, newRoot, proof + [newRoot]))
        #expect(!accepts(old, new, oldRoot, newRoot, [oldRoot] + proof))
        #expect(!accepts(old, new, oldRoot, newRoot, [newRoot] + proof))
        #expect(!accepts(old, new, oldRoot, newRoot, [first] + proof))
        #expect(!accepts(old, new, oldRoot, newRoot, Array(proof.dropLast())))
        for position in proof.indices {
            var wrong = proof
            wrong[position] = Self.flipped(wrong[position], bit: 16)
            #expect(!accepts(old, new, oldRoot, newRoot, wrong), "flipped proof[\(position)]")
        }
    }

    @Test("S2 trivial consistency cases: equal sizes, empty old tree, shrinking tree")
    func trivialConsistency() {
        let root = V.hash(V.roots[3])
        let empty = MerkleTree.emptyRoot
        #expect(MerkleTree.verifyConsistency(oldSize: 4, newSize: 4, oldRoot: root, newRoot: root, proof: []))
        #expect(!MerkleTree.verifyConsistency(oldSize: 4, newSize: 4, oldRoot: root, newRoot: root, proof: [root]))
        #expect(!MerkleTree.verifyConsistency(oldSize: 4, newSize: 4, oldRoot: empty, newRoot: root, proof: []))
        #expect(MerkleTree.verifyConsistency(oldSize: 0, newSize: 4, oldRoot: empty, newRoot: root, proof: []))
        #expect(!MerkleTree.verifyConsistency(oldSize: 0, newSize: 4, oldRoot: root, newRoot: root, proof: []))
        #expect(!MerkleTree.verifyConsistency(oldSize: 0, newSize: 4, oldRoot: empty, newRoot: root, proof: [empty]))
        #expect(!MerkleTree.verifyConsistency(oldSize: 5, newSize: 4, oldRoot: root, newRoot: root, proof: []))
        #expect(!MerkleTree.verifyConsistency(oldSize: -1, newSize: 4, oldRoot: root, newRoot: root, proof: []))
    }

    @Test("S2 trivial inclusion cases: empty tree and out-of-range indices never verify")
    func trivialInclusion() {
        let leaf = V.leafHashes[0]
        for (index, size) in [(0, 0), (1, 0), (2, 1), (-1, 1)] {
            #expect(!MerkleTree.verifyInclusion(leafHash: leaf, index: index, treeSize: size, proof: [], root: leaf))
        }
        #expect(MerkleTree.verifyInclusion(leafHash: leaf, index: 0, treeSize: 1, proof: [], root: leaf))
    }

    @Test("S2 A5 every generated proof verifies, and fails against the neighbouring root, for sizes up to 70")
    func generatedProofsRoundTrip() {
        let leaves = (0..<70).map { MerkleTree.leafHash([UInt8($0)]) }
        let roots = (0...leaves.count).map { MerkleTree.root(of: Array(leaves.prefix($0))) }
        for size in 1...leaves.count {
            let tree = Array(leaves.prefix(size))
            for index in 0..<size {
                let proof = MerkleTree.inclusionProof(index: index, leafHashes: tree)
                #expect(
                    MerkleTree.verifyInclusion(
                        leafHash: tree[index], index: index, treeSize: size, proof: proof, root: roots[size]))
                #expect(
                    !MerkleTree.verifyInclusion(
                        leafHash: tree[index], index: index, treeSize: size, proof: proof, root: roots[size - 1]))
            }
            for oldSize in 0...size {
                let proof = MerkleTree.consistencyProof(oldSize: oldSize, leafHashes: tree)
                #expect(
                    MerkleTree.verifyConsistency(
                        oldSize: oldSize, newSize: size, oldRoot: roots[oldSize], newRoot: roots[size], proof: proof),
                    "\(oldSize) → \(size)")
                if oldSize > 0 && oldSize < size {
                    #expect(
                        !MerkleTree.verifyConsistency(
                            oldSize: oldSize, newSize: size, oldRoot: roots[oldSize - 1], newRoot: roots[size],
                            proof: proof))
                }
            }
        }
    }
}
