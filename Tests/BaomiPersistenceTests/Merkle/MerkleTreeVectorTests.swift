import BaomiPersistence
import Testing

@Suite("S2 A5 RFC 6962 Merkle tree vectors")
struct MerkleTreeVectorTests {
    private typealias V = RFC6962TestVectors

    @Test("S2 empty tree root is SHA-256 of the empty string")
    func emptyRoot() {
        #expect(MerkleTree.emptyRoot.hex == V.emptyRoot)
        #expect(MerkleTree.root(of: []).hex == V.emptyRoot)
    }

    @Test("S2 leaf hash of the empty input is SHA-256(0x00)")
    func leafHashPrefix() {
        #expect(MerkleTree.leafHash([UInt8]()).hex == V.roots[0])
        let viaPointer = [UInt8]().withUnsafeBytes { MerkleTree.leafHash(bytes: $0) }
        #expect(viaPointer.hex == V.roots[0])
    }

    @Test("S2 roots of the 8 reference leaves match for every size 1…8", arguments: 1...8)
    func roots(size: Int) {
        let leaves = Array(V.leafHashes.prefix(size))
        #expect(MerkleTree.root(of: leaves).hex == V.roots[size - 1])
        #expect(MerkleFrontier(leafHashes: leaves).root.hex == V.roots[size - 1])
    }

    @Test("S2 node hash is SHA-256(0x01 ‖ left ‖ right)")
    func nodeHash() {
        let leaves = V.leafHashes
        #expect(MerkleTree.nodeHash(leaves[0], leaves[1]).hex == V.roots[1])
    }

