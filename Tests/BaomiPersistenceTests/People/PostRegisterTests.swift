import BaomiDomain
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BaomiPersistence

/// The register of secret posts and putting people on them, through the write path every way in uses (A2, A4, T8,
/// T9, A7, E6.6(3)).
@Suite("Secret posts: register, assignment, history (A2, A4, T8, T9, A7, E6.6(3))")
struct PostRegisterTests {
    static func draft(
        _ code: String, _ postClass: SecretPostClass, department: UUID, extra: [AgreementKind] = []
    ) -> PostDraft {
        PostDraft(
            code: code, name: "岗位\(code)", departmentID: department, postClass: postClass, extraAgreements: extra,
            field: "惯性导航")
    }

    @Test("A2 posts are registered with unique codes, changed and retired, each change and refusal audited")
    func register() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let posts = PostRepository(store: fixture.store)
            let post = try await posts.create(
                Self.draft("GW-01", .important, department: fixture.department), by: fixture.actor, on: test.database)
            await #expect(throws: DomainError.self) {
                try await posts.create(
                    Self.draft("GW-01", .core, department: fixture.department), by: fixture.actor, on: test.database)
            }
            #expect(try await fixture.auditDetails(.postCreate, outcome: "refused").count == 1)
            let id = try post.requireID()
            var changed = Self.draft("GW-01", .core, department: fixture.department, extra: [.nonCompete])
            changed.name = "总设计师"
            let updated = try await posts.update(id, changed, by: fixture.actor, on: test.database)
            #expect(updated.postClass == "core" && updated.extraAgreementKinds == [.nonCompete])
            try await posts.retire(id, by: fixture.actor, on: test.database)
            #expect(try await posts.posts(on: test.database).isEmpty)
            #expect(try await posts.posts(includeRetired: true, on: test.database).count == 1)
            await #expect(throws: DomainError.self) {
                try await posts.retire(id, by: fixture.actor, on: test.database)
            }
            #expect(try await fixture.auditDetails(.postCreate).count == 1)
            #expect(try await fixture.auditDetails(.postUpdate).count == 1)
            #expect(try await fixture.auditDetails(.postRetire).count == 1)
            #expect(try await fixture.auditDetails(.postRetire, outcome: "refused").count == 1)
        }
    }

    @Test("A4 T8 E6.6(3) A2 putting a person on a post: refused without training or agreements; then class follows")
    func assign() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, _) = try await fixture.person("shanggang", postClass: .nonSecret)
            let posts = PostRepository(store: fixture.store)
            try await posts.create(
                Self.draft("GW-02", .important, department: fixture.department), by: fixture.actor, on: test.database)
            let assignments = PostAssignments(store: fixture.store)
            // No pre-post training: refused citing E6.6(3), nothing written, the refusal audited.
            do {
                try await assignments.assign(
                    personID: person, postCode: "GW-02", reason: "任用", by: fixture.actor, on: test.database)
                Issue.record("expected a refusal")
            } catch DomainError.invalid(let errors) {
                #expect(errors.first?.rule == RuleID("E6.6(3)"))
            }
            try await earnPrePost([person], store: fixture.store, on: test.database)
            // Trained but no agreement: refused citing A4 (T8).
            do {
                try await assignments.assign(
                    personID: person, postCode: "GW-02", reason: "任用", by: fixture.actor, on: test.database)
                Issue.record("expected a refusal")
            } catch DomainError.invalid(let errors) {
                #expect(errors.first?.rule == RuleID("A4"))
                #expect(errors.first?.message.zh.contains("知识产权保护协议") == true)
            }
            #expect(try await PostAssignmentModel.query(on: test.database).count() == 0)
            #expect(try await fixture.auditDetails(.postAssign, outcome: "refused").count == 2)
            try await signAgreements([person], for: .important, store: fixture.store, on: test.database)
            // An unknown code is refused by field.
            await #expect(throws: DomainError.self) {
                try await assignments.assign(
                    personID: person, postCode: "NOPE", reason: "任用", by: fixture.actor, on: test.database)
            }
            let spell = try await assignments.assign(
                personID: person, postCode: "GW-02", reason: "任用", requestNumber: "SQ-1", by: fixture.actor,
                on: test.database)
            #expect(spell.postClass == "important" && spell.untilDate == nil && spell.requestNumber == "SQ-1")
            let stored = try #require(try await PersonModel.find(person, on: test.database))
            #expect(stored.postClass == "important" && stored.post == "岗位GW-02")
            #expect(try await fixture.auditDetails(.postAssign).first?["post"] == "GW-02")
            // The clearance change went through the direct path's own audit too.
            #expect(try await fixture.auditDetails(.clearanceChange).count == 1)
        }
    }

    @Test("A4 A7 T9 the post's own preconditions: standing and the post's extra agreements")
    func standingAndExtras() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, _) = try await fixture.person("tuomi", postClass: .nonSecret)
            try await earnPrePost([person], store: fixture.store, on: test.database)
            try await signAgreements([person], for: .core, store: fixture.store, on: test.database)
            try await PostRepository(store: fixture.store).create(
                Self.draft("GW-03", .core, department: fixture.department, extra: [.nonCompete]), by: fixture.actor,
                on: test.database)
            let assignments = PostAssignments(store: fixture.store)
            do {
                try await assignments.assign(
                    personID: person, postCode: "GW-03", reason: "任用", by: fixture.actor, on: test.database)
                Issue.record("expected a refusal")
            } catch DomainError.invalid(let errors) {
                #expect(errors.first?.field == "post" && errors.first?.message.zh.contains("竞业限制协议") == true)
            }
            let stored = try #require(try await PersonModel.find(person, on: test.database))
            stored.separationUntil = SecrecyPeriod.day(ClearanceRepository.today(Date()), plus: 30)
            try await stored.save(on: test.database)
            do {
                try await assignments.assign(
                    personID: person, postCode: "GW-03", reason: "任用", by: fixture.actor, on: test.database)
                Issue.record("expected a refusal")
            } catch DomainError.invalid(let errors) {
                #expect(errors.first?.rule == RuleID("A7"))
            }
        }
    }

    @Test("A2 the 岗位履历: spells as they were, the earlier spell closed, direct class changes kept")
    func history() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, _) = try await fixture.person("lvli", postClass: .nonSecret)
            try await earnPrePost([person], store: fixture.store, on: test.database)
            try await signAgreements([person], for: .core, store: fixture.store, on: test.database)
            // A class set directly before the register existed.
            try await ClearanceRepository(store: fixture.store).set(
                ClearanceDraft(postClass: .general, compartments: [], groups: [], separationUntil: nil, reason: "旧登记"),
                for: person, by: fixture.actor, on: test.database)
            let posts = PostRepository(store: fixture.store)
            let first = try await posts.create(
                Self.draft("GW-04", .important, department: fixture.department), by: fixture.actor, on: test.database)
            try await posts.create(
                Self.draft("GW-05", .core, department: fixture.department), by: fixture.actor, on: test.database)
            let assignments = PostAssignments(store: fixture.store)
            try await assignments.assign(
                personID: person, postCode: "GW-04", reason: "任用", by: fixture.actor, on: test.database)
            try await assignments.assign(
                personID: person, postCode: "GW-05", reason: "调岗", by: fixture.actor, on: test.database)
            // The post renamed afterwards: the history keeps the name it had (principle 12).
            var renamed = Self.draft("GW-04", .important, department: fixture.department)
            renamed.name = "改名后"
            try await posts.update(try first.requireID(), renamed, by: fixture.actor, on: test.database)
            let entries = try await PostHistory().entries(of: person, on: test.database)
            #expect(entries.map(\.postCode) == ["GW-05", "GW-04", nil])
            #expect(entries.map(\.postClass) == [.core, .important, .general])
            #expect(entries[1].postName == "岗位GW-04" && entries[1].until != nil && entries[0].until == nil)
            #expect(entries[2].reason == "旧登记")
            // Retiring a post someone holds is refused (A2).
            let held = try #require(try await posts.post(code: "GW-05", on: test.database))
            await #expect(throws: DomainError.self) {
                try await posts.retire(try held.requireID(), by: fixture.actor, on: test.database)
            }
        }
    }

    @Test("A2 the 涉密人员台账's 岗位 is the registered post's name; a class set away from the post ends the spell")
    func ledgerShowsThePost() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, _) = try await fixture.person("taizhang", postClass: .nonSecret)
            try await earnPrePost([person], store: fixture.store, on: test.database)
            try await signAgreements([person], for: .core, store: fixture.store, on: test.database)
            let posts = PostRepository(store: fixture.store)
            let post = try await posts.create(
                Self.draft("GW-06", .important, department: fixture.department), by: fixture.actor, on: test.database)
            try await PostAssignments(store: fixture.store).assign(
                personID: person, postCode: "GW-06", reason: "任用", by: fixture.actor, on: test.database)
            var renamed = Self.draft("GW-06", .important, department: fixture.department)
            renamed.name = "系统设计师"
            try await posts.update(try post.requireID(), renamed, by: fixture.actor, on: test.database)
            let ledger = SecretPostPersonnel(departments: nil, today: ClearanceRepository.today(Date()), limit: 50)
            #expect(try await ledger.entries(on: test.database).first { $0.personID == person }?.post == "系统设计师")
            // The security office withdraws the class directly: the spell ends, the history says so.
            try await ClearanceRepository(store: fixture.store).set(
                ClearanceDraft(postClass: .nonSecret, compartments: [], groups: [], separationUntil: nil, reason: "调离"),
                for: person, by: fixture.actor, on: test.database)
            let open = try await PostAssignmentModel.query(on: test.database).filter(\.$untilDate == nil).count()
            #expect(open == 0)
            #expect(try await PostHistory.currentPostNames(of: [person], on: test.database).isEmpty)
        }
    }
}
