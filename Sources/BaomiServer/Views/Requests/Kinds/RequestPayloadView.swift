import BaomiDomain
import BaomiPersistence
import Foundation
import Plot

/// A choice the new-request form offers: a value and its label (principle 15).
struct FormChoice {
    var value: String
    var label: String
}

/// A place the form may offer, with the highest level it may keep (L1.2, C6).
struct PlaceChoice {
    var value: String
    var label: String
    var maxLevel: LevelID
}

/// What the new-request form offers, for the kind's own fields.
struct RequestFormChoices {
    let context: PageContext
    let form: FormBuilder
    /// The level of the carrier the request concerns.
    let level: LevelDefinition?
    let catalogue: LevelCatalogue
    let people: [FormChoice]
    /// People cleared for the carrier's level (bearers of a carrying out).
    let cleared: [FormChoice]
    let cabinets: [PlaceChoice]
}

/// The page side of a request kind (DESIGN principle 5): its fields on the new-request form, its payload from the
/// form, and its facts on the request page and the printed form. One per kind, listed in `RequestPayloadViews`.
protocol RequestPayloadView: Sendable {
    associatedtype Kind: RequestKindDefinition

    /// Where a refusal without a field of its own is shown on the form.
    static var refusalField: String { get }
    static func fields(_ choices: RequestFormChoices) -> [BodyNode]
    static func payload(_ values: [String: String]) -> Kind.Payload
    static func lines(_ payload: Kind.Payload, context: PageContext, catalogue: LevelCatalogue) -> [(String, String)]
    /// What the request concerns when that is not in the register (a draft carrier); nil otherwise.
    static func subject(_ payload: Kind.Payload, context: PageContext) -> String?
}

extension RequestPayloadView {
    static var kind: RequestKind { Kind.kind }

    static func subject(_ payload: Kind.Payload, context: PageContext) -> String? { nil }

    static func subject(json: String, context: PageContext) -> String? {
        Kind.decodePayload(Data(json.utf8)).flatMap { subject($0, context: context) }
    }

    static func payloadJSON(_ values: [String: String]) throws -> Data {
        try JSONEncoder().encode(payload(values))
    }

    static func lines(json: String, context: PageContext, catalogue: LevelCatalogue) -> [(String, String)] {
        Kind.decodePayload(Data(json.utf8)).map { lines($0, context: context, catalogue: catalogue) } ?? []
    }
}

/// Every kind's payload view: the one list a new kind's view joins.
enum RequestPayloadViews {
    static let all: [any RequestPayloadView.Type] = [
        ReproducePayloadView.self, DestroyPayloadView.self, ReclassifyPayloadView.self, RetainPayloadView.self,
        BorrowPayloadView.self, CarryOutPayloadView.self, ClassifyPayloadView.self, DeparturePayloadView.self,
        TravelAbroadPayloadView.self, FormerStaffUsePayloadView.self, SecretPostPayloadView.self,
        KeyProjectTransferPayloadView.self,
    ]

    /// Stands for a person the form named by something that is not an id: the repository finds no such person.
    static let unknownPerson = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    static func view(_ kind: RequestKind) -> (any RequestPayloadView.Type)? {
        all.first { $0.kind == kind }
    }

    static func fields(_ kind: RequestKind, _ choices: RequestFormChoices) -> [BodyNode] {
        view(kind)?.fields(choices) ?? []
    }

    static func payloadJSON(_ kind: RequestKind, _ values: [String: String]) throws -> Data {
        try view(kind)?.payloadJSON(values) ?? Data("{}".utf8)
    }

    /// The facts of a stored request's payload, as lines.
    static func lines(of request: RequestModel, context: PageContext, catalogue: LevelCatalogue) -> [(String, String)] {
        guard let kind = RequestKind(rawValue: request.kind) else { return [] }
        return view(kind)?.lines(json: request.payload, context: context, catalogue: catalogue) ?? []
    }

    /// What a request concerns that is not in the register, by its kind's view.
    static func subject(of request: RequestModel, context: PageContext) -> String? {
        guard let kind = RequestKind(rawValue: request.kind) else { return nil }
        return view(kind)?.subject(json: request.payload, context: context)
    }

    static func refusalField(_ kind: RequestKind) -> String {
        view(kind)?.refusalField ?? "reason"
    }
}
