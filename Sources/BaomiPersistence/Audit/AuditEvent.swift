import BaomiDomain
import Foundation

/// Who did something: the account (or nobody, for a failed sign-in), from where.
public struct AuditActor: Sendable, Hashable {
    public var accountID: UUID?
    public var name: String
    public var kind: AuditActorKind
    public var ip: String?

    public init(accountID: UUID?, name: String, kind: AuditActorKind, ip: String?) {
        self.accountID = accountID
        self.name = name
        self.kind = kind
        self.ip = ip
    }

    /// Baomi itself: start-up, migrations, scheduled checkpoints.
    public static let system = AuditActor(accountID: nil, name: "system", kind: .system, ip: nil)

    /// Somebody who is not signed in; `claimedName` is the user name they typed, if any.
    public static func anonymous(claimedName: String?, ip: String?) -> AuditActor {
        AuditActor(accountID: nil, name: claimedName ?? "anonymous", kind: .anonymous, ip: ip)
    }
}

/// The object an action concerns: its type, id and a readable label so audit pages need no joins.
public struct AuditSubject: Sendable, Hashable {
    public var type: String
    public var id: String?
    public var label: String?

    public init(type: String, id: String? = nil, label: String? = nil) {
        self.type = type
        self.id = id
        self.label = label
    }
}

/// One thing to record.
public struct AuditEvent: Sendable, Hashable {
    public var action: AuditAction
    public var subject: AuditSubject?
    public var outcome: AuditOutcome
    public var rule: RuleID?
    public var details: [String: String]

    public init(
        action: AuditAction, subject: AuditSubject? = nil, outcome: AuditOutcome = .success, rule: RuleID? = nil,
        details: [String: String] = [:]
    ) {
        self.action = action
        self.subject = subject
        self.outcome = outcome
        self.rule = rule
        self.details = details
    }
}

/// A stored audit record: one leaf of the Merkle log.
public struct AuditRecord: Sendable, Hashable, Codable {
    public var leafIndex: Int64
    public var recordedAt: String
    public var actorID: String?
    public var actorName: String
    public var actorKind: String
    public var ip: String?
    public var action: String
    public var objectType: String?
    public var objectID: String?
    public var objectLabel: String?
    public var outcome: String
    public var rule: String?
    /// Canonical JSON of the details, exactly as hashed.
    public var details: String
    public var leafHash: String

    /// The bytes the leaf hash covers: a JSON array of every column but the hash, in a fixed order, so that any
    /// change to any column changes the hash (S2).
    public var canonicalBytes: [UInt8] {
        CanonicalJSON.array([
            .number(leafIndex), .string(recordedAt), .optional(actorID), .string(actorName), .string(actorKind),
            .optional(ip), .string(action), .optional(objectType), .optional(objectID), .optional(objectLabel),
            .string(outcome), .optional(rule), .raw(details),
        ])
    }

    public var decodedDetails: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(details.utf8))) ?? [:]
    }
}
