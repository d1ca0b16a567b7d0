import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// `/api/v1/departures/…` (T22, T12, T11, A7): a departure's holdings, checklist and letters beside its request
/// (submitted through `POST /requests` with kind `departure`), and the people still bound after leaving.
enum DepartureAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let id = APIOperation.Parameter.path("id", description: "UUID of the departure request")
        registry.register(
            APIOperation(
                method: .GET, path: "departures/{id}", operationID: "getDeparture", tag: "departures",
                summary: "What the leaver still holds (T22, named as the viewer may see), the checklist, the letters",
                parameters: [id], responseSchema: "Departure"), on: routes, get)
        registry.register(
            APIOperation(
                method: .POST, path: "departures/{id}/items", operationID: "addDepartureItem", tag: "departures",
                summary: "List a material, piece of equipment or sample to be returned (T22)", parameters: [id],
                requestSchema: "DepartureItemInput", responseSchema: "Departure", successStatus: 201), on: routes,
            addItem)
        registry.register(
            APIOperation(
                method: .POST, path: "departures/{id}/items/{itemID}/sign", operationID: "signDepartureItem",
                tag: "departures", summary: "Sign an item off as returned, once, not by the leaver (T22)",
                parameters: [id, .path("itemID", description: "UUID of the item")], responseSchema: "Departure"),
            on: routes, sign)
        registry.register(
            APIOperation(
                method: .POST, path: "departures/{id}/letters", operationID: "recordDepartureLetter",
                tag: "departures", summary: "Record how and when a letter was delivered, once per letter (T12)",
                parameters: [id], requestSchema: "DepartureLetterInput", responseSchema: "Departure",
                successStatus: 201), on: routes, letter)
        registry.register(
            APIOperation(
                method: .GET, path: "departures/separation", operationID: "listSeparation", tag: "departures",
                summary: "People in their 脱密期 today, the nearest end first (A7)", responseSchema: "BoundPerson",
                responseIsArray: true), on: routes, separation)
        registry.register(
            APIOperation(
                method: .GET, path: "departures/non-compete", operationID: "listNonCompete", tag: "departures",
                summary: "People under non-compete today, the nearest end first (T11)", responseSchema: "BoundPerson",
                responseIsArray: true), on: routes, nonCompete)
        registry.register(
            APIOperation(
                method: .GET, path: "departures/policy", operationID: "getDeparturePolicy", tag: "departures",
                summary: "The 脱密期 by post class and the non-compete period (A7, T11)",
                responseSchema: "DeparturePolicy"), on: routes, policy)
        registry.register(
            APIOperation(
                method: .PUT, path: "departures/policy", operationID: "setDeparturePolicy", tag: "departures",
                summary: "Change the periods (security office; A7, T11)", requestSchema: "DeparturePolicy",
                responseSchema: "DeparturePolicy"), on: routes, setPolicy)
    }

    @Sendable static func get(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageDepartures)
        return try await answer(try request.uuidParameter(), viewer: viewer, request: request)
    }

    static func answer(
        _ id: UUID, viewer: Viewer, request: Request, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let model = try await RequestsAPI.visible(id, viewer: viewer, request: request)
        guard let panel = try await DeparturePanel.load(model, viewer: viewer, request: request) else {
            throw DomainError.notFound(zh: "离岗离职申请不存在", en: "No such departure")
        }
        return try request.json(DepartureDTO(panel, state: model.state), status: status)
    }

    @Sendable static func addItem(_ request: Request) async throws -> Response {
        let id = try request.uuidParameter()
        let viewer = try await DepartureController.managing(request, viewer: try await request.requireViewer(), id: id)
        let body = try request.body(DepartureItemInput.self)
        try await request.baomi.departures.addItem(
            to: id, category: body.category, description: body.description, by: RequestsController.actor(viewer),
            on: request.db)
        return try await answer(id, viewer: viewer, request: request, status: .created)
    }

    @Sendable static func sign(_ request: Request) async throws -> Response {
        let id = try request.uuidParameter()
        let viewer = try await DepartureController.managing(request, viewer: try await request.requireViewer(), id: id)
        try await request.baomi.departures.signItem(
            try request.uuidParameter("itemID"), of: id, by: RequestsController.actor(viewer), on: request.db)
        return try await answer(id, viewer: viewer, request: request)
    }

    @Sendable static func letter(_ request: Request) async throws -> Response {
        let id = try request.uuidParameter()
        let viewer = try await DepartureController.managing(request, viewer: try await request.requireViewer(), id: id)
        let body = try request.body(DepartureLetterInput.self)
        try await request.baomi.departures.recordDelivery(
            of: body.letter, for: id, deliveredOn: body.deliveredOn, method: body.method, deliveredBy: body.deliveredBy,
            by: RequestsController.actor(viewer), on: request.db)
        return try await answer(id, viewer: viewer, request: request, status: .created)
    }

    @Sendable static func separation(_ request: Request) async throws -> Response {
        let (_, people) = try await DepartureController.bound(.separation, request)
        return try request.json(people.map(BoundPersonDTO.init))
    }

    @Sendable static func nonCompete(_ request: Request) async throws -> Response {
        let (_, people) = try await DepartureController.bound(.nonCompete, request)
        return try request.json(people.map(BoundPersonDTO.init))
    }

    @Sendable static func policy(_ request: Request) async throws -> Response {
        _ = try await request.require(.manageDepartures)
        return try request.json(DeparturePolicyDTO(try await request.baomi.settings.departurePolicy(on: request.db)))
    }

    @Sendable static func setPolicy(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageSecrecyOrganisation)
        let body = try request.body(DeparturePolicyDTO.self)
        try await request.baomi.settings.setDeparturePolicy(
            DeparturePolicy(
                coreYears: body.coreYears, importantYears: body.importantYears, generalYears: body.generalYears,
                nonCompeteYears: body.nonCompeteYears), by: viewer.auditActor, on: request.db)
        return try await policy(request)
    }
}

