import BaomiDomain
import BaomiPersistence
import Benchmark
import FluentKit
import Foundation
import SQLKit

// Issue #16: the T22 check of a departure for a person holding 1,000 copies (two carriers of 500, registered in
// their hands through the register), on SQLite. Budget: ≤ 5 ms. Measured: the counts the completion refuses on,
// and the full list the request page names (each copy, then filtered through CarrierSights by the caller).

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock], timeUnits: .microseconds, warmupIterations: 3, maxDuration: .seconds(10),
        maxIterations: 1_000)
    Benchmark("T22 check (counts) for a person holding 1,000 copies", configuration: configuration) { benchmark in
        let (database, person) = try await DepartureFixture.shared()
        for _ in benchmark.scaledIterations {
            blackHole(try await DepartureHoldings.counts(of: person, on: database))
        }
    }
    Benchmark("T22 list for the request page, 1,000 copies", configuration: configuration) { benchmark in
        let (database, person) = try await DepartureFixture.shared()
        for _ in benchmark.scaledIterations {
            blackHole(try await DepartureHoldings.of(person, on: database))
        }
    }
}

/// One leaver with 1,000 copies in hand, built once in `$TMPDIR/baomi-departure-bench/`.
actor DepartureFixture {
    private static let instance = DepartureFixture()
    private var opened: (StandaloneDatabase, UUID)?

    static func shared() async throws -> (any Database, UUID) {
        let (standalone, person) = try await instance.open()
        return (standalone.database, person)
    }

    private func open() async throws -> (StandaloneDatabase, UUID) {
        if let opened { return opened }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baomi-departure-bench")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let standalone = try StandaloneDatabase(.sqlite(path: folder.appendingPathComponent("baomi.sqlite").path))
        try await standalone.migrate()
        let database = standalone.database
        let store = Store()
        let actor = AuditActor(accountID: UUID(), name: "bench", kind: .system, ip: nil)
        let root = OrgUnitModel(name: "某研究所", code: "ROOT", kind: "unit", parentID: nil)
        try await root.create(on: database)
        let tech = OrgUnitModel(name: "技术部", code: "D-TECH", kind: "department", parentID: root.id)
        try await tech.create(on: database)
        let department = try tech.requireID()
        let leaver = PersonModel(
            name: "周离职", employeeNumber: "E777", departmentID: department, post: "工程师", isLeader: true,
            status: "active")
        leaver.postClass = SecretPostClass.core.rawValue
        leaver.classifierMaxLevel = "secret"
        try await leaver.create(on: database)
        let person = try leaver.requireID()
        for carrier in 0..<2 {
            var input = CarrierDraft.Input()
            input.title = "某型号技术资料\(carrier)"
            input.documentNumber = "技字〔2026〕\(carrier)号"
            input.category = "technicalSolution"
            input.form = "paper"
            input.level = "secret"
            input.period = "20"
            input.copyCount = 500
            input.departmentID = department.uuidString
            input.scopeDepartments = [department.uuidString]
            input.classifierID = person.uuidString
            input.classificationBasis = "保密事项范围第3条"
            _ = try await CarrierRepository(store: store).register(
                try CarrierDraft.parse(input, catalogue: .nationalDefault), registrarPersonID: person, by: actor,
                on: database)
        }
        let held = try await DepartureHoldings.counts(of: person, on: database)
        precondition(held.copies == 1_000, "the fixture's leaver holds \(held.copies) copies, not 1,000")
        opened = (standalone, person)
        return (standalone, person)
    }
}
