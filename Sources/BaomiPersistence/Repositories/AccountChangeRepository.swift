import BaomiDomain
import FluentKit
import Foundation
import SQLKit

/// Who proposes or decides a two-person change: an administrator's account, its roles, the name papers show.
public struct AdministratorActor: Sendable {
    public var audit: AuditActor
    public var accountID: UUID
    public var roles: Set<Role>

    public init(audit: AuditActor, accountID: UUID, roles: Set<Role>) {
        self.audit = audit
        self.accountID = accountID
        self.roles = roles
    }
}

/// Two-person changes of accounts (S1): what one administrator proposes for an account holding a business role
/// waits for the security administrator; a change of an account without a role applies at once. Either way the
/// owner is told at their next sign-in, and every step is audited with the change.
public struct AccountChangeRepository: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// What a proposal changes.
    public enum Proposal: Sendable {
        case passwordReset(hash: String)
        case personChange(UUID?)
        case emailChange(String?)

        var kind: AccountChangeKind {
            switch self {
            case .passwordReset: .passwordReset
            case .personChange: .personChange
            case .emailChange: .emailChange
            }
        }
    }

    /// Records the proposal; applies it at once when the account holds no business role (S1).
    @discardableResult
    public func propose(
        _ proposal: Proposal, account id: UUID, by actor: AdministratorActor, on database: any Database
    ) async throws -> AccountChangeModel {
        try await store.perform(
            on: database, by: actor.audit, .accountChangePropose,
            subject: AuditSubject(type: "account", id: id.uuidString)
        ) { transaction, trail in
            guard let account = try await AccountModel.find(id, on: transaction) else {
                throw DomainError.notFound(zh: "账号不存在", en: "No such account")
            }
            trail.subject = AuditSubject(type: "account", id: id.uuidString, label: account.username)
            trail.note("kind", proposal.kind.rawValue)
            if id == actor.accountID {
                throw Refusal(
                    rule: .s1, zh: "管理员不能用此功能变更本人账号，请在个人设置中修改",
                    en: "Administrators change their own account on their profile, not here")
            }
            // Resetting another administrator's password would let the system administrator sign in as the
            // auditor and read, or as the security administrator and grant, what S1 keeps from it.
            if case .passwordReset = proposal, account.roles.contains(where: \.isAdministrator) {
                throw Refusal(
                    rule: .s1, zh: "三员账号的密码不能由其他管理员重置，须由本人修改",
                    en:
                        "An administrator account's password cannot be reset by another administrator; its owner changes it"
                )
            }
            let change = AccountChangeModel()
            change.$account.id = id
            change.kind = proposal.kind.rawValue
            change.proposedByID = actor.accountID
            change.proposedByName = actor.audit.name
            change.proposedAt = clock()
            change.comment = ""
            switch proposal {
            case .passwordReset(let hash):
                change.passwordHash = hash
            case .personChange(let person):
                try await AccountRepository.checkPersonLink(person, account: id, on: transaction)
                change.oldPersonID = account.$person.id
                change.newPersonID = person
                trail.note("from", account.$person.id?.uuidString)
                trail.note("to", person?.uuidString)
            case .emailChange(let email):
                change.oldEmail = account.email
                change.newEmail = email
                trail.note("from", account.email)
                trail.note("to", email)
            }
            if TwoPersonRule.needsSecondPerson(targetRoles: account.roles) {
                change.state = AccountChangeState.pending.rawValue
                trail.note("state", change.state)
                do {
                    try await change.create(on: transaction)
                } catch let error as any DatabaseError where error.isConstraintFailure {
                    throw Self.alreadyPending(proposal.kind)
                }
                return change
            }
            change.state = AccountChangeState.applied.rawValue
            change.decidedAt = change.proposedAt
            trail.note("state", change.state)
            try await apply(change, to: account, approvedBy: nil, on: transaction, trail: trail)
            try await account.save(on: transaction)
            try await change.create(on: transaction)
            return change
        }
    }

    /// The security administrator approves (applying the change in the same transaction) or refuses a pending
    /// change. Of two decisions on one change at once, exactly one wins; the other is a 409 and writes nothing
    /// but its refusal.
    @discardableResult
    public func decide(
        _ id: UUID, approve: Bool, comment: String, by actor: AdministratorActor, on database: any Database
    ) async throws -> AccountChangeModel {
        try await store.perform(
            on: database, by: actor.audit, .accountChangeDecide,
            subject: AuditSubject(type: "accountChange", id: id.uuidString)
        ) { transaction, trail in
            let change = try await Self.find(id, on: transaction)
            let account = try await change.$account.get(on: transaction)
            trail.subject = AuditSubject(type: "account", id: account.id?.uuidString, label: account.username)
            trail.note("kind", change.kind)
            trail.note("verdict", approve ? "approve" : "refuse")
            try TwoPersonRule.canApprove(
                approverRoles: actor.roles, approverID: actor.accountID, proposerID: change.proposedByID,
                targetID: try account.requireID()
            ).enforce()
            let state: AccountChangeState = approve ? .approved : .refused
            try await close(change, state: state, by: actor, comment: comment, on: transaction)
            if approve {
                try await apply(change, to: account, approvedBy: actor.audit.name, on: transaction, trail: trail)
                try await account.save(on: transaction)
            }
            return change
        }
    }

    /// The proposer takes back a change still waiting.
    @discardableResult
    public func withdraw(
        _ id: UUID, by actor: AdministratorActor, on database: any Database
    ) async throws
        -> AccountChangeModel
    {
        try await store.perform(
            on: database, by: actor.audit, .accountChangeWithdraw,
            subject: AuditSubject(type: "accountChange", id: id.uuidString)
        ) { transaction, trail in
            let change = try await Self.find(id, on: transaction)
            trail.note("kind", change.kind)
            guard change.proposedByID == actor.accountID else {
                throw Refusal(rule: .s1, zh: "只有发起人可以撤回", en: "Only the proposer withdraws a change")
            }
            try await close(change, state: .withdrawn, by: actor, comment: "", on: transaction)
            return change
        }
    }

    /// Changes, newest first; `state` narrows them, `account` to one account's.
    public func list(
        state: AccountChangeState? = nil, account: UUID? = nil, limit: Int = 200, on database: any Database
    ) async throws -> [AccountChangeModel] {
        let query = AccountChangeModel.query(on: database).with(\.$account)
        if let state { query.filter(\.$state == state.rawValue) }
        if let account { query.filter(\.$account.$id == account) }
        return try await query.sort(\.$proposedAt, .descending).limit(limit).all()
    }

    public static func find(_ id: UUID, on database: any Database) async throws -> AccountChangeModel {
        guard let change = try await AccountChangeModel.find(id, on: database) else {
            throw DomainError.notFound(zh: "变更不存在", en: "No such change")
        }
        return change
    }

    /// The notices the owner has not acknowledged yet, oldest first.
    public func notices(of account: UUID, on database: any Database) async throws -> [AccountNoticeModel] {
        try await AccountNoticeModel.query(on: database).filter(\.$account.$id == account)
            .filter(\.$acknowledgedAt == nil).sort(\.$createdAt).all()
    }

    /// The owner has read a notice.
    public func acknowledge(
        _ id: UUID, account: UUID, by actor: AuditActor, on database: any Database
    ) async throws {
        try await store.perform(
            on: database, by: actor, .accountNoticeAcknowledge,
            subject: AuditSubject(type: "account", id: account.uuidString, label: actor.name)
        ) { transaction, _ in
            guard let notice = try await AccountNoticeModel.find(id, on: transaction), notice.$account.id == account
            else { throw DomainError.notFound(zh: "通知不存在", en: "No such notice") }
            notice.acknowledgedAt = notice.acknowledgedAt ?? clock()
            try await notice.save(on: transaction)
        }
    }

    /// Closes a pending change, if it still is: the update names the state it read, so of two deciders exactly one
    /// changes the row (both databases, any number of instances).
    private func close(
        _ change: AccountChangeModel, state: AccountChangeState, by actor: AdministratorActor, comment: String,
        on database: any Database
    ) async throws {
        let now = clock()
        let changed = try await database.sql.raw(
            """
            UPDATE account_changes SET state = \(bind: state.rawValue), decided_by_id = \(bind: actor.accountID),
                decided_by_name = \(bind: actor.audit.name), decided_at = \(bind: now),
                comment = \(bind: comment), password_hash = NULL
            WHERE id = \(bind: try change.requireID()) AND state = \(bind: AccountChangeState.pending.rawValue)
            RETURNING id
            """
        ).all()
        guard changed.count == 1 else {
            throw DomainError.conflict(
                LocalizedText(
                    zh: "该变更已处理（\(change.changeState.map { $0.title.zh } ?? change.state)），不能再次决定",
                    en: "This change was already decided or withdrawn"),
                rule: .s1)
        }
        change.state = state.rawValue
        change.decidedByID = actor.accountID
        change.decidedByName = actor.audit.name
        change.decidedAt = now
        change.comment = comment
    }

    /// Makes the change on the account and tells its owner (S1).
    private func apply(
        _ change: AccountChangeModel, to account: AccountModel, approvedBy approver: String?,
        on database: any Database, trail: AuditTrail
    ) async throws {
        let accountID = try account.requireID()
        let day = ClearanceRepository.today(clock())
        let by =
            approver.map {
                ("由 \(change.proposedByName) 发起、\($0) 批准", "proposed by \(change.proposedByName), approved by \($0)")
            }
            ?? ("由 \(change.proposedByName) 办理", "by \(change.proposedByName)")
        let what: LocalizedText
        switch change.changeKind {
        case .passwordReset:
            guard let hash = change.passwordHash else { return }
            account.passwordHash = hash
            account.mustChangePassword = true
            try await SessionRepository.endAll(of: accountID, on: database)
            what = LocalizedText(zh: "您的密码已于 \(day) 重置", en: "Your password was reset on \(day)")
        case .personChange:
            try await AccountRepository.checkPersonLink(change.newPersonID, account: accountID, on: database)
            account.$person.id = change.newPersonID
            try await SessionRepository.endAll(of: accountID, on: database)
            what = LocalizedText(
                zh: "您的账号于 \(day) 改为属于另一人员（影响您的涉密等级和知悉范围）",
                en: "Your account was linked to another person on \(day), which changes your clearance and scope")
        case .emailChange:
            account.email = change.newEmail
            what = LocalizedText(
                zh: "您的邮箱于 \(day) 改为 \(change.newEmail ?? "（无）")",
                en: "Your e-mail address was changed on \(day) to \(change.newEmail ?? "(none)")")
        case nil:
            return
        }
        change.passwordHash = nil
        let notice = AccountNoticeModel()
        notice.$account.id = accountID
        notice.textZh = "\(what.zh)，\(by.0)。如非您本人申请，请立即报告保密办 (S1)"
        notice.textEn = "\(what.en), \(by.1). If you did not ask for it, tell the security office now (S1)"
        notice.createdAt = clock()
        try await notice.create(on: database)
        trail.record(
            AuditEvent(
                action: change.changeKind == .passwordReset ? .accountPasswordReset : .accountUpdate,
                subject: AuditSubject(type: "account", id: accountID.uuidString, label: account.username),
                outcome: .success,
                details: ["kind": change.kind, "proposedBy": change.proposedByName, "approvedBy": approver ?? ""]))
    }

    private static func alreadyPending(_ kind: AccountChangeKind) -> DomainError {
        .conflict(
            LocalizedText(
                zh: "该账号已有待复核的「\(kind.title.zh)」，请先处理或撤回",
                en: "This account already has a \(kind.title.en.lowercased()) waiting for approval"),
            rule: .s1)
    }
}
