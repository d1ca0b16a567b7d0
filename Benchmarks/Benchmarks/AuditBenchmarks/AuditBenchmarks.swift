import Benchmark
import BaomiPersistence

let benchmarks: @Sendable () -> Void = {
    Benchmark("placeholder") { benchmark in
        blackHole(MerkleTree.emptyRoot)
    }
}
