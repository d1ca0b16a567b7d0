import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

/// Registering carriers and recording their copies' steps, as pages (C0–C10).
enum CarriersController {
    static func choices(_ request: Request) async throws -> CarrierPages.Choices {
        let people = try await request.baomi.organisation.people(on: request.db)
        return CarrierPages.Choices(
            units: try await request.baomi.organisation.units(on: request.db), people: people,
            projects: try await request.baomi.places.projects(on: request.db),
            classifiers: people.filter { $0.classifierMaxLevel != nil },
            catalogue: try await request.baomi.settings.levelCatalogue(on: request.db))
    }

    @Sendable static func newPage(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.manageCarriers)
        var values = ["source": "made", "copyCount": "1"]
        if let department = try await request.viewerDepartment(viewer) {
            values["departmentID"] = department.uuidString
        }
        return HTMLPage(
            html: CarrierPages.new(PageContext(request), choices: try await choices(request), values: values))
    }

    /// The form's fields as the draft's input; lists come as `name[]`.
    static func input(_ request: Request) -> (CarrierDraft.Input, [String: String], [String: Set<String>]) {
        let form = request.formFields()
        func list(_ name: String) -> [String] { (try? request.content.get([String].self, at: name)) ?? [] }
        var input = CarrierDraft.Input()
        input.title = form["title"]
        input.documentNumber = form["documentNumber"]
        input.category = form["category"]
        input.form = form["form"]
        input.source = form["source"]
        input.level = form["level"]
        input.period = form["period"]
        input.copyCount = form["copyCount"].flatMap { Int($0.trimmed) }
        input.declaredCount = form["declaredCount"].flatMap { Int($0.trimmed) }
        input.copyingAllowed = form["copyingAllowed"] == "true"
        input.isProductionWaste = form["isProductionWaste"] == "true"
        input.departmentID = form["departmentID"]
        input.projectID = form["projectID"]
        input.scopePeople = list("scopePeople")
        input.scopeDepartments = list("scopeDepartments")
        input.scopeProjects = list("scopeProjects")
        input.classifierID = form["classifierID"]
        input.classificationBasis = form["classificationBasis"]
        input.classifiedOn = form["classifiedOn"]
        input.originatingAuthority = form["originatingAuthority"]
        input.notes = form["notes"]
        // A repeated 文号 is registered only with the tick and a reason (C2): the tick alone is no confirmation, so
        // it passes an empty reason for `CarrierDraft.parse` to ask for.
        if form["confirmDuplicateDocumentNumber"] == "true" {
            input.duplicateDocumentNumberReason = form["duplicateDocumentNumberReason"] ?? ""
        }
        let lists = [
            "scopePeople": Set(list("scopePeople")), "scopeDepartments": Set(list("scopeDepartments")),
            "scopeProjects": Set(list("scopeProjects")),
        ]
        return (input, form, lists)
    }

    /// Registration shared by page and API: the draft's rules (`CarrierDraft.parse`), then the register's
    /// (`CarrierRegistration.check`, inside `CarrierRepository.register`: A2, T5.1, T5.2, C2) — the same as every
    /// other way in.
    static func register(_ input: CarrierDraft.Input, viewer: Viewer, request: Request) async throws -> CarrierModel {
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let draft = try CarrierDraft.parse(input, catalogue: catalogue)
        return try await request.baomi.carriers.register(
            draft, registrarPersonID: viewer.account.$person.id, by: viewer.auditActor, on: request.db)
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageCarriers)
        try request.verifyCSRF()
        let (input, values, lists) = input(request)
        do {
            let carrier = try await register(input, viewer: viewer, request: request)
            return request.redirect(to: SiteRoute.carrier(try carrier.requireID()).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await redisplay(request, values: values, lists: lists, errors: errors)
        } catch let refusal as Refusal {
            let field = refusal.rule == RuleID("T5.1") ? "classifierID" : "level"
            return try await redisplay(
                request, values: values, lists: lists,
                errors: [FieldError(field: field, rule: refusal.rule, message: refusal.reason)])
        }
    }

    private static func redisplay(
        _ request: Request, values: [String: String], lists: [String: Set<String>], errors: [FieldError]
    ) async throws -> Response {
        let page = CarrierPages.new(
            PageContext(request), choices: try await choices(request), values: values, lists: lists, errors: errors)
        return try await HTMLPage(html: page, status: .unprocessableEntity).encodeResponse(for: request)
    }

    static func scopeNames(_ carrier: CarrierModel, request: Request) async throws -> [String] {
        let ids = carrier.scope.map(\.refID)
        let people = try await PersonModel.query(on: request.db).filter(\.$id ~~ ids).all().map { "\($0.name)" }
        let units = try await OrgUnitModel.query(on: request.db).filter(\.$id ~~ ids).all().map { "\($0.name)" }
        let projects = try await ProjectModel.query(on: request.db).filter(\.$id ~~ ids).all().map {
            "\($0.code) \($0.name)"
        }
        return units + people + projects
    }

    @Sendable static func detail(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.viewCarriers)
        let carrier = try await request.baomi.carriers.carrier(try request.uuidParameter(), on: request.db)
        try await request.requireAccess(.read, to: carrier, viewer: viewer)
        try await request.recordCarrierView(carrier, viewer: viewer)
        let copies = try await request.baomi.carriers.copies(of: try carrier.requireID(), on: request.db)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        // The disclosure record is for whoever looks after the carrier (C4, T5.2), not for every reader.
        let levels = catalogue
        let manages = AccessDecision.decide(
            try await request.accessSubject(viewer), .manage,
            try await request.baomi.clearances.object(carrier, levels: levels, on: request.db),
            postClasses: try await request.baomi.settings.postClasses(on: request.db), levels: levels
        ).isAllowed
        let readings =
            manages ? try await request.baomi.clearances.readings(of: try carrier.requireID(), on: request.db) : nil
        return HTMLPage(
            html: CarrierPages.detail(
                PageContext(request), carrier: carrier, copies: copies,
                scope: try await scopeNames(carrier, request: request), catalogue: catalogue, readings: readings))
    }

    @Sendable static func copy(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.viewCarriers)
        return HTMLPage(html: try await copyPage(request, viewer: viewer, id: try request.uuidParameter()))
    }

    static func copyPage(
        _ request: Request, viewer: Viewer, id: UUID, errors: [FieldError] = [], values: [String: String] = [:]
    ) async throws -> HTML {
        let copy = try await request.baomi.carriers.copy(id, on: request.db)
        try await request.requireAccess(.read, to: copy.carrier, viewer: viewer)
        if errors.isEmpty { try await request.recordCarrierView(copy.carrier, copy: copy, viewer: viewer) }
        let history = try await request.baomi.carriers.history(of: id, on: request.db)
        let places = try await request.baomi.places.places(on: request.db).filter(\.isActive)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let departments = try await request.baomi.organisation.units(on: request.db).filter {
            $0.id != copy.departmentID
        }
        return CopyPages.detail(
            PageContext(request), copy: copy, history: history, places: places, departments: departments,
            catalogue: catalogue, errors: errors, values: values)
    }

    /// A step from the copy page's forms or the API's JSON.
    static func step(from values: [String: String]) throws -> CopyStepRepository.Step {
        guard let action = CopyAction(rawValue: values["action"]?.trimmed ?? "") else {
            let message = AcceptedValues.of(CopyAction.self, title: \.title).refusing(
                values["action"] ?? "", label: LocalizedText(zh: "操作", en: "Action"))
            throw DomainError.invalid(field: "action", zh: message.zh, en: message.en)
        }
        var channel: TransmissionChannel?
        if let text = values["channel"]?.trimmed, !text.isEmpty {
            guard let parsed = TransmissionChannel(rawValue: text) else {
                let message = AcceptedValues.of(TransmissionChannel.self, title: \.title).refusing(
                    text, label: LocalizedText(zh: "传递方式", en: "Channel"))
                throw DomainError.invalid(field: "channel", rule: RuleID("C3"), zh: message.zh, en: message.en)
            }
            channel = parsed
        }
        func id(_ key: String) throws -> UUID? {
            guard let text = values[key]?.trimmed, !text.isEmpty else { return nil }
            guard let id = UUID(uuidString: text) else {
                throw DomainError.invalid(field: key, zh: "编号无效", en: "Not a valid id")
            }
            return id
        }
        let escorts =
            [values["escort1"], values["escort2"]].compactMap { $0?.trimmed }.filter { !$0.isEmpty }
            + (values["escorts"]?.split(separator: ",").map { String($0).trimmed } ?? [])
        return CopyStepRepository.Step(
            action: action, placeID: try id("placeID"), personID: try id("personID"),
            departmentID: try id("departmentID"),
            counterpart: String((values["counterpart"] ?? "").prefix(200)),
            channel: channel, escorts: escorts, sealed: values["sealed"] == "true", onSite: values["onSite"] == "true",
            storageRemoved: values["storageRemoved"] == "true",
            supervisor: String((values["supervisor"] ?? "").prefix(100)),
            note: String((values["note"] ?? "").prefix(500)))
    }

    /// A step shared by page and API: stewardship, then the repository's rules.
    static func applyStep(
        _ step: CopyStepRepository.Step, copyID: UUID, viewer: Viewer, request: Request
    ) async throws -> CopyModel {
        let copy = try await request.baomi.carriers.copy(copyID, on: request.db)
        // The keeping department's officer takes the steps, the receiving department's signs for an internal
        // dispatch (C2): both are among the carrier's departments in the access decision.
        try await request.requireStewardship(of: copy, viewer: viewer)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        return try await request.baomi.copySteps.apply(
            step, to: copyID, catalogue: catalogue, by: viewer.auditActor, on: request.db)
    }

    @Sendable static func applyStepFromForm(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageCarriers)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let values = request.formFields()
        do {
            _ = try await applyStep(try step(from: values), copyID: id, viewer: viewer, request: request)
            return request.redirect(to: SiteRoute.copy(id).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await copyPage(request, viewer: viewer, id: id, errors: errors, values: values),
                status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        } catch let refusal as Refusal {
            let errors = [FieldError(field: stepField(for: refusal.rule), rule: refusal.rule, message: refusal.reason)]
            return try await HTMLPage(
                html: try await copyPage(request, viewer: viewer, id: id, errors: errors, values: values),
                status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        }
    }

    /// Which field a refusal belongs next to on the step form.
    static func stepField(for rule: RuleID) -> String {
        switch rule.rawValue {
        case "C6": "placeID"
        case "C3": "channel"
        case "C7": "storageRemoved"
        default: "note"
        }
    }

    @Sendable static func label(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.viewCarriers)
        let copy = try await request.baomi.carriers.copy(try request.uuidParameter(), on: request.db)
        try await request.requireAccess(.read, to: copy.carrier, viewer: viewer)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        return HTMLPage(html: CopyPages.label(PageContext(request), copy: copy, catalogue: catalogue))
    }
}
