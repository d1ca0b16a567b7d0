import BaomiDomain
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BaomiPersistence

@Suite("Cooperation contracts register (T23)")
struct CooperationContractTests {
    func draft(
        _ department: UUID, startsOn: String, coverage: SecrecyCoverage, signedOn: String? = nil
    )
        -> CooperationContractDraft
    {
        CooperationContractDraft(
            partnerName: "某某电子有限公司", subject: "某型设备联合研制", level: "secret", startsOn: startsOn,
            endsOn: "2099-12-31", departmentID: department, coverage: coverage.rawValue, agreementSignedOn: signedOn)
    }

    @Test(
        "T23 a contract is recorded and changed with its audit; a started secret contract without coverage is refused and audited"
    )
    func recordAndRefuse() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let repository = CooperationContractRepository(store: fixture.store)
            let today = ClearanceRepository.today(Date())
            let contract = try await repository.create(
                draft(fixture.department, startsOn: "2099-01-01", coverage: .none), levels: fixture.catalogue,
                by: fixture.actor, on: test.database)
            let id = try contract.requireID()
            // Started without coverage: refused, nothing written, the refusal audited with T23.
            let error = await #expect(throws: DomainError.self) {
                try await repository.update(
                    id, draft(fixture.department, startsOn: today, coverage: .none), levels: fixture.catalogue,
                    by: fixture.actor, on: test.database)
            }
            guard case .invalid(let errors)? = error else { Issue.record("not a field error"); return }
            #expect(errors.map(\.field) == ["coverage"] && errors.allSatisfy { $0.rule == RuleID("T23") })
            #expect(try await repository.contract(id, on: test.database).startsOn == "2099-01-01")
            let refused = try await AuditQuery(actorKinds: [.user], action: "cooperation.update", outcome: .refused)
                .run(on: test.database)
            #expect(refused.contains { $0.rule == "T23" })
            // The agreement signed: the change passes and is audited with the coverage before.
            let changed = try await repository.update(
                id, draft(fixture.department, startsOn: today, coverage: .agreement, signedOn: today),
                levels: fixture.catalogue, by: fixture.actor, on: test.database)
            #expect(changed.secrecyCoverage == .agreement && changed.agreementSignedOn == today)
            let updates = try await AuditQuery(actorKinds: [.user], action: "cooperation.update", outcome: .success)
                .run(on: test.database)
            #expect(updates.count == 1)
            #expect(try await repository.contracts(departments: nil, on: test.database).count == 1)
            #expect(try await repository.contracts(departments: [UUID()], on: test.database).isEmpty)
        }
    }

    @Test("T23 an unknown department is a field error, nothing written")
    func unknownDepartment() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let repository = CooperationContractRepository(store: fixture.store)
            await #expect(throws: DomainError.self) {
                try await repository.create(
                    draft(UUID(), startsOn: "2099-01-01", coverage: .none), levels: fixture.catalogue,
                    by: fixture.actor, on: test.database)
            }
            #expect(try await repository.contracts(departments: nil, on: test.database).isEmpty)
        }
    }

    @Test("T23 the compliance check reads contracts not yet ended and finds the uncovered one")
    func complianceRecords() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            // Written directly: a contract that started uncovered before the rule's check existed (an import).
            let contract = CooperationContractModel()
            contract.partnerName = "甲公司"
            contract.subject = "联合研制"
            contract.level = "secret"
            contract.startsOn = "2026-01-01"
            contract.endsOn = "2099-12-31"
            contract.$department.id = fixture.department
            contract.coverage = SecrecyCoverage.none.rawValue
            contract.recordedBy = "bmb"
            contract.updatedAt = Date()
            try await contract.create(on: test.database)
            let today = ClearanceRepository.today(Date())
            let records = try await ComplianceRecordsLoader(
                sql: test.database.sql, today: today, levels: .nationalDefault, checks: [.cooperationUncovered],
                copies: nil, now: Date()
            ).load()
            #expect(records.cooperation.running.map(\.id) == [try contract.requireID()])
            let findings = ComplianceRules.evaluate(.cooperationUncovered, records, levels: .nationalDefault)
            #expect(findings.map(\.subject.id) == [try contract.requireID()])
            #expect(findings.first?.responsibleDepartment == fixture.department)
        }
    }
}
