// swift-tools-version: 6.1
import PackageDescription

// Performance benchmarks for Baomi (DESIGN.md, "Performance budgets"). A package of its own, so the main build and
// `swift test` never compile the benchmark harness. Run from this folder:
//   swift package --scratch-path "$HOME/.cache/baomi-bench-build" benchmark
let package = Package(
    name: "BaomiBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Baomi", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
    ],
    targets: [
        .executableTarget(
            name: "AuditBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BaomiPersistence", package: "Baomi"),
                .product(name: "BaomiDomain", package: "Baomi"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Benchmarks/AuditBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "VerifyProbe",
            dependencies: [
                .product(name: "BaomiPersistence", package: "Baomi"),
                .product(name: "BaomiDomain", package: "Baomi"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
            ],
            path: "Sources/VerifyProbe"
        ),
    ],
    swiftLanguageModes: [.v6]
)
