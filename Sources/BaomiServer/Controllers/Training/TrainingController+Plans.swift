import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

extension TrainingController {
    @Sendable static func plans(_ request: Request) async throws -> Response {
        try await request.require(.viewTraining)
        let year = try year(request)
        let today = ClearanceRepository.today(request.baomi.clock())
        let units = try await request.baomi.organisation.units(on: request.db)
        let names = Dictionary(
            units.compactMap { unit in unit.id.map { ($0, unit.name) } }, uniquingKeysWith: { a, _ in a })
        func name(_ id: UUID?) -> String { id.flatMap { names[$0] } ?? "全单位" }
        let coverage = try await TrainingCoverage().rows(year: year, today: today, on: request.db).map {
            PlanPages.CoverageRow(
                department: name($0.departmentID), sessions: $0.sessions, attendances: $0.attendances,
                covered: $0.covered, late: $0.late)
        }
        let repository = TrainingPlans(store: request.baomi.store)
        var plans: [PlanPages.PlanRow] = []
        for plan in try await repository.plans(year: year, on: request.db) {
            let planned = try await repository.sessions(of: try plan.requireID(), on: request.db)
            plans.append(
                PlanPages.PlanRow(
                    title: plan.title, department: name(plan.$department.id),
                    planned: planned.map { ($0.month, $0.title, $0.audience) }))
        }
        return try await HTMLPage(
            html: PlanPages.plans(PageContext(request), year: year, coverage: coverage, plans: plans)
        ).encodeResponse(for: request)
    }

    @Sendable static func calendar(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewTraining)
        let context = PageContext(request)
        let today = ClearanceRepository.today(request.baomi.clock())
        let events = try await TrainingCalendar(store: request.baomi.store).events(from: today, on: request.db)
        var rows: [PlanPages.EventRow] = []
        for event in events {
            let responsible = try await event.$responsible.id.asyncMap {
                try await PersonModel.find($0, on: request.db)
            }
            rows.append(
                PlanPages.EventRow(
                    name: event.name,
                    kind: context.t(
                        TrainingCalendar.Kind(rawValue: event.kind)?.title
                            ?? LocalizedText(zh: event.kind, en: event.kind)),
                    startsOn: event.startsOn, responsible: responsible??.name ?? context.t("保密办", "Security office")))
        }
        return try await HTMLPage(
            html: PlanPages.calendar(context, events: rows, mayManage: viewer.can(.manageTraining))
        ).encodeResponse(for: request)
    }

    @Sendable static func addHolidays(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTraining)
        try request.verifyCSRF()
        try await TrainingCalendar(store: request.baomi.store).addNationalHolidays(
            of: 2027, responsiblePersonID: nil, by: viewer.auditActor, on: request.db)
        return request.redirect(to: SiteRoute.training(.calendar).path + "?saved=1")
    }
}
