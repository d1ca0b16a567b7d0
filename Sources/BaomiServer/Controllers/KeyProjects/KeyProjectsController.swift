import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

extension BaomiServices {
    /// Key projects and tracking files (T10); cheap to make, so made where used.
    var keyProjects: KeyProjectRepository { KeyProjectRepository(store: store, clock: clock) }
    var trackingFiles: TrackingFileRepository { TrackingFileRepository(store: store, clock: clock) }
}

/// Key projects and tracking files from the pages (T10): a project's page and its three forms (key flag and end,
/// a transfer request, leaving without consent), the tracking files and a file's entry and closing forms. Every
/// form redisplays its page with the values and the errors beside their fields.
enum KeyProjectsController {
    static func register(on app: Application) {
        let any = UUID()
        func get(_ page: KeyProjectPage, _ handler: @escaping @Sendable (Request) async throws -> Response) {
            app.get(SiteRoute.keyProjects(page).pattern.map(PathComponent.init(stringLiteral:)), use: handler)
        }
        func post(_ page: KeyProjectPage, _ handler: @escaping @Sendable (Request) async throws -> Response) {
            app.post(SiteRoute.keyProjects(page).pattern.map(PathComponent.init(stringLiteral:)), use: handler)
        }
        get(.project(any), projectPage)
        post(.keyFacts(any), saveKeyFacts)
        post(.transfer(any), startTransfer)
        post(.withoutConsent(any), recordWithoutConsent)
        get(.files, filesPage)
        get(.file(any), filePage)
        post(.entries(any), addEntry)
        post(.close(any), closeFile)
    }

    /// The people section's link for the security office.
    static func navigation(_ context: PageContext) -> [(SiteRoute, String)] {
        context.can(.trackKeyProjects) ? [(.keyProjects(.files), context.t("专档跟踪", "Tracking files"))] : []
    }

    // MARK: A project

    static func projectModel(_ request: Request, id: UUID) async throws -> ProjectPage.Model {
        let repository = request.baomi.keyProjects
        let project = try await repository.project(id, on: request.db)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let today = ClearanceRepository.today(request.baomi.clock())
        return ProjectPage.Model(
            id: id, code: project.code, name: project.name,
            level: catalogue.definition(LevelID(rawValue: project.level)).map { PageContext(request).t($0.name) }
                ?? project.level,
            isKeyProject: project.isKeyProject, endsOn: project.endsOn,
            running: KeyProjectRules.isRunning(endsOn: project.endsOn, today: today),
            members: try await repository.members(of: id, on: request.db).map {
                ProjectPage.Member(
                    personID: $0.personID, label: "\($0.name)（\($0.employeeNumber)）", department: $0.departmentName,
                    postClass: SecretPostClass(rawValue: $0.postClass) ?? .nonSecret,
                    status: PersonStatus(rawValue: $0.status) ?? .active, joinedOn: $0.joinedOn)
            },
            files: try await request.baomi.trackingFiles.openFiles(of: id, on: request.db).map {
                ProjectPage.FileRow(
                    id: try $0.requireID(), personName: $0.personName, reason: $0.trackingReason ?? .withoutConsent,
                    occurredOn: $0.occurredOn, openedAt: $0.openedAt)
            })
    }

    static func projectPage(_ request: Request) async throws -> Response {
        try await request.require(.trackKeyProjects)
        let model = try await projectModel(request, id: try request.uuidParameter())
        return try await HTMLPage(html: ProjectPage.render(PageContext(request), model)).encodeResponse(for: request)
    }

