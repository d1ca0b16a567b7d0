import BaomiDomain
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BaomiPersistence

extension CarrierFixture {
    /// A person of the fixture's department holding `postClass`, and an account of theirs with `roles`.
    func person(
        _ name: String, postClass: SecretPostClass, roles: Set<Role> = [.securityOffice]
    ) async throws -> (person: UUID, actor: AuditActor) {
        let person = PersonModel(
            name: name, employeeNumber: "E-\(name)", departmentID: department, post: "干部", isLeader: false,
            status: "active")
        person.postClass = postClass.rawValue
        try await person.create(on: database)
        let account = AccountModel(
            username: name, displayName: name, personID: try person.requireID(), passwordHash: "x", roles: roles)
        try await account.create(on: database)
        return (try person.requireID(), AuditActor(accountID: account.id, name: name, kind: .user, ip: nil))
    }

    /// The details of the audit records of `action`, newest last.
    func auditDetails(_ action: AuditAction, outcome: String = "success") async throws -> [[String: String]] {
        try await database.sql.raw(
            """
            SELECT details FROM audit_records WHERE action = \(bind: action.rawValue) AND outcome = \(bind: outcome)
            ORDER BY leaf_index
            """
        ).all().map {
            try JSONDecoder().decode(
                [String: String].self, from: Data(try $0.decode(column: "details", as: String.self).utf8))
        }
    }
}

