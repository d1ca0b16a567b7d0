import BaomiDomain
import FluentKit
import Foundation
import Testing

@testable import BaomiPersistence

extension CarrierFixture {
    var today: String { ClearanceRepository.today(Date()) }

    func borrowPayload(place: UUID, due: String? = nil) -> Borrow.Payload {
        var payload = Borrow.Payload()
        payload.placeID = place
        payload.returnDate = due ?? SecrecyPeriod.day(today, plus: 3)
        return payload
    }
}

@Suite("Borrowing and carrying out (A6, C4, L1.2, L1.6, L1.7, L1.9, L3)", .serialized)
struct LoanTests {
    @Test("C4 A6 a borrowing: approved by the department officer, handed over, returned only by the holder")
    func borrowAndReturn() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "secret", count: 1)[0]
            let requests = RequestRepository(store: fixture.store)
            let reader = try await fixture.person("赵工", in: fixture.department)
            let borrower = fixture.requestActor("zhaog", roles: [.staff], person: reader)
            let request = try await requests.submit(
                .borrow, carrierID: nil, copyIDs: [copy], reason: "方案评审",
                payload: fixture.borrowPayload(place: fixture.safe),
                catalogue: fixture.catalogue, by: borrower, on: test.database)
            let id = try request.requireID()
            let officer = fixture.requestActor("libm", roles: [.secrecyOfficer], person: fixture.officer)
            // Not approved yet: nothing to hand over.
            await #expect(throws: DomainError.self) { try await requests.issue(id, by: officer, on: test.database) }
            try await requests.decide(
                id, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: officer, on: test.database)
            #expect(try await requests.request(id, on: test.database).state == "approved")
            try await requests.issue(id, by: officer, on: test.database)
            let lent = try #require(try await CopyModel.find(copy, on: test.database))
            #expect(lent.state == "onLoan" && lent.$holder.id == reader && lent.$place.id == nil)
            let readings = try await ReadingModel.query(on: test.database).filter(\.$personID == reader).all()
            #expect(readings.map(\.kind) == ["take"])
            // Only the holder returns it (C4).
            await #expect(throws: Refusal.self) {
                try await requests.returnLoan(id, force: false, by: officer, on: test.database)
            }
            try await requests.returnLoan(id, force: false, by: borrower, on: test.database)
            try await requests.checkIn(id, placeID: nil, catalogue: fixture.catalogue, by: officer, on: test.database)
            let back = try #require(try await CopyModel.find(copy, on: test.database))
            #expect(back.state == "stored" && back.$place.id == fixture.safe && back.$holder.id == nil)
            #expect(try await requests.request(id, on: test.database).state == "done")
            // Once back, it can be lent again.
            _ = try await requests.submit(
                .borrow, carrierID: nil, copyIDs: [copy], reason: "复核",
                payload: fixture.borrowPayload(place: fixture.safe),
                catalogue: fixture.catalogue, by: borrower, on: test.database)
        }
    }

    @Test("C4 two simultaneous requests for the same copy: exactly one wins, the other gets 409 with C4")
    func oneWinner() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "confidential", count: 1)[0]
            let requests = RequestRepository(store: fixture.store)
            let payload = fixture.borrowPayload(place: fixture.safe)
            let catalogue = fixture.catalogue
            let database = test.database
            let results = await withTaskGroup(of: Result<UUID, any Error>.self) { group in
                for index in 0..<6 {
                    let actor = fixture.requestActor("user\(index)", roles: [.staff], person: fixture.officer)
                    group.addTask {
                        do {
                            return .success(
                                try await requests.submit(
                                    .borrow, carrierID: nil, copyIDs: [copy], reason: "阅读", payload: payload,
                                    catalogue: catalogue, by: actor, on: database
                                ).requireID())
                        } catch { return .failure(error) }
                    }
                }
                var all: [Result<UUID, any Error>] = []
                for await result in group { all.append(result) }
                return all
            }
            #expect(results.filter { if case .success = $0 { true } else { false } }.count == 1)
            for case .failure(let error) in results {
                guard case DomainError.conflict(_, let rule) = error else {
                    Issue.record("expected a conflict, got \(error)")
                    continue
                }
                #expect(rule == RuleID("C4"))
            }
        }
    }

    @Test("L1.2 the place of use must be cleared for the level; L1.9 a due date within 30 days, not past")
    func borrowRules() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "secret", count: 1)[0]
            let requests = RequestRepository(store: fixture.store)
            let borrower = fixture.requestActor("zhaog", roles: [.staff], person: fixture.officer)
            for (payload, field, rule) in [
                (fixture.borrowPayload(place: fixture.cabinet), "placeID", "L1.2"),
                (
                    fixture.borrowPayload(place: fixture.safe, due: SecrecyPeriod.day(fixture.today, plus: 31)), "due",
                    "L1.9"
                ),
                (
                    fixture.borrowPayload(place: fixture.safe, due: SecrecyPeriod.day(fixture.today, plus: -1)), "due",
                    "L1.9"
                ),
            ] {
                let error = await #expect(throws: DomainError.self) {
                    try await requests.submit(
                        .borrow, carrierID: nil, copyIDs: [copy], reason: "阅读", payload: payload,
                        catalogue: fixture.catalogue, by: borrower, on: test.database)
                }
                guard case .invalid(let errors) = error else {
                    Issue.record("expected field errors")
                    continue
                }
                #expect(errors.map(\.field) == [field])
                #expect(errors.map(\.rule) == [RuleID(rule)])
            }
            #expect(try await LoanModel.query(on: test.database).count() == 0)
        }
    }

    @Test("L1.7 never abroad; L1.6 never to a social event; C4 two people for 绝密; L3 hospital: courier, same day")
    func carryOutRules() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "topSecret", count: 1)[0]
            let requests = RequestRepository(store: fixture.store)
            let borrower = fixture.requestActor("wang", roles: [.leader], person: fixture.classifier)
            let courier = try await fixture.clearedPerson("机要员小周", postClass: .core)
            let second = try await fixture.clearedPerson("李保密员", postClass: .core)
            func payload(_ change: (inout CarryOut.Payload) -> Void) -> CarryOut.Payload {
                var payload = CarryOut.Payload()
                payload.purposeKind = "work"
                payload.destinationCountry = "CN"
                payload.destinationProvince = "110000"
                payload.destination = "上级机关会议室"
                payload.escortIDs = [courier, second]
                payload.returnDate = fixture.today
                change(&payload)
                return payload
            }
            for (payload, rule) in [
                (payload { $0.destinationCountry = "US" }, "L1.7"),
                (payload { $0.purposeKind = "socialEvent" }, "L1.6"),
                (payload { $0.escortIDs = [courier] }, "C4"), (payload { $0.escortIDs = [courier, courier] }, "C4"),
                (payload { $0.purposeKind = "hospitalDelivery" }, "L3"),
                (
                    payload {
                        $0.purposeKind = "hospitalDelivery"
                        $0.courierID = courier
                        $0.returnDate = SecrecyPeriod.day(fixture.today, plus: 1)
                    }, "L3"
                ),
            ] {
                let error = await #expect(throws: DomainError.self) {
                    try await requests.submit(
                        .carryOut, carrierID: nil, copyIDs: [copy], reason: "汇报", payload: payload,
                        catalogue: fixture.catalogue, by: borrower, on: test.database)
                }
                guard case .invalid(let errors) = error else {
                    Issue.record("expected field errors for \(rule)")
                    continue
                }
                #expect(errors.map(\.rule) == [RuleID(rule)], "\(rule)")
            }
            // The hospital delivery done right: the leader, then the security office for 绝密 (C4), handed over
            // and brought back the same day (L3).
            let request = try await requests.submit(
                .carryOut, carrierID: nil, copyIDs: [copy], reason: "领导住院急需阅批",
                payload: payload {
                    $0.purposeKind = "hospitalDelivery"
                    $0.courierID = courier
                    $0.destination = "市第一人民医院"
                }, catalogue: fixture.catalogue, by: borrower, on: test.database)
            let id = try request.requireID()
            let steps = try await requests.request(id, on: test.database).steps.count
            #expect(steps == 3)
            let officer = fixture.requestActor("libm", roles: [.secrecyOfficer], person: fixture.officer)
            let leader = fixture.requestActor("boss", roles: [.leader])
            let office = fixture.requestActor("bmb", roles: [.securityOffice])
            for approver in [officer, leader, office] {
                try await requests.decide(
                    id, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: approver, on: test.database)
            }
            try await requests.issue(id, by: office, on: test.database)
            #expect(try await CopyModel.find(copy, on: test.database)?.state == "carriedOut")
            #expect(try await requests.loan(of: id, on: test.database)?.destination == "北京市 市第一人民医院")
            // Someone else cannot bring it back in the holder's name; the office can take it back (recorded).
            await #expect(throws: Refusal.self) {
                try await requests.returnLoan(id, force: true, by: officer, on: test.database)
            }
            try await requests.returnLoan(id, force: true, by: office, on: test.database)
            let loan = try #require(try await requests.loan(of: id, on: test.database))
            #expect(loan.forced && loan.isOpen)
            #expect(try await CopyModel.find(copy, on: test.database)?.state == "returning")
            // The custodian checks it in; then the loan ends (C4).
            try await requests.checkIn(
                id, placeID: nil, catalogue: fixture.catalogue, by: officer, on: test.database)
            #expect(try await CopyModel.find(copy, on: test.database)?.state == "stored")
            #expect(try await requests.loan(of: id, on: test.database)?.isOpen == false)
        }
    }

    @Test("T5.2 the department officer's step belongs to an officer of the department keeping the copy")
    func officerOfAnotherDepartment() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "confidential", count: 1)[0]
            let requests = RequestRepository(store: fixture.store)
            let elsewhere = OrgUnitModel(name: "设计部", code: "D-DES", kind: "department", parentID: nil)
            try await elsewhere.create(on: test.database)
            let stranger = try await fixture.person("孙保密", in: try elsewhere.requireID())
            let request = try await requests.submit(
                .borrow, carrierID: nil, copyIDs: [copy], reason: "阅读",
                payload: fixture.borrowPayload(place: fixture.safe),
                catalogue: fixture.catalogue,
                by: fixture.requestActor("zhao", roles: [.staff], person: fixture.classifier),
                on: test.database)
            await #expect(throws: Refusal.self) {
                try await requests.decide(
                    try request.requireID(), verdict: .approve, comment: "", catalogue: fixture.catalogue,
                    by: fixture.requestActor("sunbm", roles: [.secrecyOfficer], person: stranger), on: test.database)
            }
            // Refused, the loan no longer holds the copy.
            try await requests.decide(
                try request.requireID(), verdict: .refuse, comment: "", catalogue: fixture.catalogue,
                by: fixture.requestActor("libm", roles: [.secrecyOfficer], person: fixture.officer), on: test.database)
            #expect(try await LoanModel.query(on: test.database).filter(\.$isOpen == true).count() == 0)
        }
    }
}

extension CarrierFixture {
    /// A person of the fixture's department holding a secret post (A2), e.g. someone to escort a copy (C3).
    func clearedPerson(_ name: String, postClass: SecretPostClass, in department: UUID? = nil) async throws -> UUID {
        let id = try await person(name, in: department ?? self.department)
        let person = try #require(try await PersonModel.find(id, on: database))
        person.postClass = postClass.rawValue
        try await person.save(on: database)
        return id
    }

    func person(_ name: String, in department: UUID) async throws -> UUID {
        let person = PersonModel(
            name: name, employeeNumber: "E-\(name)", departmentID: department, post: "工程师", isLeader: false,
            status: "active")
        try await person.create(on: database)
        return try person.requireID()
    }
}
