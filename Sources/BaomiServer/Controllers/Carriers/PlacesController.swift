import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

/// Storage places, projects, the level catalogue and classifier authorisation, as pages.
enum PlacesController {
    @Sendable static func list(_ request: Request) async throws -> HTMLPage {
        try await request.require(.viewCarriers)
        let places = try await request.baomi.places.places(on: request.db)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        return HTMLPage(html: PlacePages.list(PageContext(request), places: places, catalogue: catalogue))
    }

    static func formPage(
        _ request: Request, id: UUID?, values: [String: String], errors: [FieldError] = []
    ) async throws -> HTML {
        PlacePages.form(
            PageContext(request), id: id, values: values, errors: errors,
            units: try await request.baomi.organisation.units(on: request.db),
            people: try await request.baomi.organisation.people(on: request.db),
            catalogue: try await request.baomi.settings.levelCatalogue(on: request.db))
    }

    @Sendable static func newPage(_ request: Request) async throws -> HTMLPage {
        try await request.require(.manageStoragePlaces)
        return HTMLPage(html: try await formPage(request, id: nil, values: ["kind": "fileCabinet"]))
    }

    @Sendable static func editPage(_ request: Request) async throws -> HTMLPage {
        try await request.require(.manageStoragePlaces)
        let place = try await request.baomi.places.place(try request.uuidParameter(), on: request.db)
        let values = [
            "code": place.code, "name": place.name, "kind": place.kind, "maxLevel": place.maxLevel,
            "departmentID": place.$department.id.uuidString,
            "custodianID": place.$custodian.id?.uuidString ?? "", "location": place.location,
        ]
        return HTMLPage(html: try await formPage(request, id: place.id, values: values))
    }

    static func draft(_ values: [String: String], request: Request) async throws -> StoragePlaceRepository.PlaceDraft {
        try StoragePlaceRepository.PlaceDraft.parse(
            code: values["code"], name: values["name"], kind: values["kind"], maxLevel: values["maxLevel"],
            custodianID: values["custodianID"],
            departmentID: values["departmentID"], location: values["location"],
            catalogue: try await request.baomi.settings.levelCatalogue(on: request.db))
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageStoragePlaces)
        try request.verifyCSRF()
        let id = request.parameters.get("id").flatMap(UUID.init(uuidString:))
        let values = request.formFields()
        do {
            _ = try await request.baomi.places.save(
                try await draft(values, request: request), id: id, catalogue: try await request.levelCatalogue(),
                by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.places.path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await formPage(request, id: id, values: values, errors: errors), status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        }
    }

    @Sendable static func projects(_ request: Request) async throws -> HTMLPage {
        try await request.require(.viewCarriers)
        return HTMLPage(
            html: PlacePages.projects(
                PageContext(request), projects: try await request.baomi.places.projects(on: request.db),
                catalogue: try await request.baomi.settings.levelCatalogue(on: request.db)))
    }

    @Sendable static func createProject(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageStoragePlaces)
        try request.verifyCSRF()
        let values = request.formFields()
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        do {
            try await request.baomi.places.createProject(
                code: values["code"], name: values["name"], level: values["level"],
                isKeyProject: values["isKeyProject"] == "true",
                catalogue: catalogue, by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.projects.path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            let page = PlacePages.projects(
                PageContext(request), projects: try await request.baomi.places.projects(on: request.db),
                catalogue: catalogue, values: values, errors: errors)
            return try await HTMLPage(html: page, status: .unprocessableEntity).encodeResponse(for: request)
        }
    }

    // MARK: Levels and classifiers

    @Sendable static func levels(_ request: Request) async throws -> HTMLPage {
        try await request.require(.manageLevels)
        return HTMLPage(
            html: PlacePages.levels(
                PageContext(request), catalogue: try await request.baomi.settings.levelCatalogue(on: request.db)))
    }

    /// One level's rules from the form, applied to the catalogue.
    static func updated(
        _ catalogue: LevelCatalogue, level: String, values: [String: String], channels: [String]
    ) throws -> LevelCatalogue {
        guard let index = catalogue.levels.firstIndex(where: { $0.id.rawValue == level }) else {
            let message = AcceptedValues(catalogue.levels.map { ($0.name.zh, $0.id.rawValue) }).refusing(
                level, label: LocalizedText(zh: "密级", en: "Level"))
            throw DomainError.invalid(field: "level", zh: message.zh, en: message.en)
        }
        var validator = FieldValidator()
        var definition = catalogue.levels[index]
        if definition.regime == .state {
            guard let years = Int(values["maximumYears"]?.trimmed ?? "") else {
                throw DomainError.invalid(field: "\(level).maximumYears", zh: "须为整数", en: "Must be a whole number")
            }
            definition.maximumYears = years
        }
        guard let supervisors = Int(values["destructionSupervisors"]?.trimmed ?? "") else {
            throw DomainError.invalid(
                field: "\(level).destructionSupervisors", zh: "须为整数", en: "Must be a whole number")
        }
        definition.destructionSupervisors = supervisors
        definition.serialNumbersRequired = values["serialNumbersRequired"] == "true"
        definition.twoPersonTransmission = values["twoPersonTransmission"] == "true"
        definition.copyNeedsOriginatorApproval = values["copyNeedsOriginatorApproval"] == "true"
        if let storage = StorageClass(rawValue: values["minimumStorage"] ?? "") { definition.minimumStorage = storage }
        let parsed = channels.compactMap(TransmissionChannel.init(rawValue:))
        if parsed.count != channels.count {
            validator.add(
                field: "\(level).channels",
                unknown: channels.filter { TransmissionChannel(rawValue: $0) == nil }
                    .joined(separator: "、"), label: LocalizedText(zh: "传递方式", en: "Channel"),
                accepted: .of(TransmissionChannel.self, title: \.title))
        }
        definition.channels = parsed
        try validator.check()
        var result = catalogue
        result.levels[index] = definition
        return result
    }

    @Sendable static func saveLevel(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageLevels)
        try request.verifyCSRF()
        let values = request.formFields()
        let channels = (try? request.content.get([String].self, at: "channels")) ?? []
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        do {
            let changed = try updated(catalogue, level: values["level"] ?? "", values: values, channels: channels)
            try await request.baomi.settings.setLevelCatalogue(changed, by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.levels.path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: PlacePages.levels(PageContext(request), catalogue: catalogue, errors: errors),
                status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        }
    }

    @Sendable static func setClassifier(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageLevels)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let level = (try? request.content.get(String.self, at: "classifierMaxLevel")) ?? ""
        do {
            try await ClassifierAuthorisation.set(person: id, level: level, viewer: viewer, request: request)
            return request.redirect(to: SiteRoute.person(id).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await PeopleController.detailPage(request, id: id, errors: errors),
                status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        }
    }
}

/// Authorising a person as 定密责任人 up to a level (T5.1 with A2), shared by page and API.
enum ClassifierAuthorisation {
    static func set(person id: UUID, level: String, viewer: Viewer, request: Request) async throws {
        try await request.baomi.clearances.authoriseClassifier(id, upTo: level, by: viewer.auditActor, on: request.db)
    }
}
