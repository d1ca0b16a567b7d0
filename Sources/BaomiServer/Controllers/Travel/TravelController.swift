import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// Travel abroad from the pages (A7, L1.7): the trips — everyone's for the security office, one's own for the
/// rest — the form that asks for one (a request of kind `travelAbroad` of the engine), a trip with its briefing and
/// debriefing; the passport register (`TravelController+Documents`) and former staff (`+FormerStaff`).
enum TravelController {
    static func register(on app: Application) {
        let any = UUID()
        func get(_ page: TravelPage, _ handler: @escaping @Sendable (Request) async throws -> Response) {
            app.get(SiteRoute.travel(page).pattern.map(PathComponent.init(stringLiteral:)), use: handler)
        }
        func post(_ page: TravelPage, _ handler: @escaping @Sendable (Request) async throws -> Response) {
            app.post(SiteRoute.travel(page).pattern.map(PathComponent.init(stringLiteral:)), use: handler)
        }
        get(.trips, trips)
        get(.tripNew, newTrip)
        post(.tripNew, createTrip)
        get(.trip(any), trip)
        post(.tripReport(any), recordReport)
        get(.documents, documents)
        post(.documents, registerDocument)
        post(.documentOut(any), logOut)
        post(.documentIn(any), logIn)
        post(.policy, setPolicy)
        get(.formerStaff, formerStaff)
        post(.formerStaff, createFormerStaff)
    }

    /// The entries of the side navigation.
    static func navigation(_ context: PageContext) -> [(SiteRoute, String)] {
        var items: [(SiteRoute, String)] = []
        if context.can(.requestTravel) || context.can(.manageTravel) {
            items.append((.travel(.trips), context.t("出境审批", "Travel abroad")))
        }
        if context.can(.manageTravel) {
            items.append((.travel(.documents), context.t("出境证件管理", "Travel documents")))
            items.append((.travel(.formerStaff), context.t("离职人员技术秘密", "Former staff")))
        }
        return items
    }

    // MARK: Shared with the API

    /// The trips the viewer may see: all for the security office; otherwise their own (as traveller or requester).
    static func visibleTrips(_ request: Request, viewer: Viewer) async throws -> [TravelRepository.Trip] {
        let trips = try await request.baomi.travel.trips(on: request.db)
        return trips.filter { mayView($0, viewer: viewer) }
    }

    static func mayView(_ trip: TravelRepository.Trip, viewer: Viewer) -> Bool {
        viewer.can(.manageTravel) || trip.requesterID == viewer.accountID
            || (trip.travellerID != nil && trip.travellerID == viewer.account.$person.id)
    }

    /// One trip the viewer may see; 404 otherwise, as if it did not exist.
    static func visibleTrip(_ id: UUID, request: Request, viewer: Viewer) async throws -> TravelRepository.Trip {
        let trip = try await request.baomi.travel.trip(id, on: request.db)
        guard mayView(trip, viewer: viewer) else { throw DomainError.notFound(zh: "出境记录不存在", en: "No such trip") }
        return trip
    }

    /// Whether the viewer needs an approval to travel (A7), and why.
    static func viewerNeeds(_ request: Request, viewer: Viewer) async throws -> LocalizedText? {
        guard let id = viewer.account.$person.id, let person = try await PersonModel.find(id, on: request.db) else {
            return nil
        }
        return TravelRules.reason(
            postClass: SecretPostClass(rawValue: person.postClass) ?? .nonSecret,
            separationUntil: person.separationUntil, today: ClearanceRepository.today(request.baomi.clock()))
    }

    static func row(_ trip: TravelRepository.Trip, context: PageContext) -> TravelPages.TripRow {
        TravelPages.TripRow(
            id: trip.requestID, number: trip.number, traveller: trip.travellerName, department: trip.departmentName,
            destinations: TravelAbroadPayloadView.destinations(trip.payload, context: context),
            departure: trip.departureDate, back: trip.returnDate, state: trip.state, briefed: trip.briefing != nil,
            debriefed: trip.debriefing != nil)
    }

    // MARK: Pages

    @Sendable static func trips(_ request: Request) async throws -> Response {
        let viewer = try await requireTravel(request)
        let context = PageContext(request)
        let model = TravelPages.TripsModel(
            rows: try await visibleTrips(request, viewer: viewer).map { row($0, context: context) },
            viewerNeeds: try await viewerNeeds(request, viewer: viewer),
            mayFile: viewer.can(.requestTravel) && (viewer.account.$person.id != nil || viewer.can(.manageTravel)),
            mayManage: viewer.can(.manageTravel),
            debriefingDays: try await request.baomi.travel.debriefingDays(on: request.db))
        return try await HTMLPage(html: TravelPages.trips(context, model)).encodeResponse(for: request)
    }

