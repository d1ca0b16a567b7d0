import BaomiDomain
import FluentKit
import Foundation

/// 代理 (issue #14): an approver names a stand-in for a period; the stand-in sees and decides the delegator's steps,
/// and each decision says whom it was decided for. Nobody approves their own request, directly or as a stand-in.
public struct Delegations: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// The accounts standing in for `delegator` on `day` (`YYYY-MM-DD`).
    static func standIns(for delegator: UUID, on day: String, database: any Database) async throws -> Set<UUID> {
        Set(
            try await DelegationModel.query(on: database).filter(\.$delegatorID == delegator)
                .filter(\.$revokedAt == nil).filter(\.$startsOn <= day).filter(\.$endsOn >= day).all().map(\.standInID))
    }

    /// The delegations `standIn` acts under on `day`.
    static func delegators(of standIn: UUID, on day: String, database: any Database) async throws -> [DelegationModel] {
        try await DelegationModel.query(on: database).filter(\.$standInID == standIn).filter(\.$revokedAt == nil)
            .filter(\.$startsOn <= day).filter(\.$endsOn >= day).sort(\.$createdAt).all()
    }

    /// The delegations an account gave or holds, current and past, newest first.
    public func list(of account: UUID, on database: any Database) async throws -> [DelegationModel] {
        try await DelegationModel.query(on: database).group(.or) {
            $0.filter(\.$delegatorID == account).filter(\.$standInID == account)
        }.sort(\.$createdAt, .descending).limit(200).all()
    }

    /// The accounts `account` stands in for today.
    public func standingInFor(_ account: UUID, on database: any Database) async throws -> [DelegationModel] {
        try await Self.delegators(of: account, on: ClearanceRepository.today(clock()), database: database)
    }

    /// Names a stand-in (by username) from `startsOn` to `endsOn` inclusive. The stand-in is another enabled business
    /// account; the period is at most a year.
    @discardableResult
    public func name(
        standIn username: String, startsOn: String, endsOn: String, by actor: RequestActor, on database: any Database
    ) async throws -> DelegationModel {
        try await store.perform(
            on: database, by: actor.audit, .delegationSet, subject: AuditSubject(type: "account", label: username)
        ) { transaction, trail in
            guard
                let standIn = try await AccountModel.query(on: transaction)
                    .filter(\.$username == username.trimmed).first(),
                !standIn.isDisabled, !standIn.isBuiltIn, let standInID = standIn.id
            else {
                throw DomainError.invalid(field: "standIn", zh: "请填写代理人的用户名", en: "Name the stand-in's username")
            }
            if standInID == actor.accountID {
                throw DomainError.invalid(field: "standIn", zh: "不能指定自己为代理人", en: "Name someone else")
            }
            var errors: [FieldError] = []
            let label = LocalizedText(zh: "起始日期", en: "From")
            let start = CalendarDay.parse(startsOn, field: "startsOn", label: label, rule: nil)
            let end = CalendarDay.parse(
                endsOn, field: "endsOn", label: LocalizedText(zh: "截止日期", en: "Until"), rule: nil)
            if case .failure(let error) = start { errors.append(error) }
            if case .failure(let error) = end { errors.append(error) }
            if errors.isEmpty, endsOn.trimmed < startsOn.trimmed {
                errors.append(
                    FieldError(
                        field: "endsOn", rule: nil,
                        message: LocalizedText(zh: "截止日期不能早于起始日期", en: "The end comes before the start")))
            }
            if !errors.isEmpty { throw DomainError.invalid(errors) }
            let row = DelegationModel()
            row.delegatorID = actor.accountID
            row.delegatorName = actor.displayName
            row.standInID = standInID
            row.standInName =
                standIn.displayName == standIn.username
                ? standIn.username : "\(standIn.displayName)（\(standIn.username)）"
            row.startsOn = startsOn.trimmed
            row.endsOn = endsOn.trimmed
            row.createdAt = clock()
            try await row.create(on: transaction)
            trail.subject = AuditSubject(type: "delegation", id: try row.requireID().uuidString, label: row.standInName)
            trail.note("standIn", row.standInName)
            trail.note("period", "\(row.startsOn)–\(row.endsOn)")
            return row
        }
    }

    /// The delegator ends a delegation.
    public func revoke(_ id: UUID, by actor: RequestActor, on database: any Database) async throws {
        try await store.perform(
            on: database, by: actor.audit, .delegationRevoke,
            subject: AuditSubject(type: "delegation", id: id.uuidString)
        ) { transaction, trail in
            guard let row = try await DelegationModel.find(id, on: transaction), row.delegatorID == actor.accountID
            else { throw DomainError.notFound(zh: "代理设置不存在", en: "No such delegation") }
            trail.note("standIn", row.standInName)
            guard row.revokedAt == nil else {
                throw DomainError.conflict(LocalizedText(zh: "该代理已取消", en: "Already revoked"), rule: nil)
            }
            row.revokedAt = clock()
            try await row.save(on: transaction)
        }
    }
}
