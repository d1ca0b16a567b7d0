import BaomiDomain
import BaomiPersistence
import Benchmark
import Foundation

// Issue #5: the figures of 保密工作总览 at 1,000,000 copies — every aggregate query of `OverviewQuery` in one call,
// as the security office (every level) and as a leader cleared to 重要 (绝密 left out, A2) see them.
func overviewBenchmarks(_ engine: String, configuration: Benchmark.Configuration) {
    let everyLevel = LevelCatalogue.nationalDefault.levels.map(\.id.rawValue)
    for (who, levels) in [
        ("security office", everyLevel),
        ("leader cleared to 重要", everyLevel.filter { $0 != LevelID.topSecret.rawValue }),
    ] {
        Benchmark("\(engine) overview figures, \(who)", configuration: configuration) { benchmark in
            let database = try await LedgerFixture.shared(engine)
            let query = OverviewQuery(levels: levels, now: Date())
            let figures = try await query.figures(on: database)
            precondition(figures.copies() > 0, "the fixture's copies are counted")
            for _ in benchmark.scaledIterations { blackHole(try await query.figures(on: database)) }
        }
    }
}
