/// The right edge of an append-only RFC 6962 tree: enough state to append leaves and compute the root
/// without re-reading earlier leaves.
///
/// It holds one perfect-subtree root per set bit of `size`, largest (leftmost) first, so a tree of n
/// leaves needs at most log2(n) + 1 hashes. Encodes as `{"size": n, "subtreeRoots": ["<hex>", ...]}`
/// so it can be stored beside a signed checkpoint and resumed from there.
public struct MerkleFrontier: Sendable, Hashable {
    /// Number of leaves appended so far.
    public private(set) var size: Int
    /// Roots of the perfect subtrees covering leaves `0..<size`, left to right.
    public private(set) var subtreeRoots: [MerkleHash]

    /// An empty tree.
    public init() {
        size = 0
        subtreeRoots = []
    }

    /// Rebuilds a frontier from stored parts; `nil` unless there is exactly one root per set bit of `size`.
    public init?(size: Int, subtreeRoots: [MerkleHash]) {
        guard size >= 0, subtreeRoots.count == size.nonzeroBitCount else { return nil }
        self.size = size
        self.subtreeRoots = subtreeRoots
    }

    /// The frontier after appending `leafHashes` to an empty tree.
    public init(leafHashes: some Sequence<MerkleHash>) {
        self.init()
        append(contentsOf: leafHashes)
    }

    /// The frontier of `leafHashes`, hashing each perfect subtree in bulk rather than leaf by leaf.
    public init(leafHashes: [MerkleHash]) {
        self.init()
        size = leafHashes.count
        var start = 0
        for width in subtreeSizes {
            subtreeRoots.append(MerkleTree.root(of: leafHashes[start..<(start + width)]))
            start += width
        }
    }

    /// Sizes of the subtrees in `subtreeRoots`, in the same order: the set bits of `size`, high to low.
    public var subtreeSizes: [Int] {
        (0..<Int.bitWidth).reversed().compactMap { bit in size & (1 << bit) != 0 ? 1 << bit : nil }
    }

    /// Adds one leaf hash. Amortised one node hash per call; at most log2(n).
    public mutating func append(_ leafHash: MerkleHash) {
        // Binary-counter carry: each trailing set bit of `size` is a same-sized subtree to merge with.
        var node = leafHash
        var carry = size
        while carry & 1 == 1 {
            node = MerkleTree.nodeHash(subtreeRoots.removeLast(), node)
            carry >>= 1
        }
        subtreeRoots.append(node)
        size += 1
    }

    /// Adds leaf hashes in order.
    public mutating func append(contentsOf leafHashes: some Sequence<MerkleHash>) {
        for leafHash in leafHashes {
            append(leafHash)
        }
    }

    /// MTH of the leaves appended so far; equals `MerkleTree.root(of:)` over the same leaves.
    public var root: MerkleHash {
        // MTH splits at the largest power of two below n, which is exactly the leftmost subtree,
        // so folding right to left reproduces the RFC 6962 recursion.
        guard var hash = subtreeRoots.last else { return MerkleTree.emptyRoot }
        for left in subtreeRoots.dropLast().reversed() {
            hash = MerkleTree.nodeHash(left, hash)
        }
        return hash
    }
}

extension MerkleFrontier: Codable {
    private enum CodingKeys: String, CodingKey {
        case size
        case subtreeRoots
    }

    /// Decodes and validates that the root count matches `size`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let size = try container.decode(Int.self, forKey: .size)
        let roots = try container.decode([MerkleHash].self, forKey: .subtreeRoots)
        guard let frontier = MerkleFrontier(size: size, subtreeRoots: roots) else {
            throw DecodingError.dataCorruptedError(
                forKey: .subtreeRoots, in: container,
                debugDescription: "a frontier of size \(size) needs \(size.nonzeroBitCount) subtree roots")
        }
        self = frontier
    }

    /// Encodes `size` and the subtree roots as hex strings.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(size, forKey: .size)
        try container.encode(subtreeRoots, forKey: .subtreeRoots)
    }
}
