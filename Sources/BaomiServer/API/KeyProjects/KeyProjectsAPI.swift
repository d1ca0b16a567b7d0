import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

struct ProjectKeyFactsInput: Content {
    var isKeyProject: Bool
    var endsOn: String?
}

struct LeftWithoutConsentInput: Content {
    var personID: UUID
    var occurredOn: String
    var account: String
}

struct TrackingEntryInput: Content {
    var enteredOn: String
    var text: String
}

struct TrackingCloseInput: Content {
    var note: String
}

/// `/api/v1/projects/{id}` (members, key flag and end), `…/left-without-consent` and `/api/v1/tracking-files`:
/// key projects and their tracking files (T10), for the security office. A transfer out of a key project is a
/// request of kind `keyProjectTransfer` through `POST /api/v1/requests`.
enum KeyProjectsAPI {
    struct MemberDTO: Content {
        var personID: UUID
        var name: String
        var employeeNumber: String
        var department: String
        var postClass: String
        var status: String
        var joinedOn: String?
    }

    struct KeyProjectDTO: Content {
        var id: UUID
        var code: String
        var name: String
        var level: String
        var isKeyProject: Bool
        var endsOn: String?
        var running: Bool
        var members: [MemberDTO]
        var openTrackingFiles: [UUID]
    }

    struct EntryDTO: Content {
        var enteredOn: String
        var text: String
        var recordedBy: String
        var recordedAt: Date
    }

