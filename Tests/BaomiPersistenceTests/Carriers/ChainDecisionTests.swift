import BaomiDomain
import FluentKit
import Foundation
import Testing

@testable import BaomiPersistence

extension CarrierFixture {
    /// A new business account with a person of the fixture's department, cleared 核心 so that what it may decide
    /// turns on its roles and stand-ins alone (A2 is tested on its own).
    func newMember(_ username: String, roles: Set<Role>) async throws -> RequestActor {
        let person = try await self.person(username, in: department)
        let model = try #require(try await PersonModel.find(person, on: database))
        model.postClass = SecretPostClass.core.rawValue
        try await model.save(on: database)
        try await AccountModel(
            username: username, displayName: username, personID: person, passwordHash: "x", roles: roles
        ).create(on: database)
        return try await member(username)
    }
}

@Suite("Decisions people expect: return for changes, stand-ins, joint steps (A6, issue #14)")
struct ChainDecisionTests {
    @Test("A6 returned for changes: the requester edits and resubmits; every round's submission and decisions stay")
    func returnAndResubmit() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "secret", count: 1)[0]
            let requests = RequestRepository(store: fixture.store)
            let borrower = try await fixture.newMember("zhaog", roles: [.staff])
            let id = try await requests.submit(
                .borrow, carrierID: nil, copyIDs: [copy], reason: "阅读",
                payload: fixture.borrowPayload(place: fixture.safe), catalogue: fixture.catalogue, by: borrower,
                on: test.database
            ).requireID()
            let officer = try await fixture.member("fixture-E902")
            // A return says what is to be changed.
            await #expect(throws: DomainError.self) {
                try await requests.decide(
                    id, verdict: .returnForChanges, comment: " ", catalogue: fixture.catalogue, by: officer,
                    on: test.database)
            }
            try await requests.decide(
                id, verdict: .returnForChanges, comment: "请写明评审会名称", catalogue: fixture.catalogue, by: officer,
                on: test.database)
            #expect(try await requests.request(id, on: test.database).state == "returned")
            // Returned, it waits for its requester only: no approver decides it.
            await #expect(throws: DomainError.self) {
                try await requests.decide(
                    id, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: officer, on: test.database)
            }
            // Only the requester resubmits.
            await #expect(throws: Refusal.self) {
                try await requests.resubmit(
                    id, reason: "x", payload: fixture.borrowPayload(place: fixture.safe), catalogue: fixture.catalogue,
                    by: officer, on: test.database)
            }
            try await requests.resubmit(
                id, reason: "型号方案评审会（第二轮）", payload: fixture.borrowPayload(place: fixture.safe),
                catalogue: fixture.catalogue, by: borrower, on: test.database)
            let resubmitted = try await requests.request(id, on: test.database)
            #expect(resubmitted.state == "submitted" && resubmitted.round == 2)
            #expect(resubmitted.steps.count == 2 && resubmitted.currentSteps.count == 1)
            #expect(resubmitted.steps.first?.decision == "return")
            let revisions = try await requests.revisions(of: id, on: test.database)
            #expect(revisions.map(\.reason) == ["阅读", "型号方案评审会（第二轮）"])
            try await requests.decide(
                id, verdict: .approve, comment: "同意", conditions: "当日归还", catalogue: fixture.catalogue, by: officer,
                on: test.database)
            let approved = try await requests.request(id, on: test.database)
            #expect(approved.state == "approved")
            #expect(approved.currentSteps.first?.conditions == "当日归还")
            #expect(try await LoanModel.query(on: test.database).filter(\.$request.$id == id).count() == 1)
        }
    }

    @Test("A6 a stand-in decides the delegator's step and the decision says for whom; never their own request")
    func standIn() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copies = try await fixture.storedCopies(level: "topSecret", count: 2)
            try await fixture.setLeaderInCharge("fixture-E901")
            let requests = RequestRepository(store: fixture.store)
            let delegations = Delegations(store: fixture.store)
            let leader = try await fixture.member("fixture-E901")
            let deputy = try await fixture.newMember("deputy", roles: [.staff])
            let staff = try await fixture.newMember("zhaog", roles: [.staff])
            // The deputy is no approver yet.
            let first = try await requests.submit(
                .borrow, carrierID: nil, copyIDs: [copies[0]], reason: "评审",
                payload: fixture.borrowPayload(place: fixture.safe), catalogue: fixture.catalogue, by: staff,
                on: test.database
            ).requireID()
            let officer = try await fixture.member("fixture-E902")
            try await requests.decide(
                first, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: officer, on: test.database)
            await #expect(throws: Refusal.self) {
                try await requests.decide(
                    first, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: deputy, on: test.database)
            }
            await #expect(throws: DomainError.self) {
                try await delegations.name(
                    standIn: "deputy", startsOn: fixture.today, endsOn: "2000-01-01", by: leader, on: test.database)
            }
            try await delegations.name(
                standIn: "deputy", startsOn: fixture.today, endsOn: SecrecyPeriod.day(fixture.today, plus: 7),
                by: leader, on: test.database)
            try await requests.decide(
                first, verdict: .approve, comment: "同意", catalogue: fixture.catalogue, by: deputy, on: test.database)
            let decided = try await requests.request(first, on: test.database)
            #expect(decided.state == "approved")
            let step = try #require(decided.currentSteps.last)
            #expect(step.onBehalfOfID == leader.accountID && step.decidedByID == deputy.accountID)
            #expect(step.decider(in: .zh) == "deputy 代 \(leader.displayName)")
            // The deputy's own request waits for the leader, whom the deputy stands in for: not for the deputy.
            let own = try await requests.submit(
                .borrow, carrierID: nil, copyIDs: [copies[1]], reason: "评审",
                payload: fixture.borrowPayload(place: fixture.safe), catalogue: fixture.catalogue, by: deputy,
                on: test.database
            ).requireID()
            try await requests.decide(
                own, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: officer, on: test.database)
            let error = await #expect(throws: Refusal.self) {
                try await requests.decide(
                    own, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: deputy, on: test.database)
            }
            #expect(error?.rule == RuleID("A6"))
            try await requests.decide(
                own, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: leader, on: test.database)
        }
    }

    @Test(
        "A2 whoever decides, for themselves or standing in, is cleared for the request: else refused, nothing written")
    func deciderIsCleared() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "topSecret", count: 1)[0]
            try await fixture.setLeaderInCharge("fixture-E901")
            let requests = RequestRepository(store: fixture.store)
            let leader = try await fixture.member("fixture-E901")
            let deputy = try await fixture.newMember("deputy", roles: [.staff])
            // The deputy holds a 一般 post: cleared for 秘密, not for 绝密.
            let person = try #require(try await PersonModel.find(deputy.personID, on: test.database))
            person.postClass = SecretPostClass.general.rawValue
            try await person.save(on: test.database)
            let staff = try await fixture.newMember("zhaog", roles: [.staff])
            let id = try await requests.submit(
                .borrow, carrierID: nil, copyIDs: [copy], reason: "评审",
                payload: fixture.borrowPayload(place: fixture.safe), catalogue: fixture.catalogue, by: staff,
                on: test.database
            ).requireID()
            try await requests.decide(
                id, verdict: .approve, comment: "", catalogue: fixture.catalogue,
                by: try await fixture.member("fixture-E902"), on: test.database)
            try await Delegations(store: fixture.store).name(
                standIn: "deputy", startsOn: fixture.today, endsOn: SecrecyPeriod.day(fixture.today, plus: 7),
                by: leader, on: test.database)
            let refusal = await #expect(throws: Refusal.self) {
                try await requests.decide(
                    id, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: deputy, on: test.database)
            }
            #expect(refusal?.rule == RuleID("A2"))
            let waiting = try await requests.request(id, on: test.database)
            #expect(waiting.currentSteps.last?.decision == nil && waiting.state == "inReview")
            let context = try await requests.deciderContext(for: deputy, on: test.database)
            #expect(!context.mayDecide(waiting))
            #expect(try await requests.inbox(context, limit: 10, offset: 0, on: test.database).isEmpty)
            try await requests.decide(
                id, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: leader, on: test.database)
        }
    }

    @Test("A6 a joint step (会签) needs each part decided by a different account, and enough people to do so")
    func jointStep() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copies = try await fixture.storedCopies(count: 2)
            let requests = RequestRepository(store: fixture.store)
            let office = try await fixture.member("bmb")
            try await ChainCatalogue(store: fixture.store).set(
                .destroy, level: nil,
                steps: [
                    ApprovalStepSpec(
                        approver: .role(.leader), title: LocalizedText(zh: "领导会签", en: "Leaders jointly"),
                        also: [.role(.leader)], mode: .all)
                ], note: "两位领导会签", by: office.audit, roles: office.roles, on: test.database)
            var payload = Destroy.Payload()
            payload.method = "inHouse"
            payload.equipment = "碎纸机"
            // One leader only: two different accounts cannot be found (A6).
            await #expect(throws: Refusal.self) {
                try await requests.submit(
                    .destroy, carrierID: nil, copyIDs: copies, reason: "到期", payload: payload,
                    catalogue: fixture.catalogue, by: office, on: test.database)
            }
            let second = try await fixture.newMember("leader2", roles: [.leader])
            let id = try await requests.submit(
                .destroy, carrierID: nil, copyIDs: copies, reason: "到期", payload: payload,
                catalogue: fixture.catalogue, by: office, on: test.database
            ).requireID()
            let leader = try await fixture.member("fixture-E901")
            try await requests.decide(
                id, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: leader, on: test.database)
            await #expect(throws: Refusal.self) {
                try await requests.decide(
                    id, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: leader, on: test.database)
            }
            try await requests.decide(
                id, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: second, on: test.database)
            #expect(try await requests.request(id, on: test.database).state == "approved")
        }
    }

    @Test("A6 principle 5 approve and return at once: one winner, the other 409 with nothing written")
    func returnRace() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "secret", count: 1)[0]
            let requests = RequestRepository(store: fixture.store)
            let borrower = try await fixture.newMember("zhaog", roles: [.staff])
            let id = try await requests.submit(
                .borrow, carrierID: nil, copyIDs: [copy], reason: "阅读",
                payload: fixture.borrowPayload(place: fixture.safe), catalogue: fixture.catalogue, by: borrower,
                on: test.database
            ).requireID()
            let officer = try await fixture.member("fixture-E902")
            let catalogue = fixture.catalogue
            let database = test.database
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for verdict in [RequestRepository.Verdict.approve, .returnForChanges] {
                    group.addTask {
                        (try? await requests.decide(
                            id, step: 0, verdict: verdict, comment: "意见", catalogue: catalogue, by: officer,
                            on: database)) != nil
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            let request = try await requests.request(id, on: test.database)
            #expect(request.steps.filter { $0.decision != nil }.count == 1)
            #expect(["approved", "returned"].contains(request.state))
        }
    }

    @Test("A6 a request waiting past the configured days is a finding for the security office; deciding closes it")
    func waitingTooLong() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "secret", count: 1)[0]
            let requests = RequestRepository(store: fixture.store)
            let borrower = try await fixture.newMember("zhaog", roles: [.staff])
            let id = try await requests.submit(
                .borrow, carrierID: nil, copyIDs: [copy], reason: "阅读",
                payload: fixture.borrowPayload(place: fixture.safe), catalogue: fixture.catalogue, by: borrower,
                on: test.database
            ).requireID()
            let office = try await fixture.member("bmb")
            let chains = ChainCatalogue(store: fixture.store)
            await #expect(throws: DomainError.self) {
                try await chains.setWaitingDays(0, by: office.audit, roles: office.roles, on: test.database)
            }
            try await chains.setWaitingDays(3, by: office.audit, roles: office.roles, on: test.database)
            func waiting(after days: Double) async throws -> [FindingModel] {
                let later = Date().addingTimeInterval(days * 86_400)
                _ = try await ComplianceRepository(store: fixture.store, clock: { later }).evaluate(
                    levels: fixture.catalogue, on: test.database)
                var query = FindingQuery()
                query.checks = [.requestWaiting]
                return try await query.run(on: test.database).rows
            }
            #expect(try await waiting(after: 2).isEmpty)
            let found = try await waiting(after: 5)
            #expect(found.map(\.subjectID) == [id] && found.first?.rule == "A6")
            try await requests.decide(
                id, verdict: .approve, comment: "", catalogue: fixture.catalogue,
                by: try await fixture.member("fixture-E902"), on: test.database)
            #expect(try await waiting(after: 5).isEmpty)
        }
    }
}
