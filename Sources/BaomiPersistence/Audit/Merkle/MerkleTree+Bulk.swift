import Dispatch
import Foundation

extension MerkleTree {
    /// Leaf hashes of many records, spread across processors when there are enough of them.
    @inlinable
    public static func leafHashes<Records>(of records: Records) -> [MerkleHash]
    where Records: RandomAccessCollection & Sendable, Records.Element: DataProtocol {
        let count = records.count
        let processors = ProcessInfo.processInfo.activeProcessorCount
        guard count >= parallelThreshold, processors > 1 else { return records.map { leafHash($0) } }
        let chunkCount = processors * 4
        return [MerkleHash](unsafeUninitializedCapacity: count) { output, initialized in
            let shared = MerkleSharedOutput(hashes: output)
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                let start = count * chunk / chunkCount
                let end = count * (chunk + 1) / chunkCount
                var index = records.index(records.startIndex, offsetBy: start)
                for slot in start..<end {
                    (shared.hashes.baseAddress! + slot).initialize(to: leafHash(records[index]))
                    records.formIndex(after: &index)
                }
            }
            initialized = count
        }
    }

    // Below this many leaves, handing work to other threads costs more than it saves.
    @usableFromInline
    static let parallelThreshold = 1 << 15

    static func subtreeRoot(_ leaves: UnsafeBufferPointer<MerkleHash>) -> MerkleHash {
        let processors = ProcessInfo.processInfo.activeProcessorCount
        guard leaves.count >= parallelThreshold, processors > 1 else { return serialRoot(leaves) }
        // Aligned power-of-two chunks are exactly the tree's own subtrees at that height, so folding
        // the chunk roots (the last chunk may be partial) with the same promotion rule gives MTH(D[n]).
        // Many cache-sized chunks (≤ 2 MiB of hashes each) keep every worker busy until the end.
        var width = 1 << 10
        while width < 1 << 16 && width * processors * 8 < leaves.count { width <<= 1 }
        let chunk = width
        let chunkCount = (leaves.count + chunk - 1) / chunk
        var chunkRoots = [MerkleHash](repeating: .zero, count: chunkCount)
        chunkRoots.withUnsafeMutableBufferPointer { roots in
            let shared = MerkleSharedBuffers(leaves: leaves, roots: roots)
            DispatchQueue.concurrentPerform(iterations: chunkCount) { index in
                let start = index * chunk
                let end = min(start + chunk, shared.leaves.count)
                shared.roots[index] = serialRoot(UnsafeBufferPointer(rebasing: shared.leaves[start..<end]))
            }
        }
        return root(of: chunkRoots)
    }
}

// Worker threads write disjoint slots of `roots` and only read `leaves`; concurrentPerform joins them
// before the buffers go out of scope, which is what makes the unchecked conformance sound.
private struct MerkleSharedBuffers: @unchecked Sendable {
    let leaves: UnsafeBufferPointer<MerkleHash>
    let roots: UnsafeMutableBufferPointer<MerkleHash>
}

// Same reasoning as `MerkleSharedBuffers`: each worker initialises its own disjoint range of slots.
@usableFromInline
struct MerkleSharedOutput: @unchecked Sendable {
    @usableFromInline
    let hashes: UnsafeMutableBufferPointer<MerkleHash>

    @usableFromInline
    init(hashes: UnsafeMutableBufferPointer<MerkleHash>) {
        self.hashes = hashes
    }
}
