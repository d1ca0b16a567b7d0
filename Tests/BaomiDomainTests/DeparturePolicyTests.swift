import BaomiDomain
import Foundation
import Testing

@Suite("Departure periods and the person's status (A7, T11, T22)")
struct DeparturePolicyTests {
    @Test("A7 脱密期 by post class 3/2/1 years by default, none for a post that is not secret; T11 3 years for key staff")
    func periodsByClass() throws {
        let day = try #require(CalendarDay("2026-03-15"))
        func periods(_ postClass: SecretPostClass, key: Bool) -> DeparturePeriods {
            DeparturePeriods.compute(completedOn: day, postClass: postClass, keyStaff: key, policy: .nationalDefault)
        }
        #expect(
            periods(.core, key: true) == DeparturePeriods(separationUntil: "2029-03-15", nonCompeteUntil: "2029-03-15"))
        #expect(
            periods(.important, key: false) == DeparturePeriods(separationUntil: "2028-03-15", nonCompeteUntil: nil))
        #expect(periods(.general, key: false).separationUntil == "2027-03-15")
        #expect(periods(.nonSecret, key: false) == DeparturePeriods(separationUntil: nil, nonCompeteUntil: nil))
        let configured = DeparturePolicy(coreYears: 5, importantYears: 3, generalYears: 2, nonCompeteYears: 2)
        #expect(
            DeparturePeriods.compute(completedOn: day, postClass: .core, keyStaff: true, policy: configured)
                == DeparturePeriods(separationUntil: "2031-03-15", nonCompeteUntil: "2028-03-15"))
        // 29 February falls on 28 February in a common year
        #expect(try #require(CalendarDay("2028-02-29")).adding(years: 1).description == "2029-02-28")
    }

    @Test("T11 key staff: a 核心涉密人员, a key-project member, or a secret post in a key department")
    func keyStaff() {
        #expect(DeparturePeriods.isKeyStaff(postClass: .core, inKeyDepartment: false, inKeyProject: false))
        #expect(DeparturePeriods.isKeyStaff(postClass: .general, inKeyDepartment: true, inKeyProject: false))
        #expect(!DeparturePeriods.isKeyStaff(postClass: .nonSecret, inKeyDepartment: true, inKeyProject: false))
        #expect(DeparturePeriods.isKeyStaff(postClass: .nonSecret, inKeyDepartment: false, inKeyProject: true))
        #expect(!DeparturePeriods.isKeyStaff(postClass: .important, inKeyDepartment: false, inKeyProject: false))
    }

    @Test("A7 T11 the configurable periods stay within practice: 核心 3–5, 重要 2–3, 一般 1–2, non-compete 1–3")
    func policyRanges() {
        #expect(throws: Never.self) { try DeparturePolicy.nationalDefault.validate() }
        #expect(throws: DomainError.self) {
            try DeparturePolicy(coreYears: 2, importantYears: 2, generalYears: 1, nonCompeteYears: 3).validate()
        }
        #expect(throws: DomainError.self) {
            try DeparturePolicy(coreYears: 3, importantYears: 2, generalYears: 1, nonCompeteYears: 4).validate()
        }
    }

    @Test("T22 A7 leaving and departed come only from a departure; a leaver is not made active by an edit")
    func statusChanges() {
        #expect(PersonStatusChange.check(from: nil, to: .active) == nil)
        #expect(PersonStatusChange.check(from: nil, to: .departed)?.rule == RuleID("T22"))
        #expect(PersonStatusChange.check(from: .active, to: .leaving)?.rule == RuleID("T22"))
        #expect(PersonStatusChange.check(from: .leaving, to: .active)?.rule == RuleID("T22"))
        #expect(PersonStatusChange.check(from: .departed, to: .departed) == nil)
        #expect(PersonStatusChange.check(from: .departed, to: .active) == nil)
    }

    @Test("A7 a departed person in 脱密期 is barred citing A7; after it, A4")
    func departedBar() {
        #expect(
            AccessSubject.bar(status: .departed, separationUntil: "2029-01-01", today: "2027-01-01")?.rule
                == RuleID("A7"))
        #expect(
            AccessSubject.bar(status: .departed, separationUntil: "2026-01-01", today: "2027-01-01")?.rule
                == RuleID("A4"))
    }
}
