import BaomiDomain
import Foundation
import Testing

@Suite("A request kind is one piece (DESIGN principle 5, C8, C9, C10, T5.1)")
struct RequestKindTests {
    let catalogue = LevelCatalogue.nationalDefault

    @Test("principle 5 every kind has its own code, number prefix and title, and answers to its stored code")
    func kindsAreDistinct() throws {
        let kinds = RequestKind.allCases
        #expect(
            Set(kinds.map(\.rawValue))
                == [
                    "reproduce", "destroy", "reclassify", "retain", "borrow", "carryOut", "classify", "departure",
                    "travelAbroad", "formerStaffUse", "secretPost", "keyProjectTransfer",
                ])
        #expect(Set(kinds.map { $0.definition.numberPrefix }).count == kinds.count)
        #expect(Set(kinds.map { $0.title.zh }).count == kinds.count)
        for kind in kinds {
            #expect(RequestKind(rawValue: kind.rawValue) == kind)
            #expect(kind.definition.kind == kind)
        }
        #expect(RequestKind(rawValue: "publication") == nil)
        #expect(RequestKind.classify.definition.subject == .draftCarrier)
        #expect(!RequestKind.classify.definition.subject.namesCopies)
    }

    @Test("C9 T5.1 reclassification and classification go to the 定密审核人, then the leader in charge")
    func classificationChains() throws {
        for level in catalogue.levels {
            for kind in [RequestKind.reclassify, .classify] {
                let approvers = ApprovalChains.chain(for: kind, level: level).map(\.approver)
                #expect(
                    approvers == [.role(.classificationReviewer), .relation(.leaderInCharge)],
                    "\(kind.rawValue) \(level.id)")
            }
        }
        // The other kinds keep their national defaults.
        let secret = try #require(catalogue.definition(LevelID(rawValue: "secret")))
        #expect(
            ApprovalChains.chain(for: .destroy, level: secret).map(\.approver) == [
                .role(.securityOffice), .relation(.leaderInCharge),
            ])
        #expect(ApprovalChains.chain(for: .borrow, level: secret).map(\.approver) == [.role(.secrecyOfficer)])
    }

    @Test("C8 a destruction payload names its method, and the escorts and vehicle or the equipment it needs")
    func destructionPayload() {
        #expect(Destroy.validate(.init(), catalogue: catalogue).map(\.field) == ["method"])
        #expect(
            Destroy.validate(.init(method: "facility", transportPeople: ["张押运"]), catalogue: catalogue)
                .map(\.field) == ["transportPeople"])
        #expect(Destroy.validate(.init(method: "inHouse"), catalogue: catalogue).map(\.field) == ["equipment"])
        #expect(
            Destroy.validate(
                .init(method: "facility", transportPeople: ["张押运"], vehicle: "京A·12345"), catalogue: catalogue
            ).isEmpty)
        #expect(Destroy.validate(.init(method: "burn"), catalogue: catalogue).map(\.rule) == [RuleID("C8")])
    }

    @Test("C9 a reclassification payload is one of three changes; a new level stays in its regime")
    func reclassificationPayload() throws {
        #expect(Reclassify.validate(.init(change: "upgrade"), catalogue: catalogue).map(\.field) == ["change"])
        #expect(Reclassify.validate(.init(change: "declassify"), catalogue: catalogue).isEmpty)
        let secret = try #require(catalogue.definition(LevelID(rawValue: "secret")))
        let sameLevel = Reclassify.check(
            .init(change: "changeLevel", newLevel: "secret", newPeriod: "10"), level: secret,
            classifiedOn: "2026-01-01", catalogue: catalogue)
        #expect(sameLevel.map(\.field) == ["newLevel"] && sameLevel.map(\.rule) == [RuleID("C9")])
        let tooLong = Reclassify.check(
            .init(change: "extend", newPeriod: "99"), level: secret, classifiedOn: "2026-01-01", catalogue: catalogue)
        #expect(tooLong.map(\.field) == ["newPeriod"])
    }

    @Test("C10 a retention payload states until when, as a day that exists")
    func retentionPayload() {
        #expect(Retain.validate(.init(), catalogue: catalogue).map(\.field) == ["until"])
        #expect(Retain.validate(.init(until: "2026-02-30"), catalogue: catalogue).map(\.rule) == [RuleID("C10")])
        #expect(Retain.validate(.init(until: "2026-12-31"), catalogue: catalogue).isEmpty)
    }

    @Test("T5.1 C1.1 a classification payload is a draft carrier held to the registration's rules, made here")
    func classificationPayload() {
        let empty = Classify.validate(.init(draft: CarrierDraft.Input()), catalogue: catalogue).map(\.field)
        #expect(empty.contains("title") && empty.contains("level") && empty.contains("scope"))
        var draft = CarrierDraft.Input()
        draft.title = "某型号总体技术方案"
        draft.category = "technicalSolution"
        draft.form = "paper"
        draft.level = "secret"
        draft.period = "20"
        draft.copyCount = 2
        draft.departmentID = UUID().uuidString
        draft.scopeDepartments = [UUID().uuidString]
        // Received is not a choice: what is classified here is made here, so it names its classifying official.
        draft.source = "received"
        draft.originatingAuthority = "上级机关"
        #expect(
            Classify.validate(.init(draft: draft), catalogue: catalogue).map(\.rule) == [RuleID("T5.1")])
        draft.classifierID = UUID().uuidString
        #expect(Classify.validate(.init(draft: draft), catalogue: catalogue).isEmpty)
    }

    @Test("principle 5 payloads stored before the kinds had types of their own still read as their kind's")
    func storedPayloadsStillRead() throws {
        // What `RequestPayload` stored: one bag, sorted keys, absent fields left out.
        let stored = Data(
            #"{"change":"changeLevel","count":2,"method":"facility","newLevel":"secret","newPeriod":"10","placeID":"5C2A3C2E-6F0B-4B89-9F47-6B7D3C4A2E11","returnDate":"2026-03-01","transportPeople":["张押运"],"until":"2026-12-31","vehicle":"京A·12345"}"#
                .utf8)
        #expect(Reproduce.decodePayload(stored)?.count == 2)
        #expect(Destroy.decodePayload(stored)?.vehicle == "京A·12345")
        #expect(Reclassify.decodePayload(stored)?.newLevel == "secret")
        #expect(Retain.decodePayload(stored)?.until == "2026-12-31")
        #expect(Borrow.decodePayload(stored)?.returnDate == "2026-03-01")
        #expect(CarryOut.decodePayload(Data(#"{"purposeKind":"work","escortIDs":[]}"#.utf8))?.purposeKind == "work")
        #expect(Classify.decodePayload(stored) == nil)
    }
}

