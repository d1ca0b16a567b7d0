import BaomiDomain
import FluentKit
import Foundation
import Testing

@testable import BaomiPersistence

@Suite("定密审批: a carrier is classified before it is registered (T5.1, C9, DESIGN principle 5)")
struct ClassificationRequestTests {
    /// The security office's registrar, drafting: the fixture's own account (its person is the officer).
    func drafter(_ fixture: CarrierFixture) throws -> RequestActor {
        RequestActor(
            audit: fixture.actor, accountID: try #require(fixture.actor.accountID), personID: fixture.officer,
            roles: [.securityOffice])
    }

    func submit(_ fixture: CarrierFixture, _ draft: CarrierDraft.Input) async throws -> RequestModel {
        try await RequestRepository(store: fixture.store).submit(
            .classify, carrierID: nil, copyIDs: [], reason: "新编技术方案定密", payload: Classify.Payload(draft: draft),
            catalogue: fixture.catalogue, by: try drafter(fixture), on: fixture.database)
    }

    func decide(
        _ fixture: CarrierFixture, _ request: RequestModel, _ verdict: RequestRepository.Verdict, as role: Role
    ) async throws {
        try await RequestRepository(store: fixture.store).decide(
            try request.requireID(), verdict: verdict, comment: "", catalogue: fixture.catalogue,
            by: fixture.requestActor(role.rawValue, roles: [role], person: fixture.classifier), on: fixture.database)
    }

    @Test("T5.1 a draft carrier is registered only when the leader approves its classification")
    func approvedClassificationRegisters() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let request = try await submit(fixture, fixture.input(level: "secret", copies: 3))
            #expect(request.number.hasPrefix("DM-"))
            let steps = try await RequestStepModel.query(on: test.database).sort(\.$position).all()
            #expect(steps.map(\.approvalSpec?.approver) == [.role(.classificationReviewer), .role(.leader)])
            // Submitted and reviewed: nothing in the register yet.
            #expect(try await CarrierModel.query(on: test.database).count() == 0)
            try await decide(fixture, request, .approve, as: .classificationReviewer)
            #expect(try await CarrierModel.query(on: test.database).count() == 0)
            #expect(try await CopyModel.query(on: test.database).count() == 0)
            try await decide(fixture, request, .approve, as: .leader)

            let carrier = try #require(try await CarrierModel.query(on: test.database).first())
            #expect(carrier.title == "某型号总体技术方案" && carrier.level == "secret")
            // The classifying official the draft named, and its basis, as a direct registration records them.
            #expect(carrier.$classifier.id == fixture.classifier && carrier.classificationBasis == "保密事项范围第3条")
            #expect(carrier.registeredBy == "bmb" && carrier.marking == "机密★20年")
            let copies = try await CopyModel.query(on: test.database).sort(\.$serial).all()
            #expect(copies.map(\.serial) == [1, 2, 3])
            // In the hands of the requester who drafted it, each with its `make` event.
            #expect(copies.allSatisfy { $0.$holder.id == fixture.officer && $0.state == CopyState.registered.rawValue })
            let events = try await CopyEventModel.query(on: test.database).filter(\.$action == "make").count()
            #expect(events == 3)
            let audit = try await AuditQuery(actorKinds: [.user], action: "carrier.register").run(on: test.database)
            #expect(audit.count == 1)
            let done = try await RequestRepository(store: fixture.store).request(
                try request.requireID(), on: test.database)
            #expect(done.state == RequestState.done.rawValue && done.$carrier.id == carrier.id)
            #expect(done.items.count == 3 && done.items.allSatisfy { $0.snapshot.marking == "机密★20年" })
        }
    }

    @Test("T5.1 a refused classification leaves nothing in the register")
    func refusedClassificationLeavesNothing() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let reviewerRefuses = try await submit(fixture, fixture.input(copies: 2))
            try await decide(fixture, reviewerRefuses, .refuse, as: .classificationReviewer)
            let leaderRefuses = try await submit(fixture, fixture.input(copies: 2, title: "第二份方案"))
            try await decide(fixture, leaderRefuses, .approve, as: .classificationReviewer)
            try await decide(fixture, leaderRefuses, .refuse, as: .leader)
            #expect(try await CarrierModel.query(on: test.database).count() == 0)
            #expect(try await CopyModel.query(on: test.database).count() == 0)
            #expect(try await CopyEventModel.query(on: test.database).count() == 0)
            let states = try await RequestModel.query(on: test.database).all().map(\.state)
            #expect(states == [RequestState.refused.rawValue, RequestState.refused.rawValue])
        }
    }

    @Test("T5.1 A6 the classification is decided by the reviewer, then the leader, never by the drafter")
    func onlyTheChainDecides() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let request = try await submit(fixture, fixture.input())
            let requests = RequestRepository(store: fixture.store)
            // The leader cannot skip the review; the office that drafted it cannot review it.
            await #expect(throws: Refusal.self) {
                try await decide(fixture, request, .approve, as: .leader)
            }
            var drafter = try drafter(fixture)
            drafter.roles.insert(.classificationReviewer)
            await #expect(throws: Refusal.self) {
                try await requests.decide(
                    try request.requireID(), verdict: .approve, comment: "", catalogue: fixture.catalogue,
                    by: drafter, on: test.database)
            }
            #expect(try await CarrierModel.query(on: test.database).count() == 0)
        }
    }

    @Test("T5.1 A2 a draft that could not be registered is refused when it is submitted, each reason on its field")
    func impossibleDraftRefusedAtSubmission() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            // 王主任 classifies up to 机密, not 绝密 (T5.1).
            let aboveAuthority = await #expect(throws: DomainError.self) {
                try await submit(fixture, fixture.input(level: "topSecret"))
            }
            guard case .invalid(let errors)? = aboveAuthority else {
                Issue.record("expected field errors, got \(String(describing: aboveAuthority))")
                return
            }
            #expect(errors.map(\.field).contains("classifierID"))
            var untitled = fixture.input()
            untitled.title = " "
            let missing = await #expect(throws: DomainError.self) { try await submit(fixture, untitled) }
            guard case .invalid(let missingErrors)? = missing else {
                Issue.record("expected field errors, got \(String(describing: missing))")
                return
            }
            #expect(missingErrors.map(\.field) == ["title"])
            // A classification names no registered copies.
            await #expect(throws: DomainError.self) {
                try await RequestRepository(store: fixture.store).submit(
                    .classify, carrierID: nil, copyIDs: [UUID()], reason: "定密",
                    payload: Classify.Payload(draft: fixture.input()), catalogue: fixture.catalogue,
                    by: try drafter(fixture), on: test.database)
            }
            #expect(try await RequestModel.query(on: test.database).count() == 0)
        }
    }

    @Test("principle 5 every request kind has its effect in persistence, registered once")
    func everyKindHasAnEffect() {
        #expect(RequestRepository.kindsWithEffects == RequestKind.allCases)
    }
}
