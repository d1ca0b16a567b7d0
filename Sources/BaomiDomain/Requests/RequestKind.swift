import Foundation

/// A kind of request the one approval engine runs (DESIGN principle 5, LIFECYCLE.md "Request kinds"): its stored
/// code. What the kind is — titles, number prefix, subject, payload, checks, default chain — is its definition
/// (`RequestKindDefinition`, one file per kind under `Requests/Kinds`), found through `RequestKinds`; nothing else
/// switches over kinds.
public struct RequestKind: RawRepresentable, Hashable, Sendable, Codable, CaseIterable {
    public let rawValue: String

    /// A stored code; nil for one no definition answers to.
    public init?(rawValue: String) {
        guard RequestKinds.all.contains(where: { $0.kind.rawValue == rawValue }) else { return nil }
        self.rawValue = rawValue
    }

    /// The code a definition declares for itself.
    init(code: String) {
        rawValue = code
    }

    public static var allCases: [RequestKind] { RequestKinds.all.map { $0.kind } }

    /// The kind's definition.
    public var definition: any RequestKindDefinition.Type {
        RequestKinds.all.first { $0.kind == self } ?? Reproduce.self
    }

    public var title: LocalizedText { definition.title }

    /// Borrowing and carrying out hand a copy to a person and take it back; the rest change the register.
    public var isLoan: Bool { definition.isLoan }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let kind = RequestKind(rawValue: text) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "Unknown request kind \(text)"))
        }
        self = kind
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// What a request is about. Today's kinds concern copies and carriers; the rules still to come concern people
/// (secret posts, departures, travel abroad), activities (visits, exhibitions, publication) and cases (incidents).
public enum RequestSubject: Hashable, Sendable {
    /// Copies of one carrier (copying, retention, a loan).
    case copiesOfOneCarrier
    /// Copies of any carriers (a destruction batch, C8).
    case copies
    /// A registered carrier as a whole, with its live copies (reclassification, C9).
    case carrier
    /// A carrier not yet in the register, proposed in the payload (定密, T5.1).
    case draftCarrier
    /// A person (secret posts, departure, travel abroad).
    case person
    /// An activity (visits, exhibitions, publication review).
    case activity
    /// A case (incident dispositions).
    case incident

    /// Whether the request names copies of the register (`request_items`).
    public var namesCopies: Bool {
        self == .copiesOfOneCarrier || self == .copies || self == .carrier
    }
}

/// One kind of request, as one piece (DESIGN principle 5): adding a kind is one file here, its effect in
/// persistence (`RequestKindEffect`), its payload view on the pages, and a line in each registry.
public protocol RequestKindDefinition: Sendable {
    /// The facts of a request of this kind, stored as JSON with it.
    associatedtype Payload: Codable & Sendable & Hashable

    /// The stored code (`requests.kind`).
    static var kind: RequestKind { get }
    static var title: LocalizedText { get }
    /// The stem of its request numbers: `FZ` → `FZ-2026-001`.
    static var numberPrefix: String { get }
    static var subject: RequestSubject { get }
    /// Whether it lends a copy (a loan row reserves it, A6, C4).
    static var isLoan: Bool { get }
    /// What the payload itself gets wrong, each on its field and citing its rule; what depends on the register is
    /// checked at submission by the kind's effect with the facts it loads.
    static func validate(_ payload: Payload, catalogue: LevelCatalogue) -> [FieldError]
    /// The national default chain (LIFECYCLE.md) for a subject of this level.
    static func defaultChain(level: LevelDefinition) -> [ApprovalStepSpec]
    /// The level and project of a subject that is not in the register yet (a draft carrier): who may see the
    /// request is decided on them as on a carrier's (A2, principle 11). Nil for a subject in the register.
    static func proposedLabel(_ payload: Payload) -> ProposedLabel?
    /// The person a request about a person concerns (a departure's leaver): the chain's relations — department
    /// head, leader in charge — are resolved to theirs, not the requester's. Nil: the requester's.
    static func concerning(_ payload: Payload) -> UUID?
}

/// The label a request proposes for a subject not yet in the register, and the department it is for.
public struct ProposedLabel: Hashable, Sendable {
    public var level: LevelID
    public var projectID: UUID?
    public var departmentID: UUID?

    public init(level: LevelID, projectID: UUID?, departmentID: UUID?) {
        self.level = level
        self.projectID = projectID
        self.departmentID = departmentID
    }
}

extension RequestKindDefinition {
    public static var isLoan: Bool { false }

    public static func proposedLabel(_ payload: Payload) -> ProposedLabel? { nil }

    public static func concerning(_ payload: Payload) -> UUID? { nil }

    /// `concerning` of a stored payload.
    public static func concerning(json: Data) -> UUID? {
        decodePayload(json).flatMap(concerning)
    }

    /// `proposedLabel` of a stored payload.
    public static func proposedLabel(json: Data) -> ProposedLabel? {
        decodePayload(json).flatMap(proposedLabel)
    }

    /// A payload from its stored JSON; nil when it is not one of this kind's.
    public static func decodePayload(_ json: Data) -> Payload? {
        try? JSONDecoder().decode(Payload.self, from: json)
    }

    /// A payload as stored: JSON with sorted keys, absent fields left out.
    public static func encodePayload(_ payload: Payload) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// Every kind the engine knows: the one list a new kind joins.
public enum RequestKinds {
    public static let all: [any RequestKindDefinition.Type] = [
        Reproduce.self, Destroy.self, Reclassify.self, Retain.self, Borrow.self, CarryOut.self, Classify.self,
        Departure.self,
        TravelAbroad.self, FormerStaffUse.self, SecretPostAppointment.self, KeyProjectTransfer.self,
    ]
}
