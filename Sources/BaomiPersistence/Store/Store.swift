import BaomiDomain
import FluentKit
import Foundation

/// Runs every state change as one transaction with its audit record inside (DESIGN principle 2), and writes each
/// refusal to the audit trail and nothing else (A5, S4).
public struct Store: Sendable {
    public let audit: AuditLog
    let gate: WriteGate
    /// SQLite with group commit: awaited after every commit, before the caller can acknowledge it. Nil when each
    /// commit is durable on its own (PostgreSQL, or SQLite at `synchronous=FULL`).
    public let durability: DurabilityBarrier?
    /// Told of every committed change, after it is durable: the compliance engine re-checks what it touched.
    public let changes: AsyncStream<StoreChange>.Continuation?
    /// SQLite: the connection and thread write transactions run on; nil runs them on the caller's database.
    public let writer: SQLiteWriter?

    public init(
        audit: AuditLog = AuditLog(), gate: WriteGate = WriteGate(), durability: DurabilityBarrier? = nil,
        changes: AsyncStream<StoreChange>.Continuation? = nil, writer: SQLiteWriter? = nil
    ) {
        self.audit = audit
        self.gate = gate
        self.durability = durability
        self.changes = changes
        self.writer = writer
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
            let result = try await write(on: database) { transaction in
                let result = try await body(transaction, trail)
                try await audit.append(trail.successEvents(), by: actor, on: transaction)
                return result
            }
            changes?.yield(StoreChange(action: action, subject: trail.subject))
            return result
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
        _ = try await write(on: database) { transaction in
            try await audit.append(events, by: actor, on: transaction)
        }
    }

    /// Runs `body` as one write transaction and returns once it is durable: on SQLite through the write gate and
    /// on the writer's connection, waiting at most `lockWait` (default: the writer's) from now for a write lock another
    /// process holds, then throwing `DatabaseBusy` with nothing written. `perform` and `record` write through here;
    /// so do writes that append their own audit records or need none (a session, a signed checkpoint). Inside an
    /// outer transaction `body` joins it.
    @discardableResult
    public func write<T: Sendable>(
        on database: any Database, lockWait: Duration? = nil,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        let deadline = ContinuousClock.now + (lockWait ?? writer?.lockWait ?? .zero)
        return try await exclusive(on: database) {
            try await transaction(on: database, until: deadline, body)
        }
    }

    /// Whether another process held the SQLite file's write lock when a write last tried, a moment ago (see
    /// `SQLiteWriter.isHeldElsewhere`); false on PostgreSQL and without a writer.
    public var isHeldElsewhere: Bool { writer?.isHeldElsewhere() ?? false }

    /// Runs a write while holding the process's write gate when the database is SQLite, and returns once it is
    /// durable. `body` writes through `database` itself: prefer `write`, whose transaction waits for another
    /// process's lock off the thread and for a bounded time.
    ///
    /// The durability barrier is awaited after the gate is released, so the next writer commits while this one
    /// waits for the disk, and writers waiting together share one fsync. It is awaited on failure too (a body may
    /// have committed part of its work before it threw). Inside an outer transaction the gate is not taken (its
    /// owner holds it: `write` around the whole, as `CarrierImport` does) and nothing has committed yet: whoever
    /// commits that transaction makes it durable.
    @discardableResult
    public func exclusive<T: Sendable>(
        on database: any Database, _ body: @escaping @Sendable () async throws -> T
    )
        async throws -> T
    {
        guard try SQLDialectKind(database) == .sqlite, !database.inTransaction else { return try await body() }
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await gate.run(body))
        } catch let busy as DatabaseBusy {
            throw busy  // it never began: nothing to make durable
        } catch {
            outcome = .failure(error)
        }
        if let durability {
            do {
                try await durability.sync()
            } catch {
                // A failed body's own error says more; a successful one must not be reported as saved.
                if case .success = outcome { throw error }
            }
        }
        return try outcome.get()
    }

    /// A transaction for a write on `database`: on SQLite the writer's, when there is one and `database` is not
    /// already inside a transaction (whose owner commits), waiting until `deadline` for another process's lock.
    private func transaction<T: Sendable>(
        on database: any Database, until deadline: ContinuousClock.Instant,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        if let writer, !database.inTransaction, try SQLDialectKind(database) == .sqlite {
            return try await writer.transaction(until: deadline, body)
        }
        return try await database.transaction(body)
    }

    /// Returns once everything committed so far on `database` is durable: for a transaction committed outside
    /// `exclusive`, before its success is reported.
    public func makeDurable(on database: any Database) async throws {
        guard try SQLDialectKind(database) == .sqlite else { return }
        try await durability?.sync()
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

/// A committed change, as the audit trail names it.
public struct StoreChange: Sendable, Hashable {
    public var action: AuditAction
    public var subject: AuditSubject?

    public init(action: AuditAction, subject: AuditSubject?) {
        self.action = action
        self.subject = subject
    }
}
