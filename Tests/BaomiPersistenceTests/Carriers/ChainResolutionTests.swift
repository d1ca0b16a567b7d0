import BaomiDomain
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BaomiPersistence

extension CarrierFixture {
    /// One of the fixture's real accounts (`bmb`, `fixture-E901` the leader, `fixture-E902` the officer) as it acts.
    func member(_ username: String) async throws -> RequestActor {
        let account = try #require(
            try await AccountModel.query(on: database).filter(\.$username == username).first())
        let id = try account.requireID()
        return RequestActor(
            audit: AuditActor(accountID: id, name: username, kind: .user, ip: nil), accountID: id,
            personID: account.$person.id, roles: account.roles, displayName: account.displayName)
    }

    func setLeaderInCharge(_ username: String) async throws {
        let leader = try await member(username)
        let unit = try #require(try await OrgUnitModel.find(department, on: database))
        unit.leaderInChargeID = leader.personID
        try await unit.save(on: database)
    }

    func hospitalDelivery(courier: UUID) -> CarryOut.Payload {
        var payload = CarryOut.Payload()
        payload.purposeKind = "hospitalDelivery"
        payload.courierID = courier
        payload.destinationCountry = "CN"
        payload.destinationProvince = "110000"
        payload.destination = "市第一人民医院"
        payload.returnDate = today
        return payload
    }
}

