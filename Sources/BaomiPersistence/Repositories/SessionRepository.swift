import BaomiDomain
import Crypto
import FluentKit
import Foundation
import SQLKit

/// Database-stored sessions (S3): several server instances share them through PostgreSQL.
public struct SessionRepository: Sendable {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Starts a session and returns the bearer token; only its hash is stored.
    public func start(
        account: UUID, kind: SessionModel.Kind, ip: String?, now: Date, on database: any Database
    ) async throws -> (token: String, session: SessionModel) {
        let token = Self.randomToken()
        let session = SessionModel(
            tokenHash: Self.hash(token), accountID: account, kind: kind, csrfToken: Self.randomToken(), ip: ip, now: now
        )
        try await session.create(on: database)
        return (token, session)
    }

    /// The live session for a token, with its account and the account's person (`account.$person.value`), or nil
    /// when unknown, ended or idle too long. One statement on `reading` (every request that carries a session starts
    /// here); the session's touch and its ending are written on `database`.
    public func resume(
        token: String, idleTimeout: TimeInterval, now: Date, reading: (any Database)? = nil, on database: any Database
    ) async throws
        -> SessionModel?
    {
        let row = try await (reading ?? database).sql.raw(
            """
            SELECT \(unsafeRaw: ModelRows.columns(SessionModel.self, as: "s")),
                \(unsafeRaw: ModelRows.columns(AccountModel.self, as: "a")),
                \(unsafeRaw: ModelRows.columns(PersonModel.self, as: "p"))
            FROM sessions s JOIN accounts a ON a.id = s.account_id LEFT JOIN people p ON p.id = a.person_id
            WHERE s.token_hash = \(bind: Self.hash(token)) AND s.ended_at IS NULL
            """
        ).first()
        guard let row else { return nil }
        let session = try ModelRows.require(SessionModel.self, as: "s", from: row)
        let account = try ModelRows.require(AccountModel.self, as: "a", from: row)
        let person: PersonModel? = try ModelRows.decode(PersonModel.self, as: "p", from: row)
        account.$person.value = Optional(person)
        session.$account.value = account
        // Both writes here go through the store like every other (an SQLite write outside its gate meets a
        // transaction in flight and fails "database is locked"); neither is audited. Neither must hold up the
        // request it serves while another process holds the database (an import): the ending is a fact of the
        // clock whether or not it is stored, and a touch missed now is made by a later request.
        if now.timeIntervalSince(session.lastSeenAt) > idleTimeout {
            session.endedAt = now
            try await touch(session, on: database)
            return nil
        }
        // Writing on every request would turn each page view into a write; a 30 s grain is plenty for a
        // timeout counted in minutes.
        if now.timeIntervalSince(session.lastSeenAt) > 30 {
            session.lastSeenAt = now
            try await touch(session, on: database)
        }
        return session
    }

    /// Saves a session's touch or ending unless another process holds the SQLite file's write lock: then it is
    /// skipped at once (`lockWait: .zero`, and not even queued while writes are known to be waiting for the lock).
    private func touch(_ session: SessionModel, on database: any Database) async throws {
        guard !store.isHeldElsewhere else { return }
        do {
            try await store.write(on: database, lockWait: .zero) { try await session.save(on: $0) }
        } catch is DatabaseBusy {
            return
        }
    }

    public func end(_ session: SessionModel, now: Date, on database: any Database) async throws {
        session.endedAt = now
        try await session.save(on: database)
    }

    static func endAll(of account: UUID, on database: any Database) async throws {
        try await SessionModel.query(on: database).filter(\.$account.$id == account).filter(\.$endedAt == nil)
            .set(\.$endedAt, to: Date()).update()
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).lowercaseHex
    }
}
