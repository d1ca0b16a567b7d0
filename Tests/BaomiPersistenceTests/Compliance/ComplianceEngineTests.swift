import BaomiDomain
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BaomiPersistence

@Suite("The compliance engine: findings open, update and close by themselves (REMIND)")
struct ComplianceEngineTests {
    func engine(_ fixture: CarrierFixture) -> ComplianceRepository { ComplianceRepository(store: fixture.store) }

    func open(_ check: ComplianceCheck, on database: any Database) async throws -> [FindingModel] {
        var query = FindingQuery()
        query.checks = [check]
        return try await query.run(on: database).rows
    }

    @Test("T4 a department without a secrecy officer opens a finding, designating one closes it, the history stays")
    func departmentOfficer() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let engine = engine(fixture)
            let first = try await engine.evaluate(levels: fixture.catalogue, on: test.database)
            #expect(first.opened >= 1)
            let findings = try await open(.departmentWithoutOfficer, on: test.database)
            #expect(findings.map(\.subjectID) == [fixture.department])
            #expect(findings.first?.rule == "T4")
            // Nothing changed: nothing written, not even an audit record.
            let audit = try await AuditQuery(actorKinds: [], action: "compliance.evaluate").run(on: test.database).count
            let again = try await engine.evaluate(levels: fixture.catalogue, on: test.database)
            #expect(again.opened == 0 && again.closed == 0 && again.updated == 0)
            #expect(
                try await AuditQuery(actorKinds: [], action: "compliance.evaluate").run(on: test.database).count
                    == audit)
            try await SecrecyOrganisationRepository(store: fixture.store).setSecrecyOfficer(
                unit: fixture.department, person: fixture.officer, by: fixture.actor, on: test.database)
            let fixed = try await engine.evaluate(levels: fixture.catalogue, on: test.database)
            #expect(fixed.closed == 1)
            #expect(try await open(.departmentWithoutOfficer, on: test.database).isEmpty)
            var history = FindingQuery()
            history.open = false
            let closed = try await history.run(on: test.database).rows
            #expect(closed.contains { $0.subjectID == fixture.department && $0.closedAt != nil })
        }
    }

    @Test("C6 C0 copy-wide checks: a copy above its place, a copy without history; a scoped run closes only its copies")
    func copyWideChecks() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let engine = engine(fixture)
            let carrier = try await fixture.register(fixture.input(level: "confidential", copies: 2))
            let copies = try await CarrierRepository(store: fixture.store).copies(
                of: try carrier.requireID(), on: test.database)
            let first = try copies[0].requireID()
            let second = try copies[1].requireID()
            _ = try await fixture.step(.init(action: .place, placeID: fixture.cabinet), first)
            _ = try await fixture.step(.init(action: .place, placeID: fixture.cabinet), second)
            // The level is raised behind the cabinet's back (as a reclassification would), and one copy loses
            // its history.
            let sql = try test.database.sql
            try await sql.raw("UPDATE copies SET level = 'secret' WHERE carrier_id = \(bind: try carrier.requireID())")
                .run()
            try await sql.raw("DELETE FROM copy_events WHERE copy_id = \(bind: second)").run()
            try await engine.evaluate(levels: fixture.catalogue, on: test.database)
            #expect(Set(try await open(.placeBelowLevel, on: test.database).map(\.subjectID)) == [first, second])
            #expect(try await open(.dataConsistency, on: test.database).map(\.subjectID) == [second])
            // Moving the first copy to the safe and re-checking only the second leaves the first's finding open.
            _ = try await fixture.step(.init(action: .move, placeID: fixture.safe), first)
            try await engine.evaluate(scope: .copies([second]), levels: fixture.catalogue, on: test.database)
            #expect(Set(try await open(.placeBelowLevel, on: test.database).map(\.subjectID)) == [first, second])
            let scoped = try await engine.evaluate(
                scope: .copies([first]), levels: fixture.catalogue, on: test.database)
            #expect(scoped.closed == 1)
            #expect(try await open(.placeBelowLevel, on: test.database).map(\.subjectID) == [second])
        }
    }

    @Test("C6 a department and its place keeping copies without an inventory are overdue; closing one clears both")
    func inventory() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let engine = engine(fixture)
            let carrier = try await fixture.register(fixture.input(copies: 1))
            let copy = try await CarrierRepository(store: fixture.store).copies(
                of: try carrier.requireID(), on: test.database)[0].requireID()
            _ = try await fixture.step(.init(action: .place, placeID: fixture.safe), copy)
            try await engine.evaluate(levels: fixture.catalogue, on: test.database)
            let due = try await open(.inventoryDue, on: test.database)
            #expect(Set(due.map(\.subjectID)) == [fixture.department, fixture.safe])
            #expect(due.allSatisfy { $0.severity == FindingSeverity.overdue.rawValue })
            let inventories = InventoryRepository(store: fixture.store)
            let inventory = try await inventories.open(
                name: "年度清查", departmentID: fixture.department, placeID: nil, by: fixture.actor, on: test.database)
            try await inventories.close(try inventory.requireID(), by: fixture.actor, on: test.database)
            try await engine.evaluate(levels: fixture.catalogue, on: test.database)
            #expect(try await open(.inventoryDue, on: test.database).isEmpty)
        }
    }

    @Test("T22 A4 a leaver holding a copy and keeping a secret post is seen by their department, not by others")
    func leaverVisibility() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let engine = engine(fixture)
            let carrier = try await fixture.register(fixture.input(copies: 1))
            let copy = try await CarrierRepository(store: fixture.store).copies(
                of: try carrier.requireID(), on: test.database)[0]
            #expect(copy.$holder.id == fixture.officer)
            let sql = try test.database.sql
            try await sql.raw(
                "UPDATE people SET status = 'leaving', post_class = 'important' WHERE id = \(bind: fixture.officer)"
            ).run()
            try await engine.evaluate(levels: fixture.catalogue, on: test.database)
            #expect(try await open(.heldByLeaver, on: test.database).map(\.subjectID) == [try copy.requireID()])
            #expect(try await open(.clearedLeaver, on: test.database).map(\.subjectID) == [fixture.officer])
            var mine = FindingQuery()
            mine.viewer = FindingViewer(personID: nil, departments: [fixture.department])
            #expect(try await mine.run(on: test.database).total >= 2)
            mine.viewer = FindingViewer(personID: UUID(), departments: [UUID()])
            #expect(try await mine.run(on: test.database).total == 0)
            mine.viewer = FindingViewer(personID: fixture.officer, departments: [])
            #expect(try await mine.run(on: test.database).rows.contains { $0.check == "heldByLeaver" })
        }
    }
}
