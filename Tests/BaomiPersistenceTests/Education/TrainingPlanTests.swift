import BaomiDomain
import FluentKit
import Foundation
import Testing

@testable import BaomiPersistence

/// Annual plans and their coverage (E5, E6.1), and the calendar's defaults (E6.5).
@Suite("Annual plans, coverage and late sessions (E5, E6.1, E6.5)")
struct TrainingPlanTests {
    @Test("E6.1 E5 coverage per department lists the areas held; a planned session without a held one is late")
    func coverageAndLate() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let today = ClearanceRepository.today(Date())
            let year = (Int(today.prefix(4)) ?? 2026) - 1
            let plans = TrainingPlans(store: fixture.store)
            let plan = try await plans.createPlan(
                year: year, departmentID: fixture.department, title: "技术部年度保密教育计划", by: fixture.actor,
                on: test.database)
            let march = try await plans.addSession(
                to: try plan.requireID(), month: 3, title: "保密法规学习", purpose: .general, audience: "全体人员",
                areas: [.law], by: fixture.actor, on: test.database)
            _ = try await plans.addSession(
                to: try plan.requireID(), month: 9, title: "反窃密专题", purpose: .general, audience: "涉密人员",
                areas: [.counterEspionage], by: fixture.actor, on: test.database)
            try await TrainingSessions(store: fixture.store).record(
                SessionDraft(
                    title: "保密法规学习", form: .meeting, purpose: .general, heldOn: "\(year)-03-20", place: "会议室",
                    trainer: "保密员", areas: [.law, .cases], hours: 1.5, departmentID: fixture.department,
                    plannedSessionID: try march.requireID()), by: fixture.actor, on: test.database)
            let rows = try await TrainingCoverage().rows(year: year, today: today, on: test.database)
            let row = try #require(rows.first { $0.departmentID == fixture.department })
            #expect(row.sessions == 1 && row.covered == [.law, .cases])
            #expect(row.late == ["9月「反窃密专题」"])
            // The engine sees the same late session.
            let findings = try await ComplianceRepository(store: fixture.store).currentFindings(
                scope: .change(checks: [.plannedSessionLate], copies: nil), levels: fixture.catalogue,
                on: test.database)
            #expect(findings.map(\.subject.label) == ["反窃密专题"])
        }
    }

    @Test("E6.5 the 2027 national holidays are added once; a second time adds none")
    func nationalHolidays() async throws {
        try await withTestDatabase { test in
            let fixture = try await CarrierFixture(test)
            let calendar = TrainingCalendar(store: fixture.store)
            let first = try await calendar.addNationalHolidays(
                of: 2027, responsiblePersonID: nil, by: fixture.actor, on: test.database)
            let second = try await calendar.addNationalHolidays(
                of: 2027, responsiblePersonID: nil, by: fixture.actor, on: test.database)
            #expect(first == 7 && second == 0)
            let names = try await CalendarEventModel.query(on: test.database).sort(\.$startsOn).all().map(\.name)
            #expect(names == ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"])
        }
    }
}