/// Every way a copy is made or put in someone's hands asks the same rules (A2, T5.1, T5.2, C1.1, C2): the register
/// itself refuses, whatever the caller checked before.
@Suite("One set of rules for every way in (A2, T5.1, C1.1, C2)")
struct OneSetOfRulesTests {
    @Test("A2 the register refuses a 绝密 carrier to a 重要-cleared registrar, whoever calls it (import, demo, page)")
    func registerChecksTheRegistrar() async throws {
        try await withTestDatabase { test in
            // setup: a 重要-cleared officer of the security office; the classifier may classify 绝密
            let fixture = try await CarrierFixture(test)
            let boss = try #require(try await PersonModel.find(fixture.classifier, on: test.database))
            boss.classifierMaxLevel = "topSecret"
            try await boss.save(on: test.database)
            let (person, actor) = try await fixture.person("zhong", postClass: .important)
            let draft = try CarrierDraft.parse(fixture.input(level: "topSecret"), catalogue: fixture.catalogue)
            // act
            let error = await #expect(throws: DomainError.self) {
                try await CarrierRepository(store: fixture.store).register(
                    draft, registrarPersonID: person, by: actor, on: test.database)
            }
            // check: refused on the level with A2; nothing written; the refusal is in the audit trail
            guard case .invalid(let errors)? = error else {
                Issue.record("expected field errors, got \(String(describing: error))")
                return
            }
            #expect(errors.map(\.field) == ["level"])
            #expect(errors.first?.rule == RuleID("A2"))
            #expect(try await CarrierModel.query(on: test.database).count() == 0)
            #expect(try await fixture.auditDetails(.carrierRegister, outcome: "refused").count == 1)
            // 机密 is within the post: registered
            _ = try await CarrierRepository(store: fixture.store).register(
                try CarrierDraft.parse(fixture.input(level: "secret"), catalogue: fixture.catalogue),
                registrarPersonID: person, by: actor, on: test.database)
            #expect(try await CarrierModel.query(on: test.database).count() == 1)
        }
    }

    @Test("T5.1 A2 a classifier whose post was lowered below the level can no longer classify at it")
    func registerChecksTheClassifiersClearance() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let boss = try #require(try await PersonModel.find(fixture.classifier, on: test.database))
            boss.postClass = SecretPostClass.general.rawValue  // 秘密 only; authorised for 机密
            try await boss.save(on: test.database)
            let error = await #expect(throws: DomainError.self) {
                try await fixture.register(fixture.input(level: "secret"))
            }
            guard case .invalid(let errors)? = error else {
                Issue.record("expected field errors, got \(String(describing: error))")
                return
            }
            #expect(errors.map(\.field) == ["classifierID"])
            #expect(errors.first?.rule == RuleID("T5.1"))
        }
    }

    @Test("C2 a 文号 already registered is refused; with a reason it is registered and the reason audited")
    func duplicateDocumentNumber() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            var input = fixture.input()
            input.documentNumber = "技字〔2026〕17号"
            _ = try await fixture.register(input)
            let error = await #expect(throws: DomainError.self) { try await fixture.register(input) }
            guard case .invalid(let errors)? = error else {
                Issue.record("expected field errors, got \(String(describing: error))")
                return
            }
            #expect(errors.map(\.field) == ["documentNumber"])
            #expect(errors.first?.rule == RuleID("C2"))
            input.duplicateDocumentNumberReason = "同一文件第二次来文"
            _ = try await fixture.register(input)
            #expect(try await CarrierModel.query(on: test.database).count() == 2)
            let last = try #require(try await fixture.auditDetails(.carrierRegister).last)
            #expect(last["duplicateDocumentNumberReason"] == "同一文件第二次来文")
            #expect(last["duplicateDocumentNumber"] == "技字〔2026〕17号")
        }
    }

    @Test("C2 principle 5 the same 文号 registered twice at once: one carrier, the other refused on the 文号")
    func duplicateDocumentNumberAtOnce() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            for round in 1...10 {
                var input = fixture.input()
                input.documentNumber = "技字〔2026〕\(round)号"
                let draft = try CarrierDraft.parse(input, catalogue: fixture.catalogue)
                let register: @Sendable () async throws -> Void = {
                    _ = try await CarrierRepository(store: fixture.store).register(
                        draft, registrarPersonID: fixture.officer, by: fixture.actor, on: test.database)
                }
                let results = await atOnce([register, register])
                #expect(results.filter(\.succeeded).count == 1)
                for case .failure(DomainError.invalid(let errors)) in results {
                    #expect(errors.map(\.field) == ["documentNumber"] && errors.first?.rule == RuleID("C2"))
                }
                #expect(
                    try await CarrierModel.query(on: test.database).filter(\.$documentNumber == input.documentNumber!)
                        .count() == 1)
            }
        }
    }

    @Test("A2 copying: the new copies go to the requester only if cleared for the level, at submission and approval")
    func reproduceChecksTheHolder() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copies = try await fixture.storedCopies(level: "secret", count: 1)
            let (general, _) = try await fixture.person("yiban", postClass: .general, roles: [.staff])
            var payload = Reproduce.Payload()
            payload.count = 1
            let error = await #expect(throws: DomainError.self) {
                try await RequestRepository(store: fixture.store).submit(
                    .reproduce, carrierID: nil, copyIDs: copies, reason: "会议使用", payload: payload,
                    catalogue: fixture.catalogue,
                    by: fixture.requestActor("yiban", roles: [.staff], person: general), on: test.database)
            }
            guard case .invalid(let errors)? = error else {
                Issue.record("expected field errors, got \(String(describing: error))")
                return
            }
            #expect(errors.first?.rule == RuleID("A2"))
            #expect(try await RequestModel.query(on: test.database).count() == 0)
        }
    }

    @Test("A2 C10 personal retention: a copy is retained only by someone cleared for its level")
    func retentionChecksTheRetainer() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copies = try await fixture.storedCopies(level: "secret", count: 1)
            let (general, _) = try await fixture.person("yiban", postClass: .general, roles: [.staff])
            var payload = Retain.Payload()
            payload.retainerID = general
            payload.placeID = fixture.safe
            payload.until = "2026-12-31"
            let requests = RequestRepository(store: fixture.store)
            let office = fixture.requestActor("bmb", roles: [.securityOffice], person: fixture.officer)
            let error = await #expect(throws: DomainError.self) {
                try await requests.submit(
                    .retain, carrierID: nil, copyIDs: copies, reason: "研究使用", payload: payload,
                    catalogue: fixture.catalogue, by: office, on: test.database)
            }
            guard case .invalid(let errors)? = error else {
                Issue.record("expected field errors, got \(String(describing: error))")
                return
            }
            #expect(errors.map(\.field) == ["retainerID"])
            // and a retention date that does not exist is named
            payload.retainerID = fixture.officer
            payload.until = "2026-02-30"
            let dateError = await #expect(throws: DomainError.self) {
                try await requests.submit(
                    .retain, carrierID: nil, copyIDs: copies, reason: "研究使用", payload: payload,
                    catalogue: fixture.catalogue, by: office, on: test.database)
            }
            guard case .invalid(let dateErrors)? = dateError else {
                Issue.record("expected field errors, got \(String(describing: dateError))")
                return
            }
            #expect(dateErrors.first?.message.zh == "「留存期限」2026-02-30 不是存在的日期")
        }
    }

    @Test("A2 C3 a copy sent into a person's hands goes only to someone cleared for its level")
    func sendChecksTheRecipient() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let copy = try #require(try await fixture.storedCopies(level: "secret", count: 1).first)
            let (general, _) = try await fixture.person("yiban", postClass: .general, roles: [.staff])
            func send(to person: UUID) -> CopyStepRepository.Step {
                var step = fixture.outsideSend(to: "某所")
                step.personID = person
                return step
            }
            let error = await #expect(throws: DomainError.self) {
                try await fixture.step(send(to: general), copy)
            }
            guard case .invalid(let errors)? = error else {
                Issue.record("expected field errors, got \(String(describing: error))")
                return
            }
            #expect(errors.map(\.field) == ["personID"])
            #expect(errors.first?.rule == RuleID("A2"))
            #expect(try await CopyModel.find(copy, on: test.database)?.$holder.id == nil)
            // someone cleared for 机密 receives it
            let (important, _) = try await fixture.person("zhongyao", postClass: .important, roles: [.staff])
            let sent = try await fixture.step(send(to: important), copy)
            #expect(sent.$holder.id == important)
        }
    }

    @Test("T5.1 A2 classifying authority is never given above the person's own post")
    func classifierAuthorityWithinClearance() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, _) = try await fixture.person("zhong", postClass: .important)
            let clearances = ClearanceRepository(store: fixture.store)
            let error = await #expect(throws: DomainError.self) {
                try await clearances.authoriseClassifier(
                    person, upTo: "topSecret", by: fixture.actor, on: test.database)
            }
            guard case .invalid(let errors)? = error else {
                Issue.record("expected field errors, got \(String(describing: error))")
                return
            }
            #expect(errors.map(\.field) == ["classifierMaxLevel"])
            #expect(errors.first?.message.zh.contains("核心涉密人员") == true)
            #expect(try await PersonModel.find(person, on: test.database)?.classifierMaxLevel == nil)
            _ = try await clearances.authoriseClassifier(person, upTo: "secret", by: fixture.actor, on: test.database)
            #expect(try await PersonModel.find(person, on: test.database)?.classifierMaxLevel == "secret")
            // an unknown level names the accepted ones
            let unknown = await #expect(throws: DomainError.self) {
                try await clearances.authoriseClassifier(person, upTo: "ultra", by: fixture.actor, on: test.database)
            }
            guard case .invalid(let unknownErrors)? = unknown else {
                Issue.record("expected field errors, got \(String(describing: unknown))")
                return
            }
            #expect(unknownErrors.first?.message.zh.contains("机密 (secret)") == true)
        }
    }

    @Test("T5.1 A2 a post lowered below the classifying authority lowers the authority with it, audited")
    func loweredPostLowersTheAuthority() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, _) = try await fixture.person("hexin", postClass: .core)
            let clearances = ClearanceRepository(store: fixture.store)
            _ = try await clearances.authoriseClassifier(
                person, upTo: "topSecret", by: fixture.actor, on: test.database)
            func lower(to postClass: SecretPostClass) async throws -> String? {
                let draft = ClearanceDraft(
                    postClass: postClass, compartments: [], groups: [], separationUntil: nil, reason: "岗位调整")
                return try await clearances.set(draft, for: person, by: fixture.actor, on: test.database)
                    .classifierMaxLevel
            }
            // 重要 covers 机密: the authority stays at 机密, not 绝密
            #expect(try await lower(to: .important) == "secret")
            #expect(try await PersonModel.find(person, on: test.database)?.classifierMaxLevel == "secret")
            let audited = try #require(try await fixture.auditDetails(.clearanceChange).last)
            #expect(audited["classifierMaxLevelFrom"] == "topSecret" && audited["classifierMaxLevel"] == "secret")
            // 非涉密 covers none: the authority is withdrawn
            #expect(try await lower(to: .nonSecret) == nil)
            // raising the post again (after the pre-post training, E6.6(3), and the agreements, A4) gives no
            // authority back by itself
            try await earnPrePost([person], store: fixture.store, on: test.database)
            try await signAgreements([person], store: fixture.store, on: test.database)
            #expect(try await lower(to: .core) == nil)
        }
    }

    @Test("C1 A5 a file's SHA-256 is logged once; a second import of it is refused naming when and by whom")
    func importLog() async throws {
        try await withTestDatabase { test in
            let entry = CarrierImportLog.Entry(
                sha256: String(repeating: "ab", count: 32), fileName: "台账.csv", actorName: "bmb",
                importedAt: Date(timeIntervalSince1970: 1_780_000_000), rows: 104)
            try await test.store.write(on: test.database) { try await CarrierImportLog.record(entry, on: $0) }
            let first = try #require(try await CarrierImportLog.first(sha256: entry.sha256, on: test.database))
            #expect(first.actorName == "bmb" && first.rows == 104 && first.fileName == "台账.csv")
            #expect(first.refusal.zh.contains("由 bmb 导入") && first.refusal.zh.contains(first.importedAtText))
            await #expect(throws: DomainError.self) {
                try await test.store.write(on: test.database) { try await CarrierImportLog.record(entry, on: $0) }
            }
            #expect(try await CarrierImportLog.first(sha256: "00", on: test.database) == nil)
        }
    }
}
