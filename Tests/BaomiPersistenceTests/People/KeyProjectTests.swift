import BaomiDomain
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BaomiPersistence

/// A key project of the carrier fixture's 技术部, running until a year from now, and 吴成员 — an 重要涉密人员 of a
/// department that is not key — a member of it since the clearance history says so.
struct KeyProjectFixture {
    let base: CarrierFixture
    let project: UUID
    let member: UUID
    let requests: RequestRepository
    let keyProjects: KeyProjectRepository
    let files: TrackingFileRepository
    let hr: RequestActor
    let office: RequestActor
    let today: String

    init(_ test: TestDatabase, endsOn: String? = nil) async throws {
        base = try await CarrierFixture(test)
        try await base.setLeaderInCharge("fixture-E901")
        today = ClearanceRepository.today(Date())
        let places = StoragePlaceRepository(store: base.store)
        let project = try await places.createProject(
            code: "ZD-01", name: "某重大专项", level: "secret", isKeyProject: true, catalogue: base.catalogue,
            by: base.actor, on: test.database)
        self.project = try project.requireID()
        keyProjects = KeyProjectRepository(store: base.store)
        try await keyProjects.setKeyFacts(
            of: self.project, isKeyProject: true,
            endsOn: endsOn ?? SecrecyPeriod.day(today, plus: 365), by: base.actor, on: test.database)
        let person = PersonModel(
            name: "吴成员", employeeNumber: "E555", departmentID: base.department, post: "工程师", isLeader: false,
            status: "active")
        person.postClass = SecretPostClass.important.rawValue
        person.compartments = ClearanceRepository.json([self.project])
        try await person.create(on: test.database)
        member = try person.requireID()
        // The history: on the project from 2025-03-01, off it, back on it from 2026-02-01.
        for (day, projects) in [("2025-03-01", [self.project]), ("2025-09-01", []), ("2026-02-01", [self.project])] {
            let change = ClearanceChangeModel()
            change.$person.id = member
            change.postClass = person.postClass
            change.compartments = ClearanceRepository.json(projects)
            change.groups = "[]"
            change.reason = "任命"
            change.changedBy = "secadmin"
            change.changedAt = try #require(ISO8601DateFormatter().date(from: "\(day)T04:00:00Z"))
            try await change.create(on: test.database)
        }
        requests = RequestRepository(store: base.store)
        files = TrackingFileRepository(store: base.store)
        hr = base.requestActor("hr", roles: [.personnel])
        office = try await base.member("bmb")
    }

    func person() async throws -> PersonModel {
        try #require(try await PersonModel.find(member, on: base.database))
    }

    func steps(_ request: UUID) async throws -> [ApprovalStepSpec] {
        try await requests.request(request, on: base.database).currentSteps.compactMap(\.approvalSpec)
    }

    /// Approves every step in turn: the leader's by the leader in charge, the others by the office.
    func approveAll(_ request: UUID) async throws {
        let leader = try await base.member("fixture-E901")
        for spec in try await steps(request) {
            let actor = spec.approver == .person(leader.personID ?? UUID(), name: "赵所长") ? leader : office
            try await requests.decide(
                request, verdict: .approve, comment: "同意", catalogue: base.catalogue, by: actor, on: base.database)
        }
    }

    func clearance(_ projects: [UUID]) -> ClearanceDraft {
        ClearanceDraft(
            postClass: .important, compartments: projects, groups: [], separationUntil: nil, reason: "调整")
    }
}

