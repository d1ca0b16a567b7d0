import BaomiDomain
import Foundation

/// The facts of a request beyond its copies, by kind; stored as JSON with the request.
public struct RequestPayload: Hashable, Sendable, Codable {
    /// Copies to make (C5).
    public var count: Int?
    /// Destruction (C8): `facility` (transported to the designated facility) or `inHouse` (certified equipment).
    public var method: String?
    public var destructionPlace: String?
    public var transportPeople: [String]?
    public var vehicle: String?
    public var equipment: String?
    /// Reclassification (C9): `declassify`, `changeLevel` or `extend`.
    public var change: String?
    public var newLevel: String?
    public var newPeriod: String?
    /// Personal retention (C10).
    public var retainerID: UUID?
    public var placeID: UUID?
    public var until: String?
    /// Outside approval recorded for C5.1 (document reference).
    public var outsideApproval: String?
    /// Borrowing and carrying out (A6, C4): when it comes back, `YYYY-MM-DD`; for a borrowing `placeID` is the
    /// place of use (L1.2).
    public var returnDate: String?
    /// Carrying out: `CarryOutPurpose` raw value (L1.6); the destination — country (ISO 3166 alpha-2, `CN` for the
    /// mainland), province (GB/T 2260) and the place itself — from which "abroad" follows (L1.7); the people who
    /// carry it and the courier of a hospital delivery, from the register (C4, L3).
    public var purposeKind: String?
    public var destinationCountry: String?
    public var destinationProvince: String?
    public var destination: String?
    public var escortIDs: [UUID]?
    public var courierID: UUID?

    public init() {}

    /// The structured destination of a carrying out; the mainland unless a country is named.
    public var carryOutDestination: Destination {
        Destination(
            country: destinationCountry?.trimmed.uppercased() ?? Destination.home,
            province: destinationProvince?.trimmed,
            place: destination ?? "")
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The payload stored as `text`; an empty one when it cannot be read. A request's payload is read each time it
    /// is shown or acted on, so each text is decoded once (`JSONTextCache`).
    public static func decode(_ text: String) -> RequestPayload {
        decoded.value(of: text) ?? RequestPayload()
    }

    private static let decoded = JSONTextCache<RequestPayload>()
}

/// Who acts on a request: the account, its person, its roles.
public struct RequestActor: Sendable {
    public var audit: AuditActor
    public var accountID: UUID
    public var personID: UUID?
    public var roles: Set<Role>
    /// The name papers show: "李保密（libm）".
    public var displayName: String

    public init(audit: AuditActor, accountID: UUID, personID: UUID?, roles: Set<Role>, displayName: String? = nil) {
        self.audit = audit
        self.displayName = displayName ?? audit.name
        self.accountID = accountID
        self.personID = personID
        self.roles = roles
    }
}
