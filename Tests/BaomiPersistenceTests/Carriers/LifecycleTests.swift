import BaomiDomain
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BaomiPersistence

extension CarrierFixture {
    /// An account with a role for a person, as the audit trail and the receipt rule know it (C3).
    func account(_ username: String, roles: Set<Role>, person: UUID) async throws -> AuditActor {
        let account = AccountModel(
            username: username, displayName: username, personID: person, passwordHash: "x", roles: roles)
        try await account.create(on: database)
        return AuditActor(accountID: try account.requireID(), name: username, kind: .user, ip: nil)
    }

    /// Another department with a safe cleared for 绝密 and its secrecy officer's account (T4, C2).
    func otherDepartment() async throws -> (department: UUID, safe: UUID, officer: AuditActor, officerPerson: UUID) {
        let unit = OrgUnitModel(name: "设计部", code: "D-DES", kind: "department", parentID: nil)
        try await unit.create(on: database)
        let department = try unit.requireID()
        let officerPerson = try await clearedPerson("孙保密", postClass: .core, in: department)
        let officer = try await account("sunbm", roles: [.secrecyOfficer], person: officerPerson)
        let safe = try await StoragePlaceRepository(store: store).save(
            try .parse(
                code: "S-2", name: "设计部保险柜", kind: "safe", maxLevel: "topSecret", custodianID: nil,
                departmentID: department.uuidString, location: "401", catalogue: catalogue), id: nil, by: actor,
            on: database
        ).requireID()
        return (department, safe, officer, officerPerson)
    }

    /// A borrowing of `copy` by `borrower`, approved by the department officer and handed over (A6, C4).
    func lent(_ copy: UUID, to borrower: RequestActor) async throws -> UUID {
        let requests = RequestRepository(store: store)
        let id = try await requests.submit(
            .borrow, carrierID: nil, copyIDs: [copy], reason: "阅读", payload: borrowPayload(place: safe, due: nil),
            catalogue: catalogue, by: borrower, on: database
        ).requireID()
        let officer = requestActor("libm", roles: [.secrecyOfficer], person: officer)
        try await requests.decide(id, verdict: .approve, comment: "", catalogue: catalogue, by: officer, on: database)
        try await requests.issue(id, by: officer, on: database)
        return id
    }

    func state(_ copy: UUID) async throws -> String? {
        try await CopyModel.find(copy, on: database)?.state
    }

    func conflictRule(_ body: () async throws -> Void) async -> RuleID? {
        do {
            try await body()
            return nil
        } catch DomainError.conflict(_, let rule) {
            return rule
        } catch {
            return RuleID("unexpected \(error)")
        }
    }
}

