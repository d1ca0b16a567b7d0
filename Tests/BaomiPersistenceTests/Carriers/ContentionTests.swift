import BaomiDomain
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BaomiPersistence

/// Runs the actions at the same moment and returns how each ended, in their order.
func atOnce(_ actions: [@Sendable () async throws -> Void]) async -> [Result<Void, any Error>] {
    await withTaskGroup(of: (Int, Result<Void, any Error>).self) { group in
        for (index, action) in actions.enumerated() {
            group.addTask {
                do {
                    try await action()
                    return (index, .success(()))
                } catch {
                    return (index, .failure(error))
                }
            }
        }
        var results = [Result<Void, any Error>?](repeating: nil, count: actions.count)
        for await (index, result) in group { results[index] = result }
        return results.compactMap { $0 }
    }
}

extension Result where Success == Void, Failure == any Error {
    var succeeded: Bool {
        if case .success = self { return true }
        return false
    }

    /// The rule of a 409, or nil for anything else.
    var conflictRule: RuleID? {
        guard case .failure(DomainError.conflict(_, let rule)) = self else { return nil }
        return rule
    }
}

extension CarrierFixture {
    /// The outcomes of the audit records of `actions` about one object, sorted.
    func auditOutcomes(_ actions: [AuditAction], about id: UUID) async throws -> [String] {
        try await database.sql.raw(
            """
            SELECT outcome, action FROM audit_records WHERE object_id = \(bind: id.uuidString)
            """
        ).all().filter { row in
            actions.map(\.rawValue).contains(try row.decode(column: "action", as: String.self))
        }.map { try $0.decode(column: "outcome", as: String.self) }.sorted()
    }

    /// Borrowings of `count` stored 机密 copies, one each, waiting for the department officer (A6: one step).
    func borrowings(_ count: Int, by borrower: RequestActor) async throws -> [UUID] {
        let requests = RequestRepository(store: store)
        var ids: [UUID] = []
        for copy in try await storedCopies(level: "secret", count: count) {
            ids.append(
                try await requests.submit(
                    .borrow, carrierID: nil, copyIDs: [copy], reason: "阅读", payload: borrowPayload(place: safe),
                    catalogue: catalogue, by: borrower, on: database
                ).requireID())
        }
        return ids
    }

    /// An approved destruction batch of `count` stored copies.
    func approvedDestruction(_ count: Int) async throws -> UUID {
        let requests = RequestRepository(store: store)
        var payload = Destroy.Payload()
        payload.method = "facility"
        payload.transportPeople = ["张押运"]
        payload.vehicle = "京A·12345"
        let batch = try await requests.submit(
            .destroy, carrierID: nil, copyIDs: try await storedCopies(count: count), reason: "到期销毁",
            payload: payload, catalogue: catalogue, by: requestActor("clerk", roles: [.secrecyOfficer]),
            on: database
        ).requireID()
        for approver in [requestActor("bmb", roles: [.securityOffice]), requestActor("leader", roles: [.leader])] {
            try await requests.decide(
                batch, verdict: .approve, comment: "", catalogue: catalogue, by: approver, on: database)
        }
        return batch
    }
}

