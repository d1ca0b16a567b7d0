import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

extension TrainingController {
    @Sendable static func plans(_ request: Request) async throws -> Response {
        try await plansPage(request, year: try year(request))
    }

    /// The plan page; for those who keep plans, with its forms (a refused one shown again with its errors).
    static func plansPage(
        _ request: Request, year: Int, values: [String: String] = [:], errors: [FieldError] = [],
        forPlan: UUID? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try await request.require(.viewTraining)
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
                    id: try plan.requireID(), title: plan.title, department: name(plan.$department.id),
                    planned: planned.map { ($0.month, $0.title, $0.audience) }))
        }
        let forms =
            viewer.can(.manageTraining)
            ? PlanPages.Forms(
                departments: units.filter { $0.kind == OrgUnitKind.department.rawValue }.compactMap { unit in
                    unit.id.map { (value: $0.uuidString, label: unit.name) }
                }, values: values, errors: errors, forPlan: forPlan) : nil
        return try await HTMLPage(
            html: PlanPages.plans(PageContext(request), year: year, coverage: coverage, plans: plans, forms: forms),
            status: status
        ).encodeResponse(for: request)
    }

    /// 新建年度计划 from the page (E6.1).
    @Sendable static func createPlan(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTraining)
        try request.verifyCSRF()
        let values = request.formFields()
        let year = Int(values["year"] ?? "") ?? 0
        do {
            try await TrainingPlans(store: request.baomi.store).createPlan(
                year: year, departmentID: values["departmentID"].flatMap(UUID.init(uuidString:)),
                title: values["title"] ?? "", by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.training(.plans).path + "?year=\(year)&saved=1")
        } catch DomainError.invalid(let errors) {
            return try await plansPage(
                request, year: (2000...9999).contains(year) ? year : try Self.year(request), values: values,
                errors: errors, status: .unprocessableEntity)
        }
    }

    /// 增加计划场次 from the page (E6.1, E5).
    @Sendable static func addPlannedSession(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTraining)
        try request.verifyCSRF()
        let planID = try request.uuidParameter()
        let values = request.formFields()
        let repository = TrainingPlans(store: request.baomi.store)
        guard let plan = try await TrainingPlanModel.find(planID, on: request.db) else {
            throw DomainError.notFound(zh: "计划不存在", en: "No such plan")
        }
        do {
            try await repository.addSession(
                to: planID, month: Int(values["month"]?.trimmed ?? "") ?? 0, title: values["title"] ?? "",
                purpose: TrainingPurpose(rawValue: values["purpose"] ?? "") ?? .general,
                audience: values["audience"] ?? "",
                areas: request.formValues("areas[]").compactMap(ContentArea.init(rawValue:)), by: viewer.auditActor,
                on: request.db)
            return request.redirect(to: SiteRoute.training(.plans).path + "?year=\(plan.year)&saved=1")
        } catch DomainError.invalid(let errors) {
            return try await plansPage(
                request, year: plan.year, values: values, errors: errors, forPlan: planID,
                status: .unprocessableEntity)
        }
    }

    @Sendable static func calendar(_ request: Request) async throws -> Response {
        try await calendarPage(request)
    }

    static func calendarPage(
        _ request: Request, values: [String: String] = [:], errors: [FieldError] = [], status: HTTPStatus = .ok
    ) async throws -> Response {
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
            html: PlanPages.calendar(
                context, events: rows, mayManage: viewer.can(.manageTraining), values: values, errors: errors),
            status: status
        ).encodeResponse(for: request)
    }

    /// 添加重大涉密活动 from the page: a briefing is due before it (E6.5).
    @Sendable static func addActivity(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTraining)
        try request.verifyCSRF()
        let values = request.formFields()
        do {
            try await TrainingCalendar(store: request.baomi.store).add(
                name: values["name"] ?? "", kind: .activity, startsOn: values["startsOn"] ?? "",
                responsiblePersonID: nil, by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.training(.calendar).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await calendarPage(request, values: values, errors: errors, status: .unprocessableEntity)
        }
    }

    @Sendable static func addHolidays(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTraining)
        try request.verifyCSRF()
        try await TrainingCalendar(store: request.baomi.store).addNationalHolidays(
            of: 2027, responsiblePersonID: nil, by: viewer.auditActor, on: request.db)
        return request.redirect(to: SiteRoute.training(.calendar).path + "?saved=1")
    }
}
