import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

struct TripReportInput: Content {
    var kind: String
    var heldOn: String
    var heldBy: String
    var notes: String?
}

struct TravelDocumentInput: Content {
    var personID: UUID
    var kind: String
    var number: String
    var expiresOn: String?
    var heldByUnit: Bool?
}

struct TravelDocumentOutInput: Content {
    var tripID: UUID?
}

struct TravelPolicyInput: Content {
    var debriefingDays: Int
}

/// `/api/v1/travel/…`: trips abroad with their briefing and debriefing, the passports the unit keeps and their
/// log-out and log-in, and the debriefing days (A7, L1.7). A trip is asked for, and a former member of staff's
/// request recorded (T14), through `POST /api/v1/requests` with kind `travelAbroad` or `formerStaffUse`.
enum TravelAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let id = APIOperation.Parameter.path("id", description: "UUID")
        registry.register(
            APIOperation(
                method: .GET, path: "travel/trips", operationID: "listTrips", tag: "travel",
                summary: "Trips abroad 出境审批: all for the security office, one's own otherwise (A7)",
                responseSchema: "Trip", responseIsArray: true), on: routes, trips)
        registry.register(
            APIOperation(
                method: .GET, path: "travel/trips/{id}", operationID: "getTrip", tag: "travel",
                summary: "One trip with its briefing and debriefing (A7)", parameters: [id], responseSchema: "Trip"),
            on: routes, trip)
        registry.register(
            APIOperation(
                method: .POST, path: "travel/trips/{id}/reports", operationID: "recordTripReport", tag: "travel",
                summary: "Record the pre-departure briefing 行前保密教育 or the return debriefing 回国汇报 (A7)",
                parameters: [id], requestSchema: "TripReportInput", responseSchema: "Trip", successStatus: 201),
            on: routes, report)
        registry.register(
            APIOperation(
                method: .GET, path: "travel/documents", operationID: "listTravelDocuments", tag: "travel",
                summary: "The travel documents register 证件管理 (A7)", responseSchema: "TravelDocument",
                responseIsArray: true), on: routes, documents)
        registry.register(
            APIOperation(
                method: .POST, path: "travel/documents", operationID: "registerTravelDocument", tag: "travel",
                summary: "Register a passport or permit of a person (A7)", requestSchema: "TravelDocumentInput",
                responseSchema: "TravelDocument", successStatus: 201), on: routes, registerDocument)
        registry.register(
            APIOperation(
                method: .POST, path: "travel/documents/{id}/log-out", operationID: "logOutTravelDocument",
                tag: "travel",
                summary:
                    "Lend the document for an approved, current trip (refused without one for people who need it, A7, L1.7); 409 if another log-out came first",
                parameters: [id], requestSchema: "TravelDocumentOutInput", responseSchema: "TravelDocument"),
            on: routes, logOut)
        registry.register(
            APIOperation(
                method: .POST, path: "travel/documents/{id}/log-in", operationID: "logInTravelDocument", tag: "travel",
                summary: "Take the document back into the unit's keeping (A7)", parameters: [id],
                responseSchema: "TravelDocument"), on: routes, logIn)
        registry.register(
            APIOperation(
                method: .GET, path: "travel/policy", operationID: "getTravelPolicy", tag: "travel",
                summary: "Days after the return within which the debriefing is due and the passport back (A7)",
                responseSchema: "TravelPolicy"), on: routes, policy)
        registry.register(
            APIOperation(
                method: .PUT, path: "travel/policy", operationID: "setTravelPolicy", tag: "travel",
                summary: "Set the debriefing days, 1–60 (security office, audited; A7)", requestSchema: "TravelPolicy",
                responseSchema: "TravelPolicy"), on: routes, setPolicy)
    }

    struct ReportDTO: Content {
        var heldOn: String
        var heldBy: String
        var notes: String
        var recordedBy: String

        init(_ report: TravelRepository.Report) {
            heldOn = report.heldOn
            heldBy = report.heldBy
            notes = report.notes
            recordedBy = report.recordedBy
        }
    }

    struct TripDTO: Content {
        var id: UUID
        var number: String
        var state: String
        var travellerID: UUID?
        var traveller: String
        var destinations: [String]
        var departureDate: String
        var returnDate: String
        var nature: String?
        var purpose: String
        var briefing: ReportDTO?
        var debriefing: ReportDTO?
        var debriefingDue: String

        init(_ trip: TravelRepository.Trip, days: Int) {
            id = trip.requestID
            number = trip.number
            state = trip.state.rawValue
            travellerID = trip.travellerID
            traveller = trip.travellerName
            destinations = trip.payload.destinations ?? []
            departureDate = trip.departureDate
            returnDate = trip.returnDate
            nature = trip.payload.nature
            purpose = trip.payload.purpose ?? ""
            briefing = trip.briefing.map(ReportDTO.init)
            debriefing = trip.debriefing.map(ReportDTO.init)
            debriefingDue = TravelRules.debriefingDue(returnDate: trip.returnDate, days: days)
        }
    }

    struct DocumentDTO: Content {
        var id: UUID
        var personID: UUID
        var holder: String
        var kind: String
        var number: String
        var expiresOn: String?
        var heldByUnit: Bool
        var out: Bool
        var tripID: UUID?
        var dueBack: String?

        init(_ document: TravelDocumentRepository.Document) {
            id = document.id
            personID = document.personID
            holder = document.personName
            kind = document.kind.rawValue
            number = document.number
            expiresOn = document.expiresOn
            heldByUnit = document.heldByUnit
            out = document.isOut
            tripID = document.outRequestID
            dueBack = document.dueBack
        }
    }

    struct PolicyDTO: Content {
        var debriefingDays: Int
    }

    @Sendable static func trips(_ request: Request) async throws -> Response {
        let viewer = try await TravelController.requireTravel(request)
        let days = try await request.baomi.travel.debriefingDays(on: request.db)
        return try request.json(
            try await TravelController.visibleTrips(request, viewer: viewer).map { TripDTO($0, days: days) })
    }

    @Sendable static func trip(_ request: Request) async throws -> Response {
        let viewer = try await TravelController.requireTravel(request)
        let trip = try await TravelController.visibleTrip(try request.uuidParameter(), request: request, viewer: viewer)
        return try request.json(TripDTO(trip, days: try await request.baomi.travel.debriefingDays(on: request.db)))
    }

    @Sendable static func report(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTravel)
        let id = try request.uuidParameter()
        let body = try request.body(TripReportInput.self)
        guard let kind = TripReportKind(rawValue: body.kind) else {
            throw DomainError.invalid(
                field: "kind", zh: "种类只能是 briefing 或 debriefing", en: "kind is briefing or debriefing")
        }
        try await request.baomi.travel.recordReport(
            kind, of: id, heldOn: body.heldOn, heldBy: body.heldBy, notes: body.notes, by: viewer.auditActor,
            roles: viewer.roles, on: request.db)
        let trip = try await request.baomi.travel.trip(id, on: request.db)
        return try request.json(
            TripDTO(trip, days: try await request.baomi.travel.debriefingDays(on: request.db)), status: .created)
    }

    @Sendable static func documents(_ request: Request) async throws -> Response {
        try await request.require(.manageTravel)
        return try request.json(try await request.baomi.travelDocuments.documents(on: request.db).map(DocumentDTO.init))
    }

    @Sendable static func registerDocument(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTravel)
        let body = try request.body(TravelDocumentInput.self)
        let id = try await request.baomi.travelDocuments.register(
            .init(
                personID: body.personID, kind: body.kind, number: body.number, expiresOn: body.expiresOn,
                heldByUnit: body.heldByUnit),
            by: viewer.auditActor, roles: viewer.roles, on: request.db)
        return try request.json(
            DocumentDTO(try await request.baomi.travelDocuments.document(id, on: request.db)), status: .created)
    }

    @Sendable static func logOut(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTravel)
        let id = try request.uuidParameter()
        let trip = request.body.data == nil ? nil : try request.body(TravelDocumentOutInput.self).tripID
        try await request.baomi.travelDocuments.logOut(
            id, tripID: trip, by: viewer.auditActor, roles: viewer.roles, on: request.db)
        return try request.json(DocumentDTO(try await request.baomi.travelDocuments.document(id, on: request.db)))
    }

    @Sendable static func logIn(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTravel)
        let id = try request.uuidParameter()
        try await request.baomi.travelDocuments.logIn(id, by: viewer.auditActor, roles: viewer.roles, on: request.db)
        return try request.json(DocumentDTO(try await request.baomi.travelDocuments.document(id, on: request.db)))
    }

    @Sendable static func policy(_ request: Request) async throws -> Response {
        try await request.require(.manageTravel)
        return try request.json(
            PolicyDTO(debriefingDays: try await request.baomi.travel.debriefingDays(on: request.db)))
    }

    @Sendable static func setPolicy(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTravel)
        let body = try request.body(TravelPolicyInput.self)
        try await request.baomi.travel.setDebriefingDays(
            body.debriefingDays, by: viewer.auditActor, roles: viewer.roles, on: request.db)
        return try request.json(
            PolicyDTO(debriefingDays: try await request.baomi.travel.debriefingDays(on: request.db)))
    }
}
