import BaomiDomain
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BaomiPersistence

@Suite("The compliance engine run by several servers at once (REMIND)", .serialized)
struct ComplianceConcurrencyTests {
    @Test("REMIND T4 four runs at once, as two servers make them: each finding stored once, recorded once, none fails")
    func runsAtOnce() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            for index in 1...10 {
                try await OrgUnitModel(name: "部门\(index)", code: "D-\(index)", kind: "department", parentID: nil)
                    .create(on: test.database)
            }
            // Two servers on one PostgreSQL have a write gate each: the second a store of its own (on PostgreSQL
            // there is no writer to share); one SQLite file is written by one server.
            let stores = test.isPostgres ? [fixture.store, Store()] : [fixture.store]
            let catalogue = fixture.catalogue
            let database = test.database
            // act
            let results = await atOnce(
                (0..<4).map { index in
                    let engine = ComplianceRepository(store: stores[index % stores.count])
                    return { _ = try await engine.evaluate(levels: catalogue, on: database) }
                })
            // check
            for case .failure(let error) in results { Issue.record("a run failed: \(error)") }
            let stored = try await FindingModel.query(on: database).all()
            #expect(stored.filter { $0.check == ComplianceCheck.departmentWithoutOfficer.rawValue }.count == 11)
            #expect(Set(stored.map(\.key)).count == stored.count)
            let opened = try await database.sql.raw(
                "SELECT details FROM audit_records WHERE action = 'compliance.evaluate' AND outcome = 'success'"
            ).all().map { row in
                let details = try row.decode(column: "details", as: String.self)
                let object = try JSONSerialization.jsonObject(with: Data(details.utf8)) as? [String: String]
                return Int(object?["opened"] ?? "") ?? 0
            }
            #expect(opened.reduce(0, +) == stored.count)
            let again = try await ComplianceRepository(store: fixture.store).evaluate(levels: catalogue, on: database)
            #expect(again.opened == 0 && again.updated == 0 && again.closed == 0)
        }
    }
}