@Suite("No request waits for nobody: chains resolve to people (A6, C4, C8, L3, LIFECYCLE.md, principle 9)")
struct ChainResolutionTests {
    @Test("C8 A6 the 保密办's own destruction batch: its office step goes to the leaders, never to the requester")
    func officeOwnDestruction() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copies = try await fixture.storedCopies(count: 2)
            let requests = RequestRepository(store: fixture.store)
            var payload = Destroy.Payload()
            payload.method = "inHouse"
            payload.equipment = "碎纸机"
            let office = try await fixture.member("bmb")
            let batch = try await requests.submit(
                .destroy, carrierID: nil, copyIDs: copies, reason: "到期销毁", payload: payload,
                catalogue: fixture.catalogue, by: office, on: test.database)
            let id = try batch.requireID()
            let steps = try await requests.request(id, on: test.database).currentSteps.compactMap(\.approvalSpec)
            #expect(steps.first?.escalated == true && steps.first?.approver == .role(.leader))
            await #expect(throws: Refusal.self) {
                try await requests.decide(
                    id, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: office, on: test.database)
            }
            let leader = try await fixture.member("fixture-E901")
            for _ in steps {
                try await requests.decide(
                    id, verdict: .approve, comment: "同意", catalogue: fixture.catalogue, by: leader, on: test.database)
            }
            #expect(try await requests.request(id, on: test.database).state == "approved")
        }
    }

    @Test("A6 T5.2 a department officer's 绝密 borrowing: the officer's step goes to the security office")
    func officerOwnTopSecretBorrowing() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "topSecret", count: 1)[0]
            let requests = RequestRepository(store: fixture.store)
            let officer = try await fixture.member("fixture-E902")
            let request = try await requests.submit(
                .borrow, carrierID: nil, copyIDs: [copy], reason: "方案评审",
                payload: fixture.borrowPayload(place: fixture.safe), catalogue: fixture.catalogue, by: officer,
                on: test.database)
            let id = try request.requireID()
            let steps = try await requests.request(id, on: test.database).currentSteps.compactMap(\.approvalSpec)
            #expect(steps.map(\.approver) == [.role(.securityOffice), .role(.leader)])
            #expect(steps[0].escalated == true)
            // No leader in charge is set for the department: any leader, and the step says so.
            #expect(steps[1].title.zh.contains("任一领导"))
            for approver in [try await fixture.member("bmb"), try await fixture.member("fixture-E901")] {
                try await requests.decide(
                    id, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: approver, on: test.database)
            }
            #expect(try await requests.request(id, on: test.database).state == "approved")
        }
    }

    @Test("L3 A6 the leader in charge's own hospital delivery: the leader's step goes to the security office")
    func leaderOwnHospitalDelivery() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "secret", count: 1)[0]
            try await fixture.setLeaderInCharge("fixture-E901")
            let requests = RequestRepository(store: fixture.store)
            let courier = try await fixture.clearedPerson("机要员小周", postClass: .core)
            let leader = try await fixture.member("fixture-E901")
            let request = try await requests.submit(
                .carryOut, carrierID: nil, copyIDs: [copy], reason: "领导住院急需阅批",
                payload: fixture.hospitalDelivery(courier: courier), catalogue: fixture.catalogue, by: leader,
                on: test.database)
            let id = try request.requireID()
            let steps = try await requests.request(id, on: test.database).currentSteps.compactMap(\.approvalSpec)
            #expect(steps.map(\.approver) == [.role(.secrecyOfficer), .role(.securityOffice)])
            #expect(steps.map { $0.escalated == true } == [false, true])
            for approver in [try await fixture.member("fixture-E902"), try await fixture.member("bmb")] {
                try await requests.decide(
                    id, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: approver, on: test.database)
            }
            #expect(try await requests.request(id, on: test.database).state == "approved")
        }
    }

    @Test("A6 LIFECYCLE.md the leader step is the leader in charge of the requester's department, not any leader")
    func leaderInChargeDecides() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "topSecret", count: 1)[0]
            try await fixture.setLeaderInCharge("fixture-E901")
            let requests = RequestRepository(store: fixture.store)
            let reader = try await fixture.person("赵工", in: fixture.department)
            let borrower = fixture.requestActor("zhaog", roles: [.staff], person: reader)
            let id = try await requests.submit(
                .borrow, carrierID: nil, copyIDs: [copy], reason: "方案评审",
                payload: fixture.borrowPayload(place: fixture.safe), catalogue: fixture.catalogue, by: borrower,
                on: test.database
            ).requireID()
            try await requests.decide(
                id, verdict: .approve, comment: "", catalogue: fixture.catalogue,
                by: try await fixture.member("fixture-E902"), on: test.database)
            // Another leader is not the leader in charge of this department.
            let other = fixture.requestActor("other-leader", roles: [.leader])
            await #expect(throws: Refusal.self) {
                try await requests.decide(
                    id, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: other, on: test.database)
            }
            try await requests.decide(
                id, verdict: .approve, comment: "", catalogue: fixture.catalogue,
                by: try await fixture.member("fixture-E901"), on: test.database)
            #expect(try await requests.request(id, on: test.database).state == "approved")
        }
    }

    @Test("principle 9 A6 a configured chain is a new version, audited; a step nobody else can decide is refused")
    func configuredChainRefusesWhenNobodyCanDecide() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copies = try await fixture.storedCopies(count: 2)
            let requests = RequestRepository(store: fixture.store)
            let chains = ChainCatalogue(store: fixture.store)
            let office = try await fixture.member("bmb")
            let onlyLeaders = [
                ApprovalStepSpec(approver: .role(.leader), title: LocalizedText(zh: "领导审批", en: "Leader"))
            ]
            // Only the security office configures chains (principle 9, T4).
            await #expect(throws: Refusal.self) {
                try await chains.set(
                    .destroy, level: nil, steps: onlyLeaders, note: "x", by: office.audit, roles: [.leader],
                    on: test.database)
            }
            let version = try await chains.set(
                .destroy, level: nil, steps: onlyLeaders, note: "领导直接审批", by: office.audit, roles: office.roles,
                on: test.database)
            #expect(version.label == "destroy/*/2")
            var payload = Destroy.Payload()
            payload.method = "inHouse"
            payload.equipment = "碎纸机"
            // The only leader asks: nobody else could decide, and the step has no escalation.
            let error = await #expect(throws: Refusal.self) {
                try await requests.submit(
                    .destroy, carrierID: nil, copyIDs: copies, reason: "到期销毁", payload: payload,
                    catalogue: fixture.catalogue, by: try await fixture.member("fixture-E901"), on: test.database)
            }
            #expect(error?.rule == RuleID("A6"))
            #expect(try await RequestModel.query(on: test.database).count() == 0)
            let batch = try await requests.submit(
                .destroy, carrierID: nil, copyIDs: copies, reason: "到期销毁", payload: payload,
                catalogue: fixture.catalogue, by: try await fixture.member("fixture-E902"), on: test.database)
            #expect(batch.chainVersion == "destroy/*/2")
            #expect(try await requests.request(try batch.requireID(), on: test.database).currentSteps.count == 1)
            // The refused configuration and the change, each audited with its outcome.
            let audited = try await test.database.sql.raw(
                "SELECT outcome FROM audit_records WHERE action = 'chain.set' ORDER BY leaf_index"
            ).all().map { try $0.decode(column: "outcome", as: String.self) }
            #expect(audited.count == 2 && audited.last == "success")
        }
    }
}
