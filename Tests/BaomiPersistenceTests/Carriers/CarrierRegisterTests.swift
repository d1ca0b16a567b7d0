import BaomiDomain
import FluentKit
import Foundation
import Testing

@testable import BaomiPersistence

/// A small organisation to register carriers in.
struct CarrierFixture {
    let database: any Database
    /// The store the server would write through (`TestDatabase.store`).
    let store: Store
    let actor = AuditActor(accountID: UUID(), name: "bmb", kind: .user, ip: nil)
    let catalogue = LevelCatalogue.nationalDefault
    var department = UUID()
    var classifier = UUID()
    var officer = UUID()
    var safe = UUID()
    var cabinet = UUID()

    init(_ test: TestDatabase) async throws {
        let database = test.database
        self.database = database
        store = test.store
        let root = OrgUnitModel(name: "某研究所", code: "ROOT", kind: "unit", parentID: nil)
        try await root.create(on: database)
        let tech = OrgUnitModel(name: "技术部", code: "D-TECH", kind: "department", parentID: root.id)
        try await tech.create(on: database)
        department = try tech.requireID()
        let leader = PersonModel(
            name: "王主任", employeeNumber: "E001", departmentID: department, post: "主任", isLeader: true, status: "active")
        leader.classifierMaxLevel = "secret"
        leader.postClass = SecretPostClass.core.rawValue
        try await leader.create(on: database)
        classifier = try leader.requireID()
        let clerk = PersonModel(
            name: "李保密", employeeNumber: "E002", departmentID: department, post: "保密员", isLeader: false,
            status: "active")
        clerk.postClass = SecretPostClass.core.rawValue
        try await clerk.create(on: database)
        officer = try clerk.requireID()
        // The registrar is the acting account, judged by its person's clearance (A2) and its roles (T5.2).
        try await AccountModel(
            id: actor.accountID, username: actor.name, displayName: "保密办", personID: officer, passwordHash: "x",
            roles: [.securityOffice]
        ).create(on: database)
        // The organisation has someone for every step of the default chains, so that a request always has an
        // approver other than its requester (A6): a leader, the department's secrecy officer and a classification
        // reviewer (T5.1).
        for (number, name, role) in [
            ("E901", "赵所长", Role.leader), ("E902", "钱保密", Role.secrecyOfficer),
            ("E903", "孙定密", Role.classificationReviewer),
        ] {
            let person = PersonModel(
                name: name, employeeNumber: number, departmentID: department, post: name, isLeader: role == .leader,
                status: "active")
            // Cleared for whatever they decide (A2): an approver reads what they approve.
            person.postClass = SecretPostClass.core.rawValue
            try await person.create(on: database)
            try await AccountModel(
                username: "fixture-\(number)", displayName: name, personID: person.id, passwordHash: "x", roles: [role]
            ).create(on: database)
        }
        let places = StoragePlaceRepository(store: store)
        safe = try await places.save(
            try .parse(
                code: "S-1", name: "一号保险柜", kind: "safe", maxLevel: "topSecret", custodianID: nil,
                departmentID: department.uuidString,
                location: "301", catalogue: catalogue), id: nil, by: actor, on: database
        ).requireID()
        cabinet = try await places.save(
            try .parse(
                code: "C-1", name: "文件柜", kind: "fileCabinet", maxLevel: "confidential", custodianID: nil,
                departmentID: department.uuidString, location: "302", catalogue: catalogue), id: nil, by: actor,
            on: database
        ).requireID()
    }

    func input(level: String = "secret", copies: Int = 3, title: String = "某型号总体技术方案") -> CarrierDraft.Input {
        var input = CarrierDraft.Input()
        input.title = title
        // Each carrier its own 文号: a repeated one needs a confirmation (C2).
        input.documentNumber = "技字〔2026〕\(UUID().uuidString.prefix(8))号"
        input.category = "technicalSolution"
        input.form = "paper"
        input.level = level
        input.period = level == "confidential" ? "10" : "20"
        input.copyCount = copies
        input.departmentID = department.uuidString
        input.scopeDepartments = [department.uuidString]
        input.classifierID = classifier.uuidString
        input.classificationBasis = "保密事项范围第3条"
        return input
    }

    func register(_ input: CarrierDraft.Input) async throws -> CarrierModel {
        try await CarrierRepository(store: store).register(
            try CarrierDraft.parse(input, catalogue: catalogue), registrarPersonID: officer, by: actor, on: database)
    }

