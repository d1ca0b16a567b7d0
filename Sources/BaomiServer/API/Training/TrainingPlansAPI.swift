import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Vapor

struct PlanInput: Content {
    var year: Int
    var departmentID: UUID?
    var title: String
}

struct PlannedSessionInput: Content {
    var month: Int
    var title: String
    var purpose: String
    var audience: String
    var areas: [String]
}

struct CalendarEventInput: Content {
    var name: String
    var kind: String
    var startsOn: String
    var responsiblePersonID: UUID?
}

/// `/api/v1/training/plans`, `…/coverage` and `…/calendar`: annual plans, what a year covered and what is late
/// (E5, E6.1), and the holidays and activities briefings are due before (E6.5).
enum TrainingPlansAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        registry.register(
            APIOperation(
                method: .POST, path: "training/plans", operationID: "createTrainingPlan", tag: "training",
                summary: "An annual education plan for the organisation or a department (E6.1)",
                requestSchema: "TrainingPlanInput", responseSchema: "TrainingPlan", successStatus: 201),
            on: routes, createPlan)
        registry.register(
            APIOperation(
                method: .POST, path: "training/plans/{id}/sessions", operationID: "addPlannedSession",
                tag: "training", summary: "A planned session by month, audience and content areas (E5, E6.1)",
                parameters: [.path("id", description: "Plan UUID")], requestSchema: "PlannedSessionInput",
                responseSchema: "TrainingPlan", successStatus: 201), on: routes, addSession)
        registry.register(
            APIOperation(
                method: .GET, path: "training/coverage", operationID: "getTrainingCoverage", tag: "training",
                summary:
                    "Per department: sessions, attendances, content areas covered, planned sessions late (E5, E6.1)",
                parameters: [.year], responseSchema: "TrainingCoverage", responseIsArray: true), on: routes, coverage)
        registry.register(
            APIOperation(
                method: .GET, path: "training/calendar", operationID: "listCalendar", tag: "training",
                summary: "Holidays and major activities from today on (E6.5)", responseSchema: "CalendarEvent",
                responseIsArray: true), on: routes, calendar)
        registry.register(
            APIOperation(
                method: .POST, path: "training/calendar", operationID: "addCalendarEvent", tag: "training",
                summary: "Add a holiday or a major secret activity; a briefing is due before it (E6.5)",
                requestSchema: "CalendarEventInput", responseSchema: "CalendarEvent", successStatus: 201),
            on: routes, addEvent)
        registry.register(
            APIOperation(
                method: .POST, path: "training/calendar/national-holidays", operationID: "addNationalHolidays",
                tag: "training", summary: "Add the 2027 national holidays (元旦 … 国庆节) not yet on the calendar (E6.5)",
                responseSchema: "CalendarEvent", responseIsArray: true), on: routes, addHolidays)
    }

    struct PlanDTO: Content {
        struct Planned: Content {
            var id: UUID
            var month: Int
            var title: String
            var purpose: String
            var audience: String
            var areas: [String]
        }

        var id: UUID
        var year: Int
        var departmentID: UUID?
        var title: String
        var sessions: [Planned]
    }

    struct CoverageDTO: Content {
        var departmentID: UUID?
        var sessions: Int
        var attendances: Int
        var covered: [String]
        var missing: [String]
        var late: [String]
    }

    struct EventDTO: Content {
        var id: UUID
        var name: String
        var kind: String
        var startsOn: String
        var responsiblePersonID: UUID?

        init(_ event: CalendarEventModel) {
            id = event.id ?? UUID()
            name = event.name
            kind = event.kind
            startsOn = event.startsOn
            responsiblePersonID = event.$responsible.id
        }
    }

    static func planAnswer(_ plan: TrainingPlanModel, request: Request) async throws -> Response {
        let id = try plan.requireID()
        let sessions = try await TrainingPlans(store: request.baomi.store).sessions(of: id, on: request.db)
        return try request.json(
            PlanDTO(
                id: id, year: plan.year, departmentID: plan.$department.id, title: plan.title,
                sessions: sessions.map {
                    .init(
                        id: $0.id ?? UUID(), month: $0.month, title: $0.title, purpose: $0.purpose,
                        audience: $0.audience, areas: $0.contentAreas.map(\.rawValue))
                }), status: .created)
    }

    @Sendable static func createPlan(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTraining)
        let body = try request.body(PlanInput.self)
        let plan = try await TrainingPlans(store: request.baomi.store, clock: request.baomi.clock).createPlan(
            year: body.year, departmentID: body.departmentID, title: body.title, by: viewer.auditActor,
            on: request.db)
        return try await planAnswer(plan, request: request)
    }

    @Sendable static func addSession(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTraining)
        let id = try request.uuidParameter()
        let body = try request.body(PlannedSessionInput.self)
        guard let purpose = TrainingPurpose(rawValue: body.purpose) else {
            throw DomainError.invalid(field: "purpose", zh: "培训类别无效", en: "Unknown purpose")
        }
        try await TrainingPlans(store: request.baomi.store).addSession(
            to: id, month: body.month, title: body.title, purpose: purpose, audience: body.audience,
            areas: body.areas.compactMap(ContentArea.init(rawValue:)), by: viewer.auditActor, on: request.db)
        guard let plan = try await TrainingPlanModel.find(id, on: request.db) else {
            throw DomainError.notFound(zh: "计划不存在", en: "No such plan")
        }
        return try await planAnswer(plan, request: request)
    }

    @Sendable static func coverage(_ request: Request) async throws -> Response {
        try await request.require(.viewTraining)
        let year = try TrainingController.year(request)
        let today = ClearanceRepository.today(request.baomi.clock())
        let rows = try await TrainingCoverage().rows(year: year, today: today, on: request.db)
        return try request.json(
            rows.map { row in
                CoverageDTO(
                    departmentID: row.departmentID, sessions: row.sessions, attendances: row.attendances,
                    covered: ContentArea.allCases.filter(row.covered.contains).map(\.rawValue),
                    missing: ContentArea.allCases.filter { !row.covered.contains($0) }.map(\.rawValue), late: row.late)
            })
    }

    @Sendable static func calendar(_ request: Request) async throws -> Response {
        try await request.require(.viewTraining)
        let today = ClearanceRepository.today(request.baomi.clock())
        let events = try await TrainingCalendar(store: request.baomi.store).events(from: today, on: request.db)
        return try request.json(events.map(EventDTO.init))
    }

    @Sendable static func addEvent(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTraining)
        let body = try request.body(CalendarEventInput.self)
        guard let kind = TrainingCalendar.Kind(rawValue: body.kind) else {
            throw DomainError.invalid(field: "kind", zh: "类别无效", en: "Unknown kind")
        }
        let event = try await TrainingCalendar(store: request.baomi.store).add(
            name: body.name, kind: kind, startsOn: body.startsOn, responsiblePersonID: body.responsiblePersonID,
            by: viewer.auditActor, on: request.db)
        return try request.json(EventDTO(event), status: .created)
    }

    @Sendable static func addHolidays(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTraining)
        try await TrainingCalendar(store: request.baomi.store).addNationalHolidays(
            of: 2027, responsiblePersonID: nil, by: viewer.auditActor, on: request.db)
        let events = try await CalendarEventModel.query(on: request.db).filter(\.$startsOn >= "2027-01-01")
            .filter(\.$startsOn <= "2027-12-31").filter(\.$kind == "holiday").sort(\.$startsOn).all()
        return try request.json(events.map(EventDTO.init))
    }
}
