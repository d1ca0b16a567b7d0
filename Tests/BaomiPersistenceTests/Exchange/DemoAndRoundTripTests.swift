import BaomiDomain
import Crypto
import FluentKit
import Foundation
import Testing

@testable import BaomiPersistence

/// The demo institute and the export → import round trip, on a real database.
@Suite("Demo institute and ledger round trip (T4, C0–C7, A5, S2)")
struct DemoAndRoundTripTests {
    /// The two built-in administrators the demo acts as; the server creates them before `baomi demo` runs.
    private func builtInAdministrators(_ store: Store, on database: any Database) async throws {
        for (username, role) in [("sysadmin", Role.sysadmin), ("secadmin", .secadmin)] {
            try await AccountRepository(store: store).create(
                AccountDraft(username: username, displayName: username, personID: nil), passwordHash: "x",
                roles: [role], isBuiltIn: true, by: .system, on: database)
        }
    }

    private func populate(
        _ test: TestDatabase, seed: UInt64 = 2026, carriers: Bool = true
    ) async throws -> DemoInstitute.Summary {
        let (database, store) = (test.database, test.store)
        try await builtInAdministrators(store, on: database)
        return try await DemoInstitute(seed: seed, includeCarriers: carriers).populate(
            on: database, store: store, password: "Demo-Pass-2026", hashPassword: { "hash:" + $0 })
    }

