import BaomiDomain
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BaomiPersistence

/// A leaver in the carrier fixture's 技术部: a 核心涉密人员 holding two copies of a 机密 carrier.
struct DepartureFixture {
    let base: CarrierFixture
    let leaver: UUID
    let copies: [UUID]
    let carrier: UUID
    let requests: RequestRepository
    let departures: DepartureRepository
    /// 人事部门 starts departures; the security office decides the steps nobody else holds (escalation).
    let hr: RequestActor
    let office: RequestActor

    init(_ test: TestDatabase) async throws {
        base = try await CarrierFixture(test)
        let person = PersonModel(
            name: "周离职", employeeNumber: "E777", departmentID: base.department, post: "工程师", isLeader: false,
            status: "active")
        person.postClass = SecretPostClass.core.rawValue
        person.compartments = "[]"
        try await person.create(on: test.database)
        leaver = try person.requireID()
        let carrier = try await CarrierRepository(store: base.store).register(
            try CarrierDraft.parse(base.input(copies: 2), catalogue: base.catalogue), registrarPersonID: leaver,
            by: base.actor, on: test.database)
        self.carrier = try carrier.requireID()
        copies = try await CarrierRepository(store: base.store).copies(of: self.carrier, on: test.database).map {
            try $0.requireID()
        }
        requests = RequestRepository(store: base.store)
        departures = DepartureRepository(store: base.store)
        hr = base.requestActor("hr", roles: [.personnel])
        office = base.requestActor("bmb", roles: [.securityOffice], person: base.officer)
    }

    func payload(newEmployer: String? = "某科技有限公司") -> Departure.Payload {
        Departure.Payload(
            personID: leaver, departureKind: "resign", lastWorkingDay: "2026-12-31", newEmployer: newEmployer)
    }

    func submit(newEmployer: String? = "某科技有限公司") async throws -> UUID {
        try await requests.submit(
            .departure, carrierID: nil, copyIDs: [], reason: "个人原因辞职", payload: payload(newEmployer: newEmployer),
            catalogue: base.catalogue, by: hr, on: base.database
        ).requireID()
    }

    func approve(_ request: UUID, by actor: RequestActor? = nil) async throws {
        try await requests.decide(
            request, verdict: .approve, comment: "同意", catalogue: base.catalogue, by: actor ?? office,
            on: base.database)
    }

    func person() async throws -> PersonModel {
        try #require(try await PersonModel.find(leaver, on: base.database))
    }

    func returnCopies() async throws {
        for copy in copies { _ = try await base.step(.init(action: .place, placeID: base.safe), copy) }
    }
}