@Suite("Key projects and tracking files (T10, T11)")
struct KeyProjectTests {
    @Test("T10 members are the people whose clearance holds the project, joined on the latest run's first day")
    func members() async throws {
        try await withTestDatabase { test in
            let fixture = try await KeyProjectFixture(test)
            let members = try await fixture.keyProjects.members(of: fixture.project, on: test.database)
            #expect(members.map(\.name) == ["吴成员"])
            #expect(members.first?.joinedOn == "2026-02-01")
            let facts = try await KeyProjectRepository.keyProjects(of: fixture.person(), on: test.database)
            #expect(facts.map(\.code) == ["ZD-01"])
            // The key flag and end are audited.
            let changes = try await AuditQuery(actorKinds: [.user], action: "project.keyFacts").run(on: test.database)
            #expect(changes.count == 1)
            await #expect(throws: DomainError.self) {
                try await fixture.keyProjects.setKeyFacts(
                    of: fixture.project, isKeyProject: true, endsOn: "2027-13-01", by: fixture.base.actor,
                    on: test.database)
            }
        }
    }

    @Test("T10 a running key project is not taken out of a clearance directly (refusal audited); an ended one is")
    func directRemovalRefused() async throws {
        try await withTestDatabase { test in
            let fixture = try await KeyProjectFixture(test)
            let clearances = ClearanceRepository(store: fixture.base.store)
            let refusal = await #expect(throws: Refusal.self) {
                try await clearances.set(
                    fixture.clearance([]), for: fixture.member, by: fixture.base.actor, on: test.database)
            }
            #expect(refusal?.rule == RuleID("T10"))
            #expect(try await fixture.person().compartments.contains(fixture.project.uuidString))
            let refused = try await AuditQuery(actorKinds: [.user], action: "person.clearance", outcome: .refused)
                .run(on: test.database)
            #expect(refused.contains { $0.rule == "T10" })
            // Keeping the project (another change) passes.
            try await clearances.set(
                fixture.clearance([fixture.project]), for: fixture.member, by: fixture.base.actor, on: test.database)
            // Once the project has ended, it leaves the clearance directly.
            try await fixture.keyProjects.setKeyFacts(
                of: fixture.project, isKeyProject: true, endsOn: SecrecyPeriod.day(fixture.today, plus: -1),
                by: fixture.base.actor, on: test.database)
            try await clearances.set(
                fixture.clearance([]), for: fixture.member, by: fixture.base.actor, on: test.database)
            #expect(try await fixture.person().compartments == "[]")
        }
    }

    @Test("T10 T11 a key member's departure adds the leader's step; approved: 3 years' non-compete, 离岗保密承诺书, 专档")
    func departureOfKeyMember() async throws {
        try await withTestDatabase { test in
            let fixture = try await KeyProjectFixture(test)
            let request = try await fixture.requests.submit(
                .departure, carrierID: nil, copyIDs: [], reason: "辞职",
                payload: Departure.Payload(
                    personID: fixture.member, departureKind: "resign", lastWorkingDay: fixture.today),
                catalogue: fixture.base.catalogue, by: fixture.hr, on: test.database
            ).requireID()
            let steps = try await fixture.steps(request)
            #expect(steps.count == 4)
            let leader = try await fixture.base.member("fixture-E901")
            #expect(steps.last?.approver == .person(try #require(leader.personID), name: "赵所长"))
            #expect(steps.last?.title.zh.contains("T10") == true && steps.last?.title.zh.contains("ZD-01") == true)
            let stored = try await fixture.requests.request(request, on: test.database)
            #expect(Departure.decodePayload(Data(stored.payload.utf8))?.keyProjects?.first?.contains("ZD-01") == true)
            try await fixture.approveAll(request)
            #expect(try await RequestModel.find(request, on: test.database)?.state == RequestState.done.rawValue)
            let person = try await fixture.person()
            // T11: an 重要涉密人员 of a department that is not key is key staff through the key project.
            let today = try #require(CalendarDay(fixture.today))
            #expect(person.nonCompeteUntil == today.adding(years: 3).description)
            let agreements = try await AgreementRepository(store: fixture.base.store).agreements(
                of: fixture.member, on: test.database)
            #expect(agreements.map(\.kind) == [AgreementKind.departureCommitment.rawValue])
            #expect(agreements.first?.state == AgreementState.draft.rawValue)
            let files = try await fixture.files.files(on: test.database)
            #expect(files.map(\.reason) == [TrackingFileReason.departure.rawValue])
            #expect(files.first?.requestID == request && files.first?.projectCode == "ZD-01")
            let opened = try await AuditQuery(actorKinds: [.user], action: "trackingFile.open").run(on: test.database)
            #expect(opened.count == 1)
        }
    }

    @Test("T10 a departure after the project ended has no extra step and opens no file")
    func departureAfterTheEnd() async throws {
        try await withTestDatabase { test in
            let fixture = try await KeyProjectFixture(test, endsOn: "2020-01-01")
            let request = try await fixture.requests.submit(
                .departure, carrierID: nil, copyIDs: [], reason: "辞职",
                payload: Departure.Payload(
                    personID: fixture.member, departureKind: "resign", lastWorkingDay: fixture.today),
                catalogue: fixture.base.catalogue, by: fixture.hr, on: test.database
            ).requireID()
            #expect(try await fixture.steps(request).count == 3)
            try await fixture.approveAll(request)
            #expect(try await fixture.files.files(on: test.database).isEmpty)
            // T11 still: a member of a key project is key staff.
            #expect(try await fixture.person().nonCompeteUntil != nil)
        }
    }

    @Test("T10 a transfer out of a key project: leader's step; approved, the clearance loses it, 保密承诺书, 专档")
    func transfer() async throws {
        try await withTestDatabase { test in
            let fixture = try await KeyProjectFixture(test)
            let payload = KeyProjectTransfer.Payload(personID: fixture.member, projectID: fixture.project)
            let request = try await fixture.requests.submit(
                .keyProjectTransfer, carrierID: nil, copyIDs: [], reason: "工作需要调离", payload: payload,
                catalogue: fixture.base.catalogue, by: fixture.hr, on: test.database
            ).requireID()
            let steps = try await fixture.steps(request)
            #expect(steps.count == 3 && steps[1].title.zh.contains("T10"))
            // One transfer of a member out of a project at a time.
            let again = await #expect(throws: DomainError.self) {
                try await fixture.requests.submit(
                    .keyProjectTransfer, carrierID: nil, copyIDs: [], reason: "再次", payload: payload,
                    catalogue: fixture.base.catalogue, by: fixture.hr, on: test.database)
            }
            #expect(again?.citedRule?.0 == RuleID("T10"))
            try await fixture.approveAll(request)
            let stored = try await fixture.requests.request(request, on: test.database)
            #expect(stored.state == RequestState.done.rawValue)
            #expect(KeyProjectTransfer.decodePayload(Data(stored.payload.utf8))?.projectCode == "ZD-01")
            #expect(try await fixture.person().compartments == "[]")
            let history = try await ClearanceRepository(store: fixture.base.store).history(
                of: fixture.member, on: test.database)
            #expect(history.first?.reason.contains(stored.number) == true)
            let agreements = try await AgreementRepository(store: fixture.base.store).agreements(
                of: fixture.member, on: test.database)
            #expect(agreements.map(\.kind) == [AgreementKind.commitment.rawValue])
            let files = try await fixture.files.files(on: test.database)
            #expect(files.map(\.reason) == [TrackingFileReason.transfer.rawValue])
            #expect(try await fixture.keyProjects.members(of: fixture.project, on: test.database).isEmpty)
        }
    }

    @Test("T10 a transfer is refused for a project that ended or a person who is not a member")
    func transferRefused() async throws {
        try await withTestDatabase { test in
            let fixture = try await KeyProjectFixture(test, endsOn: "2020-01-01")
            let ended = await #expect(throws: DomainError.self) {
                try await fixture.requests.submit(
                    .keyProjectTransfer, carrierID: nil, copyIDs: [], reason: "调离",
                    payload: KeyProjectTransfer.Payload(personID: fixture.member, projectID: fixture.project),
                    catalogue: fixture.base.catalogue, by: fixture.hr, on: test.database)
            }
            #expect(ended?.citedRule?.0 == RuleID("T10"))
            let stranger = await #expect(throws: DomainError.self) {
                try await fixture.requests.submit(
                    .keyProjectTransfer, carrierID: nil, copyIDs: [], reason: "调离",
                    payload: KeyProjectTransfer.Payload(personID: fixture.base.officer, projectID: fixture.project),
                    catalogue: fixture.base.catalogue, by: fixture.hr, on: test.database)
            }
            #expect(stranger?.citedRule?.0 == RuleID("T10"))
            #expect(try await RequestModel.query(on: test.database).count() == 0)
        }
    }

    @Test("T10 leaving without consent opens a file; entries are append-only; a file closes once")
    func withoutConsent() async throws {
        try await withTestDatabase { test in
            let fixture = try await KeyProjectFixture(test)
            let actor = fixture.base.actor
            await #expect(throws: DomainError.self) {
                try await fixture.keyProjects.recordLeftWithoutConsent(
                    personID: fixture.member, projectID: fixture.project, occurredOn: "2099-01-01", account: "x",
                    by: actor, on: test.database)
            }
            let file = try await fixture.keyProjects.recordLeftWithoutConsent(
                personID: fixture.member, projectID: fixture.project, occurredOn: fixture.today,
                account: "未办理手续即离开，已电话联系", by: actor, on: test.database)
            let id = try file.requireID()
            #expect(file.reason == TrackingFileReason.withoutConsent.rawValue && file.requestID == nil)
            // The leaving is on record: the project now leaves the clearance directly.
            try await ClearanceRepository(store: fixture.base.store).set(
                fixture.clearance([]), for: fixture.member, by: actor, on: test.database)
            try await fixture.files.addEntry(
                to: id, enteredOn: fixture.today, text: "律师函已寄出", by: actor, on: test.database)
            await #expect(throws: DomainError.self) {
                try await fixture.files.addEntry(to: id, enteredOn: "", text: "", by: actor, on: test.database)
            }
            #expect(try await fixture.files.entries(of: id, on: test.database).map(\.text) == ["律师函已寄出"])
            // Entries are evidence: the database refuses to change or remove one.
            await #expect(throws: (any Error).self) {
                try await test.database.sql.raw("UPDATE tracking_entries SET text = 'x'").run()
            }
            await #expect(throws: (any Error).self) {
                try await test.database.sql.raw("DELETE FROM tracking_entries").run()
            }
            try await fixture.files.close(id, note: "已达成和解", by: actor, on: test.database)
            let closed = await #expect(throws: DomainError.self) {
                try await fixture.files.close(id, note: "再关", by: actor, on: test.database)
            }
            #expect(closed?.citedRule?.0 == RuleID("T10"))
            await #expect(throws: DomainError.self) {
                try await fixture.files.addEntry(
                    to: id, enteredOn: fixture.today, text: "迟到的记录", by: actor, on: test.database)
            }
            #expect(try await fixture.files.files(on: test.database).isEmpty)
            #expect(try await fixture.files.files(includeClosed: true, on: test.database).count == 1)
            for action in ["project.leftWithoutConsent", "trackingFile.entry", "trackingFile.close"] {
                #expect(try await !AuditQuery(actorKinds: [.user], action: action).run(on: test.database).isEmpty)
            }
        }
    }

    @Test("T10 the compliance check reads open files with their latest entry")
    func complianceRecords() async throws {
        try await withTestDatabase { test in
            let fixture = try await KeyProjectFixture(test)
            let file = try await fixture.keyProjects.recordLeftWithoutConsent(
                personID: fixture.member, projectID: fixture.project, occurredOn: fixture.today, account: "擅自离岗",
                by: fixture.base.actor, on: test.database)
            try await fixture.files.addEntry(
                to: try file.requireID(), enteredOn: fixture.today, text: "回访", by: fixture.base.actor,
                on: test.database)
            let records = try await ComplianceRecordsLoader(
                sql: test.database.sql, today: fixture.today, levels: .nationalDefault, checks: [.trackingFileStale],
                copies: nil, now: Date()
            ).load().trackingFiles
            #expect(records.open.map(\.id) == [try file.requireID()])
            #expect(records.open.first?.lastEntryOn == fixture.today)
            #expect(records.open.first?.departmentID == fixture.base.department)
        }
    }
}
