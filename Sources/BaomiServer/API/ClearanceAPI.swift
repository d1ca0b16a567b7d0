import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// `/api/v1/people/{id}/clearance` and `/api/v1/post-classes`: secret posts and what they open (A2, A4, A7).
enum ClearanceAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let id = APIOperation.Parameter.path("id", description: "Person UUID")
        registry.register(
            APIOperation(
                method: .GET, path: "people/{id}/clearance", operationID: "getClearance", tag: "access",
                summary: "A person's secret post and its history 涉密岗位 (A2)", parameters: [id],
                responseSchema: "Clearance"), on: routes, get)
        registry.register(
            APIOperation(
                method: .PUT, path: "people/{id}/clearance", operationID: "setClearance", tag: "access",
                summary: "Grant, change or withdraw a secret post, with the reason 涉密岗位变更 (A2, A4, A7)",
                parameters: [id], requestSchema: "ClearanceInput", responseSchema: "Clearance"), on: routes, set)
        registry.register(
            APIOperation(
                method: .GET, path: "carriers/{id}/readings", operationID: "listCarrierReadings", tag: "access",
                summary:
                    "Everyone who has read a copy — handed over, read in place, taken: the reading register 阅知登记 (C4, T2)",
                parameters: [.path("id", description: "Carrier UUID")], responseSchema: "Reading",
                responseIsArray: true), on: routes, readings)
        registry.register(
            APIOperation(
                method: .GET, path: "post-classes", operationID: "getPostClasses", tag: "access",
                summary: "The levels each secret-post class may access 涉密等级对应密级 (A2)",
                responseSchema: "PostClassCatalogue"), on: routes, postClasses)
        registry.register(
            APIOperation(
                method: .PUT, path: "post-classes", operationID: "setPostClasses", tag: "access",
                summary: "Change the levels each secret-post class may access (A2, T30)",
                requestSchema: "PostClassCatalogue", responseSchema: "PostClassCatalogue"), on: routes, setPostClasses)
    }

    @Sendable static func get(_ request: Request) async throws -> Response {
        try await request.require(.manageClearances)
        return try request.json(try await ClearanceDTO.load(try request.uuidParameter(), request: request))
    }

    @Sendable static func set(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageClearances)
        let id = try request.uuidParameter()
        let body = try request.body(ClearanceInput.self)
        let draft = try ClearanceDraft.parse(
            .init(
                postClass: body.postClass, compartments: body.compartments ?? [], groups: body.groups ?? [],
                separationUntil: body.separationUntil, reason: body.reason))
        try await request.baomi.clearances.set(draft, for: id, by: viewer.auditActor, on: request.db)
        return try request.json(try await ClearanceDTO.load(id, request: request))
    }

    /// The disclosure record is itself carrier data: it answers only to whoever may manage the carrier (C4, T5.2).
    @Sendable static func readings(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.viewCarriers)
        let carrier = try await request.baomi.carriers.carrier(try request.uuidParameter(), on: request.db)
        try await request.requireAccess(.manage, to: carrier, viewer: viewer)
        let readings = try await request.baomi.clearances.readings(of: try carrier.requireID(), on: request.db)
        return try request.json(readings.map(ReadingDTO.init))
    }

    @Sendable static func postClasses(_ request: Request) async throws -> Response {
        // Configuration, not a secret: everyone signed in may read what each class opens.
        _ = try await request.requireViewer()
        return try request.json(try await request.baomi.settings.postClasses(on: request.db).dto)
    }

    @Sendable static func setPostClasses(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageClearances)
        let body = try request.body(PostClassCatalogueDTO.self)
        try await request.baomi.settings.setPostClasses(try body.catalogue(), by: viewer.auditActor, on: request.db)
        return try request.json(try await request.baomi.settings.postClasses(on: request.db).dto)
    }
}

struct ReadingDTO: Content {
    var personID: UUID?
    var copyID: UUID?
    var reader: String
    var kind: String
    var at: Date
    var placeID: UUID?
    /// The carrier's marking when it was read (principle 12).
    var marking: String

    init(_ reading: ReadingModel) {
        personID = reading.personID
        copyID = reading.copyID
        reader = reading.readerName
        kind = reading.kind
        at = reading.at
        placeID = reading.placeID
        marking = reading.marking
    }
}

struct ClearanceInput: Content {
    var postClass: String?
    var compartments: [String]?
    var groups: [String]?
    var separationUntil: String?
    var reason: String?
}

struct ClearanceDTO: Content {
    struct Change: Content {
        var postClass: String
        var compartments: [UUID]
        var groups: [UUID]
        var separationUntil: String?
        var reason: String
        var changedBy: String
        var changedAt: Date
    }

    var personID: UUID
    var postClass: String
    var compartments: [UUID]
    var groups: [UUID]
    var separationUntil: String?
    var history: [Change]

    static func load(_ id: UUID, request: Request) async throws -> ClearanceDTO {
        let person = try await request.baomi.organisation.person(id, on: request.db)
        let history = try await request.baomi.clearances.history(of: id, on: request.db)
        return ClearanceDTO(
            personID: id, postClass: person.postClass, compartments: ClearanceRepository.ids(person.compartments),
            groups: ClearanceRepository.ids(person.groups), separationUntil: person.separationUntil,
            history: history.map {
                Change(
                    postClass: $0.postClass, compartments: ClearanceRepository.ids($0.compartments),
                    groups: ClearanceRepository.ids($0.groups), separationUntil: $0.separationUntil, reason: $0.reason,
                    changedBy: $0.changedBy, changedAt: $0.changedAt)
            })
    }
}

/// The post-class catalogue as JSON: one entry per class, one maximum level per regime.
struct PostClassCatalogueDTO: Content {
    struct Entry: Content {
        var postClass: String
        var maxima: [String: String]
    }

    var entries: [Entry]

    func catalogue() throws -> PostClassCatalogue {
        var validator = FieldValidator()
        var result: [PostClassCatalogue.Entry] = []
        for entry in entries {
            guard let postClass = SecretPostClass(rawValue: entry.postClass) else {
                validator.add(
                    field: "postClass", rule: RuleID("A2"), unknown: entry.postClass,
                    label: LocalizedText(zh: "涉密等级", en: "Post class"),
                    accepted: .of(SecretPostClass.self, title: \.title))
                continue
            }
            var maxima: [Regime: LevelID] = [:]
            for (regime, level) in entry.maxima {
                guard let parsed = Regime(rawValue: regime) else {
                    validator.add(
                        field: entry.postClass, rule: RuleID("A2"), unknown: regime,
                        label: LocalizedText(zh: "秘密类别", en: "Regime"), accepted: .of(Regime.self, title: \.title))
                    continue
                }
                maxima[parsed] = LevelID(rawValue: level)
            }
            result.append(PostClassCatalogue.Entry(postClass: postClass, maxima: maxima))
        }
        try validator.check()
        return PostClassCatalogue(entries: result)
    }
}

extension PostClassCatalogue {
    var dto: PostClassCatalogueDTO {
        PostClassCatalogueDTO(
            entries: entries.map { entry in
                PostClassCatalogueDTO.Entry(
                    postClass: entry.postClass.rawValue,
                    maxima: Dictionary(uniqueKeysWithValues: entry.maxima.map { ($0.key.rawValue, $0.value.rawValue) }))
            })
    }
}
