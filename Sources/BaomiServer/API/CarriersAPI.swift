import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// `/api/v1/levels`, `/storage-places`, `/projects`, `/carriers`, `/copies` (A1, T5.1, C0–C10).
enum CarriersAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let id = APIOperation.Parameter.path("id", description: "UUID")
        let ledgerFilters: [APIOperation.Parameter] = [
            .level, .choice("state", CopyState.self, "Copy state (copy ledger only)"), .department(),
            .query(
                "place", type: "string", description: "A storage place's code or UUID (copy ledger only)",
                maxLength: QueryParameters.codeLength),
            .choice("source", CarrierSource.self, "made or received (carrier ledger only)"),
            .date("from", "Registered on or after, YYYY-MM-DD"), .date("until", "Registered on or before, YYYY-MM-DD"),
            .text("q", "Substring of title, document number or carrier number", maxLength: 100),
            .integer("page", "1-based page of 50 rows", 1...100_000),
            .flag("awaiting", "1: copies in transit to the viewer's departments (C2)"),
        ]
        registry.register(
            APIOperation(
                method: .GET, path: "levels", operationID: "getLevels", tag: "carriers",
                summary: "The level catalogue 密级设置 (A1)", responseSchema: "LevelCatalogue"), on: routes, levels)
        registry.register(
            APIOperation(
                method: .PUT, path: "levels/{code}", operationID: "setLevel", tag: "carriers",
                summary: "Change one level's rules 修改密级规则 (A1, T30)",
                parameters: [
                    .pathText(
                        "code", description: "Level code",
                        values: LevelCatalogue.nationalDefault.levels.map(\.id.rawValue))
                ],
                requestSchema: "LevelDefinitionInput", responseSchema: "LevelCatalogue"),
            on: routes, setLevel)
        registry.register(
            APIOperation(
                method: .PUT, path: "people/{id}/classifier", operationID: "setClassifier", tag: "carriers",
                summary: "Authorise a classifying official 定密授权 (T5.1)",
                parameters: [id], requestSchema: "ClassifierInput", responseSchema: "Person"),
            on: routes, setClassifier)
        registry.register(
            APIOperation(
                method: .GET, path: "storage-places", operationID: "listStoragePlaces", tag: "carriers",
                summary: "Storage places 存放位置 (C6)", responseSchema: "StoragePlace", responseIsArray: true), on: routes,
            places)
        registry.register(
            APIOperation(
                method: .POST, path: "storage-places", operationID: "createStoragePlace", tag: "carriers",
                summary: "Create a storage place 新建存放位置 (C6)", requestSchema: "StoragePlaceInput",
                responseSchema: "StoragePlace", successStatus: 201), on: routes, createPlace)
        registry.register(
            APIOperation(
                method: .GET, path: "storage-places/{id}", operationID: "getStoragePlace", tag: "carriers",
                summary: "One storage place 存放位置详情", parameters: [id], responseSchema: "StoragePlace"), on: routes,
            place)
        registry.register(
            APIOperation(
                method: .PUT, path: "storage-places/{id}", operationID: "updateStoragePlace", tag: "carriers",
                summary: "Update a storage place 修改存放位置 (C6)", parameters: [id], requestSchema: "StoragePlaceUpdate",
                responseSchema: "StoragePlace"), on: routes, updatePlace)
        registry.register(
            APIOperation(
                method: .GET, path: "projects", operationID: "listProjects", tag: "carriers",
                summary: "Projects 涉密项目 (A1)", responseSchema: "Project", responseIsArray: true), on: routes, projects)
        registry.register(
            APIOperation(
                method: .POST, path: "projects", operationID: "createProject", tag: "carriers",
                summary: "Create a project 新建涉密项目", requestSchema: "ProjectInput", responseSchema: "Project",
                successStatus: 201), on: routes, createProject)
        registry.register(
            APIOperation(
                method: .GET, path: "carriers", operationID: "listCarriers", tag: "carriers",
                summary: "The carrier ledger 涉密载体台账", parameters: ledgerFilters, responseSchema: "CarrierLedgerPage"),
            on: routes, carriers)
        registry.register(
            APIOperation(
                method: .POST, path: "carriers", operationID: "registerCarrier", tag: "carriers",
                summary: "Register a carrier and its copies 登记载体 (C1.1, C1.2)", requestSchema: "CarrierInput",
                responseSchema: "Carrier", successStatus: 201), on: routes, registerCarrier)
        registry.register(
            APIOperation(
                method: .GET, path: "carriers/{id}", operationID: "getCarrier", tag: "carriers",
                summary: "One carrier with its copies 载体详情", parameters: [id], responseSchema: "Carrier"), on: routes,
            carrier)
        registry.register(
            APIOperation(
                method: .GET, path: "copies", operationID: "listCopies", tag: "carriers",
                summary: "The copy ledger 份号台账", parameters: ledgerFilters, responseSchema: "CopyLedgerPage"),
            on: routes, copies)
        registry.register(
            APIOperation(
                method: .GET, path: "copies/{id}", operationID: "getCopy", tag: "carriers",
                summary: "Where a copy is and its history 载体份去向与经历", parameters: [id], responseSchema: "CopyDetail"),
            on: routes, copy)
        registry.register(
            APIOperation(
                method: .POST, path: "copies/{id}/steps", operationID: "recordCopyStep", tag: "carriers",
                summary:
                    "Record a lifecycle step: place, move, send (escorts from the register; an outside receiver's qualification), confirm receipt (the receiving department's secrecy officer), repair, report lost 载体流转 (C0, C2, C3, C6, C7)",
                parameters: [id], requestSchema: "CopyStepInput", responseSchema: "CopyDetail"),
            on: routes, step)
        registry.register(
            APIOperation(
                method: .POST, path: "copies/{id}/readings", operationID: "recordReading", tag: "carriers",
                summary:
                    "The keeper records a reading in place of a stored copy: who, where 现场阅读登记 (C4, L1.2, A2, A3)",
                parameters: [id], requestSchema: "ReadingInput", responseSchema: "Reading", successStatus: 201),
            on: routes, recordReading)
    }

    @Sendable static func levels(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer()
        if !viewer.can(.manageLevels) { try await request.require(.viewCarriers) }
        return try request.json(try await request.baomi.settings.levelCatalogue(on: request.db))
    }

    @Sendable static func setLevel(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageLevels)
        let code = request.parameters.get("code") ?? ""
        let definition = try request.body(LevelDefinition.self)
        var catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        guard definition.id.rawValue == code, let index = catalogue.levels.firstIndex(where: { $0.id.rawValue == code })
        else {
            let message = AcceptedValues(catalogue.levels.map { ($0.name.zh, $0.id.rawValue) }).refusing(
                code, label: LocalizedText(zh: "密级", en: "Level"))
            throw DomainError.notFound(message)
        }
        catalogue.levels[index] = definition
        try await request.baomi.settings.setLevelCatalogue(catalogue, by: viewer.auditActor, on: request.db)
        return try request.json(try await request.baomi.settings.levelCatalogue(on: request.db))
    }

    @Sendable static func setClassifier(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageLevels)
        let id = try request.uuidParameter()
        try await ClassifierAuthorisation.set(
            person: id, level: try request.body(ClassifierInput.self).classifierMaxLevel ?? "", viewer: viewer,
            request: request)
        return try request.json(PersonDTO(try await request.baomi.organisation.person(id, on: request.db)))
    }

    @Sendable static func places(_ request: Request) async throws -> Response {
        try await request.require(.viewCarriers)
        return try request.json(try await request.baomi.places.places(on: request.db).map(StoragePlaceDTO.init))
    }

    static func placeDraft(_ request: Request) async throws -> StoragePlaceRepository.PlaceDraft {
        let body = try request.body(StoragePlaceInput.self)
        return try StoragePlaceRepository.PlaceDraft.parse(
            code: body.code, name: body.name, kind: body.kind, maxLevel: body.maxLevel, custodianID: body.custodianID,
            departmentID: body.departmentID, location: body.location,
            catalogue: try await request.baomi.settings.levelCatalogue(on: request.db))
    }

    @Sendable static func createPlace(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageStoragePlaces)
        let place = try await request.baomi.places.save(
            try await placeDraft(request), id: nil, catalogue: try await request.levelCatalogue(),
            by: viewer.auditActor, on: request.db)
        return try request.json(StoragePlaceDTO(place), status: .created)
    }

    @Sendable static func place(_ request: Request) async throws -> Response {
        try await request.require(.viewCarriers)
        return try request.json(
            StoragePlaceDTO(try await request.baomi.places.place(try request.uuidParameter(), on: request.db)))
    }

    @Sendable static func updatePlace(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageStoragePlaces)
        let id = try request.uuidParameter()
        _ = try await request.baomi.places.place(id, on: request.db)
        let place = try await request.baomi.places.save(
            try await placeDraft(request), id: id, catalogue: try await request.levelCatalogue(),
            by: viewer.auditActor, on: request.db)
        return try request.json(StoragePlaceDTO(place))
    }

    @Sendable static func projects(_ request: Request) async throws -> Response {
        try await request.require(.viewCarriers)
        return try request.json(
            try await request.baomi.places.projects(on: request.db).map {
                ProjectDTO(
                    id: $0.id ?? UUID(), code: $0.code, name: $0.name, level: $0.level, isKeyProject: $0.isKeyProject,
                    endsOn: $0.endsOn)
            })
    }

    @Sendable static func createProject(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageStoragePlaces)
        let body = try request.body(ProjectInput.self)
        let project = try await request.baomi.places.createProject(
            code: body.code, name: body.name, level: body.level, isKeyProject: body.isKeyProject ?? false,
            catalogue: try await request.baomi.settings.levelCatalogue(on: request.db), by: viewer.auditActor,
            on: request.db)
        return try request.json(
            ProjectDTO(
                id: project.id ?? UUID(), code: project.code, name: project.name, level: project.level,
                isKeyProject: project.isKeyProject, endsOn: project.endsOn),
            status: .created)
    }

    @Sendable static func carriers(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewCarriers)
        let (query, filters) = try await LedgerController.query(request, viewer: viewer)
        let (rows, total) = try await query.carriers(on: request.db)
        return try request.json(
            LedgerPageDTO(
                total: total, page: filters.page, pageSize: filters.pageSize,
                rows: rows.map {
                    CarrierLedgerRowDTO(
                        id: $0.carrierID, number: $0.number, title: $0.title, documentNumber: $0.documentNumber,
                        form: $0.form, category: $0.category,
                        level: $0.level, period: CarrierPresentation.period($0.period).text, copyCount: $0.copyCount,
                        liveCopies: $0.liveCopies,
                        source: $0.source, department: $0.departmentName, createdAt: $0.createdAt)
                }))
    }

    static func carrierDTO(_ id: UUID, request: Request) async throws -> CarrierDTO {
        let carrier = try await request.baomi.carriers.carrier(id, on: request.db)
        let copies = try await request.baomi.carriers.copies(of: id, on: request.db)
        return CarrierDTO(
            carrier, copies: copies, catalogue: try await request.baomi.settings.levelCatalogue(on: request.db),
            markings: try await MarkingHistory.of(id, on: request.db))
    }

    @Sendable static func registerCarrier(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageCarriers)
        let carrier = try await CarriersController.register(
            try request.body(CarrierDraft.Input.self), viewer: viewer, request: request)
        return try request.json(try await carrierDTO(try carrier.requireID(), request: request), status: .created)
    }

    @Sendable static func carrier(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewCarriers)
        let carrier = try await request.baomi.carriers.carrier(try request.uuidParameter(), on: request.db)
        try await request.requireAccess(.read, to: carrier, viewer: viewer)
        try await request.auditCarrierView(carrier, viewer: viewer)
        return try request.json(try await carrierDTO(try carrier.requireID(), request: request))
    }

    @Sendable static func copies(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewCarriers)
        let (query, filters) = try await LedgerController.query(request, viewer: viewer)
        let (rows, total) = try await query.copies(on: request.db)
        return try request.json(
            LedgerPageDTO(
                total: total, page: filters.page, pageSize: filters.pageSize,
                rows: rows.map {
                    CopyLedgerRowDTO(
                        id: $0.copyID, carrierID: $0.carrierID, number: $0.number, title: $0.title, serial: $0.serial,
                        copyCount: $0.copyCount,
                        level: $0.level, state: $0.state, holder: $0.holderName, place: $0.placeName,
                        counterpart: $0.counterpart,
                        lastChangedAt: $0.lastChangedAt)
                }))
    }

    static func copyDetail(_ id: UUID, request: Request) async throws -> CopyDetailDTO {
        let copy = try await request.baomi.carriers.copy(id, on: request.db)
        let history = try await request.baomi.carriers.history(of: id, on: request.db)
        return CopyDetailDTO(
            copy: CopySummaryDTO(copy), carrierID: copy.$carrier.id, carrierNumber: copy.carrier.number,
            history: history.map {
                CopyEventDTO(
                    at: $0.at, actor: $0.actorName, action: $0.action, fromState: $0.fromState, toState: $0.toState,
                    placeID: $0.$place.id,
                    personID: $0.$person.id, counterpart: $0.counterpart,
                    details: (try? JSONDecoder().decode([String: String].self, from: Data($0.details.utf8))) ?? [:],
                    level: $0.level, marking: $0.marking, holder: $0.holderName, place: $0.placeName)
            })
    }

    @Sendable static func copy(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewCarriers)
        let id = try request.uuidParameter()
        let copy = try await request.baomi.carriers.copy(id, on: request.db)
        try await request.requireAccess(.read, to: copy.carrier, viewer: viewer)
        try await request.auditCarrierView(copy.carrier, copy: copy, viewer: viewer)
        return try request.json(try await copyDetail(id, request: request))
    }

    @Sendable static func recordReading(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageCarriers)
        let id = try request.uuidParameter()
        let body = try request.body(ReadingInput.self)
        let reading = try await CarriersController.recordReading(
            copyID: id, readerID: body.personID, placeID: body.placeID, viewer: viewer, request: request)
        return try request.json(ReadingDTO(reading), status: .created)
    }

    @Sendable static func step(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageCarriers)
        let id = try request.uuidParameter()
        let step = try CarriersController.step(from: try request.body(CopyStepInput.self).values)
        _ = try await CarriersController.applyStep(step, copyID: id, viewer: viewer, request: request)
        return try request.json(try await copyDetail(id, request: request))
    }
}
