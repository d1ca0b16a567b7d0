extension MerkleTree {
    /// Checks an audit path with the algorithm of RFC 9162 §2.1.3.2.
    ///
    /// Returns `false` for an out-of-range index, a proof of the wrong length or any hash mismatch.
    public static func verifyInclusion(
        leafHash: MerkleHash, index: Int, treeSize: Int, proof: [MerkleHash], root: MerkleHash
    ) -> Bool {
        guard index >= 0, index < treeSize else { return false }
        var fn = index
        var sn = treeSize - 1
        var hash = leafHash
        for sibling in proof {
            // Running out of tree before running out of proof means the proof has trailing garbage.
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                hash = nodeHash(sibling, hash)
                // A right-edge node with no right sibling is promoted unchanged through those levels.
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                hash = nodeHash(hash, sibling)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && hash == root
    }

    /// Checks that the tree of `newSize` leaves with `newRoot` extends the one of `oldSize` with `oldRoot`,
    /// with the algorithm of RFC 9162 §2.1.4.2.
    ///
    /// Equal sizes need an empty proof and equal roots; an old size of 0 needs an empty proof and
    /// `oldRoot == emptyRoot`, since every tree extends the empty one.
    public static func verifyConsistency(
        oldSize: Int, newSize: Int, oldRoot: MerkleHash, newRoot: MerkleHash, proof: [MerkleHash]
    ) -> Bool {
        guard oldSize >= 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return proof.isEmpty && oldRoot == emptyRoot }
        guard let first = proof.first else { return false }

        // When the old tree is a perfect subtree of the new one its root is the implied first proof node.
        let oldIsPerfect = oldSize & (oldSize - 1) == 0
        var oldHash = oldIsPerfect ? oldRoot : first
        var newHash = oldHash
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        for node in proof.dropFirst(oldIsPerfect ? 0 : 1) {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                oldHash = nodeHash(node, oldHash)
                newHash = nodeHash(node, newHash)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                newHash = nodeHash(newHash, node)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && oldHash == oldRoot && newHash == newRoot
    }
}
