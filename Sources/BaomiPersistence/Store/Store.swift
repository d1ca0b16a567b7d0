import BaomiDomain
import FluentKit
import Foundation

/// Runs every state change as one transaction with its audit record inside (DESIGN principle 2), and writes each
/// refusal to the audit trail and nothing else (A5, S4).
public struct Store: Sendable {
    public let audit: AuditLog
    let gate: WriteGate

    public init(audit: AuditLog = AuditLog(), gate: WriteGate = WriteGate()) {
        self.audit = audit
        self.gate = gate
    }

    /// Performs `body` in a transaction and appends its audit events before committing.
    ///
    /// A `Refusal`, or a `DomainError` that cites a rule, rolls the change back and is then recorded as a refusal
    /// in a transaction of its own; malformed input without a rule is not an act worth recording.
    public func perform<T: Sendable>(
        on database: any Database, by actor: AuditActor, _ action: AuditAction, subject: AuditSubject? = nil,
        _ body: @escaping @Sendable (any Database, AuditTrail) async throws -> T
    ) async throws -> T {
        let trail = AuditTrail(action: action, subject: subject)
        do {
            return try await exclusive(on: database) {
                try await database.transaction { transaction in
                    let result = try await body(transaction, trail)
                    try await audit.append(trail.successEvents(), by: actor, on: transaction)
                    return result
                }
            }
        } catch let refusal as Refusal {
            try await record(
                [trail.refusalEvent(rule: refusal.rule, reason: refusal.reason.zh)], by: actor, on: database)
            throw refusal
        } catch let error as DomainError {
            if let (rule, reason) = error.citedRule {
                try await record([trail.refusalEvent(rule: rule, reason: reason)], by: actor, on: database)
            }
            throw error
        }
    }

    /// Appends records in a transaction of their own: sign-in attempts, access denials, refusals.
    public func record(_ events: [AuditEvent], by actor: AuditActor, on database: any Database) async throws {
        _ = try await exclusive(on: database) {
            try await database.transaction { transaction in
                try await audit.append(events, by: actor, on: transaction)
            }
        }
    }

    /// Runs a write transaction while holding the process's write gate when the database is SQLite.
    @discardableResult
    public func exclusive<T: Sendable>(
        on database: any Database, _ body: @escaping @Sendable () async throws -> T
    )
        async throws -> T
    {
        if try SQLDialectKind(database) == .sqlite {
            return try await gate.run(body)
        }
        return try await body()
    }
}

extension DomainError {
    /// The first rule an error cites, with its Chinese reason, if any.
    var citedRule: (RuleID, String)? {
        switch self {
        case .invalid(let errors):
            guard let cited = errors.first(where: { $0.rule != nil }), let rule = cited.rule else { return nil }
            return (rule, cited.message.zh)
        case .conflict(let message, let rule?):
            return (rule, message.zh)
        case .conflict, .notFound:
            return nil
        }
    }
}