    static func saveKeyFacts(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.trackKeyProjects)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let values = request.formFields()
        return try await onProject(request, id: id, form: .keyFacts, values: values, anchor: "key") {
            try await request.baomi.keyProjects.setKeyFacts(
                of: id, isKeyProject: values["isKeyProject"] == "true", endsOn: values["endsOn"],
                by: viewer.auditActor, on: request.db)
            return nil
        }
    }

    /// Starts a 重点项目人员调离 request (T10) through the engine; its page follows.
    static func startTransfer(_ request: Request) async throws -> Response {
        _ = try await request.require(.trackKeyProjects)
        let viewer = try await LoanActions.requireSubmission(.keyProjectTransfer, carriers: [], request: request)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        var values = request.formFields()
        values["projectID"] = id.uuidString
        return try await onProject(request, id: id, form: .transfer, values: values, anchor: "transfer") {
            let created = try await request.baomi.requests.submit(
                .keyProjectTransfer, carrierID: nil, copyIDs: [], reason: values["reason"] ?? "",
                payloadJSON: try RequestPayloadViews.payloadJSON(.keyProjectTransfer, values),
                catalogue: try await request.baomi.settings.levelCatalogue(on: request.db),
                by: RequestsController.actor(viewer), on: request.db)
            return SiteRoute.request(try created.requireID()).path + "?saved=1"
        }
    }

    static func recordWithoutConsent(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.trackKeyProjects)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let values = request.formFields()
        return try await onProject(request, id: id, form: .withoutConsent, values: values, anchor: "without-consent") {
            let file = try await request.baomi.keyProjects.recordLeftWithoutConsent(
                personID: UUID(uuidString: values["personID"] ?? "") ?? RequestPayloadViews.unknownPerson,
                projectID: id, occurredOn: values["occurredOn"], account: values["account"], by: viewer.auditActor,
                on: request.db)
            return SiteRoute.keyProjects(.file(try file.requireID())).path + "?saved=1"
        }
    }

    /// Runs a project form's write: to `write`'s page, or back to the project's, or the page again with the errors.
    private static func onProject(
        _ request: Request, id: UUID, form: ProjectPage.Form, values: [String: String], anchor: String,
        _ write: () async throws -> String?
    ) async throws -> Response {
        let errors: [FieldError]
        var status = HTTPResponseStatus.unprocessableEntity
        do {
            let next = try await write()
            return request.redirect(to: next ?? SiteRoute.keyProjects(.project(id)).path + "?saved=1#\(anchor)")
        } catch DomainError.invalid(let invalid) {
            errors = invalid
        } catch let refusal as Refusal {
            errors = [FieldError(field: "personID", rule: refusal.rule, message: refusal.reason)]
        } catch DomainError.conflict(let message, let rule) {
            errors = [FieldError(field: "personID", rule: rule, message: message)]
            status = .conflict
        }
        let model = try await projectModel(request, id: id)
        return try await HTMLPage(
            html: ProjectPage.render(PageContext(request), model, form: form, values: values, errors: errors),
            status: status
        ).encodeResponse(for: request)
    }

    // MARK: Tracking files

    static func row(_ file: TrackingFileModel) throws -> TrackingFilePages.Row {
        TrackingFilePages.Row(
            id: try file.requireID(), personName: file.personName, project: "\(file.projectCode) \(file.projectName)",
            reason: file.trackingReason ?? .withoutConsent, occurredOn: file.occurredOn, openedAt: file.openedAt,
            closedAt: file.closedAt)
    }

    static func filesPage(_ request: Request) async throws -> Response {
        try await request.require(.trackKeyProjects)
        let all = (try? request.query.get(String.self, at: "state")) == "all"
        let files = try await request.baomi.trackingFiles.files(includeClosed: all, on: request.db)
        return try await HTMLPage(
            html: TrackingFilePages.list(PageContext(request), rows: try files.map(row), includeClosed: all)
        ).encodeResponse(for: request)
    }

    static func fileModel(_ request: Request, id: UUID) async throws -> TrackingFilePages.FileModel {
        let repository = request.baomi.trackingFiles
        let file = try await repository.file(id, on: request.db)
        return TrackingFilePages.FileModel(
            row: try row(file), personID: file.$person.id, projectID: file.$project.id, requestID: file.requestID,
            account: file.account, openedBy: file.openedBy, closedBy: file.closedBy, closeNote: file.closeNote,
            entries: try await repository.entries(of: id, on: request.db).map {
                TrackingFilePages.Entry(
                    enteredOn: $0.enteredOn, text: $0.text, recordedBy: $0.recordedBy, recordedAt: $0.recordedAt)
            })
    }

    static func filePage(_ request: Request) async throws -> Response {
        try await request.require(.trackKeyProjects)
        let model = try await fileModel(request, id: try request.uuidParameter())
        return try await HTMLPage(html: TrackingFilePages.file(PageContext(request), model)).encodeResponse(
            for: request)
    }

    static func addEntry(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.trackKeyProjects)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let values = request.formFields()
        return try await onFile(request, id: id, form: .entry, values: values) {
            try await request.baomi.trackingFiles.addEntry(
                to: id, enteredOn: values["enteredOn"], text: values["text"], by: viewer.auditActor, on: request.db)
        }
    }

    static func closeFile(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.trackKeyProjects)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let values = request.formFields()
        return try await onFile(request, id: id, form: .close, values: values) {
            try await request.baomi.trackingFiles.close(id, note: values["note"], by: viewer.auditActor, on: request.db)
        }
    }

    private static func onFile(
        _ request: Request, id: UUID, form: TrackingFilePages.Form, values: [String: String],
        _ write: () async throws -> Void
    ) async throws -> Response {
        let errors: [FieldError]
        var status = HTTPResponseStatus.unprocessableEntity
        do {
            try await write()
            return request.redirect(to: SiteRoute.keyProjects(.file(id)).path + "?saved=1")
        } catch DomainError.invalid(let invalid) {
            errors = invalid
        } catch DomainError.conflict(let message, let rule) {
            errors = [FieldError(field: form == .entry ? "text" : "note", rule: rule, message: message)]
            status = .conflict
        }
        let model = try await fileModel(request, id: id)
        return try await HTMLPage(
            html: TrackingFilePages.file(PageContext(request), model, form: form, values: values, errors: errors),
            status: status
        ).encodeResponse(for: request)
    }
}