    @Test("S2 inclusion proofs equal the published audit paths", arguments: RFC6962TestVectors.inclusions)
    func inclusionProof(vector: RFC6962TestVectors.Inclusion) {
        let leaves = Array(V.leafHashes.prefix(vector.size))
        let proof = MerkleTree.inclusionProof(index: vector.index, leafHashes: leaves)
        #expect(proof.map(\.hex) == vector.path)
        #expect(
            MerkleTree.verifyInclusion(
                leafHash: leaves[vector.index], index: vector.index, treeSize: vector.size,
                proof: vector.path.map(V.hash), root: V.hash(V.roots[vector.size - 1])))
    }

    @Test("S2 consistency proofs equal the published proofs", arguments: RFC6962TestVectors.consistencies)
    func consistencyProof(vector: RFC6962TestVectors.Consistency) {
        let leaves = Array(V.leafHashes.prefix(vector.newSize))
        let proof = MerkleTree.consistencyProof(oldSize: vector.oldSize, leafHashes: leaves)
        #expect(proof.map(\.hex) == vector.proof)
        #expect(
            MerkleTree.verifyConsistency(
                oldSize: vector.oldSize, newSize: vector.newSize,
                oldRoot: V.hash(V.roots[vector.oldSize - 1]), newRoot: V.hash(V.roots[vector.newSize - 1]),
                proof: vector.proof.map(V.hash)))
    }

    @Test("S2 consistency 3 → 7 is c, d, g, hash(i, j) as in transparency-dev's node layout")
    func consistencyThreeToSeven() {
        let leaves = Array(V.leafHashes.prefix(7))
        let proof = MerkleTree.consistencyProof(oldSize: 3, leafHashes: leaves)
        let expected = [
            leaves[2], leaves[3], MerkleTree.root(of: Array(leaves[0..<2])), MerkleTree.root(of: leaves[4..<7]),
        ]
        #expect(proof == expected)
    }

    // Computed with a literal recursive RFC 6962 §2.1 script (Python hashlib) over leaf inputs
    // [i % 256, i / 256] for i in 0..<300; exercises deep, unbalanced right edges.
    @Test("S2 300-leaf tree matches an independent reference implementation")
    func largerTree() {
        let leaves = (0..<300).map { MerkleTree.leafHash([UInt8($0 % 256), UInt8($0 / 256)]) }
        let expectedRoots = [
            0: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            1: "709e80c88487a2411e1ee4dfb9f22a861492d20c4765150c0c794abd70f8147c",
            3: "bf8740bcc6a49ec46544b94fcf891631e8dd339af77907fc0cbc4e9e65cf40cd",
            64: "596cfc6750888365f505a176be8e1795f9768dd2fde845505377b8fd0193437e",
            100: "75487d8581fcf29d023281e476bd700b6b336e170b01739e8d6a48348a282946",
            257: "bbcc5331a488859f46f9a4abcaa2a9dc0f3399693cb66c34eb2c742ccf16d056",
            300: "04d7dcf29ad8ecfeb8dad4a8cf9d19c3d4de6f292adde9033311dae76b456f63",
        ]
        for (size, root) in expectedRoots {
            #expect(MerkleTree.root(of: Array(leaves.prefix(size))).hex == root, "size \(size)")
        }
        let path = MerkleTree.inclusionProof(index: 37, leafHashes: leaves)
        #expect(
            path.map(\.hex) == [
                "a22d54c53dd2782d6a94dd1491d84dd434f771be31f20fbb963032a8278b1691",
                "0e4d2e574cb077c4019d95100913f7ebc0d079384a32bc7f03b3b45d78e514d0",
                "fc72340785c1e7f3d0827fa8c16a6f9d1c7c54ae9a380a5cac849d853ff2568f",
                "9efc349b855625f0b3e4648542a910e2c764ad600e86ca0855bc21862f933c6d",
                "04d0140023c9b67eea6bed0a052771db472a6bff220a3301138c2bf7f4b15b46",
                "259bcd6eae001c0abd444ce620322a46e0c99b714e174f6bc6bccd8d8977ac8c",
                "e8c65581b9a140e5423200a3e38d232a7c18da4516a1a10bb5abb31a7d388f8d",
                "adcdc9022aecd7be6a7c0b7ada0ff660bef54cc0f079e6dfcbc429d97feb2952",
                "f1b27d0f0dd3a6ae27f5006d503c5716c902bac6f573aaa4aa18109767361359",
            ])
        let consistency = MerkleTree.consistencyProof(oldSize: 100, leafHashes: leaves)
        #expect(
            consistency.map(\.hex) == [
                "16ebbdbdf1d9f31181e0e60a14e04696444ea9a94a2841c0b2445e9faad087d8",
                "04ff6737400ef13a442882b6262532342c8346c5d76c5bbf3ad1d90479409032",
                "264237b5dabc58c061bbb9e62f2d4158a8621f23fa777b538b7678ac38e910b2",
                "d56f6d57ba51e487cffd8dc2dfab17a3d1e4c519c6dc7d2edfcbcbcae8688973",
                "45d2ce680f49b9bbe409c526007ca75608289b3a0b7a35730439e95390f15fe8",
                "596cfc6750888365f505a176be8e1795f9768dd2fde845505377b8fd0193437e",
                "adcdc9022aecd7be6a7c0b7ada0ff660bef54cc0f079e6dfcbc429d97feb2952",
                "f1b27d0f0dd3a6ae27f5006d503c5716c902bac6f573aaa4aa18109767361359",
            ])
    }

    @Test("S2 proof generation returns empty proofs for the trivial consistency cases")
    func trivialConsistencyProofs() {
        let leaves = V.leafHashes
        #expect(MerkleTree.consistencyProof(oldSize: 0, leafHashes: leaves).isEmpty)
        #expect(MerkleTree.consistencyProof(oldSize: 8, leafHashes: leaves).isEmpty)
        #expect(MerkleTree.inclusionProof(index: 0, leafHashes: [leaves[0]]).isEmpty)
    }

    @Test("S2 proof generation traps on out-of-range arguments")
    func proofArgumentPreconditions() async {
        await #expect(processExitsWith: .failure) {
            _ = MerkleTree.inclusionProof(index: 8, leafHashes: RFC6962TestVectors.leafHashes)
        }
        await #expect(processExitsWith: .failure) {
            _ = MerkleTree.inclusionProof(index: 0, leafHashes: [])
        }
        await #expect(processExitsWith: .failure) {
            _ = MerkleTree.consistencyProof(oldSize: 9, leafHashes: RFC6962TestVectors.leafHashes)
        }
    }
}
