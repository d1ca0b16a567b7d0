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
        try await request.auditCarrierView(carrier, viewer: viewer)
        let copies = try await request.baomi.carriers.copies(of: try carrier.requireID(), on: request.db)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        // The disclosure record is for whoever looks after the carrier (C4, T5.2), not for every reader.
        let manages = try await request.mayManage(carrier, viewer: viewer)
        let readings =
            manages ? try await request.baomi.clearances.readings(of: try carrier.requireID(), on: request.db) : nil
        let placeIDs = Set((readings ?? []).compactMap(\.placeID))
        let readingPlaces =
            placeIDs.isEmpty
            ? [:]
            : Dictionary(
                uniqueKeysWithValues: try await StoragePlaceModel.query(on: request.db).filter(\.$id ~~ placeIDs).all()
                    .compactMap { place in place.id.map { ($0, place.name) } })
        return HTMLPage(
            html: CarrierPages.detail(
                PageContext(request), carrier: carrier, copies: copies,
                scope: try await scopeNames(carrier, request: request), catalogue: catalogue,
                markings: try await MarkingHistory.of(try carrier.requireID(), on: request.db), readings: readings,
                readingPlaces: readingPlaces, manages: manages))
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
        if errors.isEmpty { try await request.auditCarrierView(copy.carrier, copy: copy, viewer: viewer) }
        let history = try await request.baomi.carriers.history(of: id, on: request.db)
        let places = try await request.baomi.places.places(on: request.db).filter(\.isActive)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let departments = try await request.baomi.organisation.units(on: request.db).filter {
            $0.id != copy.departmentID
        }
        let returningLoan =
            copy.state == CopyState.returning.rawValue
            ? try await LoanModel.query(on: request.db).filter(\.$copy.$id == id).filter(\.$isOpen == true)
                .filter(\.$returnedAt != nil).filter(\.$checkedInAt == nil).first()?.$request.id : nil
        return CopyPages.detail(
            PageContext(request), copy: copy, history: history,
            choices: CopyPages.Choices(
                places: places, departments: departments,
                clearedPeople: try await clearedPeople(for: copy.carrier, request: request),
                returningLoan: returningLoan),
            catalogue: catalogue, manages: try await request.mayManage(copy.carrier, viewer: viewer), errors: errors,
            values: values)
    }

    /// The people whose secret post covers the carrier's level and who are not barred: those a page offers as
    /// escorts, bearers or readers (C3, C4). The repository checks again, with the scope where reading needs it.
    static func clearedPeople(for carrier: CarrierModel, request: Request) async throws -> [PersonModel] {
        let levels = try await request.levelCatalogue()
        let postClasses = try await request.postClassCatalogue()
        guard let level = levels.definition(LevelID(rawValue: carrier.level)) else { return [] }
        let today = ClearanceRepository.today(request.baomi.clock())
        return try await request.baomi.organisation.people(on: request.db).filter { person in
            guard let id = person.id else { return false }
            let bearer = Bearer(
                personID: id, name: person.name,
                subject: ClearanceRepository.subject(
                    person, roles: [], levels: levels, postClasses: postClasses, today: today))
            return BearerRules.refusal(
                bearer, level: level, role: LocalizedText(zh: "", en: ""), rule: RuleID("C3"),
                postClasses: postClasses, levels: levels) == nil
        }
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
        // Escorts are people from the register (C3): the page's two selects, or the API's list.
        var escorts: [UUID] = []
        for text in [values["escort1"], values["escort2"]].compactMap({ $0 })
            + (values["escortIDs"]?.split(separator: ",").map(String.init) ?? [])
        where !text.trimmed.isEmpty {
            guard let escort = UUID(uuidString: text.trimmed) else {
                throw DomainError.invalid(
                    field: "escortIDs", rule: RuleID("C3"), zh: "递送人须从人员名册中选择",
                    en: "Escorts are chosen from the register")
            }
            escorts.append(escort)
        }
        var qualification: ReceiverQualification?
        if let text = values["receiverQualification"]?.trimmed, !text.isEmpty {
            guard let parsed = ReceiverQualification(rawValue: text) else {
                throw DomainError.invalid(
                    field: "receiverQualification", rule: RuleID("C3"), zh: "未知的保密资格", en: "Unknown qualification")
            }
            qualification = parsed
        }
        return CopyStepRepository.Step(
            action: action, placeID: try id("placeID"), personID: try id("personID"),
            departmentID: try id("departmentID"),
            counterpart: String((values["counterpart"] ?? "").prefix(200)),
            channel: channel, escortIDs: escorts, sealed: values["sealed"] == "true",
            receiverQualification: qualification,
            receiverCertificate: String((values["receiverCertificate"] ?? "").prefix(100)),
            onSite: values["onSite"] == "true",
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
            // The page names its two escorts escort1 and escort2; the rule speaks of them together.
            let errors = errors.map {
                $0.field == "escortIDs" ? FieldError(field: "escort1", rule: $0.rule, message: $0.message) : $0
            }
            return try await HTMLPage(
                html: try await copyPage(request, viewer: viewer, id: id, errors: errors, values: values),
                status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        } catch let refusal as Refusal {
            let errors = [
                FieldError(
                    field: stepField(for: refusal.rule, action: CopyAction(rawValue: values["action"] ?? "")),
                    rule: refusal.rule, message: refusal.reason)
            ]
            return try await HTMLPage(
                html: try await copyPage(request, viewer: viewer, id: id, errors: errors, values: values),
                status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        }
    }

    /// Which field a refusal belongs next to on the step form: its rule's field where the form has one, else the
    /// note, which every step form has.
    static func stepField(for rule: RuleID, action: CopyAction?) -> String {
        switch (rule.rawValue, action) {
        case ("C6", .place), ("C6", .move), ("C6", .confirmReceiptInternal), ("C6", .returnFromRepair): "placeID"
        case ("C3", .send): "channel"
        case ("C7", .sendToRepair): "storageRemoved"
        default: "note"
        }
    }

    /// A reading in place shared by page and API (C4): the keeper records it, the repository checks the reader.
    static func recordReading(
        copyID: UUID, readerID: UUID, placeID: UUID, viewer: Viewer, request: Request
    ) async throws -> ReadingModel {
        let copy = try await request.baomi.carriers.copy(copyID, on: request.db)
        try await request.requireStewardship(of: copy, viewer: viewer)
        return try await request.baomi.clearances.recordReadingInPlace(
            copyID: copyID, readerID: readerID, placeID: placeID, catalogue: try await request.levelCatalogue(),
            postClasses: try await request.postClassCatalogue(), by: viewer.auditActor, on: request.db)
    }

    @Sendable static func recordReadingFromForm(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageCarriers)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let values = request.formFields()
        do {
            guard let reader = UUID(uuidString: values["personID"] ?? "") else {
                throw DomainError.invalid(field: "personID", rule: RuleID("C4"), zh: "请选择阅读人", en: "Choose the reader")
            }
            guard let place = UUID(uuidString: values["placeID"] ?? "") else {
                throw DomainError.invalid(
                    field: "placeID", rule: RuleID("L1.2"), zh: "请选择阅读地点", en: "Choose the place of reading")
            }
            _ = try await recordReading(copyID: id, readerID: reader, placeID: place, viewer: viewer, request: request)
            return request.redirect(to: SiteRoute.copy(id).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await copyPage(request, viewer: viewer, id: id, errors: errors, values: values),
                status: .unprocessableEntity
            ).encodeResponse(for: request)
        } catch DomainError.conflict(let message, let rule) {
            return try await HTMLPage(
                html: try await copyPage(
                    request, viewer: viewer, id: id,
                    errors: [FieldError(field: "personID", rule: rule, message: message)],
                    values: values),
                status: .conflict
            ).encodeResponse(for: request)
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