@Suite("Departures (T22, T12, T11, A7, A4)")
struct DepartureTests {
    @Test("T22 the final approval is refused while the leaver holds a copy, and completes after the return (A4, A7)")
    func refusedWhileHolding() async throws {
        try await withTestDatabase { test in
            let fixture = try await DepartureFixture(test)
            let request = try await fixture.submit()
            // Submitting bars the person at once (A4).
            #expect(try await fixture.person().status == PersonStatus.leaving.rawValue)
            let holdings = try await DepartureHoldings.of(fixture.leaver, on: test.database)
            #expect(
                holdings.map(\.copyID).sorted { $0.uuidString < $1.uuidString }
                    == fixture.copies.sorted { $0.uuidString < $1.uuidString })
            #expect(holdings.allSatisfy { $0.kind == .copy })
            // department (escalated), HR (escalated), security office
            let steps = try await RequestModel.query(on: test.database).filter(\.$id == request).with(\.$steps)
                .first()?.steps.count
            #expect(steps == 3)
            try await fixture.approve(request)
            try await fixture.approve(request)
            let refusal = await #expect(throws: Refusal.self) { try await fixture.approve(request) }
            #expect(refusal?.rule == RuleID("T22"))
            #expect(refusal?.reason.zh.contains("仍持有 2 份") == true)
            #expect(try await RequestModel.find(request, on: test.database)?.state == RequestState.inReview.rawValue)
            #expect(try await fixture.person().status == PersonStatus.leaving.rawValue)
            // the refusal is audited
            let refused = try await AuditQuery(actorKinds: [.user], action: "request.decide", outcome: .refused).run(
                on: test.database)
            #expect(refused.contains { $0.rule == "T22" })

            try await fixture.returnCopies()
            #expect(try await DepartureHoldings.of(fixture.leaver, on: test.database).isEmpty)
            try await fixture.approve(request)
            #expect(try await RequestModel.find(request, on: test.database)?.state == RequestState.done.rawValue)
            let person = try await fixture.person()
            #expect(person.status == PersonStatus.departed.rawValue)
            #expect(person.postClass == SecretPostClass.nonSecret.rawValue)
            #expect(person.compartments == "[]" && person.groups == "[]")
            let today = try #require(CalendarDay(ClearanceRepository.today(Date())))
            #expect(person.departedOn == today.description)
            // 核心: 3 years of 脱密期 (A7); a 核心 is key staff: 3 years of non-compete (T11)
            #expect(person.separationUntil == today.adding(years: 3).description)
            #expect(person.nonCompeteUntil == today.adding(years: 3).description)
            // A7: a departed person in 脱密期 is refused a borrowing by the access decision
            let objects = try await ClearanceRepository.objects(
                carrierIDs: [fixture.carrier], levels: fixture.base.catalogue, on: test.database)
            let subject = ClearanceRepository.subject(
                person, roles: [.staff], levels: fixture.base.catalogue, postClasses: .nationalDefault,
                today: today.description)
            let verdict = AccessDecision.decide(
                subject, .borrow, try #require(objects[fixture.carrier]), postClasses: .nationalDefault,
                levels: fixture.base.catalogue)
            #expect(verdict.refusal?.rule == RuleID("A7"))
            let lists = try await fixture.departures.bound(.separation, today: today.description, on: test.database)
            #expect(lists.map(\.personID) == [fixture.leaver])
            let competing = try await fixture.departures.bound(.nonCompete, today: today.description, on: test.database)
            #expect(competing.map(\.personID) == [fixture.leaver])
        }
    }

    @Test("A2 A7 a completed departure ends the leaver's spell on their post in the 岗位履历")
    func departureEndsThePostSpell() async throws {
        try await withTestDatabase { test in
            let fixture = try await DepartureFixture(test)
            let store = fixture.base.store
            try await earnPrePost([fixture.leaver], store: store, on: test.database)
            try await signAgreements([fixture.leaver], for: .core, store: store, on: test.database)
            _ = try await PostRepository(store: store).create(
                PostDraft(
                    code: "GW-LZ", name: "总体设计师", departmentID: fixture.base.department, postClass: .core,
                    extraAgreements: [], field: "总体设计"), by: fixture.base.actor, on: test.database)
            try await PostAssignments(store: store).assign(
                personID: fixture.leaver, postCode: "GW-LZ", reason: "任用", by: fixture.base.actor, on: test.database)
            try await fixture.returnCopies()
            let request = try await fixture.submit()
            for _ in 0..<3 { try await fixture.approve(request) }
            #expect(try await fixture.person().status == PersonStatus.departed.rawValue)
            let spells = try await PostAssignmentModel.query(on: test.database)
                .filter(\.$person.$id == fixture.leaver).all()
            #expect(spells.count == 1)
            #expect(spells.allSatisfy { $0.untilDate != nil }, "the spell stays open after the departure")
            #expect(try await PostHistory.currentPostNames(of: [fixture.leaver], on: test.database).isEmpty)
        }
    }

    @Test("T22 every returned item must be signed off, once, and not by the leaver, before the departure completes")
    func checklistSignedItemByItem() async throws {
        try await withTestDatabase { test in
            let fixture = try await DepartureFixture(test)
            try await fixture.returnCopies()
            let request = try await fixture.submit()
            let item = try await fixture.departures.addItem(
                to: request, category: "equipment", description: "实验样机一台", by: fixture.hr, on: test.database)
            await #expect(throws: DomainError.self) {
                try await fixture.departures.addItem(
                    to: request, category: "car", description: "x", by: fixture.hr, on: test.database)
            }
            try await fixture.approve(request)
            try await fixture.approve(request)
            let refusal = await #expect(throws: Refusal.self) { try await fixture.approve(request) }
            #expect(refusal?.rule == RuleID("T22"))
            // the leaver cannot sign their own return
            let leaverActor = fixture.base.requestActor("zlz", roles: [.staff], person: fixture.leaver)
            await #expect(throws: Refusal.self) {
                try await fixture.departures.signItem(
                    try item.requireID(), of: request, by: leaverActor, on: test.database)
            }
            try await fixture.departures.signItem(try item.requireID(), of: request, by: fixture.hr, on: test.database)
            // once: a second signature is told it is signed already
            await #expect(throws: DomainError.self) {
                try await fixture.departures.signItem(
                    try item.requireID(), of: request, by: fixture.office, on: test.database)
            }
            try await fixture.approve(request)
            #expect(try await RequestModel.find(request, on: test.database)?.state == RequestState.done.rawValue)
        }
    }

    @Test("A6 the leaver decides no step of their own departure")
    func leaverDecidesNothing() async throws {
        try await withTestDatabase { test in
            let fixture = try await DepartureFixture(test)
            let request = try await fixture.submit()
            let leaverOffice = fixture.base.requestActor("zlz", roles: [.securityOffice], person: fixture.leaver)
            let refusal = await #expect(throws: Refusal.self) { try await fixture.approve(request, by: leaverOffice) }
            #expect(refusal?.rule == RuleID("A6"))
        }
    }

    @Test("T12 each letter's delivery is recorded once and audited; the notice only with a new employer")
    func letterDelivery() async throws {
        try await withTestDatabase { test in
            let fixture = try await DepartureFixture(test)
            let request = try await fixture.submit(newEmployer: nil)
            try await fixture.departures.recordDelivery(
                of: "reminder", for: request, deliveredOn: "2026-12-30", method: "inPerson", deliveredBy: "人事处张三",
                by: fixture.hr, on: test.database)
            await #expect(throws: DomainError.self) {
                try await fixture.departures.recordDelivery(
                    of: "reminder", for: request, deliveredOn: "2026-12-30", method: "inPerson", deliveredBy: "张三",
                    by: fixture.hr, on: test.database)
            }
            let noEmployer = await #expect(throws: Refusal.self) {
                try await fixture.departures.recordDelivery(
                    of: "notice", for: request, deliveredOn: "2026-12-30", method: "post", deliveredBy: "张三",
                    by: fixture.hr, on: test.database)
            }
            #expect(noEmployer?.rule == RuleID("T12"))
            await #expect(throws: DomainError.self) {
                try await fixture.departures.recordDelivery(
                    of: "reminder", for: request, deliveredOn: "2026-02-30", method: "pigeon", deliveredBy: "",
                    by: fixture.hr, on: test.database)
            }
            let letters = try await fixture.departures.letters(of: request, on: test.database)
            #expect(letters.map(\.letter) == ["reminder"])
            #expect(letters.first?.deliveredBy == "人事处张三")
            let audit = try await AuditQuery(actorKinds: [.user], action: "departure.letter").run(on: test.database)
            #expect(audit.filter { $0.outcome == "success" }.count == 1)
        }
    }

    @Test("T22 A7 nobody is set leaving or departed by editing the person; withdrawing a departure gives them back")
    func departedOnlyThroughTheRequest() async throws {
        try await withTestDatabase { test in
            let fixture = try await DepartureFixture(test)
            let organisation = OrganisationRepository(store: fixture.base.store)
            let person = try await fixture.person()
            func draft(_ status: PersonStatus) -> PersonDraft {
                PersonDraft(
                    name: person.name, employeeNumber: person.employeeNumber, departmentID: fixture.base.department,
                    post: person.post, isLeader: false, status: status)
            }
            for status in [PersonStatus.departed, .leaving] {
                let refusal = await #expect(throws: Refusal.self) {
                    try await organisation.updatePerson(
                        fixture.leaver, draft(status), by: fixture.base.actor, on: test.database)
                }
                #expect(refusal?.rule == RuleID("T22"))
                #expect(refusal?.reason.en.contains("departure request") == true)
            }
            var newcomer = draft(.departed)
            newcomer.employeeNumber = "E778"
            await #expect(throws: Refusal.self) {
                try await organisation.createPerson(newcomer, by: fixture.base.actor, on: test.database)
            }
            #expect(try await fixture.person().status == PersonStatus.active.rawValue)
            let request = try await fixture.submit()
            // a leaver is not taken back to active by an edit either: the request is withdrawn
            await #expect(throws: Refusal.self) {
                try await organisation.updatePerson(
                    fixture.leaver, draft(.active), by: fixture.base.actor, on: test.database)
            }
            try await fixture.requests.withdraw(request, by: fixture.hr, on: test.database)
            #expect(try await fixture.person().status == PersonStatus.active.rawValue)
            // a departure is not started twice
            _ = try await fixture.submit()
            await #expect(throws: DomainError.self) { _ = try await fixture.submit() }
        }
    }
}

