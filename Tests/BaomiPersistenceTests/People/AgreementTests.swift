import BaomiDomain
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BaomiPersistence

/// People's agreements through the repository the pages, the API and the demo write with (T8, T9, T15, L1.1), and
/// the gate they open at `ClearanceRepository.set` (A4).
@Suite("Agreements and their gate (T8, T9, T15, A4)")
struct AgreementTests {
    static func post(_ postClass: SecretPostClass) -> ClearanceDraft {
        ClearanceDraft(postClass: postClass, compartments: [], groups: [], separationUntil: nil, reason: "上岗审批")
    }

    static var today: String { ClearanceRepository.today(Date()) }

    /// Gives the post, answering the refusal's rule and message, or nil when given.
    static func give(
        _ postClass: SecretPostClass, to person: UUID, fixture: CarrierFixture
    ) async throws -> FieldError? {
        do {
            try await ClearanceRepository(store: fixture.store).set(
                post(postClass), for: person, by: fixture.actor, on: fixture.database)
            return nil
        } catch DomainError.invalid(let errors) {
            return errors.first
        }
    }

    @Test("T15 an agreement binds once both sides sign, from the later day, in either order; then it may end")
    func bindsOnceBothSign() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, _) = try await fixture.person("qianyue", postClass: .nonSecret)
            let agreements = AgreementRepository(store: fixture.store)
            let draft = try await agreements.draft(.ipProtection, for: person, by: fixture.actor, on: test.database)
            #expect(draft.version == 1 && draft.state == "draft")
            let id = try draft.requireID()
            let earlier = SecrecyPeriod.day(Self.today, plus: -3)
            let unit = try await agreements.step(
                .signByUnit(on: Self.today), agreementID: id, by: fixture.actor, on: test.database)
            #expect(unit.state == "signedByUnit" && unit.inForceFrom == nil)
            let both = try await agreements.step(
                .signByPerson(on: earlier), agreementID: id, by: fixture.actor, on: test.database)
            #expect(both.state == "inForce" && both.inForceFrom == Self.today)
            // Signing twice is refused, citing T15, and audited as a refusal.
            await #expect(throws: Refusal.self) {
                try await agreements.step(
                    .signByUnit(on: Self.today), agreementID: id, by: fixture.actor, on: test.database)
            }
            #expect(try await fixture.auditDetails(.agreementStep, outcome: "refused").count == 1)
            // Ending needs a reason; then it is ended with its day and reason.
            await #expect(throws: Refusal.self) {
                try await agreements.step(
                    .end(on: Self.today, reason: " "), agreementID: id, by: fixture.actor, on: test.database)
            }
            let ended = try await agreements.step(
                .end(on: Self.today, reason: "合同到期"), agreementID: id, by: fixture.actor, on: test.database)
            #expect(ended.state == "ended" && ended.endedOn == Self.today && ended.reason == "合同到期")
            let stored = try #require(try await PersonAgreementModel.find(id, on: test.database))
            #expect(stored.state == "ended" && stored.personSignedOn == earlier && stored.unitSignedOn == Self.today)
            let audited = try await fixture.auditDetails(.agreementStep)
            #expect(audited.map { $0["state"] } == ["signedByUnit", "inForce", "ended"])
        }
    }

    @Test("T15 the pure transitions: a future day, a refusal after the person signed, an end before it began")
    func transitions() {
        let draft = AgreementFacts(state: .draft, personSignedOn: nil, unitSignedOn: nil, inForceFrom: nil)
        let today = "2026-12-05"
        #expect(
            AgreementTransition.apply(.signByPerson(on: "2026-12-06"), to: draft, today: today).refusal?.rule == .s4)
        #expect(
            AgreementTransition.apply(.signByPerson(on: "2026-02-30"), to: draft, today: today).refusal?.rule == .s4)
        let signed = AgreementFacts(
            state: .signedByPerson, personSignedOn: "2026-12-01", unitSignedOn: nil, inForceFrom: nil)
        #expect(
            AgreementTransition.apply(.refuse(on: today, reason: "不同意"), to: signed, today: today).refusal?.rule
                == RuleID("T9"))
        #expect(
            AgreementTransition.apply(.end(on: today, reason: "x"), to: signed, today: today).refusal?.rule
                == RuleID("T15"))
        let inForce = AgreementFacts(
            state: .inForce, personSignedOn: "2026-12-01", unitSignedOn: "2026-12-02", inForceFrom: "2026-12-02")
        #expect(
            AgreementTransition.apply(.end(on: "2026-12-01", reason: "x"), to: inForce, today: today).refusal?.rule
                == RuleID("T15"))
        #expect(
            (try? AgreementTransition.apply(.refuse(on: today, reason: "拒绝"), to: draft, today: today).get())?.state
                == .refused)
    }

    @Test("A4 T8 a secret post is refused without the IP agreement in force, naming it, and given once it is")
    func gateNeedsTheAgreement() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, _) = try await fixture.person("xinyuan", postClass: .nonSecret)
            try await earnPrePost([person], store: fixture.store, on: test.database)
            let refused = try #require(try await Self.give(.general, to: person, fixture: fixture))
            #expect(refused.field == "postClass" && refused.rule == RuleID("A4"))
            #expect(refused.message.zh.contains("《知识产权保护协议》") && refused.message.zh.contains("T8"))
            #expect(try await fixture.auditDetails(.clearanceChange, outcome: "refused").count == 1)
            // Signed by the person only: not yet in force, still refused.
            let agreements = AgreementRepository(store: fixture.store)
            let draft = try await agreements.draft(.ipProtection, for: person, by: fixture.actor, on: test.database)
            try await agreements.step(
                .signByPerson(on: Self.today), agreementID: draft.requireID(), by: fixture.actor, on: test.database)
            #expect(try await Self.give(.general, to: person, fixture: fixture)?.rule == RuleID("A4"))
            try await agreements.step(
                .signByUnit(on: Self.today), agreementID: draft.requireID(), by: fixture.actor, on: test.database)
            #expect(try await Self.give(.general, to: person, fixture: fixture) == nil)
            #expect(try await PersonModel.find(person, on: test.database)?.postClass == "general")
            // Lowering is never gated, even after the agreement ends.
            try await agreements.step(
                .end(on: Self.today, reason: "调岗"), agreementID: draft.requireID(), by: fixture.actor, on: test.database
            )
            #expect(try await Self.give(.nonSecret, to: person, fixture: fixture) == nil)
        }
    }

    @Test("T9 a recorded refusal to sign blocks the post, citing T9, until a new agreement is in force")
    func refusalBlocks() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, _) = try await fixture.person("jujue", postClass: .nonSecret)
            try await earnPrePost([person], store: fixture.store, on: test.database)
            let agreements = AgreementRepository(store: fixture.store)
            let draft = try await agreements.draft(.ipProtection, for: person, by: fixture.actor, on: test.database)
            try await agreements.step(
                .refuse(on: Self.today, reason: "不同意竞业条款"), agreementID: draft.requireID(), by: fixture.actor,
                on: test.database)
            let refused = try #require(try await Self.give(.important, to: person, fixture: fixture))
            #expect(refused.rule == RuleID("T9") && refused.message.zh.contains("拒签《知识产权保护协议》"))
            #expect(try await PersonModel.find(person, on: test.database)?.postClass == "nonSecret")
            #expect(try await fixture.auditDetails(.agreementStep).last?["reason"] == "不同意竞业条款")
            try await signAgreements([person], store: fixture.store, on: test.database)
            #expect(try await Self.give(.important, to: person, fixture: fixture) == nil)
        }
    }

    @Test("L1.1 a leader's secret post also needs the secrecy commitment, whose text is the nine points")
    func leaderNeedsTheCommitment() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, _) = try await fixture.person("lingdao", postClass: .nonSecret)
            let model = try #require(try await PersonModel.find(person, on: test.database))
            model.isLeader = true
            try await model.save(on: test.database)
            try await earnPrePost([person], store: fixture.store, on: test.database)
            let agreements = AgreementRepository(store: fixture.store)
            let ip = try await agreements.draft(.ipProtection, for: person, by: fixture.actor, on: test.database)
            for step in [AgreementStep.signByPerson(on: Self.today), .signByUnit(on: Self.today)] {
                try await agreements.step(step, agreementID: ip.requireID(), by: fixture.actor, on: test.database)
            }
            let refused = try #require(try await Self.give(.core, to: person, fixture: fixture))
            #expect(refused.message.zh.contains("《保密承诺书》") && refused.message.zh.contains("L1.1"))
            #expect(!refused.message.zh.contains("《知识产权保护协议》"))
            let text = try await agreements.currentText(.commitment, on: test.database)
            #expect(text.body.contains("①不泄露知悉的党和国家秘密") && text.body.contains("⑨阅办完毕的秘密文件"))
            #expect(AgreementRequirement.required(postClass: .nonSecret, isLeader: true).isEmpty)
        }
    }

    @Test("T15 a new text version pins new drafts; agreements signed on the old one keep it; one open agreement a kind")
    func versions() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, _) = try await fixture.person("banben", postClass: .nonSecret)
            let agreements = AgreementRepository(store: fixture.store)
            let first = try await agreements.draft(
                .nonCompete, for: person, nonCompeteUntil: "2029-12-31", by: fixture.actor, on: test.database)
            await #expect(throws: DomainError.self) {
                try await agreements.draft(.nonCompete, for: person, by: fixture.actor, on: test.database)
            }
            let v2 = try await agreements.publish(
                .nonCompete, title: "竞业限制协议（2027 版）", body: "离开本单位三年内……", by: fixture.actor, on: test.database)
            #expect(v2.version == 2)
            await #expect(throws: DomainError.self) {
                try await agreements.publish(.nonCompete, title: "", body: "x", by: fixture.actor, on: test.database)
            }
            try await agreements.step(
                .refuse(on: Self.today, reason: "不同意"), agreementID: first.requireID(), by: fixture.actor,
                on: test.database)
            let second = try await agreements.draft(.nonCompete, for: person, by: fixture.actor, on: test.database)
            #expect(second.version == 2 && second.$text.id == v2.id)
            #expect(try await PersonAgreementModel.find(first.requireID(), on: test.database)?.version == 1)
            #expect(try await fixture.auditDetails(.agreementText).map { $0["version"] } == ["2"])
        }
    }

    @Test("T15 of two signatures of the unit at once exactly one is recorded; the other is a conflict, audited")
    func oneWinner() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let agreements = AgreementRepository(store: fixture.store)
            var ids: [UUID] = []
            for index in 0..<10 {
                let (person, _) = try await fixture.person("bingfa\(index)", postClass: .nonSecret)
                ids.append(
                    try await agreements.draft(.ipProtection, for: person, by: fixture.actor, on: test.database)
                        .requireID())
            }
            let actor = fixture.actor
            let database = test.database
            let today = Self.today
            for id in ids {
                let results = await atOnce([
                    { _ = try await agreements.step(.signByUnit(on: today), agreementID: id, by: actor, on: database) },
                    { _ = try await agreements.step(.signByUnit(on: today), agreementID: id, by: actor, on: database) },
                ])
                #expect(results.filter(\.succeeded).count == 1)
            }
            #expect(try await fixture.auditDetails(.agreementStep).count == 10)
            #expect(try await fixture.auditDetails(.agreementStep, outcome: "refused").count == 10)
        }
    }

    @Test("S4 T8 the scanned signed copy is judged by content and kept with its SHA-256; a non-file is refused")
    func scan() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, _) = try await fixture.person("saomiao", postClass: .nonSecret)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scans-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let scans = AgreementScans(store: fixture.store, content: .folder(folder))
            let agreement = try await AgreementRepository(store: fixture.store).draft(
                .ipProtection, for: person, by: fixture.actor, on: test.database)
            let id = try agreement.requireID()
            let pdf = Data("%PDF-1.4\n签字页\n%%EOF\n".utf8)
            let stored = try await scans.attachScan(
                pdf, fileName: "C:\\扫描\\协议.pdf", to: id, declaredNonSecret: true, limit: 1 << 20, by: fixture.actor,
                on: test.database)
            #expect(stored.scanFileName == "协议.pdf" && stored.scanType == "pdf")
            #expect(stored.scanSHA256 == AttachmentContent.sha256(pdf))
            #expect(try await scans.scan(of: id, on: test.database)?.bytes == pdf)
            await #expect(throws: (any Error).self) {
                try await scans.attachScan(
                    Data("hello".utf8), fileName: "x.txt", to: id, declaredNonSecret: true, limit: 1 << 20,
                    by: fixture.actor, on: test.database)
            }
            #expect(try await fixture.auditDetails(.agreementScan).first?["sha256"] == AttachmentContent.sha256(pdf))
            #expect(try await fixture.auditDetails(.agreementScan, outcome: "refused").count == 1)
            #expect(try await PersonAgreementModel.find(id, on: test.database)?.scanType == "pdf")
        }
    }

    @Test("T15 allowances are recorded in fen and paid once; bad amounts are refused naming the field")
    func payments() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, _) = try await fixture.person("butie", postClass: .nonSecret)
            let agreements = AgreementRepository(store: fixture.store)
            let agreement = try await agreements.draft(.ipProtection, for: person, by: fixture.actor, on: test.database)
            let id = try agreement.requireID()
            let payment = try await agreements.addPayment(
                .allowance, amount: "1200.5", dueOn: "2026-12-31", note: "十二月保密补贴", to: id, by: fixture.actor,
                on: test.database)
            #expect(payment.amountCents == 120_050 && Yuan.text(payment.amountCents) == "1200.50")
            do {
                try await agreements.addPayment(
                    .allowance, amount: "-3", dueOn: "2026-13-01", note: "", to: id, by: fixture.actor,
                    on: test.database)
                Issue.record("a bad payment was recorded")
            } catch DomainError.invalid(let errors) {
                #expect(errors.map(\.field) == ["amount", "dueOn"])
            }
            try await agreements.markPaid(
                payment.requireID(), of: id, on: Self.today, by: fixture.actor, on: test.database)
            await #expect(throws: DomainError.self) {
                try await agreements.markPaid(
                    payment.requireID(), of: id, on: Self.today, by: fixture.actor, on: test.database)
            }
            #expect(try await agreements.payments(of: id, on: test.database).first?.paidOn == Self.today)
        }
    }
}

