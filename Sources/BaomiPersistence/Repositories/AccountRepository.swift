import BaomiDomain
import FluentKit
import Foundation

/// Accounts and their roles (S1), passwords, lockouts and second factors (S3). Password hashing happens in the
/// caller (Bcrypt lives with Vapor); this type only ever sees hashes.
public struct AccountRepository: Sendable {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    public func all(on database: any Database) async throws -> [AccountModel] {
        try await AccountModel.query(on: database).with(\.$person).sort(\.$username).all()
    }

    public func find(_ id: UUID, on database: any Database) async throws -> AccountModel {
        guard let account = try await AccountModel.query(on: database).with(\.$person).filter(\.$id == id).first()
        else {
            throw DomainError.notFound(zh: "账号不存在", en: "No such account")
        }
        return account
    }

    public func find(username: String, on database: any Database) async throws -> AccountModel? {
        try await AccountModel.query(on: database).filter(\.$username == username.trimmed.lowercased()).first()
    }

    @discardableResult
    public func create(
        _ draft: AccountDraft, passwordHash: String, roles: Set<Role> = [], isBuiltIn: Bool = false,
        by actor: AuditActor, on database: any Database
    ) async throws -> AccountModel {
        try await store.perform(
            on: database, by: actor, .accountCreate, subject: AuditSubject(type: "account", label: draft.username)
        ) { transaction, trail in
            try RoleAssignment.check(roles).enforce()
            if try await AccountModel.query(on: transaction).filter(\.$username == draft.username).first() != nil {
                throw DomainError.invalid(field: "username", zh: "用户名已存在", en: "This user name is taken")
            }
            try await Self.checkPersonLink(draft.personID, account: nil, on: transaction)
            let account = AccountModel(
                username: draft.username, displayName: draft.displayName, personID: draft.personID,
                passwordHash: passwordHash, roles: roles, isBuiltIn: isBuiltIn)
            try await account.create(on: transaction)
            trail.subject = AuditSubject(type: "account", id: account.id?.uuidString, label: account.username)
            if !roles.isEmpty { trail.note("roles", account.rolesText) }
            return account
        }
    }

    /// Changes the display name, the linked person or the disabled flag.
    public func update(
        _ id: UUID, displayName: String, personID: UUID?, isDisabled: Bool, by actor: AuditActor,
        on database: any Database
    ) async throws {
        try await change(id, .accountUpdate, by: actor, on: database) { account, transaction, trail in
            if account.isBuiltIn && isDisabled {
                throw Refusal(
                    rule: .s1, zh: "内置三员账号不能停用", en: "The built-in administrator accounts cannot be disabled")
            }
            try await Self.checkPersonLink(personID, account: id, on: transaction)
            if account.isDisabled != isDisabled { trail.note("disabled", String(isDisabled)) }
            account.displayName = displayName
            account.$person.id = personID
            account.isDisabled = isDisabled
            if isDisabled { try await SessionRepository.endAll(of: id, on: transaction) }
        }
    }

    /// Runs an audited change of one account: loads it inside the transaction, names it in the trail (so a refusal
    /// names it too), and saves it once `body` has changed it.
    func change(
        _ id: UUID, _ action: AuditAction, by actor: AuditActor, on database: any Database,
        _ body: @escaping @Sendable (AccountModel, any Database, AuditTrail) async throws -> Void
    ) async throws {
        try await store.perform(
            on: database, by: actor, action, subject: AuditSubject(type: "account", id: id.uuidString)
        ) { transaction, trail in
            let account = try await find(id, on: transaction)
            trail.subject = AuditSubject(type: "account", id: id.uuidString, label: account.username)
            try await body(account, transaction, trail)
            try await account.save(on: transaction)
        }
    }

    /// A person has at most one account (so one clearance behind one sign-in).
    static func checkPersonLink(_ personID: UUID?, account: UUID?, on database: any Database) async throws {
        guard let personID else { return }
        if try await PersonModel.find(personID, on: database) == nil {
            throw DomainError.invalid(field: "personID", zh: "人员不存在", en: "No such person")
        }
        if let other = try await AccountModel.query(on: database).filter(\.$person.$id == personID).first(),
            other.id != account
        {
            throw DomainError.invalid(
                field: "personID", zh: "该人员已有账号 \(other.username)",
                en: "This person already has account \(other.username)")
        }
    }

    /// Assigns roles (S1): no two administrator roles, no business role beside one, never one's own roles, and
    /// the built-in administrators keep theirs.
    public func setRoles(_ id: UUID, roles: Set<Role>, by actor: AuditActor, on database: any Database) async throws {
        try await change(id, .accountRolesChange, by: actor, on: database) { account, _, trail in
            trail.note(
                "roles",
                "\(account.rolesText) → \(Role.allCases.filter(roles.contains).map(\.rawValue).joined(separator: ","))")
            if account.id == actor.accountID {
                throw Refusal(rule: .s1, zh: "不能修改自己的角色", en: "Nobody can change their own roles")
            }
            if account.isBuiltIn && account.roles != roles {
                throw Refusal(
                    rule: .s1, zh: "内置三员账号的角色不能更改", en: "The built-in administrator accounts keep their roles")
            }
            try RoleAssignment.check(roles).enforce()
            account.roles = roles
        }
    }

    /// Sets a new password chosen by an administrator; the owner must change it at next sign-in.
    public func resetPassword(
        _ id: UUID, passwordHash: String, by actor: AuditActor, on database: any Database
    )
        async throws
    {
        try await change(id, .accountPasswordReset, by: actor, on: database) { account, transaction, _ in
            // Resetting another administrator's password would let the system administrator sign in as the
            // auditor and read, or as the security administrator and grant, what S1 keeps from it.
            if account.roles.contains(where: \.isAdministrator) {
                throw Refusal(
                    rule: .s1, zh: "三员账号的密码不能由其他管理员重置，须由本人修改",
                    en:
                        "An administrator account's password cannot be reset by another administrator; its owner changes it"
                )
            }
            account.passwordHash = passwordHash
            account.mustChangePassword = true
            try await SessionRepository.endAll(of: id, on: transaction)
        }
    }

    /// The owner's own password change; clears the must-change flag.
    public func changePassword(
        _ id: UUID, passwordHash: String, by actor: AuditActor, on database: any Database
    )
        async throws
    {
        try await change(id, .passwordChange, by: actor, on: database) { account, _, _ in
            account.passwordHash = passwordHash
            account.mustChangePassword = false
        }
    }

    /// Lifts a lockout (S3; the security administrator's power).
    public func unlock(_ id: UUID, by actor: AuditActor, on database: any Database) async throws {
        try await change(id, .accountUnlock, by: actor, on: database) { account, _, _ in
            account.lockedAt = nil
            account.failedSignIns = 0
        }
    }

    public func setLanguage(
        _ id: UUID, _ language: Language, by actor: AuditActor, on database: any Database
    )
        async throws
    {
        try await change(id, .languageChange, by: actor, on: database) { account, _, trail in
            trail.note("language", language.rawValue)
            account.language = language.rawValue
        }
    }
}