    static func requireTravel(_ request: Request) async throws -> Viewer {
        let viewer = try await request.requireViewer()
        if viewer.can(.manageTravel) { return viewer }
        return try await request.require(.requestTravel)
    }

    /// Whom the form offers: anyone for the security office, oneself for the rest.
    static func travellers(_ request: Request, viewer: Viewer) async throws -> [FormChoice] {
        if viewer.can(.manageTravel) {
            return try await request.baomi.organisation.people(on: request.db)
                .filter { $0.status != PersonStatus.departed.rawValue || $0.separationUntil != nil }
                .compactMap { person in
                    person.id.map {
                        FormChoice(value: $0.uuidString, label: "\(person.name)（\(person.employeeNumber)）")
                    }
                }
        }
        guard let id = viewer.account.$person.id, let person = try await PersonModel.find(id, on: request.db) else {
            return []
        }
        return [FormChoice(value: id.uuidString, label: person.name)]
    }

    @Sendable static func newTrip(_ request: Request) async throws -> Response {
        try await newTripPage(request, values: [:], errors: [])
    }

    static func newTripPage(
        _ request: Request, values: [String: String], errors: [FieldError], status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try await requireTravel(request)
        let html = TravelPages.newTrip(
            PageContext(request), people: try await travellers(request, viewer: viewer), values: values,
            errors: errors, viewerNeeds: try await viewerNeeds(request, viewer: viewer))
        return try await HTMLPage(html: html, status: status).encodeResponse(for: request)
    }

    @Sendable static func createTrip(_ request: Request) async throws -> Response {
        let viewer = try await requireTravel(request)
        try request.verifyCSRF()
        let values = request.formFields()
        do {
            let created = try await request.baomi.requests.submit(
                .travelAbroad, carrierID: nil, copyIDs: [], reason: values["reason"] ?? "",
                payloadJSON: try RequestPayloadViews.payloadJSON(.travelAbroad, values),
                catalogue: try await request.levelCatalogue(), by: RequestsController.actor(viewer), on: request.db)
            return request.redirect(to: SiteRoute.travel(.trip(try created.requireID())).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await newTripPage(request, values: values, errors: errors, status: .unprocessableEntity)
        } catch let refusal as Refusal {
            return try await newTripPage(
                request, values: values,
                errors: [FieldError(field: "travellerID", rule: refusal.rule, message: refusal.reason)],
                status: .unprocessableEntity)
        }
    }

    @Sendable static func trip(_ request: Request) async throws -> Response {
        try await tripPage(request, values: [:], errors: [])
    }

    static func tripPage(
        _ request: Request, values: [String: String], errors: [FieldError], status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try await requireTravel(request)
        let trip = try await visibleTrip(try request.uuidParameter(), request: request, viewer: viewer)
        let context = PageContext(request)
        let days = try await request.baomi.travel.debriefingDays(on: request.db)
        let model = TravelPages.TripModel(
            row: row(trip, context: context),
            lines: TravelAbroadPayloadView.lines(trip.payload, context: context, catalogue: .nationalDefault),
            briefing: trip.briefing, debriefing: trip.debriefing,
            debriefingDue: TravelRules.debriefingDue(returnDate: trip.returnDate, days: days),
            mayRecord: viewer.can(.manageTravel) && trip.state == .approved)
        return try await HTMLPage(
            html: TravelPages.trip(context, model, values: values, errors: errors), status: status
        )
        .encodeResponse(for: request)
    }

    @Sendable static func recordReport(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTravel)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let values = request.formFields()
        guard let kind = TripReportKind(rawValue: values["kind"] ?? "") else {
            throw DomainError.invalid(field: "kind", zh: "请选择行前教育或回国汇报", en: "Briefing or debriefing")
        }
        do {
            try await request.baomi.travel.recordReport(
                kind, of: id, heldOn: values["heldOn"], heldBy: values["heldBy"], notes: values["notes"],
                by: viewer.auditActor, roles: viewer.roles, on: request.db)
            return request.redirect(to: SiteRoute.travel(.trip(id)).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await tripPage(request, values: values, errors: errors, status: .unprocessableEntity)
        } catch DomainError.conflict(let message, let rule) {
            return try await tripPage(
                request, values: values, errors: [FieldError(field: "heldOn", rule: rule, message: message)],
                status: .conflict)
        }
    }
}
