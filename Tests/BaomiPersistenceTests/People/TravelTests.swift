import BaomiDomain
import FluentKit
import Foundation
import Testing

@testable import BaomiPersistence

/// Travel abroad, its briefings and the passports the unit keeps (A7, L1.7), and former staff using the unit's
/// secrets (T14), through the approval engine and the repositories the server calls.
struct TravelFixture {
    let base: CarrierFixture
    let requests: RequestRepository
    let documents: TravelDocumentRepository
    let office: RequestActor
    let leader: RequestActor
    /// A member of staff in a 重要 post, with an account of their own.
    var traveller = UUID()
    var travellerActor: RequestActor

    init(_ test: TestDatabase) async throws {
        base = try await CarrierFixture(test)
        requests = RequestRepository(store: base.store)
        documents = TravelDocumentRepository(store: base.store)
        office = base.requestActor("bmb", roles: [.securityOffice], person: base.officer)
        leader = base.requestActor("boss", roles: [.leader])
        let person = PersonModel(
            name: "周工", employeeNumber: "E-ZHOU", departmentID: base.department, post: "工程师", isLeader: false,
            status: "active")
        person.postClass = SecretPostClass.important.rawValue
        try await person.create(on: test.database)
        traveller = try person.requireID()
        travellerActor = base.requestActor("zhoug", roles: [.staff], person: traveller)
    }

    var today: String { ClearanceRepository.today(Date()) }

    func payload(back: Int = 5, traveller: UUID? = nil) -> TravelAbroad.Payload {
        TravelAbroad.Payload(
            travellerID: traveller ?? self.traveller, destinations: ["DE"], places: "慕尼黑",
            departureDate: SecrecyPeriod.day(today, plus: 1), returnDate: SecrecyPeriod.day(today, plus: back),
            purpose: "参加国际学术会议", contactsAbroad: "会议组委会 Dr. Müller", nature: TravelNature.official.rawValue)
    }

    /// A travel request of the traveller, submitted by them.
    func submit(_ payload: TravelAbroad.Payload? = nil, on database: any Database) async throws -> UUID {
        try await requests.submit(
            .travelAbroad, carrierID: nil, copyIDs: [], reason: "学术交流", payload: payload ?? self.payload(),
            catalogue: base.catalogue, by: travellerActor, on: database
        ).requireID()
    }

    /// Approved by the security office, then the leader: the default chain (LIFECYCLE.md).
    func approve(_ id: UUID, on database: any Database) async throws {
        for approver in [office, leader] {
            try await requests.decide(
                id, verdict: .approve, comment: "", catalogue: base.catalogue, by: approver, on: database)
        }
    }

    func passport(heldByUnit: Bool = true, on database: any Database) async throws -> UUID {
        try await documents.register(
            .init(
                personID: traveller, kind: TravelDocumentKind.passport.rawValue,
                number: "E\(UUID().uuidString.prefix(8))",
                expiresOn: SecrecyPeriod.day(today, plus: 2000), heldByUnit: heldByUnit),
            by: office.audit, roles: office.roles, on: database)
    }
}