    @Test("T4 C6 the demo institute has its departments, officers, working group, classifiers, every kind of place")
    func demoInstitute() async throws {
        try await withTestDatabase { test in
            // setup
            #expect(try await DemoInstitute.refusalForExistingData(on: test.database) == nil)
            let store = test.store
            // act
            let summary = try await populate(test)
            // check: the organisation (T4)
            #expect(summary.departments == 8)
            #expect(summary.keyDepartments == 4)
            #expect(summary.people == 40)
            #expect(summary.secrecyOfficers == 8)
            #expect(summary.workingGroup == 7)
            #expect(summary.classifiers == 10)
            #expect(summary.projects == 5)
            let officers = try await SecrecyOrganisationRepository(store: store).secrecyOfficers(on: test.database)
            #expect(officers.count == 8)
            let group = try await SecrecyOrganisationRepository(store: store).workingGroup(on: test.database)
            #expect(group.map(\.role).prefix(2) == ["head", "deputy"])
            let managing = try await OrgUnitModel.query(on: test.database).filter(\.$isManagingDepartment == true).all()
            #expect(managing.map(\.code) == ["DAZX"])
            // Places of every kind, and every level as a highest level (C6).
            let places = try await StoragePlaceRepository(store: store).places(on: test.database)
            #expect(Set(places.map(\.kind)) == Set(StorageClass.allCases.map(\.rawValue)))
            #expect(Set(places.map(\.maxLevel)) == Set(LevelCatalogue.nationalDefault.levels.map(\.id.rawValue)))
            // Accounts: business roles only, each must change the demo password at first sign-in (S1, S3).
            #expect(
                summary.accounts.map(\.username) == [
                    "leader", "dmsh", "bmb", "bmy.zt", "staff1", "bmy.yj1", "staff2", "bmy.sy",
                ])
            let accounts = try await AccountRepository(store: store).all(on: test.database).filter { !$0.isBuiltIn }
            #expect(accounts.count == 8)
            #expect(accounts.allSatisfy { $0.mustChangePassword && $0.passwordHash == "hash:Demo-Pass-2026" })
            #expect(accounts.allSatisfy { $0.$person.id != nil && $0.roles.count == 1 })
            #expect(accounts.first { $0.username == "bmb" }?.roles == [.securityOffice])
        }
    }

    @Test("C0 C1 the demo's sixty carriers cover every level and category, copies in every direct-step state")
    func demoCarriers() async throws {
        try await withTestDatabase { test in
            let summary = try await populate(test)
            #expect(summary.carriers == 60)
            #expect((1...12).contains(summary.receivedCarriers))
            #expect(
                summary.carriersByLevel == [
                    .topSecret: 6, .secret: 16, .confidential: 16, .coreCommercial: 8, .ordinaryCommercial: 6,
                    .internal: 8,
                ])
            let carriers = try await CarrierModel.query(on: test.database).all()
            #expect(carriers.count == 60)
            #expect(Set(carriers.map(\.category)) == Set(CarrierCategory.allCases.map(\.rawValue)))
            #expect(Set(carriers.map(\.form)).isSuperset(of: ["paper", "device", "sample"]))
            #expect(summary.copies == summary.copiesByState.values.reduce(0, +))
            for state in [CopyState.registered, .stored, .inTransit, .dispatched, .underRepair, .lost] {
                #expect((summary.copiesByState[state] ?? 0) > 0, "no copy is \(state)")
            }
            // The secrecy work is done by the business accounts, not by "system" (A5).
            let registrations = try await AuditQuery(actorKinds: [.user], action: "carrier.register", limit: 500)
                .run(on: test.database)
            #expect(registrations.count == 60)
            #expect(Set(registrations.map(\.actorName)).isSubset(of: ["bmb", "bmy.zt", "bmy.yj1", "bmy.sy"]))
            let refusals = try await AuditQuery(actorKinds: Set(AuditActorKind.allCases), outcome: .refused)
                .run(on: test.database)
            #expect(refusals.isEmpty)
            // S2: the trail it leaves verifies.
            let signer = CheckpointSigner(privateKey: .init())
            _ = try await AuditCheckpoints(signer: signer, store: test.store).current(on: test.database)
            let report = try await AuditVerifier(publicKey: signer.publicKey).verify(on: test.database)
            #expect(report.isIntact)
            // A second demo is refused: the folder is no longer fresh.
            let refusal = try await DemoInstitute.refusalForExistingData(on: test.database)
            #expect(refusal?.zh.contains("60 个载体") == true)
        }
    }

    /// The demo lends copies; a copy on loan moves in only once it is back (C4), so the office takes them back first.
    private func takeBackOpenLoans(in test: TestDatabase) async throws {
        let (database, store) = (test.database, test.store)
        let office = try #require(try await AccountRepository(store: store).find(username: "bmb", on: database))
        let actor = RequestActor(
            audit: AuditActor(accountID: office.id, name: "bmb", kind: .user, ip: nil),
            accountID: try office.requireID(),
            personID: office.$person.id, roles: [.securityOffice])
        let requests = RequestRepository(store: store)
        for loan in try await requests.loans(outOnly: true, on: database) {
            try await requests.returnLoan(loan.$request.id, force: true, by: actor, on: database)
        }
    }

    @Test(
        "#13 a living institute: staff of every post class, loans open, overdue and returned, this year's inventories")
    func livingInstitute() async throws {
        try await withTestDatabase { test in
            let store = test.store
            let summary = try await populate(test)
            // Staff of every post class (A2), not everyone 核心.
            let people = try await PersonModel.query(on: test.database).all()
            #expect(Set(people.map(\.postClass)) == Set(SecretPostClass.allCases.map(\.rawValue)))
            // Two copies out (one overdue), one borrowing back, one waiting for its officer (A6, C4, L1.9).
            #expect(summary.openLoans == 2 && summary.overdueLoans == 1)
            let loans = try await RequestRepository(store: store).loans(on: test.database)
            #expect(loans.count == 4)
            #expect(loans.filter { $0.returnedAt != nil }.count == 1)
            #expect(loans.filter { $0.issuedAt == nil }.count == 1)
            let onLoan = try await CopyModel.query(on: test.database).filter(\.$state == CopyState.onLoan.rawValue)
                .count()
            #expect(onLoan == 2 && summary.copiesByState[.onLoan] == 2)
            // Every department and place inventoried this year, every copy found (C6).
            let inventories = try await InventoryModel.query(on: test.database).with(\.$items).all()
            #expect(inventories.count == summary.inventories)
            #expect(inventories.count == DemoInstitute.departments.count + summary.places)
            #expect(inventories.allSatisfy { $0.closedAt != nil && $0.items.allSatisfy(\.found) })
            // So the first look is one overdue loan and one due soon, not a year of missed inventories.
            let findings = try await ComplianceRepository(store: store).currentFindings(
                levels: .nationalDefault, on: test.database)
            #expect(!findings.contains { $0.check == .inventoryDue })
            #expect(findings.filter { $0.severity == .overdue }.map(\.check) == [.loanDue])
            // Built through the production write paths, by the accounts that act: nothing refused (A5).
            let refusals = try await AuditQuery(actorKinds: Set(AuditActorKind.allCases), outcome: .refused)
                .run(on: test.database)
            #expect(refusals.isEmpty)
            let issued = try await AuditQuery(actorKinds: [.user], action: "loan.issue").run(on: test.database)
            #expect(Set(issued.map(\.actorName)) == ["bmy.zt", "bmy.yj1", "bmy.sy"])
        }
    }

    @Test("the same seed makes the same institute; another seed other names")
    func deterministic() async throws {
        var names: [[String]] = []
        for seed: UInt64 in [7, 7, 8] {
            try await withTestDatabase { test in
                _ = try await populate(test, seed: seed, carriers: false)
                names.append(try await PersonModel.query(on: test.database).sort(\.$employeeNumber).all().map(\.name))
            }
        }
        #expect(names[0] == names[1])
        #expect(names[0] != names[2])
        #expect(Set(names[0]).count == 40)
    }

    @Test(
        "S4 a row the register refuses after the checks passed takes the whole import back; --skip-invalid keeps the rest"
    )
    func allOrNothing() async throws {
        try await withTestDatabase { test in
            // setup: three good rows, then the third row's classifier loses the authority before registration
            _ = try await populate(test, carriers: false)
            let text = """
                载体名称,载体类别,载体形态,密级,保密期限,份数,责任部门编码,知悉范围部门编码,定密责任人工号
                方案一,技术方案,纸介质,秘密,10年,2,ZTB,ZTB,E0501
                方案二,技术方案,纸介质,秘密,10年,1,ZTB,ZTB,E0501
                方案三,技术方案,纸介质,秘密,10年,1,YJ1,YJ1,E0601
                """
            let importer = CarrierImport(
                catalogue: .nationalDefault, directory: try await ExchangeDirectory.load(on: test.database))
            let plan = try importer.plan(try CSVTable.parse(text))
            #expect(plan.problems.isEmpty && plan.rows.count == 3)
            let classifier = try #require(
                try await PersonModel.query(on: test.database).filter(\.$employeeNumber == "E0601").first())
            classifier.classifierMaxLevel = nil
            try await classifier.save(on: test.database)
            let store = test.store
            let actor = AuditActor(accountID: nil, name: "system", kind: .system, ip: nil)

            // act: all or nothing
            let atomic = await importer.register(
                plan, registrarPersonID: nil, by: actor, store: store, on: test.database)
            // check: nothing registered, the refusal names row 4 and T5.1
            #expect(atomic.registered == 0)
            #expect(atomic.failure?.row == 4)
            guard case .invalid(let errors)? = atomic.failure?.error as? DomainError else {
                Issue.record("expected the register's refusal, got \(String(describing: atomic.failure?.error))")
                return
            }
            #expect(errors.map(\.rule) == [RuleID("T5.1")])
            #expect(try await CarrierModel.query(on: test.database).count() == 0)
            #expect(try await CopyModel.query(on: test.database).count() == 0)

            // act: row by row
            let partial = await importer.register(
                plan, registrarPersonID: nil, by: actor, store: store, on: test.database, atomically: false)
            // check: the two rows before the refused one stay
            #expect(partial.registered == 2)
            #expect(partial.copies == 3)
            #expect(partial.failure?.row == 4)
            #expect(try await CarrierModel.query(on: test.database).count() == 2)
        }
    }

    /// The copy ledger (涉密载体份号台账) as its columns read, less 序号: what a round trip must reproduce.
    private func copyLedger(on database: any Database) async throws -> [[String]] {
        var query = CarrierLedgerQuery()
        query.limit = 500
        var rows: [[String]] = []
        while true {
            let (page, _) = try await query.copies(on: database)
            rows += page.map { row in
                [
                    row.number, CarrierDraft.serialText(row.serial, of: row.copyCount, language: .zh), row.level,
                    row.state, row.placeName ?? row.holderName ?? row.counterpart,
                    ClearanceRepository.today(row.lastChangedAt),
                ]
            }
            if page.count < query.limit { break }
            query.offset += query.limit
        }
        return rows.sorted { $0.lexicographicallyPrecedes($1) }
    }

    @Test(
        "C0 C1.2 export then import into a fresh organisation reproduces the carrier ledger and the copy ledger row for row"
    )
    func exportImportRoundTrip() async throws {
        try await withTestDatabase { source in
            try await withTestDatabase { target in
                // setup: a full institute, and the same organisation without carriers
                _ = try await populate(source)
                try await takeBackOpenLoans(in: source)
                _ = try await populate(target, carriers: false)
                let catalogue = LevelCatalogue.nationalDefault
                var exported: [[String]] = []
                try await CarrierExport(catalogue: catalogue, batchSize: 7).rows(on: source.database) {
                    exported += $0
                }
                let file =
                    CSVTable.byteOrderMark
                    + Array(([CarrierExport.headers] + exported).map(CSVWriter.record).joined().utf8)

                // act
                let importer = CarrierImport(
                    catalogue: catalogue, directory: try await ExchangeDirectory.load(on: target.database))
                let plan = try importer.plan(try CSVTable.parse(file))
                #expect(plan.problems.isEmpty, "\(plan.problems.prefix(3))")
                let actor = AuditActor(accountID: nil, name: "system", kind: .system, ip: nil)
                let outcome = await importer.register(
                    plan, registrarPersonID: nil, by: actor, store: target.store, on: target.database)

                // check: the same ledger, column for column — numbers, dates, responsible people, places, states
                #expect(outcome.failure == nil, "\(String(describing: outcome.failure))")
                #expect(outcome.registered == 60)
                var reexported: [[String]] = []
                try await CarrierExport(catalogue: catalogue).rows(on: target.database) { reexported += $0 }
                #expect(reexported.count == exported.count)
                for (before, after) in zip(exported, reexported) where before != after {
                    let differing = CarrierExport.headers.indices.filter { before[$0] != after[$0] }
                    Issue.record(
                        "\(before[1]): \(differing.map { "\(CarrierExport.headers[$0]) \(before[$0]) → \(after[$0])" })"
                    )
                }
                // …and the copy ledger row for row, lost, dispatched and in-transit copies included (C0).
                let copiesBefore = try await copyLedger(on: source.database)
                #expect(Set(copiesBefore.map { $0[3] }).isSuperset(of: ["stored", "lost", "dispatched", "inTransit"]))
                #expect(try await copyLedger(on: target.database) == copiesBefore)
                let copies = try await CopyModel.query(on: target.database).count()
                #expect(copies == outcome.copies)
                let audit = try await AuditQuery(actorKinds: [.system], action: "carrier.register", limit: 500)
                    .run(on: target.database)
                #expect(audit.count == 60)
                let carriedOver = try await AuditQuery(actorKinds: [.system], action: "carrier.carryOver", limit: 500)
                    .run(on: target.database)
                #expect(carriedOver.count == 60)
            }
        }
    }
}
