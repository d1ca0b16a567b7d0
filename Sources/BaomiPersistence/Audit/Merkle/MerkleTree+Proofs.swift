extension MerkleTree {
    /// PATH(m, D[n]) of RFC 6962 §2.1.1: the audit path of leaf `index`, deepest sibling first.
    ///
    /// Empty for a one-leaf tree. Costs O(n) hashing, as every sibling subtree root is recomputed.
    /// - Precondition: `0 <= index < leafHashes.count`; like subscripting, callers validate requests first.
    public static func inclusionProof(index: Int, leafHashes: [MerkleHash]) -> [MerkleHash] {
        precondition(
            index >= 0 && index < leafHashes.count, "leaf index \(index) outside a tree of \(leafHashes.count)")
        return leafHashes.withUnsafeBufferPointer { leaves in
            // Walk from the root down, collecting the sibling at each split; RFC order is bottom-up.
            var siblings: [MerkleHash] = []
            var low = 0
            var high = leaves.count
            var target = index
            while high - low > 1 {
                let split = largestPowerOfTwo(below: high - low)
                if target < split {
                    siblings.append(subtreeRoot(UnsafeBufferPointer(rebasing: leaves[(low + split)..<high])))
                    high = low + split
                } else {
                    siblings.append(subtreeRoot(UnsafeBufferPointer(rebasing: leaves[low..<(low + split)])))
                    low += split
                    target -= split
                }
            }
            return siblings.reversed()
        }
    }

    /// PROOF(m, D[n]) of RFC 6962 §2.1.2 that the first `oldSize` leaves are a prefix of `leafHashes`.
    ///
    /// Empty when `oldSize` is 0 or equals the new size, as nothing needs proving then.
    /// - Precondition: `0 <= oldSize <= leafHashes.count`.
    public static func consistencyProof(oldSize: Int, leafHashes: [MerkleHash]) -> [MerkleHash] {
        precondition(
            oldSize >= 0 && oldSize <= leafHashes.count, "old size \(oldSize) outside 0...\(leafHashes.count)")
        guard oldSize > 0, oldSize < leafHashes.count else { return [] }
        return leafHashes.withUnsafeBufferPointer { leaves in
            // SUBPROOF(m, D[low:high], complete) unrolled top-down; reversed at the end into RFC order.
            var nodes: [MerkleHash] = []
            var low = 0
            var high = leaves.count
            var remaining = oldSize
            var complete = true
            while true {
                if remaining == high - low {
                    if !complete {
                        nodes.append(subtreeRoot(UnsafeBufferPointer(rebasing: leaves[low..<high])))
                    }
                    break
                }
                let split = largestPowerOfTwo(below: high - low)
                if remaining <= split {
                    nodes.append(subtreeRoot(UnsafeBufferPointer(rebasing: leaves[(low + split)..<high])))
                    high = low + split
                } else {
                    nodes.append(subtreeRoot(UnsafeBufferPointer(rebasing: leaves[low..<(low + split)])))
                    low += split
                    remaining -= split
                    complete = false
                }
            }
            return nodes.reversed()
        }
    }

    /// The k of RFC 6962: the largest power of two strictly smaller than `count` (which must exceed 1).
    static func largestPowerOfTwo(below count: Int) -> Int {
        1 << (Int.bitWidth - 1 - (count - 1).leadingZeroBitCount)
    }
}