    struct TrackingFileDTO: Content {
        var id: UUID
        var personID: UUID
        var personName: String
        var projectID: UUID
        var projectCode: String
        var projectName: String
        var reason: String
        var requestID: UUID?
        var occurredOn: String
        var account: String
        var openedBy: String
        var openedAt: Date
        var closedAt: Date?
        var closedBy: String?
        var closeNote: String?
        var entries: [EntryDTO]?
    }

    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let project = APIOperation.Parameter.path("id", description: "Project UUID")
        let file = APIOperation.Parameter.path("id", description: "Tracking file UUID")
        registry.register(
            APIOperation(
                method: .GET, path: "projects/{id}", operationID: "getProject", tag: "people",
                summary: "A project with its members (people whose clearance holds it) and open tracking files (T10)",
                parameters: [project], responseSchema: "KeyProject"), on: routes, get)
        registry.register(
            APIOperation(
                method: .PUT, path: "projects/{id}/key-facts", operationID: "setProjectKeyFacts", tag: "people",
                summary: "Mark a project key (重点项目) or not and fix its last day (T10)", parameters: [project],
                requestSchema: "ProjectKeyFactsInput", responseSchema: "KeyProject"), on: routes, setKeyFacts)
        registry.register(
            APIOperation(
                method: .POST, path: "projects/{id}/left-without-consent", operationID: "recordLeftWithoutConsent",
                tag: "people", summary: "Record a member who left the key project without consent; opens a 专档 (T10)",
                parameters: [project], requestSchema: "LeftWithoutConsentInput", responseSchema: "TrackingFile",
                successStatus: 201), on: routes, leftWithoutConsent)
        registry.register(
            APIOperation(
                method: .GET, path: "tracking-files", operationID: "listTrackingFiles", tag: "people",
                summary: "Tracking files 专档跟踪, newest first (T10)",
                parameters: [
                    .query("state", type: "string", description: "open (default) or all", values: ["open", "all"])
                ], responseSchema: "TrackingFile", responseIsArray: true), on: routes, list)
        registry.register(
            APIOperation(
                method: .GET, path: "tracking-files/{id}", operationID: "getTrackingFile", tag: "people",
                summary: "A tracking file with its follow-up entries (T10)", parameters: [file],
                responseSchema: "TrackingFile"), on: routes, getFile)
        registry.register(
            APIOperation(
                method: .POST, path: "tracking-files/{id}/entries", operationID: "addTrackingEntry", tag: "people",
                summary: "Add a dated follow-up entry to an open tracking file (T10)", parameters: [file],
                requestSchema: "TrackingEntryInput", responseSchema: "TrackingFile", successStatus: 201),
            on: routes, addEntry)
        registry.register(
            APIOperation(
                method: .POST, path: "tracking-files/{id}/close", operationID: "closeTrackingFile", tag: "people",
                summary: "Close a tracking file with a note (T10)", parameters: [file],
                requestSchema: "TrackingCloseInput", responseSchema: "TrackingFile"), on: routes, close)
    }

    @Sendable static func get(_ request: Request) async throws -> Response {
        try await request.require(.trackKeyProjects)
        return try await projectAnswer(try request.uuidParameter(), request: request)
    }

    @Sendable static func setKeyFacts(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.trackKeyProjects)
        let id = try request.uuidParameter()
        let body = try request.body(ProjectKeyFactsInput.self)
        try await request.baomi.keyProjects.setKeyFacts(
            of: id, isKeyProject: body.isKeyProject, endsOn: body.endsOn, by: viewer.auditActor, on: request.db)
        return try await projectAnswer(id, request: request)
    }

    static func projectAnswer(_ id: UUID, request: Request) async throws -> Response {
        let model = try await KeyProjectsController.projectModel(request, id: id)
        let project = try await request.baomi.keyProjects.project(id, on: request.db)
        return try request.json(
            KeyProjectDTO(
                id: id, code: model.code, name: model.name, level: project.level, isKeyProject: model.isKeyProject,
                endsOn: model.endsOn, running: model.running,
                members: try await request.baomi.keyProjects.members(of: id, on: request.db).map {
                    MemberDTO(
                        personID: $0.personID, name: $0.name, employeeNumber: $0.employeeNumber,
                        department: $0.departmentName, postClass: $0.postClass, status: $0.status, joinedOn: $0.joinedOn
                    )
                }, openTrackingFiles: model.files.map(\.id)))
    }

    @Sendable static func leftWithoutConsent(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.trackKeyProjects)
        let id = try request.uuidParameter()
        let body = try request.body(LeftWithoutConsentInput.self)
        let file = try await request.baomi.keyProjects.recordLeftWithoutConsent(
            personID: body.personID, projectID: id, occurredOn: body.occurredOn, account: body.account,
            by: viewer.auditActor, on: request.db)
        return try await fileAnswer(try file.requireID(), request: request, status: .created)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        try await request.require(.trackKeyProjects)
        var parameters = QueryParameters(request)
        let all = parameters.oneOf("state", ["open", "all"]) == "all"
        try parameters.check()
        let files = try await request.baomi.trackingFiles.files(includeClosed: all, on: request.db)
        return try request.json(try files.map { try dto($0, entries: nil) })
    }

    @Sendable static func getFile(_ request: Request) async throws -> Response {
        try await request.require(.trackKeyProjects)
        return try await fileAnswer(try request.uuidParameter(), request: request)
    }

    @Sendable static func addEntry(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.trackKeyProjects)
        let id = try request.uuidParameter()
        let body = try request.body(TrackingEntryInput.self)
        try await request.baomi.trackingFiles.addEntry(
            to: id, enteredOn: body.enteredOn, text: body.text, by: viewer.auditActor, on: request.db)
        return try await fileAnswer(id, request: request, status: .created)
    }

    @Sendable static func close(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.trackKeyProjects)
        let id = try request.uuidParameter()
        let body = try request.body(TrackingCloseInput.self)
        try await request.baomi.trackingFiles.close(id, note: body.note, by: viewer.auditActor, on: request.db)
        return try await fileAnswer(id, request: request)
    }

    static func fileAnswer(
        _ id: UUID, request: Request, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let repository = request.baomi.trackingFiles
        let file = try await repository.file(id, on: request.db)
        let entries = try await repository.entries(of: id, on: request.db).map {
            EntryDTO(enteredOn: $0.enteredOn, text: $0.text, recordedBy: $0.recordedBy, recordedAt: $0.recordedAt)
        }
        return try request.json(try dto(file, entries: entries), status: status)
    }

    static func dto(_ file: TrackingFileModel, entries: [EntryDTO]?) throws -> TrackingFileDTO {
        TrackingFileDTO(
            id: try file.requireID(), personID: file.$person.id, personName: file.personName,
            projectID: file.$project.id, projectCode: file.projectCode, projectName: file.projectName,
            reason: file.reason, requestID: file.requestID, occurredOn: file.occurredOn, account: file.account,
            openedBy: file.openedBy, openedAt: file.openedAt, closedAt: file.closedAt, closedBy: file.closedBy,
            closeNote: file.closeNote, entries: entries)
    }
}
