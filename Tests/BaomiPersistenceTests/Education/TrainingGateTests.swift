import BaomiDomain
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import BaomiPersistence

/// The gate before a secret post (E6.6(3), A4), at the one place every way in passes: `ClearanceRepository.set`.
@Suite("The pre-post training gate (E6.6(3), A4)")
struct TrainingGateTests {
    static func post(_ postClass: SecretPostClass) -> ClearanceDraft {
        ClearanceDraft(postClass: postClass, compartments: [], groups: [], separationUntil: nil, reason: "上岗审批")
    }

    static var today: String { ClearanceRepository.today(Date()) }

    @Test("E6.6(3) A4 a secret post without a pre-post credit is refused naming an upcoming session, and audited")
    func refusedWithoutCredit() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, _) = try await fixture.person("xinren", postClass: .nonSecret)
            let clearances = ClearanceRepository(store: fixture.store)
            let upcoming = try await TrainingSessions(store: fixture.store).record(
                SessionDraft(
                    title: "新任涉密人员上岗前培训", form: .lecture, purpose: .prePost,
                    heldOn: SecrecyPeriod.day(Self.today, plus: 10), place: "会议室", trainer: "保密办",
                    areas: [.law], hours: 2), by: fixture.actor, on: test.database)
            do {
                try await clearances.set(Self.post(.general), for: person, by: fixture.actor, on: test.database)
                Issue.record("the post was given without the training")
            } catch DomainError.invalid(let errors) {
                let error = try #require(errors.first)
                #expect(error.field == "postClass" && error.rule == RuleID("E6.6(3)"))
                #expect(error.message.zh.contains("新任涉密人员上岗前培训") && error.message.zh.contains(upcoming.heldOn))
            }
            #expect(try await PersonModel.find(person, on: test.database)?.postClass == "nonSecret")
            let refused = try await fixture.auditDetails(.clearanceChange, outcome: "refused")
            #expect(refused.count == 1 && refused[0]["reason"]?.contains("上岗前") == true)
        }
    }

    @Test("E6.6(3) a current pre-post credit opens the gate; one older than the validity does not, until it is longer")
    func validity() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, _) = try await fixture.person("laoren", postClass: .nonSecret)
            let clearances = ClearanceRepository(store: fixture.store)
            // The agreements the post needs are signed (A4, T8): only the training decides here.
            try await signAgreements([person], store: fixture.store, on: test.database)
            // Thirteen months ago: past the default twelve.
            let old = SecrecyPeriod.day(Self.today, plus: -400)
            try await earnPrePost([person], heldOn: old, store: fixture.store, on: test.database)
            await #expect(throws: DomainError.self) {
                try await clearances.set(Self.post(.important), for: person, by: fixture.actor, on: test.database)
            }
            try await SettingsRepository(store: fixture.store).setTrainingPolicy(
                TrainingPolicy(prePostValidityMonths: 24), by: fixture.actor, on: test.database)
            try await clearances.set(Self.post(.important), for: person, by: fixture.actor, on: test.database)
            #expect(try await PersonModel.find(person, on: test.database)?.postClass == "important")
            // Raising again needs it too; a fresh credit does it under the default validity.
            try await SettingsRepository(store: fixture.store).setTrainingPolicy(
                .nationalDefault, by: fixture.actor, on: test.database)
            await #expect(throws: DomainError.self) {
                try await clearances.set(Self.post(.core), for: person, by: fixture.actor, on: test.database)
            }
            try await earnPrePost([person], store: fixture.store, on: test.database)
            try await clearances.set(Self.post(.core), for: person, by: fixture.actor, on: test.database)
            #expect(try await PersonModel.find(person, on: test.database)?.postClass == "core")
        }
    }

    @Test("E6.6(3) lowering or withdrawing a post is never gated")
    func loweringIsNotGated() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, _) = try await fixture.person("hexin2", postClass: .core)
            let clearances = ClearanceRepository(store: fixture.store)
            try await clearances.set(Self.post(.general), for: person, by: fixture.actor, on: test.database)
            try await clearances.set(Self.post(.general), for: person, by: fixture.actor, on: test.database)
            try await clearances.set(Self.post(.nonSecret), for: person, by: fixture.actor, on: test.database)
            #expect(try await PersonModel.find(person, on: test.database)?.postClass == "nonSecret")
        }
    }

    @Test("E6.6(3) the validity runs by calendar months, the last day of a shorter month standing in")
    func expiryByMonths() {
        #expect(TrainingGate.expiry(of: "2026-01-31", validityMonths: 1) == "2026-02-28")
        #expect(TrainingGate.expiry(of: "2026-03-15", validityMonths: 12) == "2027-03-15")
        #expect(TrainingGate.isCurrent("2026-03-15", today: "2027-03-14", validityMonths: 12))
        #expect(!TrainingGate.isCurrent("2026-03-15", today: "2027-03-15", validityMonths: 12))
        #expect(TrainingGate.raises(from: .nonSecret, to: .general) && !TrainingGate.raises(from: .core, to: .general))
    }
}

/// Attendance and its credit (E6.1): one credit per person and session, however it is recorded.
@Suite("Training attendance writes one credit (E6.1, E6.6(3))")
struct TrainingAttendanceTests {
    @Test("E6.1 the organiser's list and the attendee's confirmations, twice, leave one attendance and one credit")
    func oneCredit() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, actor) = try await fixture.person("canxun", postClass: .nonSecret)
            let sessions = TrainingSessions(store: fixture.store)
            let session = try await earnPrePost([person], store: fixture.store, on: test.database)
            let id = try session.requireID()
            #expect(try await sessions.confirm(id, personID: person, by: actor, on: test.database) == false)
            #expect(try await sessions.confirm(id, personID: person, by: actor, on: test.database) == false)
            #expect(try await sessions.recordAttendance(of: id, people: [person], by: actor, on: test.database) == 0)
            let credits = try await TrainingCredits().credits(of: person, on: test.database)
            #expect(credits.count == 1 && credits[0].purpose == .prePost && credits[0].sourceID == id)
            #expect(try await TrainingAttendanceModel.query(on: test.database).count() == 1)
            #expect(try await sessions.session(id, on: test.database).attendees == 1)
        }
    }

    @Test("E6.1 a person confirms a session they were not listed for and earns its credit; a future one is refused")
    func confirmOwn() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let (person, actor) = try await fixture.person("ziji", postClass: .nonSecret)
            let sessions = TrainingSessions(store: fixture.store)
            let held = try await earnPrePost([], store: fixture.store, on: test.database)
            #expect(try await sessions.confirm(try held.requireID(), personID: person, by: actor, on: test.database))
            #expect(try await TrainingCredits().latest(.prePost, of: person, on: test.database) != nil)
            let future = try await earnPrePost(
                [], heldOn: SecrecyPeriod.day(TrainingGateTests.today, plus: 3), store: fixture.store,
                on: test.database)
            await #expect(throws: Refusal.self) {
                try await sessions.confirm(try future.requireID(), personID: person, by: actor, on: test.database)
            }
            #expect(try await TrainingCredits().credits(of: person, on: test.database).count == 1)
        }
    }
}