/// The copy lifecycle as LIFECYCLE.md has it (issue #13): returning and check-in, carrying out of a borrowing,
/// storage by kind, bearers and receivers, copying and destruction from store, declassification, the reading register.
@Suite("Copy lifecycle (C3, C4, C5.3, C6, C8, C9, L1.7, T2)", .serialized)
struct LifecycleTests {
    @Test("C4 a handed-back copy is returning, not stored, until the custodian checks it in; not its holder")
    func returnAndCheckIn() async throws {
        try await withTestDatabase { test in
            // setup
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "secret", count: 1)[0]
            let requests = RequestRepository(store: fixture.store)
            let reader = try await fixture.person("赵工", in: fixture.department)
            let borrower = fixture.requestActor("zhaog", roles: [.staff], person: reader)
            let officer = fixture.requestActor("libm", roles: [.secrecyOfficer], person: fixture.officer)
            let id = try await fixture.lent(copy, to: borrower)
            // act: the holder hands it back
            try await requests.returnLoan(id, force: false, by: borrower, on: test.database)
            // check: returning, held by nobody and in no place; the borrowing still open and the copy reserved
            let back = try #require(try await CopyModel.find(copy, on: test.database))
            #expect(back.state == "returning" && back.$place.id == nil && back.$holder.id == nil)
            #expect(try await requests.request(id, on: test.database).state == "approved")
            #expect(try await requests.loan(of: id, on: test.database)?.isOpen == true)
            let again = await fixture.conflictRule {
                _ = try await requests.submit(
                    .borrow, carrierID: nil, copyIDs: [copy], reason: "再读",
                    payload: fixture.borrowPayload(place: fixture.safe),
                    catalogue: fixture.catalogue, by: borrower, on: test.database)
            }
            #expect(again == RuleID("C4"))
            // The one who handed it back does not check it in too; a place that may not keep it is refused (C6).
            await #expect(throws: Refusal.self) {
                try await requests.checkIn(
                    id, placeID: nil, catalogue: fixture.catalogue, by: borrower, on: test.database)
            }
            await #expect(throws: Refusal.self) {
                try await requests.checkIn(
                    id, placeID: fixture.cabinet, catalogue: fixture.catalogue, by: officer, on: test.database)
            }
            // act: the custodian checks it in
            try await requests.checkIn(id, placeID: nil, catalogue: fixture.catalogue, by: officer, on: test.database)
            // check: stored where it came from; the borrowing done
            let stored = try #require(try await CopyModel.find(copy, on: test.database))
            #expect(stored.state == "stored" && stored.$place.id == fixture.safe)
            #expect(try await requests.request(id, on: test.database).state == "done")
            let loan = try #require(try await requests.loan(of: id, on: test.database))
            #expect(!loan.isOpen && loan.checkedInBy == "libm" && loan.returnedAt != nil)
            let history = try await CarrierRepository(store: fixture.store).history(of: copy, on: test.database)
            #expect(history.map(\.action).suffix(3) == ["lend", "returnFromLoan", "checkIn"])
        }
    }

    @Test("C4 a copy carried out of a borrowing comes back to the borrowing, then goes home when it ends")
    func carriedOutOfALoan() async throws {
        try await withTestDatabase { test in
            // setup: a 机密 copy on loan to 赵工
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "secret", count: 1)[0]
            let requests = RequestRepository(store: fixture.store)
            let reader = try await fixture.person("赵工", in: fixture.department)
            let borrower = fixture.requestActor("zhaog", roles: [.staff], person: reader)
            let officer = fixture.requestActor("libm", roles: [.secrecyOfficer], person: fixture.officer)
            let leader = fixture.requestActor("boss", roles: [.leader])
            let borrowing = try await fixture.lent(copy, to: borrower)
            var payload = CarryOut.Payload()
            payload.purposeKind = "work"
            payload.destinationCountry = "CN"
            payload.destinationProvince = "110000"
            payload.destination = "某部科技委会议室"
            payload.returnDate = SecrecyPeriod.day(fixture.today, plus: 1)
            // Only its borrower takes it out, and back before the borrowing is due (L1.9).
            let stranger = fixture.requestActor("qian", roles: [.staff], person: fixture.officer)
            let strangerRule = await fixture.conflictRule {
                _ = try await requests.submit(
                    .carryOut, carrierID: nil, copyIDs: [copy], reason: "汇报", payload: payload,
                    catalogue: fixture.catalogue, by: stranger, on: test.database)
            }
            #expect(strangerRule == RuleID("C4"))
            var late = payload
            late.returnDate = SecrecyPeriod.day(fixture.today, plus: 5)
            let error = await #expect(throws: DomainError.self) {
                try await requests.submit(
                    .carryOut, carrierID: nil, copyIDs: [copy], reason: "汇报", payload: late,
                    catalogue: fixture.catalogue, by: borrower, on: test.database)
            }
            guard case .invalid(let errors) = error else { throw TestFailure("expected field errors") }
            #expect(errors.map(\.rule) == [RuleID("L1.9")])
            // act: carried out, approved, handed over, brought back and checked in
            let carryOut = try await requests.submit(
                .carryOut, carrierID: nil, copyIDs: [copy], reason: "向上级汇报", payload: payload,
                catalogue: fixture.catalogue, by: borrower, on: test.database
            ).requireID()
            for approver in [officer, leader] {
                try await requests.decide(
                    carryOut, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: approver,
                    on: test.database)
            }
            try await requests.issue(carryOut, by: officer, on: test.database)
            #expect(try await fixture.state(copy) == "carriedOut")
            // The borrowing cannot be returned while the copy is out of the office.
            #expect(
                await fixture.conflictRule {
                    _ = try await requests.returnLoan(borrowing, force: false, by: borrower, on: test.database)
                } == RuleID("C4"))
            try await requests.returnLoan(carryOut, force: false, by: borrower, on: test.database)
            #expect(try await fixture.state(copy) == "returning")
            try await requests.checkIn(
                carryOut, placeID: nil, catalogue: fixture.catalogue, by: officer, on: test.database)
            // check: back on loan to its borrower; the carrying out done, the borrowing still open
            let onLoan = try #require(try await CopyModel.find(copy, on: test.database))
            #expect(onLoan.state == "onLoan" && onLoan.$holder.id == reader)
            #expect(try await requests.request(carryOut, on: test.database).state == "done")
            #expect(try await requests.loan(of: borrowing, on: test.database)?.isOpen == true)
            // The borrowing then ends as any other.
            try await requests.returnLoan(borrowing, force: false, by: borrower, on: test.database)
            try await requests.checkIn(
                borrowing, placeID: nil, catalogue: fixture.catalogue, by: officer, on: test.database)
            let home = try #require(try await CopyModel.find(copy, on: test.database))
            #expect(home.state == "stored" && home.$place.id == fixture.safe)
            let actions = try await CarrierRepository(store: fixture.store).history(of: copy, on: test.database)
                .map(\.action)
            #expect(
                actions.suffix(6) == ["lend", "carryOut", "bringBack", "resumeLoan", "returnFromLoan", "checkIn"])
        }
    }

    @Test("C6 an office registered for 绝密 is a place of use and stores nothing; a safe holding copies stays one")
    func officeStoresNothing() async throws {
        try await withTestDatabase { test in
            // setup
            let fixture = try await CarrierFixture(test)
            let places = StoragePlaceRepository(store: fixture.store)
            let office = try await places.save(
                try .parse(
                    code: "O-1", name: "所长办公室", kind: "office", maxLevel: "topSecret", custodianID: nil,
                    departmentID: fixture.department.uuidString, location: "501", catalogue: fixture.catalogue),
                id: nil, by: fixture.actor, on: test.database
            ).requireID()
            let carrier = try await fixture.register(fixture.input(level: "secret", copies: 1))
            let copy = try await CarrierRepository(store: fixture.store).copies(
                of: try carrier.requireID(), on: test.database)[0].requireID()
            // act + check: an office keeps nothing, whatever level it is cleared for (C6)
            let refusal = await #expect(throws: Refusal.self) {
                _ = try await fixture.step(.init(action: .place, placeID: office), copy)
            }
            #expect(refusal?.rule == RuleID("C6"))
            #expect(try await fixture.state(copy) == "registered")
            // A file cabinet is registered only up to what its kind keeps.
            #expect(throws: DomainError.self) {
                _ = try StoragePlaceRepository.PlaceDraft.parse(
                    code: "C-9", name: "文件柜", kind: "fileCabinet", maxLevel: "topSecret", custodianID: nil,
                    departmentID: fixture.department.uuidString, location: "", catalogue: fixture.catalogue)
            }
            // The safe that keeps the copy is not turned into an office while it does.
            _ = try await fixture.step(.init(action: .place, placeID: fixture.safe), copy)
            let error = await #expect(throws: DomainError.self) {
                try await places.save(
                    try .parse(
                        code: "S-1", name: "一号保险柜", kind: "office", maxLevel: "topSecret", custodianID: nil,
                        departmentID: fixture.department.uuidString, location: "301", catalogue: fixture.catalogue),
                    id: fixture.safe, by: fixture.actor, on: test.database)
            }
            guard case .invalid(let errors) = error else { throw TestFailure("expected field errors") }
            #expect(errors.map(\.rule) == [RuleID("C6")] && errors.map(\.field) == ["kind"])
            #expect(try await StoragePlaceModel.find(fixture.safe, on: test.database)?.kind == "safe")
        }
    }

    @Test("C6 a copy an earlier version let into an office is a finding until it is moved to a place of storage")
    func copyLeftInAnOffice() async throws {
        try await withTestDatabase { test in
            // setup: a 机密 copy kept in an office cleared for 绝密, as earlier versions allowed
            let fixture = try await CarrierFixture(test)
            let office = try await StoragePlaceRepository(store: fixture.store).save(
                try .parse(
                    code: "O-1", name: "所长办公室", kind: "office", maxLevel: "topSecret", custodianID: nil,
                    departmentID: fixture.department.uuidString, location: "501", catalogue: fixture.catalogue),
                id: nil, by: fixture.actor, on: test.database
            ).requireID()
            let copy = try await fixture.storedCopies(level: "secret", count: 1)[0]
            try await test.database.sql.raw("UPDATE copies SET place_id = \(bind: office) WHERE id = \(bind: copy)")
                .run()
            let engine = ComplianceRepository(store: fixture.store)
            var query = FindingQuery()
            query.checks = [.placeBelowLevel]
            // act
            try await engine.evaluate(levels: fixture.catalogue, on: test.database)
            // check: found, and the finding says why — an office is a place of use
            let findings = try await query.run(on: test.database).rows
            #expect(findings.map(\.subjectID) == [copy] && findings.map(\.rule) == ["C6"])
            #expect(findings.first?.explanationZh.contains("所长办公室") == true)
            #expect(findings.first?.explanationZh.contains("不存放载体") == true)
            // Moved into the safe, the finding closes.
            _ = try await fixture.step(.init(action: .move, placeID: fixture.safe), copy)
            try await engine.evaluate(levels: fixture.catalogue, on: test.database)
            #expect(try await query.run(on: test.database).rows.isEmpty)
        }
    }

    @Test("C3 escorts are people from the register cleared for the level; two different people for 绝密")
    func escortsFromTheRegister() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "topSecret", count: 1)[0]
            let other = try await fixture.otherDepartment()
            let core = try await fixture.clearedPerson("张递送", postClass: .core)
            let general = try await fixture.clearedPerson("李递送", postClass: .general)
            func send(_ escorts: [UUID]) -> CopyStepRepository.Step {
                .init(
                    action: .send, departmentID: other.department, channel: .designatedPerson, escortIDs: escorts,
                    sealed: true)
            }
            for (escorts, rule) in [([core, general], "C3"), ([core, core], "C3"), ([core], "C3")] {
                let error = await #expect(throws: DomainError.self) { _ = try await fixture.step(send(escorts), copy) }
                guard case .invalid(let errors) = error else { throw TestFailure("expected field errors") }
                #expect(errors.map(\.rule) == [RuleID(rule)] && errors.map(\.field) == ["escortIDs"], "\(escorts)")
            }
            // A name typed in is no person of the register.
            await #expect(throws: DomainError.self) { _ = try await fixture.step(send([core, UUID()]), copy) }
            #expect(try await fixture.state(copy) == "stored")
            let second = try await fixture.clearedPerson("王递送", postClass: .core)
            let sent = try await fixture.step(send([core, second]), copy)
            #expect(sent.state == "inTransit")
            let event = try #require(
                try await CopyEventModel.query(on: test.database).filter(\.$copy.$id == copy)
                    .filter(\.$action == "send").first())
            #expect(event.details.contains("张递送、王递送"))
        }
    }

    @Test("C3 C2 receipt inside is signed by the receiving department's secrecy officer, never by the sender")
    func receiptByTheReceivingOfficer() async throws {
        try await withTestDatabase { test in
            // setup: a 机密 copy sent from 技术部 to 设计部
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "secret", count: 1)[0]
            let other = try await fixture.otherDepartment()
            let courier = try await fixture.clearedPerson("张递送", postClass: .important)
            _ = try await fixture.step(
                .init(
                    action: .send, departmentID: other.department, channel: .designatedPerson, escortIDs: [courier]),
                copy)
            let steps = CopyStepRepository(store: fixture.store)
            let receive = CopyStepRepository.Step(action: .confirmReceiptInternal, placeID: other.safe)
            // act + check: the sender (the security office) cannot sign for it, nor an officer of the sending side
            let sender = await #expect(throws: Refusal.self) {
                _ = try await steps.apply(
                    receive, to: copy, catalogue: fixture.catalogue, by: fixture.actor, on: test.database)
            }
            #expect(sender?.rule == RuleID("C3"))
            // (fixture.officer's account is the security office's registrar: one account per person)
            let ownOfficer = try await fixture.account(
                "libm", roles: [.secrecyOfficer],
                person: try await fixture.clearedPerson("李二保密", postClass: .core))
            await #expect(throws: Refusal.self) {
                _ = try await steps.apply(
                    receive, to: copy, catalogue: fixture.catalogue, by: ownOfficer, on: test.database)
            }
            // The receiving department's officer signs; the hand-over is a reading (C4).
            let received = try await steps.apply(
                receive, to: copy, catalogue: fixture.catalogue, by: other.officer, on: test.database)
            #expect(received.state == "stored" && received.departmentID == other.department)
            let readings = try await ReadingModel.query(on: test.database).all()
            #expect(readings.map(\.kind) == ["handOver"] && readings.map(\.personID) == [other.officerPerson])
        }
    }

    @Test("C3 an outside receiver's qualification is recorded and must cover the level")
    func outsideReceiverQualification() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "secret", count: 1)[0]
            var step = CopyStepRepository.Step(action: .send, counterpart: "某研究院", channel: .confidentialPost)
            for (qualification, certificate, field) in [
                (nil, "", "receiverQualification"),
                (ReceiverQualification.gradeThree, "保资三〔2025〕1号", "receiverQualification"),
                (.gradeTwo, "", "receiverCertificate"),
            ] as [(ReceiverQualification?, String, String)] {
                step.receiverQualification = qualification
                step.receiverCertificate = certificate
                let error = await #expect(throws: DomainError.self) { _ = try await fixture.step(step, copy) }
                guard case .invalid(let errors) = error else { throw TestFailure("expected field errors") }
                #expect(errors.map(\.field) == [field] && errors.map(\.rule) == [RuleID("C3")])
            }
            step.receiverQualification = .gradeTwo
            step.receiverCertificate = "保资二〔2025〕7号"
            #expect(try await fixture.step(step, copy).state == "inTransit")
            let details = try #require(
                try await CopyEventModel.query(on: test.database).filter(\.$action == "send").first()?.details)
            #expect(details.contains("gradeTwo") && details.contains("保资二〔2025〕7号"))
        }
    }

    @Test("L1.7 abroad follows from the destination: \"美国华盛顿\" is refused without any tick box")
    func abroadFollowsFromTheDestination() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "secret", count: 1)[0]
            let requests = RequestRepository(store: fixture.store)
            for (country, province, place) in [("CN", "110000", "美国华盛顿"), ("US", nil, "华盛顿"), ("TW", nil, "台北")] {
                var payload = CarryOut.Payload()
                payload.purposeKind = "work"
                payload.destinationCountry = country
                payload.destinationProvince = province
                payload.destination = place
                payload.returnDate = fixture.today
                let error = await #expect(throws: DomainError.self) {
                    try await requests.submit(
                        .carryOut, carrierID: nil, copyIDs: [copy], reason: "出访", payload: payload,
                        catalogue: fixture.catalogue,
                        by: fixture.requestActor("wang", roles: [.leader], person: fixture.classifier),
                        on: test.database)
                }
                guard case .invalid(let errors) = error else { throw TestFailure("expected field errors") }
                #expect(errors.map(\.rule) == [RuleID("L1.7")], "\(place)")
            }
            #expect(try await LoanModel.query(on: test.database).count() == 0)
        }
    }

    @Test("C5.3 copies are made only from a stored copy: not one on loan, neither at submission nor at approval")
    func copyingOnlyFromStore() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copies = try await fixture.storedCopies(level: "secret", count: 2)
            let requests = RequestRepository(store: fixture.store)
            let borrower = fixture.requestActor("zhaog", roles: [.staff], person: fixture.classifier)
            let clerk = fixture.requestActor("clerk", roles: [.secrecyOfficer])
            var payload = Reproduce.Payload()
            payload.count = 1
            // A copy on loan cannot be the source.
            _ = try await fixture.lent(copies[0], to: borrower)
            let submitted = await fixture.conflictRule {
                _ = try await requests.submit(
                    .reproduce, carrierID: nil, copyIDs: [copies[0]], reason: "评审", payload: payload,
                    catalogue: fixture.catalogue, by: clerk, on: test.database)
            }
            #expect(submitted == RuleID("C5.3"))
            // Nor one lent between submission and approval: the approval is refused, nothing made.
            let request = try await requests.submit(
                .reproduce, carrierID: nil, copyIDs: [copies[1]], reason: "评审", payload: payload,
                catalogue: fixture.catalogue, by: clerk, on: test.database
            ).requireID()
            _ = try await fixture.lent(copies[1], to: borrower)
            let approved = await fixture.conflictRule {
                try await requests.decide(
                    request, verdict: .approve, comment: "", catalogue: fixture.catalogue,
                    by: fixture.requestActor("leader", roles: [.leader]), on: test.database)
            }
            #expect(approved == RuleID("C5.3"))
            let carrierID = try #require(try await CopyModel.find(copies[1], on: test.database)?.$carrier.id)
            #expect(
                try await CarrierRepository(store: fixture.store).copies(of: carrierID, on: test.database).count == 2)
            #expect(try await requests.request(request, on: test.database).state == "submitted")
        }
    }

    @Test(
        "C8 a batch's copies are pending destruction only once approved; meanwhile they are neither lent nor batched twice"
    )
    func destructionPendingAtApproval() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copies = try await fixture.storedCopies(level: "secret", count: 2)
            let requests = RequestRepository(store: fixture.store)
            var payload = Destroy.Payload()
            payload.method = "inHouse"
            payload.equipment = "保密碎纸机 BM-01"
            let clerk = fixture.requestActor("clerk", roles: [.secrecyOfficer])
            let batch = try await requests.submit(
                .destroy, carrierID: nil, copyIDs: copies, reason: "到期销毁", payload: payload,
                catalogue: fixture.catalogue, by: clerk, on: test.database
            ).requireID()
            #expect(try await fixture.state(copies[0]) == "stored")
            // In a batch under review: not in a second batch, not lent.
            let twice = await fixture.conflictRule {
                _ = try await requests.submit(
                    .destroy, carrierID: nil, copyIDs: [copies[0]], reason: "重复", payload: payload,
                    catalogue: fixture.catalogue, by: clerk, on: test.database)
            }
            #expect(twice == RuleID("C8"))
            let lent = await fixture.conflictRule {
                _ = try await requests.submit(
                    .borrow, carrierID: nil, copyIDs: [copies[1]], reason: "阅读",
                    payload: fixture.borrowPayload(place: fixture.safe), catalogue: fixture.catalogue,
                    by: fixture.requestActor("zhaog", roles: [.staff], person: fixture.classifier), on: test.database)
            }
            #expect(lent == RuleID("C8"))
            // A copy that left the store meanwhile (sent out) stops the approval: nothing changes.
            _ = try await fixture.step(fixture.outsideSend(to: "某所"), copies[1])
            let office = fixture.requestActor("bmb", roles: [.securityOffice])
            let leader = fixture.requestActor("leader", roles: [.leader])
            try await requests.decide(
                batch, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: office, on: test.database)
            let blocked = await fixture.conflictRule {
                try await requests.decide(
                    batch, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: leader, on: test.database)
            }
            #expect(blocked == RuleID("C8"))
            #expect(try await fixture.state(copies[0]) == "stored")
            #expect(try await requests.request(batch, on: test.database).state == "inReview")
            // Withdrawn and submitted again with the copy still in store, the batch's copy becomes pending
            // destruction at its approval.
            try await requests.withdraw(batch, by: clerk, on: test.database)
            let second = try await requests.submit(
                .destroy, carrierID: nil, copyIDs: [copies[0]], reason: "到期销毁", payload: payload,
                catalogue: fixture.catalogue, by: clerk, on: test.database
            ).requireID()
            for approver in [office, leader] {
                try await requests.decide(
                    second, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: approver,
                    on: test.database)
            }
            #expect(try await fixture.state(copies[0]) == "pendingDestruction")
        }
    }

    @Test(
        "C9 declassification reaches every live copy: in hand now, out ones as they come back; then moved and destroyed"
    )
    func declassificationReachesEveryCopy() async throws {
        try await withTestDatabase { test in
            // setup: copy 1 stored, copy 2 on loan, copy 3 just registered
            let fixture = try await CarrierFixture(test)
            let carrier = try await fixture.register(fixture.input(level: "secret", copies: 3))
            let carrierID = try carrier.requireID()
            let copies = try await CarrierRepository(store: fixture.store).copies(of: carrierID, on: test.database)
                .map { try $0.requireID() }
            for copy in copies.prefix(2) {
                _ = try await fixture.step(.init(action: .place, placeID: fixture.safe), copy)
            }
            let requests = RequestRepository(store: fixture.store)
            let reader = try await fixture.person("赵工", in: fixture.department)
            let borrower = fixture.requestActor("zhaog", roles: [.staff], person: reader)
            let loan = try await fixture.lent(copies[1], to: borrower)
            let office = fixture.requestActor("bmb", roles: [.securityOffice])
            let leader = fixture.requestActor("leader", roles: [.leader])
            var payload = Reclassify.Payload()
            payload.change = "declassify"
            // act
            let request = try await requests.submit(
                .reclassify, carrierID: carrierID, copyIDs: copies, reason: "期限届满", payload: payload,
                catalogue: fixture.catalogue, by: fixture.requestActor("clerk", roles: [.secrecyOfficer]),
                on: test.database
            ).requireID()
            for approver in [fixture.requestActor("dmsh", roles: [.classificationReviewer]), leader] {
                try await requests.decide(
                    request, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: approver,
                    on: test.database)
            }
            // check: in hand now, declassified; the borrowed one stays with its borrower, who re-marks it
            #expect(try await fixture.state(copies[0]) == "declassified")
            #expect(try await fixture.state(copies[2]) == "declassified")
            #expect(try await fixture.state(copies[1]) == "onLoan")
            #expect(try await CarrierModel.find(carrierID, on: test.database)?.declassifiedOn != nil)
            let tasks = try await TaskModel.query(on: test.database).filter(\.$kind == "remark").all()
            #expect(tasks.contains { $0.personID == reader && $0.$copy.id == copies[1] })
            // It comes back declassified, not stored.
            try await requests.returnLoan(loan, force: false, by: borrower, on: test.database)
            try await requests.checkIn(
                loan, placeID: nil, catalogue: fixture.catalogue,
                by: fixture.requestActor("libm", roles: [.secrecyOfficer], person: fixture.officer), on: test.database)
            #expect(try await fixture.state(copies[1]) == "declassified")
            // Declassified copies are moved — into a cabinet a classified copy could not go to — and destroyed.
            let moved = try await fixture.step(.init(action: .move, placeID: fixture.cabinet), copies[0])
            #expect(moved.state == "declassified" && moved.$place.id == fixture.cabinet)
            var destroy = Destroy.Payload()
            destroy.method = "inHouse"
            destroy.equipment = "保密碎纸机 BM-01"
            let batch = try await requests.submit(
                .destroy, carrierID: nil, copyIDs: copies, reason: "解密后销毁", payload: destroy,
                catalogue: fixture.catalogue, by: fixture.requestActor("clerk", roles: [.secrecyOfficer]),
                on: test.database
            ).requireID()
            for approver in [office, leader] {
                try await requests.decide(
                    batch, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: approver,
                    on: test.database)
            }
            for supervisor in ["jx1", "jx2"] {
                try await requests.confirmDestruction(
                    batch, catalogue: fixture.catalogue, by: fixture.requestActor(supervisor, roles: [.securityOffice]),
                    on: test.database)
            }
            for copy in copies { #expect(try await fixture.state(copy) == "destroyed") }
        }
    }

    @Test("C9 an end date is capped at the level's maximum: on registration and on extension")
    func endDateCapped() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            var input = fixture.input(level: "secret", copies: 1)
            input.period = "2080-12-31"
            let error = await #expect(throws: DomainError.self) { _ = try await fixture.register(input) }
            guard case .invalid(let errors) = error else { throw TestFailure("expected field errors") }
            #expect(errors.map(\.field) == ["period"] && errors.map(\.rule) == [RuleID("C9")])
            let copies = try await fixture.storedCopies(level: "secret", count: 1)
            let carrierID = try #require(try await CopyModel.find(copies[0], on: test.database)?.$carrier.id)
            var payload = Reclassify.Payload()
            payload.change = "extend"
            payload.newPeriod = "2080-12-31"
            let extended = await #expect(throws: DomainError.self) {
                try await RequestRepository(store: fixture.store).submit(
                    .reclassify, carrierID: carrierID, copyIDs: copies, reason: "延长", payload: payload,
                    catalogue: fixture.catalogue, by: fixture.requestActor("clerk", roles: [.secrecyOfficer]),
                    on: test.database)
            }
            guard case .invalid(let refused) = extended else { throw TestFailure("expected field errors") }
            #expect(refused.map(\.field) == ["newPeriod"] && refused.map(\.rule) == [RuleID("C9")])
        }
    }

    @Test("C4 T2 a reading in place is registered with its place; the reader is in scope and the place cleared")
    func readingInPlace() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copy = try await fixture.storedCopies(level: "secret", count: 1)[0]
            let clearances = ClearanceRepository(store: fixture.store)
            let reader = try await fixture.clearedPerson("赵工", postClass: .important)
            let stranger = try await fixture.otherDepartment()
            let record = { (person: UUID, place: UUID) in
                try await clearances.recordReadingInPlace(
                    copyID: copy, readerID: person, placeID: place, catalogue: fixture.catalogue,
                    postClasses: .nationalDefault, by: fixture.actor, on: test.database)
            }
            for (person, place, field, rule) in [
                (stranger.officerPerson, fixture.safe, "personID", "A3"), (reader, fixture.cabinet, "placeID", "L1.2"),
                (try await fixture.clearedPerson("钱工", postClass: .general), fixture.safe, "personID", "A2"),
            ] {
                let error = await #expect(throws: DomainError.self) { _ = try await record(person, place) }
                guard case .invalid(let errors) = error else { throw TestFailure("expected field errors") }
                #expect(errors.map(\.field) == [field] && errors.map(\.rule) == [RuleID(rule)], "\(field) \(rule)")
            }
            let reading = try await record(reader, fixture.safe)
            #expect(reading.kind == "readInPlace" && reading.placeID == fixture.safe && reading.readerName == "赵工")
            #expect(try await ReadingModel.query(on: test.database).count() == 1)
            #expect(
                try await fixture.auditOutcomes([.readingRecord], about: copy) == [
                    "refused", "refused", "refused", "success",
                ])
        }
    }

    @Test("C9 notices go to everyone who knew — scope, project, past readers — each seeing only what they may now")
    func noticesToEveryoneWhoKnew() async throws {
        try await withTestDatabase { test in
            // setup: a 机密 carrier scoped to a named person, the department and a project
            let fixture = try await CarrierFixture(test)
            let other = try await fixture.otherDepartment()
            let project = try await StoragePlaceRepository(store: fixture.store).createProject(
                code: "XM-1", name: "某型号", level: "secret", isKeyProject: false, catalogue: fixture.catalogue,
                by: fixture.actor, on: test.database
            ).requireID()
            let named = try await fixture.clearedPerson("点名人", postClass: .core, in: other.department)
            let member = try await fixture.clearedPerson("项目成员", postClass: .core, in: other.department)
            let memberModel = try #require(try await PersonModel.find(member, on: test.database))
            memberModel.compartments = "[\"\(project.uuidString)\"]"
            try await memberModel.save(on: test.database)
            let colleague = try await fixture.clearedPerson("同事", postClass: .important)
            let uncleared = try await fixture.clearedPerson("非涉密", postClass: .nonSecret)
            let outsider = try await fixture.clearedPerson("外人", postClass: .core, in: other.department)
            var input = fixture.input(level: "secret", copies: 1)
            input.scopePeople = [named.uuidString]
            input.scopeProjects = [project.uuidString]
            let carrier = try await fixture.register(input)
            let carrierID = try carrier.requireID()
            let copy = try await CarrierRepository(store: fixture.store).copies(of: carrierID, on: test.database)[0]
                .requireID()
            _ = try await fixture.step(.init(action: .place, placeID: fixture.safe), copy)
            // A past reader who read it in place, and whose post has since been lowered.
            let reader = try await fixture.clearedPerson("旧读者", postClass: .important)
            try await ClearanceRepository(store: fixture.store).recordReadingInPlace(
                copyID: copy, readerID: reader, placeID: fixture.safe, catalogue: fixture.catalogue,
                postClasses: .nationalDefault, by: fixture.actor, on: test.database)
            let readerModel = try #require(try await PersonModel.find(reader, on: test.database))
            readerModel.postClass = SecretPostClass.general.rawValue
            try await readerModel.save(on: test.database)
            // act: raised to 绝密
            let requests = RequestRepository(store: fixture.store)
            var payload = Reclassify.Payload()
            payload.change = "changeLevel"
            payload.newLevel = "topSecret"
            payload.newPeriod = "30"
            let request = try await requests.submit(
                .reclassify, carrierID: carrierID, copyIDs: [copy], reason: "升密", payload: payload,
                catalogue: fixture.catalogue, by: fixture.requestActor("clerk", roles: [.secrecyOfficer]),
                on: test.database
            ).requireID()
            for approver in [
                fixture.requestActor("dmsh", roles: [.classificationReviewer]),
                fixture.requestActor("leader", roles: [.leader]),
            ] {
                try await requests.decide(
                    request, verdict: .approve, comment: "", catalogue: fixture.catalogue, by: approver,
                    on: test.database)
            }
            // check: told — the named person, the project member, the department's cleared colleague, the past
            // reader, the classifier; not the uncleared colleague nor the outsider
            let notices = try await TaskModel.query(on: test.database).filter(\.$kind == "notice").all()
            let told = Set(notices.map(\.personID))
            #expect(told.isSuperset(of: [named, member, colleague, reader, fixture.classifier]))
            #expect(told.isDisjoint(with: [uncleared, outsider]))
            // Each sees only what they may now see: the core-cleared named person the carrier, the past reader
            // (now 一般) its reference only.
            let postClasses = PostClassCatalogue.nationalDefault
            func text(for person: UUID) async throws -> String {
                guard let model = try await PersonModel.find(person, on: test.database) else {
                    throw TestFailure("no person \(person)")
                }
                let subject = ClearanceRepository.subject(
                    model, roles: [], levels: fixture.catalogue, postClasses: postClasses, today: fixture.today)
                let sights = try await CarrierSights.load(
                    [carrierID], for: subject, levels: fixture.catalogue, postClasses: postClasses, on: test.database)
                let tasks = notices.filter { $0.personID == person }
                return VisibleTask.visible(tasks, sights: sights).map(\.text.zh).joined()
            }
            #expect(try await text(for: named).contains(carrier.title))
            let readerText = try await text(for: reader)
            #expect(!readerText.contains(carrier.title) && !readerText.contains(carrier.number))
            #expect(readerText.contains("载体〔"))
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