/// Every contended action on requests and copies has exactly one winner, on SQLite and on PostgreSQL: the loser gets
/// 409 and writes nothing but its refusal (DESIGN principle 5; A6, C0, C4, C6, C8, C9).
@Suite("One winner per contended action (principle 5; A6, C0, C4, C6, C8, C9)", .serialized)
struct ContentionTests {
    @Test("principle 5 A6 approve and refuse of one step at once: one decision, the loser 409 and only its refusal")
    func approveAndRefuseAtOnce() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let requests = RequestRepository(store: fixture.store)
            let borrower = fixture.requestActor("zhaog", roles: [.staff], person: fixture.classifier)
            let approver = fixture.requestActor("libm", roles: [.secrecyOfficer], person: fixture.officer)
            let refuser = fixture.requestActor("libm2", roles: [.secrecyOfficer], person: fixture.officer)
            let catalogue = fixture.catalogue
            let database = test.database
            for id in try await fixture.borrowings(20, by: borrower) {
                // act
                let results = await atOnce([
                    {
                        try await requests.decide(
                            id, verdict: .approve, comment: "同意", catalogue: catalogue, by: approver, on: database)
                    },
                    {
                        try await requests.decide(
                            id, verdict: .refuse, comment: "不同意", catalogue: catalogue, by: refuser, on: database)
                    },
                ])
                // check
                #expect(results.filter(\.succeeded).count == 1)
                #expect(results.compactMap(\.conflictRule) == [RuleID("A6")])
                let request = try await requests.request(id, on: database)
                #expect(request.steps.compactMap(\.decision) == [results[0].succeeded ? "approve" : "refuse"])
                #expect(request.state == (results[0].succeeded ? "approved" : "refused"))
                #expect(try await fixture.auditOutcomes([.requestDecide], about: id) == ["refused", "success"])
            }
        }
    }

    @Test("principle 5 A6 the same step approved twice at once by one who may decide the next too: the next waits")
    func sameStepTwice() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let requests = RequestRepository(store: fixture.store)
            var payload = Destroy.Payload()
            payload.method = "facility"
            payload.transportPeople = ["张押运"]
            payload.vehicle = "京A·12345"
            // The chain is the security office, then the leader; this account holds both roles.
            let batch = try await requests.submit(
                .destroy, carrierID: nil, copyIDs: try await fixture.storedCopies(count: 1), reason: "到期销毁",
                payload: payload, catalogue: fixture.catalogue,
                by: fixture.requestActor("clerk", roles: [.secrecyOfficer]), on: test.database
            ).requireID()
            let both = fixture.requestActor("bmb", roles: [.securityOffice, .leader])
            let catalogue = fixture.catalogue
            let database = test.database
            let approve: @Sendable () async throws -> Void = {
                try await requests.decide(
                    batch, step: 0, verdict: .approve, comment: "", catalogue: catalogue, by: both, on: database)
            }
            // act
            let results = await atOnce([approve, approve])
            // check
            #expect(results.filter(\.succeeded).count == 1)
            #expect(results.compactMap(\.conflictRule) == [RuleID("A6")])
            let request = try await requests.request(batch, on: test.database)
            #expect(request.steps.sorted { $0.position < $1.position }.map(\.decision) == ["approve", nil])
            #expect(request.state == "inReview")
            #expect(try await fixture.auditOutcomes([.requestDecide], about: batch) == ["refused", "success"])
        }
    }

    @Test("principle 5 A6 withdraw and approve at once: one wins, the loser's refusal is audited")
    func withdrawAndApproveAtOnce() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let requests = RequestRepository(store: fixture.store)
            let borrower = fixture.requestActor("zhaog", roles: [.staff], person: fixture.classifier)
            let approver = fixture.requestActor("libm", roles: [.secrecyOfficer], person: fixture.officer)
            let catalogue = fixture.catalogue
            let database = test.database
            for id in try await fixture.borrowings(10, by: borrower) {
                // act
                let results = await atOnce([
                    { try await requests.withdraw(id, by: borrower, on: database) },
                    {
                        try await requests.decide(
                            id, verdict: .approve, comment: "", catalogue: catalogue, by: approver, on: database)
                    },
                ])
                // check
                #expect(results.filter(\.succeeded).count == 1)
                #expect(results.compactMap(\.conflictRule) == [RuleID("A6")])
                #expect(
                    try await requests.request(id, on: database).state
                        == (results[0].succeeded ? "withdrawn" : "approved"))
                #expect(
                    try await fixture.auditOutcomes([.requestWithdraw, .requestDecide], about: id) == [
                        "refused", "success",
                    ])
            }
        }
    }

    @Test("C8 the same supervisor confirms a destruction twice at once: one confirmation, the other 409")
    func sameSupervisorTwice() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let requests = RequestRepository(store: fixture.store)
            let batch = try await fixture.approvedDestruction(2)
            let supervisor = fixture.requestActor("jx1", roles: [.securityOffice])
            let catalogue = fixture.catalogue
            let database = test.database
            let confirm: @Sendable () async throws -> Void = {
                try await requests.confirmDestruction(batch, catalogue: catalogue, by: supervisor, on: database)
            }
            // act
            let results = await atOnce([confirm, confirm])
            // check
            #expect(results.filter(\.succeeded).count == 1)
            #expect(results.compactMap(\.conflictRule) == [RuleID("C8")])
            #expect(try await requests.confirmations(of: batch, on: database).count == 1)
            #expect(try await requests.request(batch, on: database).state == "approved")
            #expect(try await fixture.auditOutcomes([.destructionConfirm], about: batch) == ["refused", "success"])
            // A minute later it is the same answer.
            #expect((await atOnce([confirm])).compactMap(\.conflictRule) == [RuleID("C8")])
        }
    }

    @Test("C8 two different supervisors confirm at once: both count, and the second completes the destruction")
    func twoSupervisorsAtOnce() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let requests = RequestRepository(store: fixture.store)
            let batch = try await fixture.approvedDestruction(2)
            let catalogue = fixture.catalogue
            let database = test.database
            let supervisors = [
                fixture.requestActor("jx1", roles: [.securityOffice]), fixture.requestActor("jx2", roles: [.leader]),
            ]
            // act
            let results = await atOnce(
                supervisors.map { supervisor in
                    { try await requests.confirmDestruction(batch, catalogue: catalogue, by: supervisor, on: database) }
                })
            // check
            #expect(results.allSatisfy { $0.succeeded })
            let request = try await requests.request(batch, on: database)
            #expect(request.state == "done")
            #expect(request.items.allSatisfy { $0.copy.state == "destroyed" })
            #expect(try await requests.confirmations(of: batch, on: database).count == 2)
        }
    }

    @Test("C9 a task marked done twice at once is done once; the second is 409")
    func taskDoneTwice() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let requests = RequestRepository(store: fixture.store)
            let copy = try #require(
                try await CopyModel.find(try await fixture.storedCopies(count: 1)[0], on: test.database))
            let task = TaskModel()
            task.kind = TaskModel.Kind.remark.rawValue
            task.personID = fixture.officer
            task.$carrier.id = copy.$carrier.id
            task.text = "更改标志"
            task.createdAt = Date()
            try await task.create(on: test.database)
            let id = try task.requireID()
            let officer = fixture.officer
            let actor = fixture.actor
            let database = test.database
            let done: @Sendable () async throws -> Void = {
                try await requests.completeTask(id, person: officer, by: actor, on: database)
            }
            // act
            let results = await atOnce([done, done])
            // check
            #expect(results.filter(\.succeeded).count == 1)
            #expect(results.compactMap(\.conflictRule) == [RuleID("C9")])
            #expect(try await requests.tasks(of: officer, on: database).isEmpty)
            let outcomes = try await test.database.sql.raw(
                "SELECT outcome FROM audit_records WHERE action = 'task.done' AND object_id = \(bind: id.uuidString)"
            ).all().map { try $0.decode(column: "outcome", as: String.self) }.sorted()
            #expect(outcomes == ["refused", "success"])
        }
    }

    @Test("C4 a copy handed over, handed back and checked in twice at once each: once each, the others 409")
    func issueAndReturnTwice() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let requests = RequestRepository(store: fixture.store)
            let borrower = fixture.requestActor("zhaog", roles: [.staff], person: fixture.classifier)
            let officer = fixture.requestActor("libm", roles: [.secrecyOfficer], person: fixture.officer)
            let id = try await fixture.borrowings(1, by: borrower)[0]
            try await requests.decide(
                id, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: officer, on: test.database)
            let database = test.database
            // act
            let issued = await atOnce([
                { try await requests.issue(id, by: officer, on: database) },
                { try await requests.issue(id, by: officer, on: database) },
            ])
            let returned = await atOnce([
                { try await requests.returnLoan(id, force: false, by: borrower, on: database) },
                { try await requests.returnLoan(id, force: false, by: borrower, on: database) },
            ])
            let catalogue = fixture.catalogue
            let checkedIn = await atOnce([
                { try await requests.checkIn(id, placeID: nil, catalogue: catalogue, by: officer, on: database) },
                { try await requests.checkIn(id, placeID: nil, catalogue: catalogue, by: officer, on: database) },
            ])
            // check
            for results in [issued, returned, checkedIn] {
                #expect(results.filter(\.succeeded).count == 1)
                #expect(results.compactMap(\.conflictRule) == [RuleID("C4")])
            }
            let copy = try #require(try await requests.request(id, on: database).items.first?.copy)
            #expect(copy.state == "stored")
            let events = try await CopyEventModel.query(on: database).filter(\.$copy.$id == copy.requireID()).all()
            #expect(events.filter { $0.action == "lend" }.count == 1)
            #expect(events.filter { $0.action == "returnFromLoan" }.count == 1)
            #expect(events.filter { $0.action == "checkIn" }.count == 1)
            #expect(try await ReadingModel.query(on: database).filter(\.$personID == fixture.classifier).count() == 1)
            #expect(
                try await fixture.auditOutcomes([.loanIssue, .loanReturn, .loanCheckIn], about: id) == [
                    "refused", "refused", "refused", "success", "success", "success",
                ])
        }
    }

    @Test("C0 two steps on one copy at once: one is taken, the other is 409 and audited")
    func copyStepTwice() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(count: 1)[0]
            let send: @Sendable () async throws -> Void = {
                _ = try await fixture.step(fixture.outsideSend(to: "某所"), copy)
            }
            // act
            let results = await atOnce([send, send])
            // check
            #expect(results.filter(\.succeeded).count == 1)
            #expect(results.compactMap(\.conflictRule).count == 1)
            let events = try await CopyEventModel.query(on: test.database).filter(\.$copy.$id == copy).all()
            #expect(events.filter { $0.action == "send" }.count == 1)
            // The place step before, the send, and the refusal.
            #expect(try await fixture.auditOutcomes([.copyStep], about: copy) == ["refused", "success", "success"])
        }
    }

    @Test("C5.3 two copyings of one carrier approved at once: the serials continue without a clash")
    func twoCopyingsAtOnce() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let requests = RequestRepository(store: fixture.store)
            let source = try await fixture.storedCopies(count: 1)[0]
            var payload = Reproduce.Payload()
            payload.count = 2
            var ids: [UUID] = []
            for _ in 0..<2 {
                ids.append(
                    try await requests.submit(
                        .reproduce, carrierID: nil, copyIDs: [source], reason: "评审会", payload: payload,
                        catalogue: fixture.catalogue, by: fixture.requestActor("clerk", roles: [.secrecyOfficer]),
                        on: test.database
                    ).requireID())
            }
            let catalogue = fixture.catalogue
            let database = test.database
            // act
            let results = await atOnce(
                ids.map { id in
                    let leader = fixture.requestActor("leader", roles: [.leader])
                    return {
                        try await requests.decide(
                            id, verdict: .approve, comment: "", catalogue: catalogue, by: leader, on: database)
                    }
                })
            // check
            #expect(results.allSatisfy { $0.succeeded })
            let carrierID = try #require(try await CopyModel.find(source, on: database)?.$carrier.id)
            let copies = try await CarrierRepository(store: fixture.store).copies(of: carrierID, on: database)
            #expect(copies.map(\.serial).sorted() == [1, 2, 3, 4, 5])
            #expect(try await CarrierModel.find(carrierID, on: database)?.copyCount == 5)
        }
    }

    @Test("C6 two officers tick an inventory at once: both finds are kept")
    func inventoryTicksAtOnce() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            _ = try await fixture.storedCopies(count: 1)
            let inventories = InventoryRepository(store: fixture.store)
            let inventory = try await inventories.open(
                name: "年度清查", departmentID: nil, placeID: fixture.safe, by: fixture.actor, on: test.database
            ).requireID()
            let actor = fixture.actor
            let database = test.database
            // act
            let results = await atOnce(
                ["1999-001/1", "1999-002/1"].map { code in
                    { _ = try await inventories.tick(inventory, found: [code], by: actor, on: database) }
                })
            // check
            #expect(results.allSatisfy { $0.succeeded })
            let unexpected = try await inventories.inventory(inventory, on: database).unexpected
            #expect(Set(unexpected.split(separator: "\n")) == ["1999-001/1", "1999-002/1"])
        }
    }
}
