import Crypto
import Foundation

/// RFC 6962 §2.1 Merkle Tree Hash over SHA-256: leaf and node hashing and tree roots.
///
/// Bulk and parallel hashing live in `MerkleTree+Bulk.swift`, proof generation in `MerkleTree+Proofs.swift`,
/// verification in `MerkleTree+Verify.swift`.
public enum MerkleTree {
    /// MTH({}) = SHA-256 of the empty string.
    public static let emptyRoot = MerkleHash(digest: SHA256.hash(data: [UInt8]()))

    /// SHA-256(0x00 ‖ data): the hash of one log entry.
    @inlinable  // Specialised per caller, so contiguous input reaches the raw-buffer path without generics.
    public static func leafHash(_ data: some DataProtocol) -> MerkleHash {
        if let hash = data.withContiguousStorageIfAvailable({ leafHash(bytes: UnsafeRawBufferPointer($0)) }) {
            return hash
        }
        var hasher = prefixedHasher(0x00)
        hasher.update(data: data)
        return MerkleHash(digest: hasher.finalize())
    }

    /// SHA-256(0x00 ‖ bytes), for callers that already hold a raw buffer.
    public static func leafHash(bytes: UnsafeRawBufferPointer) -> MerkleHash {
        // One update over a stack copy of 0x00 ‖ bytes is ~20 % faster than feeding the prefix byte
        // separately, which misaligns every block; past a few KiB the copy is no longer worth it.
        guard bytes.count <= 4096 else {
            var hasher = prefixedHasher(0x00)
            hasher.update(bufferPointer: bytes)
            return MerkleHash(digest: hasher.finalize())
        }
        return withUnsafeTemporaryAllocation(byteCount: bytes.count + 1, alignment: 1) { buffer in
            buffer[0] = 0x00
            UnsafeMutableRawBufferPointer(rebasing: buffer[1...]).copyMemory(from: bytes)
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
            return MerkleHash(digest: hasher.finalize())
        }
    }

    /// SHA-256(0x01 ‖ left ‖ right): the hash of an interior node.
    public static func nodeHash(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        withUnsafeTemporaryAllocation(byteCount: 2 * MerkleHash.byteCount + 1, alignment: 1) { block in
            block[0] = 0x01
            left.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: block[1...32]).copyMemory(from: $0) }
            right.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: block[33...]).copyMemory(from: $0) }
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(block))
            return MerkleHash(digest: hasher.finalize())
        }
    }

    /// MTH(D[n]) for the given leaf hashes; `emptyRoot` when there are none.
    ///
    /// Hashes level by level in one scratch buffer, and splits large trees across processors.
    public static func root(of leafHashes: [MerkleHash]) -> MerkleHash {
        leafHashes.withUnsafeBufferPointer { subtreeRoot($0) }
    }

    /// MTH over a contiguous slice of leaf hashes, e.g. `D[k:n]`.
    public static func root(of leafHashes: ArraySlice<MerkleHash>) -> MerkleHash {
        leafHashes.withUnsafeBufferPointer { subtreeRoot($0) }
    }

    static func serialRoot(_ leaves: UnsafeBufferPointer<MerkleHash>) -> MerkleHash {
        guard let source = leaves.baseAddress, leaves.count > 1 else {
            return leaves.first ?? emptyRoot
        }
        // Level 1 reads the caller's buffer; every later level folds the scratch buffer onto itself.
        var scratch = [MerkleHash](repeating: .zero, count: (leaves.count + 1) / 2)
        return scratch.withUnsafeMutableBufferPointer { level in
            let base = UnsafeMutableRawPointer(level.baseAddress!)
            var width = hashLevel(from: UnsafeRawPointer(source), count: leaves.count, into: base)
            while width > 1 {
                width = hashLevel(from: UnsafeRawPointer(base), count: width, into: base)
            }
            return level[0]
        }
    }

    /// Hashes adjacent pairs of `count` hashes at `source` into `destination`, promoting an odd last one.
    /// `destination` may equal `source`: slot i is written only after slots 2i and 2i+1 were read.
    private static func hashLevel(
        from source: UnsafeRawPointer, count: Int, into destination: UnsafeMutableRawPointer
    ) -> Int {
        let size = MerkleHash.byteCount
        var index = 0
        // Same single-update trick as leaf hashing: 0x01 ‖ left ‖ right assembled in one stack buffer.
        withUnsafeTemporaryAllocation(byteCount: 2 * size + 1, alignment: 1) { block in
            block[0] = 0x01
            let children = UnsafeMutableRawBufferPointer(rebasing: block[1...])
            while index + 1 < count {
                children.copyMemory(from: UnsafeRawBufferPointer(start: source + index * size, count: 2 * size))
                var hasher = SHA256()
                hasher.update(bufferPointer: UnsafeRawBufferPointer(block))
                let digest = hasher.finalize()
                let target = destination + index / 2 * size
                digest.withUnsafeBytes { target.copyMemory(from: $0.baseAddress!, byteCount: size) }
                index += 2
            }
        }
        if index < count {
            (destination + index / 2 * size).copyMemory(from: source + index * size, byteCount: size)
        }
        return (count + 1) / 2
    }

    @usableFromInline
    static func prefixedHasher(_ prefix: UInt8) -> SHA256 {
        var hasher = SHA256()
        var byte = prefix
        Swift.withUnsafeBytes(of: &byte) { hasher.update(bufferPointer: $0) }
        return hasher
    }
}
