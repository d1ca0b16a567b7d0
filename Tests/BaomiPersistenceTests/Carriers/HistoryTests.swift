import BaomiDomain
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BaomiPersistence

/// A 绝密 carrier with two stored copies; copy 2 destroyed, copy 1 copied once and its safe inventoried; then its
/// holder and its safe renamed and the carrier lowered to 机密★10年 (C5, C6, C8, C9).
private struct LoweredCarrier {
    let fixture: CarrierFixture
    let copies: [UUID]
    let carrierID: UUID
    let destruction: RequestModel
    let reproduction: RequestModel
    let inventory: InventoryModel
    let change: RequestModel

    static func make(_ test: TestDatabase, renameAfterwards: Bool = true) async throws -> LoweredCarrier {
        let database = test.database
        let fixture = try await CarrierFixture(test)
        let copies = try await fixture.storedCopies(level: "topSecret", count: 2)
        let carrierID = try #require(try await CopyModel.find(copies[0], on: database)?.$carrier.id)
        let requests = RequestRepository(store: fixture.store)
        let clerk = fixture.requestActor("clerk", roles: [.secrecyOfficer])
        let office = fixture.requestActor("bmb", roles: [.securityOffice], person: fixture.officer)
        let leader = fixture.requestActor("leader", roles: [.leader], person: fixture.classifier)
        var destroy = Destroy.Payload()
        destroy.method = "inHouse"
        destroy.equipment = "碎纸机 BM-3"
        let destruction = try await requests.submit(
            .destroy, carrierID: nil, copyIDs: [copies[1]], reason: "多余", payload: destroy,
            catalogue: fixture.catalogue, by: clerk, on: database)
        for approver in [office, leader] {
            try await requests.decide(
                try destruction.requireID(), verdict: .approve, comment: "", catalogue: fixture.catalogue,
                by: approver, on: database)
        }
        for supervisor in [office, leader] {
            try await requests.confirmDestruction(
                try destruction.requireID(), catalogue: fixture.catalogue, by: supervisor, on: database)
        }
        var copy = Reproduce.Payload()
        copy.count = 1
        let reproduction = try await requests.submit(
            .reproduce, carrierID: nil, copyIDs: [copies[0]], reason: "评审", payload: copy,
            catalogue: fixture.catalogue, by: clerk, on: database)
        try await requests.decide(
            try reproduction.requireID(), verdict: .approve, comment: "原定密机关函〔2026〕5号", catalogue: fixture.catalogue,
            by: office, on: database)
        try await requests.decide(
            try reproduction.requireID(), verdict: .approve, comment: "", catalogue: fixture.catalogue, by: leader,
            on: database)
        let inventory = try await InventoryRepository(store: fixture.store).open(
            name: "2026 年度清查", departmentID: nil, placeID: fixture.safe, by: fixture.actor, on: database)
        if renameAfterwards {
            let organisation = OrganisationRepository(store: fixture.store)
            let officer = try #require(try await PersonModel.find(fixture.officer, on: database))
            try await organisation.updatePerson(
                fixture.officer,
                PersonDraft(
                    name: "李四", employeeNumber: officer.employeeNumber, departmentID: fixture.department,
                    post: officer.post, isLeader: false, status: .active), by: fixture.actor, on: database)
            _ = try await StoragePlaceRepository(store: fixture.store).save(
                try .parse(
                    code: "S-1", name: "三号保险柜", kind: "safe", maxLevel: "topSecret", custodianID: nil,
                    departmentID: fixture.department.uuidString, location: "301", catalogue: fixture.catalogue),
                id: fixture.safe, by: fixture.actor, on: database)
        }
        var lower = Reclassify.Payload()
        lower.change = "changeLevel"
        lower.newLevel = "secret"
        lower.newPeriod = "10"
        let change = try await requests.submit(
            .reclassify, carrierID: carrierID, copyIDs: [copies[0]], reason: "定密变更", payload: lower,
            catalogue: fixture.catalogue, by: clerk, on: database)
        let reviewer = fixture.requestActor("dmsh", roles: [.classificationReviewer], person: fixture.officer)
        for approver in [reviewer, leader] {
            try await requests.decide(
                try change.requireID(), verdict: .approve, comment: "", catalogue: fixture.catalogue, by: approver,
                on: database)
        }
        return LoweredCarrier(
            fixture: fixture, copies: copies, carrierID: carrierID, destruction: destruction,
            reproduction: reproduction, inventory: inventory, change: change)
    }

