import BaomiDomain
import FluentKit
import Foundation
import Testing

@testable import BaomiPersistence

extension CarrierFixture {
    /// An account acting in `roles`, as `person` — by default the fixture's 核心 leader, so that its clearance covers
    /// what it decides (A2).
    func requestActor(_ name: String, roles: Set<Role>, person: UUID? = nil) -> RequestActor {
        RequestActor(
            audit: AuditActor(accountID: UUID(), name: name, kind: .user, ip: nil), accountID: UUID(),
            personID: person ?? classifier, roles: roles)
    }

    func storedCopies(level: String = "secret", count: Int = 2, copyingAllowed: Bool = true) async throws -> [UUID] {
        var input = self.input(level: level, copies: count)
        input.copyingAllowed = copyingAllowed
        if level == "topSecret" {
            let boss = try #require(try await PersonModel.find(classifier, on: database))
            boss.classifierMaxLevel = "topSecret"
            try await boss.save(on: database)
        }
        let carrier = try await register(input)
        let copies = try await CarrierRepository(store: store).copies(of: try carrier.requireID(), on: database)
        for copy in copies { _ = try await step(.init(action: .place, placeID: safe), try copy.requireID()) }
        return try copies.map { try $0.requireID() }
    }
}

@Suite("Approval requests: copying, destruction, reclassification, retention (C5, C8, C9, C10, A6)")
struct RequestTests {
    @Test("C5.1 copying a 绝密 carrier needs the originator's recorded approval, then the leader; C5.3 serials continue")
    func reproduceTopSecret() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copies = try await fixture.storedCopies(level: "topSecret", count: 2)
            let requests = RequestRepository(store: fixture.store)
            var payload = Reproduce.Payload()
            payload.count = 2
            let clerk = fixture.requestActor("clerk", roles: [.secrecyOfficer])
            let request = try await requests.submit(
                .reproduce, carrierID: nil, copyIDs: [copies[0]], reason: "会议使用", payload: payload,
                catalogue: fixture.catalogue, by: clerk,
                on: test.database)
            let office = fixture.requestActor("bmb", roles: [.securityOffice])
            let leader = fixture.requestActor("leader", roles: [.leader])
            // the leader cannot go first: the originator's approval is recorded first (C5.1)
            await #expect(throws: Refusal.self) {
                try await requests.decide(
                    try request.requireID(), verdict: .approve, comment: "", catalogue: fixture.catalogue, by: leader,
                    on: test.database)
            }
            await #expect(throws: DomainError.self) {
                try await requests.decide(
                    try request.requireID(), verdict: .approve, comment: "", catalogue: fixture.catalogue, by: office,
                    on: test.database)
            }
            try await requests.decide(
                try request.requireID(), verdict: .approve, comment: "原定密机关函〔2026〕5号", catalogue: fixture.catalogue,
                by: office, on: test.database)
            // nobody approves their own request (A6)
            await #expect(throws: Refusal.self) {
                try await requests.decide(
                    try request.requireID(), verdict: .approve, comment: "", catalogue: fixture.catalogue, by: clerk,
                    on: test.database)
            }
            try await requests.decide(
                try request.requireID(), verdict: .approve, comment: "同意", catalogue: fixture.catalogue, by: leader,
                on: test.database)
            let carrierID = try #require(try await CopyModel.find(copies[0], on: test.database)?.$carrier.id)
            let all = try await CarrierRepository(store: fixture.store).copies(of: carrierID, on: test.database)
            #expect(all.map(\.serial) == [1, 2, 3, 4])
            #expect(all.filter { $0.$copyOf.id == copies[0] }.count == 2)
            #expect(try await CarrierModel.find(carrierID, on: test.database)?.copyCount == 4)
            #expect(try await RequestModel.find(try request.requireID(), on: test.database)?.state == "done")
        }
    }

    @Test("C5.2 a 机密 carrier marked not-to-copy cannot be copied")
    func reproduceForbidden() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copies = try await fixture.storedCopies(level: "secret", count: 1, copyingAllowed: false)
            var payload = Reproduce.Payload()
            payload.count = 1
            await #expect(throws: Refusal.self) {
                try await RequestRepository(store: fixture.store).submit(
                    .reproduce, carrierID: nil, copyIDs: copies, reason: "x", payload: payload,
                    catalogue: fixture.catalogue,
                    by: fixture.requestActor("clerk", roles: [.secrecyOfficer]), on: test.database)
            }
        }
    }

    @Test(
        "C8 destruction: batch, approval, two different supervisors, then destroyed for good; refusal puts copies back")
    func destruction() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copies = try await fixture.storedCopies(count: 3)
            let requests = RequestRepository(store: fixture.store)
            var payload = Destroy.Payload()
            payload.method = "facility"
            payload.transportPeople = ["张押运", "李押运"]
            payload.vehicle = "京A·12345"
            payload.destructionPlace = "国家保密局销毁中心"
            let clerk = fixture.requestActor("clerk", roles: [.secrecyOfficer])
            // a copy in transit cannot join (C8)
            _ = try await fixture.step(fixture.outsideSend(to: "某所"), copies[2])
            await #expect(throws: DomainError.self) {
                try await requests.submit(
                    .destroy, carrierID: nil, copyIDs: copies, reason: "到期", payload: payload,
                    catalogue: fixture.catalogue, by: clerk, on: test.database)
            }
            let batch = try await requests.submit(
                .destroy, carrierID: nil, copyIDs: Array(copies[0...1]), reason: "到期销毁", payload: payload,
                catalogue: fixture.catalogue, by: clerk,
                on: test.database)
            // Submitted, the copies stay in store; only the approval makes them pending destruction (C8).
            #expect(try await CopyModel.find(copies[0], on: test.database)?.state == "stored")
            let office = fixture.requestActor("bmb", roles: [.securityOffice])
            let leader = fixture.requestActor("leader", roles: [.leader])
            try await requests.decide(
                try batch.requireID(), verdict: .approve, comment: "", catalogue: fixture.catalogue, by: office,
                on: test.database)
            #expect(try await CopyModel.find(copies[0], on: test.database)?.state == "stored")
            try await requests.decide(
                try batch.requireID(), verdict: .approve, comment: "", catalogue: fixture.catalogue, by: leader,
                on: test.database)
            #expect(try await CopyModel.find(copies[0], on: test.database)?.state == "pendingDestruction")
            let supervisor = fixture.requestActor("jx1", roles: [.securityOffice])
            try await requests.confirmDestruction(
                try batch.requireID(), catalogue: fixture.catalogue, by: supervisor, on: test.database)
            // The same supervisor again: 409, the confirmation is there already (C8).
            await #expect(throws: DomainError.self) {
                try await requests.confirmDestruction(
                    try batch.requireID(), catalogue: fixture.catalogue, by: supervisor, on: test.database)
            }
            #expect(try await CopyModel.find(copies[0], on: test.database)?.state == "pendingDestruction")
            try await requests.confirmDestruction(
                try batch.requireID(), catalogue: fixture.catalogue, by: fixture.requestActor("jx2", roles: [.leader]),
                on: test.database)
            #expect(try await CopyModel.find(copies[0], on: test.database)?.state == "destroyed")
            await #expect(throws: DomainError.self) {
                _ = try await fixture.step(.init(action: .move, placeID: fixture.safe), copies[0])
            }
            // a refused batch puts its copies back in storage
            let single = try await fixture.storedCopies(count: 1)
            let second = try await requests.submit(
                .destroy, carrierID: nil, copyIDs: single, reason: "x", payload: payload, catalogue: fixture.catalogue,
                by: clerk, on: test.database)
            try await requests.decide(
                try second.requireID(), verdict: .refuse, comment: "暂缓", catalogue: fixture.catalogue, by: office,
                on: test.database)
            #expect(try await CopyModel.find(single[0], on: test.database)?.state == "stored")
        }
    }

    @Test("C9 declassification sets copies declassified, and re-marking tasks and notices go out")
    func declassify() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copies = try await fixture.storedCopies(count: 2)
            let carrierID = try #require(try await CopyModel.find(copies[0], on: test.database)?.$carrier.id)
            let place = try #require(try await StoragePlaceModel.find(fixture.safe, on: test.database))
            place.$custodian.id = fixture.officer
            try await place.save(on: test.database)
            let requests = RequestRepository(store: fixture.store)
            var payload = Reclassify.Payload()
            payload.change = "declassify"
            let request = try await requests.submit(
                .reclassify, carrierID: carrierID, copyIDs: copies, reason: "期限届满", payload: payload,
                catalogue: fixture.catalogue,
                by: fixture.requestActor("clerk", roles: [.secrecyOfficer]), on: test.database)
            for approver in [
                fixture.requestActor("dmsh", roles: [.classificationReviewer]),
                fixture.requestActor("leader", roles: [.leader]),
            ] {
                try await requests.decide(
                    try request.requireID(), verdict: .approve, comment: "", catalogue: fixture.catalogue, by: approver,
                    on: test.database)
            }
            #expect(try await CopyModel.find(copies[0], on: test.database)?.state == "declassified")
            let tasks = try await TaskModel.query(on: test.database).all()
            #expect(tasks.filter { $0.kind == "remark" && $0.personID == fixture.officer }.count == 2)
            #expect(tasks.contains { $0.kind == "notice" && $0.personID == fixture.classifier })
        }
    }

    @Test(
        "C10 personal retention moves the copy to the person's cabinet with an approved record, listed for the ledger")
    func personalRetention() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copies = try await fixture.storedCopies(count: 1)
            let cabinet = try await StoragePlaceRepository(store: fixture.store).save(
                try .parse(
                    code: "P-1", name: "王主任密码柜", kind: "personalCabinet", maxLevel: "internal",
                    custodianID: fixture.classifier.uuidString,
                    departmentID: fixture.department.uuidString, location: "主任室", catalogue: fixture.catalogue),
                id: nil, by: fixture.actor,
                on: test.database)
            let requests = RequestRepository(store: fixture.store)
            var payload = Retain.Payload()
            payload.retainerID = fixture.classifier
            payload.placeID = try cabinet.requireID()
            payload.until = "2027-06-30"
            // a personal cabinet cleared for 内部 cannot keep a 机密 copy (C6)
            await #expect(throws: Refusal.self) {
                try await requests.submit(
                    .retain, carrierID: nil, copyIDs: copies, reason: "型号评审期间随时查阅", payload: payload,
                    catalogue: fixture.catalogue,
                    by: fixture.requestActor("clerk", roles: [.secrecyOfficer]), on: test.database)
            }
            payload.placeID = fixture.safe
            let request = try await requests.submit(
                .retain, carrierID: nil, copyIDs: copies, reason: "型号评审期间随时查阅", payload: payload,
                catalogue: fixture.catalogue,
                by: fixture.requestActor("clerk", roles: [.secrecyOfficer]), on: test.database)
            try await requests.decide(
                try request.requireID(), verdict: .approve, comment: "同意", catalogue: fixture.catalogue,
                by: fixture.requestActor("leader", roles: [.leader]), on: test.database)
            let copy = try #require(try await CopyModel.find(copies[0], on: test.database))
            #expect(copy.$holder.id == fixture.classifier)
            #expect(copy.state == "stored")
            #expect(try await RequestModel.find(try request.requireID(), on: test.database)?.state == "done")
        }
    }
}