@Suite("Travel abroad and former staff as kinds (A7, L1.7, T14)")
struct PersonKindTests {
    let catalogue = LevelCatalogue.nationalDefault

    @Test("A7 people in a secret post and people in their 脱密期 need the approval; others may still ask")
    func whoNeedsApproval() {
        let today = "2026-12-05"
        #expect(TravelRules.needsApproval(postClass: .general, separationUntil: nil, today: today))
        #expect(TravelRules.needsApproval(postClass: .nonSecret, separationUntil: "2026-12-05", today: today))
        #expect(!TravelRules.needsApproval(postClass: .nonSecret, separationUntil: "2026-12-04", today: today))
        #expect(!TravelRules.needsApproval(postClass: .nonSecret, separationUntil: nil, today: today))
    }

    @Test("A7 L1.7 a passport is lent only to its holder for an approved trip that has not ended")
    func lendingRule() {
        let person = UUID()
        let document = TravelDocumentFacts(personID: person, heldByUnit: true, isOut: false, expiresOn: "2030-01-01")
        let trip = TripFacts(number: "CJ-2026-001", travellerID: person, approved: true, returnDate: "2026-12-10")
        #expect(TravelRules.mayLendDocument(document, trip: trip, needsApproval: true, today: "2026-12-05").isAllowed)
        #expect(!TravelRules.mayLendDocument(document, trip: nil, needsApproval: true, today: "2026-12-05").isAllowed)
        #expect(TravelRules.mayLendDocument(document, trip: nil, needsApproval: false, today: "2026-12-05").isAllowed)
        var ended = trip
        ended.returnDate = "2026-12-01"
        #expect(!TravelRules.mayLendDocument(document, trip: ended, needsApproval: true, today: "2026-12-05").isAllowed)
        var someoneElse = trip
        someoneElse.travellerID = UUID()
        #expect(
            !TravelRules.mayLendDocument(document, trip: someoneElse, needsApproval: true, today: "2026-12-05")
                .isAllowed)
        var out = document
        out.isOut = true
        #expect(!TravelRules.mayLendDocument(out, trip: trip, needsApproval: true, today: "2026-12-05").isAllowed)
    }

    @Test("T14 a former staff request names the person, the new work, the secrets, consent, and a fee with consent")
    func formerStaffPayload() {
        #expect(
            Set(FormerStaffUse.validate(.init(), catalogue: catalogue).map(\.field))
                == ["personID", "newWork", "secretsConcerned", "consent"])
        let consented = FormerStaffUse.Payload(
            personID: UUID(), newWork: "新产品", secretsConcerned: "工艺", consent: true, fee: nil)
        #expect(FormerStaffUse.validate(consented, catalogue: catalogue).map(\.field) == ["fee"])
        #expect(FormerStaffUse.validate(consented, catalogue: catalogue).allSatisfy { $0.rule == RuleID("T14") })
    }
}