    func history(_ copy: UUID, on database: any Database) async throws -> [CopyEventModel] {
        try await CarrierRepository(store: fixture.store).history(of: copy, on: database)
    }
}

@Suite("History never changes: events record what they concerned as it was (principle 12, C5, C8, C9)")
struct HistoryTests {
    @Test("principle 12 C8 C9 events, request items and decisions keep the 绝密 marking, names and N of the time")
    func eventsKeepWhatTheyConcerned() async throws {
        try await withTestDatabase { test in
            let world = try await LoweredCarrier.make(test)
            #expect(try await CarrierModel.find(world.carrierID, on: test.database)?.level == "secret")
            // the destroyed copy: destroyed as 绝密, in 一号保险柜 as it was then named, by the holder's old name
            let destroyed = try await world.history(world.copies[1], on: test.database)
            let destruction = try #require(destroyed.last)
            #expect(destruction.action == "confirmDestroyed")
            #expect(destruction.level == "topSecret" && destruction.levelName == "绝密")
            #expect(destruction.marking == "绝密★20年")
            #expect(destruction.carrierTitle == "某型号总体技术方案" && destruction.copyTotal == 2)
            #expect(destroyed.first?.holderName == "李保密")
            #expect(destroyed.contains { $0.action == "place" && $0.placeName == "一号保险柜" })
            // the copy made by copying: as 绝密, the third of three
            let made = try await CopyModel.query(on: test.database).filter(\.$copyOf.$id == world.copies[0]).all()
            let madeID = try #require(made.first?.id)
            let reproduced = try #require(try await world.history(madeID, on: test.database).first)
            #expect(reproduced.action == "reproduce" && reproduced.marking == "绝密★20年" && reproduced.copyTotal == 3)
            // the request items: the copy as it was when the request was made
            let items = try await RequestItemModel.query(on: test.database)
                .filter(\.$request.$id == world.destruction.requireID()).all()
            #expect(items.map(\.marking) == ["绝密★20年"])
            #expect(items.map(\.placeName) == ["一号保险柜"])
            // decisions: the role acted in and the post held
            let steps = try await RequestStepModel.query(on: test.database)
                .filter(\.$request.$id == world.destruction.requireID()).sort(\.$position).all()
            #expect(steps.map(\.decidedByRole) == ["securityOffice", "leader"])
            #expect(steps.map(\.decidedByPost) == ["保密员", "主任"])
            #expect(steps.first?.approver(in: .zh) == "bmb（保密办，保密员）")
        }
    }

    @Test("principle 12 C6 an inventory keeps each copy as it was to be found: 绝密, in the safe by its name then")
    func inventoryKeepsWhatItListed() async throws {
        try await withTestDatabase { test in
            let world = try await LoweredCarrier.make(test)
            let inventory = try await InventoryRepository(store: world.fixture.store)
                .inventory(try world.inventory.requireID(), on: test.database)
            let item = try #require(inventory.items.first)
            #expect(inventory.items.count == 1 && item.$copy.id == world.copies[0])
            #expect(item.level == "topSecret" && item.levelName == "绝密" && item.marking == "绝密★20年")
            #expect(item.placeName == "一号保险柜" && item.carrierTitle == "某型号总体技术方案" && item.copyTotal == 3)
            #expect(item.copy.carrier.level == "secret" && item.copy.place?.name == "三号保险柜")
        }
    }

    @Test("C9 principle 12 a change of marking is kept in the carrier's marking history, from and to")
    func markingHistory() async throws {
        try await withTestDatabase { test in
            let world = try await LoweredCarrier.make(test)
            let history = try await MarkingHistory.of(world.carrierID, on: test.database)
            #expect(history.registered?.marking == "绝密★20年")
            let change = try #require(history.changes.first)
            #expect(history.changes.count == 1)
            #expect(change.change == "changeLevel" && change.requestNumber == world.change.number)
            #expect(change.fromLevel == "topSecret" && change.fromMarking == "绝密★20年")
            #expect(change.toLevel == "secret" && change.toMarking == "机密★10年")
            #expect(change.approvedBy == "dmsh（定密审核人，保密员）、leader（主管领导，主任）")
        }
    }

