import BaomiDomain
import FluentKit
import Foundation

/// Putting a person on a secret post (A2, A4, T8, T9, A7, E6.6(3)): the one write path that the approval request's
/// effect and `baomi import people` share. The class follows the post through `ClearanceRepository.set`, so the
/// pre-post training and agreement gates run exactly as on the direct path; beside them this path refuses anyone
/// leaving, departed or in 脱密期 (A4, A7) and anyone without the agreements the post asks beyond its class (T8, T9).
public struct PostAssignments: Sendable {
    let store: Store
    let clock: @Sendable () -> Date

    public init(store: Store, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// The active post by its code, or the refusal naming `field`.
    public func activePost(code: String, field: String = "post", on database: any Database) async throws -> PostModel {
        guard let post = try await PostRepository(store: store).post(code: code, on: database), post.active else {
            throw DomainError.invalid(
                field: field, rule: RuleID("A2"), zh: "岗位代码「\(code)」未登记或已撤销",
                en: "The post code \(code) is not registered or is retired")
        }
        return post
    }

    /// The preconditions of the post that `ClearanceRepository.set` does not judge itself: standing (A4, A7) and
    /// the post's own extra agreements (T8, T9). The request kind asks it on submission; `assign` on approval.
    public func checkStanding(
        _ person: PersonModel, for post: PostModel, on database: any Database
    ) async throws {
        let today = ClearanceRepository.today(clock())
        if let refusal = PostRules.standing(
            status: PersonStatus(rawValue: person.status) ?? .active, separationUntil: person.separationUntil,
            today: today)
        {
            throw DomainError.invalid([FieldError(field: "personID", rule: refusal.rule, message: refusal.reason)])
        }
        let standing = try await AgreementGate().standing(of: try person.requireID(), on: database)
        if let refusal = PostRules.missingExtras(
            post.extraAgreementKinds, postClass: post.secretPostClass, isLeader: person.isLeader,
            inForce: standing.inForce, refused: standing.refused)
        {
            throw DomainError.invalid([FieldError(field: "post", rule: refusal.rule, message: refusal.reason)])
        }
    }

    /// The gates `ClearanceRepository.set` would run, asked without writing: for a request's submission.
    public func checkGates(_ person: PersonModel, for post: PostModel, on database: any Database) async throws {
        try await checkStanding(person, for: post, on: database)
        let current = SecretPostClass(rawValue: person.postClass) ?? .nonSecret
        try await PrePostGate().enforce(
            personID: try person.requireID(), from: current, to: post.secretPostClass,
            today: ClearanceRepository.today(clock()), settings: SettingsRepository(store: store), on: database)
        try await AgreementGate().enforce(person, from: current, to: post.secretPostClass, on: database)
    }

    /// Puts the person on the post, in one audited transaction (joining the caller's, for a request's effect):
    /// their class follows the post, the open spell closes today and a new one opens.
    @discardableResult
    public func assign(
        personID: UUID, postCode: String, reason: String, requestNumber: String? = nil, by actor: AuditActor,
        on database: any Database
    ) async throws -> PostAssignmentModel {
        try await store.perform(
            on: database, by: actor, .postAssign, subject: AuditSubject(type: "person", id: personID.uuidString)
        ) { transaction, trail in
            try await RowLock.take(PersonModel.schema, id: personID, on: transaction)
            guard let person = try await PersonModel.find(personID, on: transaction) else {
                throw DomainError.notFound(zh: "人员不存在", en: "No such person")
            }
            trail.subject = AuditSubject(type: "person", id: personID.uuidString, label: person.name)
            let post = try await activePost(code: postCode, on: transaction)
            trail.note("post", post.code)
            trail.note("postClass", post.postClass)
            if let requestNumber { trail.note("request", requestNumber) }
            try await checkStanding(person, for: post, on: transaction)
            // The class follows the post, through the one path whose gates every way in shares (E6.6(3), A4, T8).
            let draft = ClearanceDraft(
                postClass: post.secretPostClass, compartments: ClearanceRepository.ids(person.compartments),
                groups: ClearanceRepository.ids(person.groups), separationUntil: person.separationUntil,
                reason: "上岗「\(post.code) \(post.name)」：\(reason)")
            let updated = try await ClearanceRepository(store: store, clock: clock).set(
                draft, for: personID, by: actor, on: transaction)
            updated.post = post.name
            try await updated.save(on: transaction)
            return try await openSpell(
                person: updated, post: post, reason: reason, requestNumber: requestNumber, actor: actor,
                on: transaction)
        }
    }

    private func openSpell(
        person: PersonModel, post: PostModel, reason: String, requestNumber: String?, actor: AuditActor,
        on database: any Database
    ) async throws -> PostAssignmentModel {
        let now = clock()
        let today = ClearanceRepository.today(now)
        let personID = try person.requireID()
        try await PostAssignmentModel.query(on: database).filter(\.$person.$id == personID)
            .filter(\.$untilDate == nil).set(\.$untilDate, to: today).update()
        let spell = PostAssignmentModel()
        spell.$person.id = personID
        spell.$post.id = post.id
        spell.postCode = post.code
        spell.postName = post.name
        spell.postClass = post.postClass
        spell.departmentName = post.department.name
        spell.fromDate = today
        spell.requestNumber = requestNumber
        spell.reason = reason
        spell.recordedBy = actor.name
        spell.recordedAt = now
        try await spell.create(on: database)
        return spell
    }
}