@Suite("Departure compliance checks (A7, T11, T22)")
struct DepartureComplianceTests {
    func open(_ check: ComplianceCheck, on database: any Database) async throws -> [FindingModel] {
        var query = FindingQuery()
        query.checks = [check]
        return try await query.run(on: database).rows
    }

    @Test("A7 T11 periods ending within 30 days and T22 a departure open more than 30 days raise findings")
    func periodsEndingAndStuck() async throws {
        try await withTestDatabase { test in
            let fixture = try await DepartureFixture(test)
            let request = try await fixture.submit()
            let engine = ComplianceRepository(store: fixture.base.store)
            try await engine.evaluate(levels: fixture.base.catalogue, on: test.database)
            #expect(try await open(.departureStuck, on: test.database).isEmpty)
            // Submitted 40 days ago and still open: stuck (T22).
            let sql = try test.database.sql
            try await sql.raw(
                """
                UPDATE requests SET created_at = \(bind: Date().addingTimeInterval(-40 * 86_400))
                WHERE id = \(bind: request)
                """
            ).run()
            let today = try #require(CalendarDay(ClearanceRepository.today(Date())))
            try await engine.evaluate(levels: fixture.base.catalogue, on: test.database)
            #expect(try await open(.departureStuck, on: test.database).map(\.subjectID) == [request])
            // Completed: no longer stuck; its periods run for years, nothing ends soon.
            try await fixture.returnCopies()
            for _ in 0..<3 { try await fixture.approve(request) }
            try await engine.evaluate(levels: fixture.base.catalogue, on: test.database)
            #expect(try await open(.departureStuck, on: test.database).isEmpty)
            #expect(try await open(.separationEnding, on: test.database).isEmpty)
            // Years later (the stored ends moved near today): 脱密期 ends in 10 days, non-compete in 100.
            try await sql.raw(
                """
                UPDATE people SET separation_until = \(bind: today.adding(days: 10).description),
                    non_compete_until = \(bind: today.adding(days: 100).description) WHERE id = \(bind: fixture.leaver)
                """
            ).run()
            try await engine.evaluate(levels: fixture.base.catalogue, on: test.database)
            #expect(try await open(.separationEnding, on: test.database).map(\.subjectID) == [fixture.leaver])
            #expect(try await open(.nonCompeteEnding, on: test.database).isEmpty)
            try await sql.raw(
                """
                UPDATE people SET non_compete_until = \(bind: today.adding(days: 20).description)
                WHERE id = \(bind: fixture.leaver)
                """
            ).run()
            try await engine.evaluate(levels: fixture.base.catalogue, on: test.database)
            #expect(try await open(.nonCompeteEnding, on: test.database).map(\.subjectID) == [fixture.leaver])
        }
    }
}