    @Test("013 back-fills rows written before it: markings before each change from its tasks, N counted back")
    func backfill() async throws {
        try await withTestDatabase { test in
            let world = try await LoweredCarrier.make(test, renameAfterwards: false)
            let sql = try test.database.sql
            let recorded = try await CopyEventModel.query(on: test.database).sort(\.$at).all()
            let items = try await RequestItemModel.query(on: test.database).all()
            let listed = try await InventoryItemModel.query(on: test.database).all()
            let changes = try await MarkingChangeModel.query(on: test.database).all()
            // As a database migrated from before 013 has them: no snapshot at all.
            for table in ["copy_events", "request_items", "inventory_items"] {
                try await sql.raw(
                    """
                    UPDATE \(unsafeRaw: table) SET carrier_number = '', carrier_title = '', level = '', level_name = '',
                        marking = '', copy_total = 0, holder_name = '', place_name = '', department_name = ''
                    """
                ).run()
            }
            try await sql.raw("UPDATE carriers SET level_name = '', marking = ''").run()
            try await sql.raw("UPDATE request_steps SET decided_by_role = '', decided_by_post = ''").run()
            try await sql.raw("UPDATE readings SET level = '', marking = ''").run()
            try await sql.raw("DELETE FROM marking_changes").run()

            try await HistoryBackfill(database: test.database).run()

            let carrier = try #require(try await CarrierModel.find(world.carrierID, on: test.database))
            #expect(carrier.levelName == "机密" && carrier.marking == "机密★10年")
            let filled = Dictionary(
                uniqueKeysWithValues: try await CopyEventModel.query(on: test.database).all().map { ($0.id, $0) })
            for event in recorded {
                let again = try #require(filled[event.id])
                #expect(again.snapshot == event.snapshot, "\(event.action) at \(event.at)")
            }
            let itemsAgain = Dictionary(
                uniqueKeysWithValues: try await RequestItemModel.query(on: test.database).all().map { ($0.id, $0) })
            for item in items { #expect(itemsAgain[item.id]?.snapshot == item.snapshot) }
            let listedAgain = Dictionary(
                uniqueKeysWithValues: try await InventoryItemModel.query(on: test.database).all().map { ($0.id, $0) })
            #expect(!listed.isEmpty)
            for item in listed { #expect(listedAgain[item.id]?.snapshot == item.snapshot) }
            let changeAgain = try #require(try await MarkingChangeModel.query(on: test.database).first())
            let change = try #require(changes.first)
            #expect(changeAgain.requestNumber == world.change.number)
            #expect(changeAgain.fromMarking == change.fromMarking && changeAgain.toMarking == change.toMarking)
            #expect(changeAgain.fromLevel == "topSecret" && changeAgain.toLevel == "secret")
            // The approvers' posts come from their accounts' people as they are now (these test actors have none).
            #expect(change.approvedBy == "dmsh（定密审核人，保密员）、leader（主管领导，主任）")
            #expect(changeAgain.approvedBy == "dmsh（定密审核人）、leader（主管领导）")
            let steps = try await RequestStepModel.query(on: test.database)
                .filter(\.$request.$id == world.destruction.requireID()).sort(\.$position).all()
            #expect(steps.map(\.decidedByRole) == ["securityOffice", "leader"])
            let readings = try await ReadingModel.query(on: test.database).all()
            #expect(readings.allSatisfy { !$0.marking.isEmpty })
        }
    }

    @Test("013 the quoted markings are read from re-marking tasks and notices as Baomi writes them")
    func quotedMarkings() {
        let tasks = [
            "载体 2026-001「某方案」的密级标志已由「绝密★30年」变更为「机密★20年」（JM-2026-002）",
            "将第1份的标志由「秘密★10年」改为「已解密」（JM-2026-001）",
        ]
        #expect(HistoryBackfill.quoted(in: tasks, request: "JM-2026-002") == ("绝密★30年", "机密★20年"))
        #expect(HistoryBackfill.quoted(in: tasks, request: "JM-2026-001") == ("秘密★10年", "已解密"))
        #expect(HistoryBackfill.quoted(in: tasks, request: "JM-2026-003") == (nil, nil))
        #expect(HistoryBackfill.level(of: "机密★20年", in: .nationalDefault) == "secret")
        #expect(HistoryBackfill.level(of: "内部", in: .nationalDefault) == "internal")
        #expect(HistoryBackfill.level(of: "已解密", in: .nationalDefault) == nil)
    }
}