extension Result where Success == AgreementOutcome, Failure == Refusal {
    var refusal: Refusal? {
        if case .failure(let refusal) = self { return refusal }
        return nil
    }
}

/// The agreement checks through the loader, on the production write path (T8, T15, A4).
@Suite("Agreement checks read through the loader (T8, T15)")
struct AgreementCheckLoaderTests {
    @Test(
        "T8 T15 a cleared person without an agreement, an agreement ending, an unpaid allowance each load as findings")
    func loads() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (bare, _) = try await fixture.person("wuxieyi", postClass: .core)
            let (signed, _) = try await fixture.person("youxieyi", postClass: .core)
            try await signAgreements([signed], store: fixture.store, on: test.database)
            let agreements = AgreementRepository(store: fixture.store)
            let today = ClearanceRepository.today(Date())
            let ending = try await agreements.draft(
                .nonCompete, for: signed, validUntil: SecrecyPeriod.day(today, plus: 10), by: fixture.actor,
                on: test.database)
            for step in [AgreementStep.signByPerson(on: today), .signByUnit(on: today)] {
                try await agreements.step(step, agreementID: ending.requireID(), by: fixture.actor, on: test.database)
            }
            try await agreements.addPayment(
                .allowance, amount: "200", dueOn: SecrecyPeriod.day(today, plus: -5), note: "", to: ending.requireID(),
                by: fixture.actor, on: test.database)
            let records = try await ComplianceRecordsLoader(
                sql: test.database.sql, today: today, levels: .nationalDefault,
                checks: ComplianceRecordsLoader.agreementChecks, copies: nil, now: Date()
            ).load()
            let missing = ComplianceRules.evaluate(.agreementMissing, records, levels: .nationalDefault)
            #expect(missing.map(\.subject.id).contains(bare) && !missing.map(\.subject.id).contains(signed))
            let endingFindings = ComplianceRules.evaluate(.agreementEnding, records, levels: .nationalDefault)
            #expect(endingFindings.map(\.subject.id) == [try ending.requireID()])
            #expect(ComplianceRules.evaluate(.remunerationUnpaid, records, levels: .nationalDefault).count == 1)
        }
    }

    @Test("L1.1 T8 the 涉密人员台账 carries the commitment's (leaders) or the IP agreement's signing day")
    func personnelColumn() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, _) = try await fixture.person("taizhang", postClass: .core)
            try await signAgreements([person], store: fixture.store, on: test.database)
            let today = ClearanceRepository.today(Date())
            let entries = try await SecretPostPersonnel(
                departments: nil, today: today, limit: 50, prePostValidityMonths: 12
            )
            .entries(on: test.database)
            #expect(entries.first { $0.personID == person }?.commitmentSignedOn == today)
        }
    }
}