    func step(_ step: CopyStepRepository.Step, _ copy: UUID) async throws -> CopyModel {
        try await CopyStepRepository(store: store).apply(step, to: copy, catalogue: catalogue, by: actor, on: database)
    }

    /// A send to an outside unit by confidential post, its qualification recorded (C3).
    func outsideSend(to unit: String) -> CopyStepRepository.Step {
        .init(
            action: .send, counterpart: unit, channel: .confidentialPost, receiverQualification: .gradeOne,
            receiverCertificate: "保资一〔2026〕1号")
    }
}

@Suite("Carrier register and lifecycle (C1, C3, C6, C7, C8)")
struct CarrierRegisterTests {
    @Test("C1.1 C1.2 registering makes numbered copies 1…N, each registered, with a make event and one audit record")
    func registerMakesCopies() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let carrier = try await fixture.register(fixture.input())
            #expect(carrier.number.hasSuffix("-001"))
            let copies = try await CarrierRepository(store: fixture.store).copies(
                of: try carrier.requireID(), on: test.database)
            #expect(copies.map(\.serial) == [1, 2, 3])
            #expect(copies.allSatisfy { $0.state == "registered" && $0.$holder.id == fixture.officer })
            let history = try await CarrierRepository(store: fixture.store).history(
                of: try copies[0].requireID(), on: test.database)
            #expect(history.map(\.action) == ["make"])
            let second = try await fixture.register(fixture.input(title: "第二份方案"))
            #expect(second.number.hasSuffix("-002"))
            // numbers keep growing past 999 (a text MAX would stop at "-999")
            second.numberSequence = 999
            second.number = "\(second.numberYear)-999"
            try await second.save(on: test.database)
            let thousandth = try await fixture.register(fixture.input(title: "第一千份"))
            #expect(thousandth.number == "\(second.numberYear)-1000")
            let audit = try await AuditQuery(actorKinds: [.user], action: "carrier.register").run(on: test.database)
            #expect(audit.count == 3)
        }
    }

    @Test("T7 C1.1 a carrier without level, period, scope or copy count is refused, field by field")
    func registrationNeedsTheEssentials() throws {
        var input = CarrierDraft.Input()
        input.title = "无密级文件"
        input.category = "data"
        input.form = "paper"
        input.departmentID = UUID().uuidString
        input.classifierID = UUID().uuidString
        let error = #expect(throws: DomainError.self) { try CarrierDraft.parse(input, catalogue: .nationalDefault) }
        guard case .invalid(let errors) = error else {
            Issue.record("expected field errors, got \(String(describing: error))")
            return
        }
        #expect(Set(errors.map(\.field)).isSuperset(of: ["level", "copyCount", "scope"]))
        #expect(errors.contains { $0.rule == RuleID("C1.1") })
    }

    @Test("T5.1 only an authorised classifying official, up to their level, may classify")
    func classifierAuthority() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            await #expect(throws: DomainError.self) {
                _ = try await fixture.register(fixture.input(level: "topSecret"))
            }
            var byClerk = fixture.input()
            byClerk.classifierID = fixture.officer.uuidString
            await #expect(throws: DomainError.self) { _ = try await fixture.register(byClerk) }
            #expect(try await CarrierModel.query(on: test.database).count() == 0)
        }
    }

    @Test(
        "C6 a copy cannot be placed somewhere below its level; C3 never by express; C8 a destroyed copy never changes")
    func lifecycleGuards() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let carrier = try await fixture.register(fixture.input(level: "secret", copies: 2))
            let copies = try await CarrierRepository(store: fixture.store).copies(
                of: try carrier.requireID(), on: test.database)
            let first = try copies[0].requireID()
            await #expect(throws: Refusal.self) {
                _ = try await fixture.step(.init(action: .place, placeID: fixture.cabinet), first)
            }
            let placed = try await fixture.step(.init(action: .place, placeID: fixture.safe), first)
            #expect(placed.state == "stored")
            #expect(placed.$place.id == fixture.safe)
            await #expect(throws: Refusal.self) {
                _ = try await fixture.step(.init(action: .send, counterpart: "某所", channel: .express), first)
            }
            let sent = try await fixture.step(
                fixture.outsideSend(to: "某所科技处"), first)
            #expect(sent.state == "inTransit")
            let received = try await fixture.step(.init(action: .confirmReceiptExternal, note: "回执 2026-88"), first)
            #expect(received.state == "dispatched")
            await #expect(throws: DomainError.self) {
                _ = try await fixture.step(.init(action: .move, placeID: fixture.safe), first)
            }
            let history = try await CarrierRepository(store: fixture.store).history(of: first, on: test.database)
            #expect(history.map(\.action) == ["make", "place", "send", "confirmReceiptExternal"])
        }
    }

    @Test("C7 a device goes out for repair only with its storage removed")
    func repairNeedsStorageRemoved() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            var input = fixture.input(copies: 1)
            input.form = "hardDisk"
            let carrier = try await fixture.register(input)
            let copy = try await CarrierRepository(store: fixture.store).copies(
                of: try carrier.requireID(), on: test.database)[0].requireID()
            _ = try await fixture.step(.init(action: .place, placeID: fixture.safe), copy)
            await #expect(throws: Refusal.self) {
                _ = try await fixture.step(
                    .init(action: .sendToRepair, counterpart: "某维修公司", onSite: false, supervisor: "李保密"), copy)
            }
            let repaired = try await fixture.step(
                .init(
                    action: .sendToRepair, counterpart: "某维修公司", onSite: false, storageRemoved: true, supervisor: "李保密"),
                copy)
            #expect(repaired.state == "underRepair")
        }
    }

    @Test("C0 lending goes through its approved request, never as a direct step")
    func lendingIsNotDirect() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let carrier = try await fixture.register(fixture.input(copies: 1))
            let copy = try await CarrierRepository(store: fixture.store).copies(
                of: try carrier.requireID(), on: test.database)[0].requireID()
            _ = try await fixture.step(.init(action: .place, placeID: fixture.safe), copy)
            await #expect(throws: Refusal.self) {
                _ = try await fixture.step(.init(action: .lend, personID: fixture.officer), copy)
            }
        }
    }

    @Test("C1 the copy ledger filters by level and state and finds Chinese substrings of 1, 2 and 3+ characters")
    func ledgerSearch() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            _ = try await fixture.register(fixture.input(level: "secret", copies: 2, title: "某型号总体技术方案"))
            _ = try await fixture.register(fixture.input(level: "confidential", copies: 1, title: "试验数据汇编"))
            var query = CarrierLedgerQuery()
            #expect(try await query.copies(on: test.database).total == 3)
            query.levels = ["secret"]
            #expect(try await query.copies(on: test.database).total == 2)
            query.levels = []
            for (text, expected) in [("总体技术", 2), ("方案", 2), ("数", 1), ("试验数据汇编", 1), ("不存在的", 0), ("技字〔2026〕", 3)] {
                query.search = text
                // Both join orders the ledger picks between (few or many matching carriers) give the same page.
                for walkCopiesAbove in [1_000, 0] {
                    query.walkCopiesAbove = walkCopiesAbove
                    let page = try await query.copies(on: test.database)
                    #expect(page.total == expected, "\(text)")
                    #expect(page.rows.count == expected, "\(text)")
                }
            }
            query.search = nil
            query.departments = []
            #expect(try await query.copies(on: test.database).total == 0)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
            let today = calendar.dateComponents([.year, .month, .day], from: Date())
            let day = { (offset: Int) -> String in
                let date =
                    calendar.date(byAdding: .day, value: offset, to: calendar.date(from: today) ?? Date()) ?? Date()
                let parts = calendar.dateComponents([.year, .month, .day], from: date)
                return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            }
            var dated = CarrierLedgerQuery()
            dated.from = day(0)
            dated.until = day(0)
            #expect(try await dated.copies(on: test.database).total == 3)
            dated.from = day(1)
            #expect(try await dated.copies(on: test.database).total == 0)
            dated.from = nil
            dated.until = day(-1)
            #expect(try await dated.carriers(on: test.database).total == 0)
            let carriers = try await CarrierLedgerQuery().carriers(on: test.database)
            #expect(carriers.total == 2)
            #expect(carriers.rows.first?.liveCopies == 1)
        }
    }

    @Test("C1.3 production waste is registered as same-level items; I1 a loss is reported with what happened")
    func wasteAndLoss() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            var input = fixture.input(copies: 1, title: "方案草稿及废页")
            input.isProductionWaste = true
            let waste = try await fixture.register(input)
            #expect(waste.isProductionWaste)
            #expect(waste.level == "secret")
            let copy = try await CarrierRepository(store: fixture.store).copies(
                of: try waste.requireID(), on: test.database)[0].requireID()
            _ = try await fixture.step(.init(action: .place, placeID: fixture.safe), copy)
            await #expect(throws: DomainError.self) { _ = try await fixture.step(.init(action: .reportLost), copy) }
            let lost = try await fixture.step(.init(action: .reportLost, note: "清查时未找到"), copy)
            #expect(lost.state == "lost")
        }
    }
}
