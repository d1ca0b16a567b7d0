import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// `/api/v1/training/…`: sessions, attendance, offerings and everyone's training record (E1–E6.7, A4).
enum TrainingAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let id = APIOperation.Parameter.path("id", description: "Session UUID")
        registry.register(
            APIOperation(
                method: .GET, path: "training/sessions", operationID: "listTrainingSessions", tag: "training",
                summary: "Secrecy-education sessions of a year, newest first 保密教育培训 (E6.1)",
                parameters: [.year, .integer("offset", "Rows to skip", 0...1_000_000)],
                responseSchema: "TrainingSession", responseIsArray: true), on: routes, list)
        registry.register(
            APIOperation(
                method: .POST, path: "training/sessions", operationID: "recordTrainingSession", tag: "training",
                summary: "Record a session, with the organiser's list of attendees (E6.1–E6.7)",
                requestSchema: "TrainingSessionInput", responseSchema: "TrainingSession", successStatus: 201),
            on: routes, create)
        registry.register(
            APIOperation(
                method: .GET, path: "training/sessions/{id}", operationID: "getTrainingSession", tag: "training",
                summary: "A session with its attendees", parameters: [id], responseSchema: "TrainingSession"),
            on: routes, detail)
        registry.register(
            APIOperation(
                method: .POST, path: "training/sessions/{id}/attendance", operationID: "recordAttendance",
                tag: "training", summary: "The organiser lists who attended; each earns one credit (E6.1)",
                parameters: [id], requestSchema: "AttendanceInput", responseSchema: "TrainingSession"),
            on: routes, attendance)
        registry.register(
            APIOperation(
                method: .POST, path: "training/sessions/{id}/confirm", operationID: "confirmAttendance",
                tag: "training", summary: "Confirm one's own attendance; confirming again changes nothing (E6.1)",
                parameters: [id], responseSchema: "TrainingRecord"), on: routes, confirm)
        registry.register(
            APIOperation(
                method: .GET, path: "training/offerings", operationID: "listTrainingOfferings", tag: "training",
                summary: "What would earn a credit of a purpose: upcoming sessions (E6.6(3))",
                parameters: [.choice("purpose", TrainingPurpose.self, "A training purpose (default prePost)")],
                responseSchema: "TrainingOffering", responseIsArray: true), on: routes, offerings)
        registry.register(
            APIOperation(
                method: .GET, path: "people/{id}/training", operationID: "getTrainingRecord", tag: "training",
                summary: "A person's training record: credits and where they stand (E1–E6.7)",
                parameters: [.path("id", description: "Person UUID")], responseSchema: "TrainingRecord"),
            on: routes, record)
        registry.register(
            APIOperation(
                method: .GET, path: "me/training", operationID: "getOwnTrainingRecord", tag: "training",
                summary: "One's own training record (E1–E6.7)", responseSchema: "TrainingRecord"), on: routes, own)
        registry.register(
            APIOperation(
                method: .GET, path: "training/policy", operationID: "getTrainingPolicy", tag: "training",
                summary: "How long a pre-post credit counts; how early briefings are due (E6.5, E6.6(3))",
                responseSchema: "TrainingPolicy"), on: routes, policy)
        registry.register(
            APIOperation(
                method: .PUT, path: "training/policy", operationID: "setTrainingPolicy", tag: "training",
                summary: "Change the training validity and briefing lead (security office; T30)",
                requestSchema: "TrainingPolicy", responseSchema: "TrainingPolicy"), on: routes, setPolicy)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        try await request.require(.viewTraining)
        var query = QueryParameters(request)
        let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
        let year = query.integer("year", ReportYear.earliest...(thisYear + 1))
        let offset = query.integer("offset", 0...1_000_000) ?? 0
        try query.check()
        let sessions = try await request.baomi.training.sessions(year: year, offset: offset, on: request.db)
        return try request.json(sessions.map { SessionDTO($0) })
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTraining)
        let body = try request.body(SessionInput.self)
        let draft = try SessionDraft.parse(body.draftInput)
        let session = try await request.baomi.training.record(
            draft, attendees: body.attendees ?? [], by: viewer.auditActor, on: request.db)
        return try await sessionAnswer(try session.requireID(), request: request, status: .created)
    }

    @Sendable static func detail(_ request: Request) async throws -> Response {
        try await request.require(.viewTraining)
        return try await sessionAnswer(try request.uuidParameter(), request: request)
    }

    @Sendable static func attendance(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTraining)
        let id = try request.uuidParameter()
        let body = try request.body(AttendanceInput.self)
        try await request.baomi.training.recordAttendance(
            of: id, people: body.people, by: viewer.auditActor, on: request.db)
        return try await sessionAnswer(id, request: request)
    }

    @Sendable static func confirm(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer()
        guard let personID = viewer.account.$person.id else {
            throw DomainError.conflict(
                LocalizedText(zh: "账号未关联人员，无法确认参训", en: "The account is linked to no person"), rule: nil)
        }
        try await request.baomi.training.confirm(
            try request.uuidParameter(), personID: personID, by: viewer.auditActor, on: request.db)
        return try await recordAnswer(personID, request: request)
    }

    @Sendable static func offerings(_ request: Request) async throws -> Response {
        _ = try await request.requireViewer()
        var query = QueryParameters(request)
        let purpose = query.choice("purpose", TrainingPurpose.self) ?? .prePost
        try query.check()
        let today = ClearanceRepository.today(request.baomi.clock())
        let offerings = try await TrainingOfferings().offerings(for: purpose, today: today, on: request.db)
        return try request.json(offerings)
    }

    @Sendable static func record(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer()
        let id = try request.uuidParameter()
        // One's own record is one's own; everyone else's is for those who run education (E1–E4).
        if viewer.account.$person.id != id { try await request.require(.viewTraining) }
        return try await recordAnswer(id, request: request)
    }

    @Sendable static func own(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer()
        guard let personID = viewer.account.$person.id else {
            throw DomainError.notFound(zh: "账号未关联人员", en: "The account is linked to no person")
        }
        return try await recordAnswer(personID, request: request)
    }

    @Sendable static func policy(_ request: Request) async throws -> Response {
        _ = try await request.requireViewer()
        let policy = try await request.baomi.settings.trainingPolicy(on: request.db)
        return try request.json(
            TrainingPolicyDTO(
                prePostValidityMonths: policy.prePostValidityMonths, briefingLeadDays: policy.briefingLeadDays,
                dutiesSince: policy.dutiesSince))
    }

    @Sendable static func setPolicy(_ request: Request) async throws -> Response {
        // The organisation's settings are the security office's (T30).
        let viewer = try await request.require(.manageSecrecyOrganisation)
        let body = try request.body(TrainingPolicyDTO.self)
        try await request.baomi.settings.setTrainingPolicy(
            TrainingPolicy(
                prePostValidityMonths: body.prePostValidityMonths, briefingLeadDays: body.briefingLeadDays,
                dutiesSince: body.dutiesSince),
            by: viewer.auditActor, on: request.db)
        return try await policy(request)
    }

    static func sessionAnswer(
        _ id: UUID, request: Request, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let training = request.baomi.training
        let session = try await training.session(id, on: request.db)
        let attendees = try await training.attendees(of: id, on: request.db)
        let materials = try await request.baomi.trainingMaterials.list(of: id, on: request.db)
        return try request.json(SessionDTO(session, attendees: attendees, materials: materials), status: status)
    }

    static func recordAnswer(_ personID: UUID, request: Request) async throws -> Response {
        let person = try await request.baomi.organisation.person(personID, on: request.db)
        let (credits, standing) = try await request.baomi.training.standing(
            of: personID, settings: request.baomi.settings, on: request.db)
        return try request.json(TrainingRecordDTO(person: person, credits: credits, standing: standing))
    }
}
