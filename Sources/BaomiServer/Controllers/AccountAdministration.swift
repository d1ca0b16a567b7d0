import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// The system administrator's changes of someone else's account, shared by the pages and the API (S1): a new
/// password, another person, another e-mail address. For an account holding a business role each is only
/// proposed, and waits for the security administrator (`AccountChangeRepository`); the rest applies at once.
enum AccountAdministration {
    static func actor(_ viewer: Viewer) -> AdministratorActor {
        AdministratorActor(audit: viewer.auditActor, accountID: viewer.accountID, roles: viewer.roles)
    }

    /// A new initial password: the policy applies to it as to any (S3); the owner must change it at sign-in.
    static func resetPassword(
        _ id: UUID, password: String, viewer: Viewer, request: Request
    ) async throws -> AccountChangeModel {
        let account = try await request.baomi.accounts.find(id, on: request.db)
        let policy = try await request.baomi.settings.securityPolicy(on: request.db)
        if let refusal = policy.checkPassword(password, username: account.username).refusal {
            throw DomainError.invalid([FieldError(field: "password", rule: refusal.rule, message: refusal.reason)])
        }
        let hash = try await request.baomi.passwords.hash(password)
        return try await request.baomi.accountChanges.propose(
            .passwordReset(hash: hash), account: id, by: actor(viewer), on: request.db)
    }

    /// Name and disabled apply at once; another person behind the account is a change of its own (S1).
    @discardableResult
    static func update(
        _ id: UUID, displayName: String, personID: UUID?, isDisabled: Bool, viewer: Viewer, request: Request
    ) async throws -> AccountChangeModel? {
        let account = try await request.baomi.accounts.find(id, on: request.db)
        try await request.baomi.accounts.update(
            id, displayName: displayName, personID: account.$person.id, isDisabled: isDisabled, by: viewer.auditActor,
            on: request.db)
        guard personID != account.$person.id else { return nil }
        return try await request.baomi.accountChanges.propose(
            .personChange(personID), account: id, by: actor(viewer), on: request.db)
    }

    /// Another address for the e-mails that name carriers (REMIND, S1); a bad address is a field error.
    @discardableResult
    static func setEmail(
        _ id: UUID, _ text: String?, viewer: Viewer, request: Request
    ) async throws
        -> AccountChangeModel?
    {
        let email = try EmailAddress.parse(text)
        let account = try await request.baomi.accounts.find(id, on: request.db)
        guard email != account.email else { return nil }
        return try await request.baomi.accountChanges.propose(
            .emailChange(email), account: id, by: actor(viewer), on: request.db)
    }

    /// The kinds of change waiting for each account.
    static func pendingKinds(on database: any Database) async throws -> [UUID: [String]] {
        let pending = try await AccountChangeModel.query(on: database)
            .filter(\.$state == AccountChangeState.pending.rawValue).all()
        return Dictionary(grouping: pending, by: { $0.$account.id }).mapValues { $0.map(\.kind).sorted() }
    }
}