@Suite("Travel abroad and passports (A7, L1.7, T14)", .serialized)
struct TravelTests {
    @Test("A7 a travel request goes through the engine: security office, then leader; approved is the permitted trip")
    func travelApprovedThroughTheEngine() async throws {
        try await withTestDatabase { test in
            let fixture = try await TravelFixture(test)
            let id = try await fixture.submit(on: test.database)
            let submitted = try await fixture.requests.request(id, on: test.database)
            #expect(submitted.number.hasPrefix("CJ-"))
            #expect(
                submitted.steps.sorted { $0.position < $1.position }.compactMap { $0.approvalSpec?.title.zh.prefix(6) }
                    == ["保密办审核", "主管领导审批"])
            // The leader does not decide before the security office.
            await #expect(throws: (any Error).self) {
                try await fixture.requests.decide(
                    id, verdict: .approve, comment: "", catalogue: fixture.base.catalogue, by: fixture.leader,
                    on: test.database)
            }
            try await fixture.approve(id, on: test.database)
            #expect(try await fixture.requests.request(id, on: test.database).state == "approved")
            let trip = try await TravelRepository(store: fixture.base.store).trip(id, on: test.database)
            #expect(trip.travellerName == "周工" && trip.payload.destinations == ["DE"])
        }
    }

    @Test("A7 a travel request names where outside the mainland, real days in order, purpose and private or official")
    func travelPayloadRules() async throws {
        try await withTestDatabase { test in
            let fixture = try await TravelFixture(test)
            var bad = fixture.payload()
            bad.destinations = ["CN"]
            bad.returnDate = SecrecyPeriod.day(fixture.today, plus: -3)
            bad.purpose = " "
            bad.nature = "holiday"
            let error = await #expect(throws: DomainError.self) { try await fixture.submit(bad, on: test.database) }
            guard case .invalid(let errors) = error else {
                Issue.record("expected field errors")
                return
            }
            #expect(Set(errors.map(\.field)) == ["destinations", "returnDate", "purpose", "nature"])
            #expect(errors.allSatisfy { $0.rule == RuleID("A7") })
            // Someone files only their own trip; the security office may file it for them.
            let other = fixture.base.requestActor("qian", roles: [.staff], person: fixture.base.officer)
            await #expect(throws: Refusal.self) {
                try await fixture.requests.submit(
                    .travelAbroad, carrierID: nil, copyIDs: [], reason: "学术交流", payload: fixture.payload(),
                    catalogue: fixture.base.catalogue, by: other, on: test.database)
            }
            #expect(try await RequestModel.query(on: test.database).count() == 0)
        }
    }

    @Test("A7 L1.7 a passport is not lent without an approved, current trip; it is with one, and logged back in")
    func passportOutOnlyForAnApprovedTrip() async throws {
        try await withTestDatabase { test in
            let fixture = try await TravelFixture(test)
            let passport = try await fixture.passport(on: test.database)
            let office = fixture.office
            // No trip at all.
            let refused = await #expect(throws: Refusal.self) {
                try await fixture.documents.logOut(
                    passport, tripID: nil, by: office.audit, roles: office.roles, on: test.database)
            }
            #expect(refused?.rule == RuleID("A7"))
            // A trip still in review is no permission.
            let trip = try await fixture.submit(on: test.database)
            await #expect(throws: Refusal.self) {
                try await fixture.documents.logOut(
                    passport, tripID: trip, by: office.audit, roles: office.roles, on: test.database)
            }
            let refusals = try await AuditQuery(actorKinds: [.user], action: "travel.documentOut").run(
                on: test.database)
            #expect(refusals.count == 2 && refusals.allSatisfy { $0.outcome == "refused" })
            try await fixture.approve(trip, on: test.database)
            try await fixture.documents.logOut(
                passport, tripID: nil, by: office.audit, roles: office.roles, on: test.database)
            let out = try await fixture.documents.document(passport, on: test.database)
            #expect(out.isOut && out.outRequestID == trip)
            #expect(out.dueBack == SecrecyPeriod.day(fixture.payload().returnDate ?? "", plus: 7))
            // The 涉密人员台账 reads it as lent, due back on that day.
            let custody = try await TravelDocumentRepository.custody(of: [fixture.traveller], on: test.database)
            #expect(custody[fixture.traveller] == .out(dueBack: out.dueBack))
            // Back in the unit's keeping; a second log-in is a conflict.
            try await fixture.documents.logIn(passport, by: office.audit, roles: office.roles, on: test.database)
            #expect(try await fixture.documents.document(passport, on: test.database).isOut == false)
            await #expect(throws: DomainError.self) {
                try await fixture.documents.logIn(passport, by: office.audit, roles: office.roles, on: test.database)
            }
            let movements = try await TravelDocumentMovementModel.query(on: test.database).sort(\.$at).all()
            #expect(movements.map(\.direction) == ["out", "in"])
            #expect(
                try await TravelDocumentRepository.custody(of: [fixture.traveller], on: test.database)[
                    fixture.traveller] == .heldByUnit)
        }
    }

    @Test("A7 two simultaneous log-outs of one passport: exactly one wins, the other is a conflict")
    func oneWinnerForConcurrentLogOuts() async throws {
        try await withTestDatabase { test in
            let fixture = try await TravelFixture(test)
            let passport = try await fixture.passport(on: test.database)
            let trip = try await fixture.submit(on: test.database)
            try await fixture.approve(trip, on: test.database)
            let documents = fixture.documents
            let office = fixture.office
            let database = test.database
            let results = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        do {
                            try await documents.logOut(
                                passport, tripID: trip, by: office.audit, roles: office.roles, on: database)
                            return true
                        } catch { return false }
                    }
                }
                var all: [Bool] = []
                for await result in group { all.append(result) }
                return all
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(try await TravelDocumentMovementModel.query(on: test.database).count() == 1)
        }
    }

    @Test("A7 a trip back without its debriefing and a passport not returned are findings; recording them clears both")
    func debriefingAndPassportFindings() async throws {
        try await withTestDatabase { test in
            let fixture = try await TravelFixture(test)
            let passport = try await fixture.passport(on: test.database)
            let trip = try await fixture.submit(fixture.payload(back: 2), on: test.database)
            try await fixture.approve(trip, on: test.database)
            let office = fixture.office
            try await fixture.documents.logOut(
                passport, tripID: trip, by: office.audit, roles: office.roles, on: test.database)
            let travel = TravelRepository(store: fixture.base.store)
            try await travel.recordReport(
                .briefing, of: trip, heldOn: fixture.today, heldBy: "保密办 李保密", notes: "出境保密须知",
                by: office.audit, roles: office.roles, on: test.database)
            // Ten days later: back eight days ago, seven days allowed.
            let later = Date().addingTimeInterval(10 * 86_400)
            let engine = ComplianceRepository(store: fixture.base.store, clock: { later })
            let checks: [ComplianceCheck] = [.debriefingMissing, .passportNotReturned]
            let found = try await engine.currentFindings(levels: fixture.base.catalogue, on: test.database)
                .filter { checks.contains($0.check) }
            #expect(Set(found.map(\.check)) == Set(checks))
            #expect(found.allSatisfy { $0.rule == RuleID("A7") && $0.responsiblePerson == fixture.traveller })
            // Twenty days allowed: the debriefing is not late yet; the passport keeps the day it was lent until.
            try await travel.setDebriefingDays(20, by: office.audit, roles: office.roles, on: test.database)
            #expect(
                try await engine.currentFindings(levels: fixture.base.catalogue, on: test.database)
                    .filter { checks.contains($0.check) }.map(\.check) == [.passportNotReturned])
            try await travel.setDebriefingDays(7, by: office.audit, roles: office.roles, on: test.database)
            let laterTravel = TravelRepository(store: fixture.base.store, clock: { later })
            try await laterTravel.recordReport(
                .debriefing, of: trip, heldOn: ClearanceRepository.today(later), heldBy: "保密办", notes: "无异常",
                by: office.audit, roles: office.roles, on: test.database)
            #expect(try await fixture.requests.request(trip, on: test.database).state == "done")
            try await fixture.documents.logIn(passport, by: office.audit, roles: office.roles, on: test.database)
            #expect(
                try await engine.currentFindings(levels: fixture.base.catalogue, on: test.database)
                    .filter { checks.contains($0.check) }.isEmpty)
            let policy = try await AuditQuery(actorKinds: [.user], action: "travel.policy").run(on: test.database)
            #expect(policy.count == 2)
        }
    }

    @Test("L1.7 an approved trip abroad does not let a classified copy go with it: the carry-out abroad is refused")
    func carryOutAbroadStaysRefused() async throws {
        try await withTestDatabase { test in
            let fixture = try await TravelFixture(test)
            let trip = try await fixture.submit(on: test.database)
            try await fixture.approve(trip, on: test.database)
            let copy = try await fixture.base.storedCopies(level: "secret", count: 1)[0]
            var payload = CarryOut.Payload()
            payload.purposeKind = CarryOutPurpose.work.rawValue
            payload.destinationCountry = "DE"
            payload.destination = "慕尼黑会展中心"
            payload.escortIDs = [fixture.base.classifier, fixture.base.officer]
            payload.returnDate = fixture.payload().returnDate
            let error = await #expect(throws: DomainError.self) {
                try await fixture.requests.submit(
                    .carryOut, carrierID: nil, copyIDs: [copy], reason: "出国参会", payload: payload,
                    catalogue: fixture.base.catalogue, by: fixture.base.requestActor("wang", roles: [.leader]),
                    on: test.database)
            }
            guard case .invalid(let errors) = error else {
                Issue.record("expected field errors")
                return
            }
            #expect(errors.contains { $0.rule == RuleID("L1.7") && $0.field == "destinationCountry" })
        }
    }

    @Test("T14 a former member of staff's request to use the unit's secrets is recorded, decided and closed")
    func formerStaffRequestRecordedAndDecided() async throws {
        try await withTestDatabase { test in
            let fixture = try await TravelFixture(test)
            let payload = FormerStaffUse.Payload(
                personID: fixture.traveller, newWork: "新单位的某型传感器研制", secretsConcerned: "某型号标定工艺",
                consent: true, fee: "人民币 5 万元")
            // Only a person who has left.
            let error = await #expect(throws: DomainError.self) {
                try await fixture.requests.submit(
                    .formerStaffUse, carrierID: nil, copyIDs: [], reason: "来函申请", payload: payload,
                    catalogue: fixture.base.catalogue, by: fixture.office, on: test.database)
            }
            guard case .invalid(let errors) = error else {
                Issue.record("expected field errors")
                return
            }
            #expect(errors.map(\.rule) == [RuleID("T14")])
            let person = try #require(try await PersonModel.find(fixture.traveller, on: test.database))
            person.status = PersonStatus.departed.rawValue
            try await person.save(on: test.database)
            // A consent names its fee.
            var free = payload
            free.fee = nil
            await #expect(throws: DomainError.self) {
                try await fixture.requests.submit(
                    .formerStaffUse, carrierID: nil, copyIDs: [], reason: "来函申请", payload: free,
                    catalogue: fixture.base.catalogue, by: fixture.office, on: test.database)
            }
            let id = try await fixture.requests.submit(
                .formerStaffUse, carrierID: nil, copyIDs: [], reason: "来函申请", payload: payload,
                catalogue: fixture.base.catalogue, by: fixture.office, on: test.database
            ).requireID()
            let other = fixture.base.requestActor("qianbm", roles: [.securityOffice], person: fixture.base.classifier)
            for approver in [other, fixture.leader] {
                try await fixture.requests.decide(
                    id, verdict: .approve, comment: "同意，按约定收费", catalogue: fixture.base.catalogue, by: approver,
                    on: test.database)
            }
            let decided = try await fixture.requests.request(id, on: test.database)
            #expect(decided.state == "done" && decided.number.hasPrefix("LZ-"))
            #expect(FormerStaffUse.decodePayload(Data(decided.payload.utf8))?.fee == "人民币 5 万元")
            let listed = try await fixture.requests.list(kind: .formerStaffUse, openOnly: false, on: test.database)
            #expect(listed.map(\.id) == [id])
        }
    }
}