struct DepartureItemInput: Content {
    var category: String
    var description: String
}

struct DepartureLetterInput: Content {
    var letter: String
    var deliveredOn: String
    var method: String
    var deliveredBy: String
}

struct DeparturePolicyDTO: Content {
    var coreYears: Int
    var importantYears: Int
    var generalYears: Int
    var nonCompeteYears: Int

    init(_ policy: DeparturePolicy) {
        coreYears = policy.coreYears
        importantYears = policy.importantYears
        generalYears = policy.generalYears
        nonCompeteYears = policy.nonCompeteYears
    }
}

struct BoundPersonDTO: Content {
    var personID: UUID
    var name: String
    var employeeNumber: String
    var department: String
    var departedOn: String?
    var until: String

    init(_ bound: DepartureRepository.Bound) {
        personID = bound.personID
        name = bound.name
        employeeNumber = bound.employeeNumber
        department = bound.departmentName
        departedOn = bound.departedOn
        until = bound.until
    }
}

struct DepartureDTO: Content {
    struct Holding: Content {
        var kind: String
        /// The carrier and copy as the viewer may name them (principle 11).
        var label: String
        var link: String?
    }

    struct Item: Content {
        var id: UUID
        var position: Int
        var category: String
        var description: String
        var signedBy: String?
        var signedAt: Date?
    }

    struct Letter: Content {
        var letter: String
        var deliveredOn: String?
        var method: String?
        var deliveredBy: String?
    }

    var requestID: UUID
    var state: String
    var personID: UUID?
    var holdings: [Holding]
    /// Holdings the viewer may not see named, counted (principle 11).
    var unnamedHoldings: Int
    var items: [Item]
    var letters: [Letter]

    init(_ panel: DeparturePanel, state: String) {
        requestID = panel.requestID
        self.state = state
        personID = panel.personID
        holdings = panel.holdings.map { Holding(kind: $0.kind.rawValue, label: $0.label, link: $0.link) }
        unnamedHoldings = panel.unnamed
        items = panel.items.map {
            Item(
                id: $0.id, position: $0.position, category: $0.category, description: $0.description,
                signedBy: $0.signedBy, signedAt: $0.signedAt)
        }
        letters = panel.letters.map {
            Letter(
                letter: $0.letter.rawValue, deliveredOn: $0.deliveredOn, method: $0.method, deliveredBy: $0.deliveredBy)
        }
    }
}
