import BaomiDomain
import FluentKit
import Foundation
import SQLKit

extension RequestRepository {
    public enum Verdict: String, Sendable, CaseIterable {
        case approve
        case refuse
        /// 退回修改: the requester changes the request and resubmits it (a new round), or withdraws it.
        case returnForChanges = "return"
    }

    /// Decides the request's next step (A6: never the requester, directly or as a stand-in; the step's approver,
    /// or a stand-in for them, `Delegations`). The final approval applies the effect in the same transaction; a
    /// refusal puts the copies back where they were; a return for changes leaves them reserved for the resubmission.
    ///
    /// A step takes one decision (DESIGN principle 5): the request's row is taken first (`RowLock`), so of two
    /// decisions at once — approve and refuse, or the same approval twice, on one server or two — the second reads
    /// the first one's outcome and gets 409, its refusal audited and nothing else written. `step`, the position of
    /// the step the decider was shown, keeps a second decision from landing on the step after it.
    public func decide(
        _ requestID: UUID, step expectedStep: Int? = nil, verdict: Verdict, comment: String, conditions: String = "",
        catalogue: LevelCatalogue, by actor: RequestActor, on database: any Database
    ) async throws {
        try await store.perform(
            on: database, by: actor.audit, .requestDecide,
            subject: AuditSubject(type: "request", id: requestID.uuidString)
        ) { transaction, trail in
            let request = try await locked(requestID, on: transaction)
            trail.subject = AuditSubject(type: "request", id: requestID.uuidString, label: request.number)
            trail.note("verdict", verdict.rawValue)
            guard RequestState(rawValue: request.state)?.awaitsDecision == true else {
                throw DomainError.conflict(
                    request.state == RequestState.returned.rawValue
                        ? LocalizedText(zh: "该申请已退回修改，等待申请人重新提交", en: "This request was returned to its requester")
                        : LocalizedText(zh: "该申请已办结", en: "This request is closed"), rule: RuleID("A6"))
            }
            guard let (step, spec) = Self.waitingStep(of: request) else {
                throw DomainError.conflict(LocalizedText(zh: "没有待审批的步骤", en: "No step is waiting"), rule: nil)
            }
            if let expectedStep, expectedStep != step.position {
                throw DomainError.conflict(
                    LocalizedText(
                        zh: "该审批步骤已有决定，请刷新后查看", en: "That step has already been decided; reload the request"),
                    rule: RuleID("A6"))
            }
            let standingInFor = try await decider(
                of: step, spec: spec, in: request, actor: actor, need: ClearanceNeed.of(request, levels: catalogue),
                on: transaction)
            if case .recorded = spec.approver, verdict == .approve, comment.trimmed.isEmpty {
                throw DomainError.invalid(
                    field: "comment", rule: RuleID("C5.1"), zh: "请登记外部批准的文号或日期",
                    en: "Record the outside approval's reference")
            }
            if verdict == .returnForChanges, comment.trimmed.isEmpty {
                throw DomainError.invalid(
                    field: "comment", rule: RuleID("A6"), zh: "退回修改须写明要修改什么", en: "Say what is to be changed")
            }
            step.decision = verdict.rawValue
            step.decidedByID = actor.accountID
            step.decidedByName = actor.displayName
            step.onBehalfOfID = standingInFor?.delegatorID
            step.onBehalfOfName = standingInFor?.delegatorName ?? ""
            if let standingInFor { trail.note("onBehalfOf", standingInFor.delegatorName) }
            // The role they acted in and their post as they are today: the printed forms keep them (principle 12).
            step.decidedByRole = RequestStepModel.role(of: spec)
            step.decidedByPost = ""
            if let person = actor.personID, RequestStepModel.role(of: spec) != RequestStepModel.recordedRole {
                step.decidedByPost = try await PersonModel.find(person, on: transaction)?.post ?? ""
            }
            step.comment = String(comment.trimmed.prefix(500))
            step.conditions = String(conditions.trimmed.prefix(500))
            if !step.conditions.isEmpty { trail.note("conditions", step.conditions) }
            step.decidedAt = clock()
            try await saveDecision(step, on: transaction)
            let kind = RequestKind(rawValue: request.kind) ?? .reproduce
            switch verdict {
            case .refuse:
                request.state = RequestState.refused.rawValue
                request.closedAt = clock()
                try await release(request, kind: kind, actor: actor.audit, on: transaction)
            case .returnForChanges:
                request.state = RequestState.returned.rawValue
            case .approve where request.currentSteps.allSatisfy({ $0.decision != nil }):
                request.state = RequestState.approved.rawValue
                try await applyEffect(request, kind: kind, catalogue: catalogue, actor: actor, on: transaction)
            case .approve:
                request.state = RequestState.inReview.rawValue
            }
            try await saveState(request, on: transaction)
            try await ChainResolver(clock: clock).refreshWaiting(
                request, keepingDepartments: request.keepingDepartments,
                need: ClearanceNeed.of(request, levels: catalogue), on: transaction)
        }
    }

    /// Who decides: nil when the actor decides the step for themselves, else the delegation under which they stand
    /// in for its approver. Refuses the requester (directly or standing in), and anyone who is neither.
    func decider(
        of step: RequestStepModel, spec: ApprovalStepSpec, in request: RequestModel, actor: RequestActor,
        need: ClearanceNeed?, on database: any Database
    ) async throws -> DelegationModel? {
        if actor.accountID == request.requesterID { throw ChainResolution.ownRequest }
        // Nobody decides a request about themselves (a leaver their own departure), any more than their own (A6).
        if let person = actor.personID,
            RequestKind(rawValue: request.kind)?.definition.concerning(json: Data(request.payload.utf8)) == person
        {
            throw ChainResolution.aboutOneself
        }
        let keeping = request.keepingDepartments
        // 会签: no account decides two parts of one step, for itself or for someone else.
        let joint = Self.decidedJointly(spec, in: request)
        let facts = try await ownFacts(
            of: actor, settings: try await SettingsRepository(store: store).snapshot(on: database), on: database)
        // Whoever decides, for themselves or standing in, reads what they decide: their clearance covers it (A2).
        guard facts.isCleared(for: need) else { throw ChainResolution.notCleared }
        let own = ChainResolution.mayDecide(
            spec, as: facts,
            requesterID: request.requesterID, keepingDepartments: keeping, decidedJointly: joint)
        if own.isAllowed { return nil }
        for delegation in try await Delegations.delegators(
            of: actor.accountID, on: ClearanceRepository.today(clock()), database: database)
        where delegation.delegatorID != request.requesterID && !joint.contains(actor.accountID) {
            guard let facts = try await ChainResolver.facts(of: delegation.delegatorID, on: database) else { continue }
            if ChainResolution.mayDecide(
                spec, as: facts, requesterID: request.requesterID, keepingDepartments: keeping, decidedJointly: joint
            ).isAllowed {
                return delegation
            }
        }
        try own.enforce()
        return nil
    }

    /// The requester takes back an open request (also one returned for changes).
    public func withdraw(_ requestID: UUID, by actor: RequestActor, on database: any Database) async throws {
        try await store.perform(
            on: database, by: actor.audit, .requestWithdraw,
            subject: AuditSubject(type: "request", id: requestID.uuidString)
        ) { transaction, trail in
            let request = try await locked(requestID, on: transaction)
            trail.subject = AuditSubject(type: "request", id: requestID.uuidString, label: request.number)
            guard request.requesterID == actor.accountID else {
                throw Refusal(rule: RuleID("A6"), zh: "只有申请人可以撤回", en: "Only the requester can withdraw")
            }
            guard RequestState(rawValue: request.state)?.isOpen == true else {
                throw DomainError.conflict(
                    LocalizedText(zh: "该申请已不能撤回", en: "This request can no longer be withdrawn"), rule: RuleID("A6"))
            }
            request.state = RequestState.withdrawn.rawValue
            request.closedAt = clock()
            try await saveState(request, on: transaction)
            try await release(
                request, kind: RequestKind(rawValue: request.kind) ?? .reproduce, actor: actor.audit, on: transaction)
            try await ChainResolver(clock: clock).refreshWaiting(
                request, keepingDepartments: request.keepingDepartments, need: nil, on: transaction)
        }
    }

    /// The request with its row taken for the rest of the transaction (`RowLock`): every action on a request reads
    /// it this way, so two actions on one request never interleave, whichever server each runs on.
    func locked(_ id: UUID, on transaction: any Database) async throws -> RequestModel {
        try await RowLock.take(RequestModel.schema, id: id, on: transaction)
        return try await loaded(id, on: transaction)
    }

    /// Writes a step's decision, provided the step has none yet: with the request's row taken this always holds,
    /// and should two decisions still meet, the second is refused instead of overwriting the first (principle 5).
    private func saveDecision(_ step: RequestStepModel, on database: any Database) async throws {
        let changed = try await database.sql.raw(
            """
            UPDATE request_steps SET decision = \(bind: step.decision), decided_by_id = \(bind: step.decidedByID),
                decided_by_name = \(bind: step.decidedByName), decided_by_role = \(bind: step.decidedByRole),
                decided_by_post = \(bind: step.decidedByPost), comment = \(bind: step.comment),
                decided_at = \(bind: step.decidedAt), on_behalf_of_id = \(bind: step.onBehalfOfID),
                on_behalf_of_name = \(bind: step.onBehalfOfName), conditions = \(bind: step.conditions)
            WHERE id = \(bind: try step.requireID()) AND decision IS NULL RETURNING id
            """
        ).all()
        guard changed.count == 1 else { throw Self.changedMeanwhile }
    }

    /// Writes the request's state and closing time, provided its version is still the one read; bumps the version.
    func saveState(_ request: RequestModel, on database: any Database) async throws {
        let read = request.version
        request.version = read + 1
        let changed = try await database.sql.raw(
            """
            UPDATE requests SET state = \(bind: request.state), closed_at = \(bind: request.closedAt),
                version = \(bind: request.version)
            WHERE id = \(bind: try request.requireID()) AND version = \(bind: read) RETURNING id
            """
        ).all()
        guard changed.count == 1 else { throw Self.changedMeanwhile }
    }

    /// The answer to an action that found the request changed under it (409; its refusal is audited).
    static let changedMeanwhile = DomainError.conflict(
        LocalizedText(zh: "该申请刚被他人处理，请刷新后查看", en: "Someone else just acted on this request; reload it"),
        rule: RuleID("A6"))

    /// What the request held goes back when it is refused or withdrawn: its kind's release (`RequestKindEffect`).
    func release(
        _ request: RequestModel, kind: RequestKind, actor: AuditActor, on database: any Database
    ) async throws {
        try await releaseEffect(request, kind: kind, actor: actor, on: database)
    }

    /// A request with its carrier, steps and items, each item with its copy and the copy's carrier: two statements
    /// (Fluent's eager loading would send six, one per relation). The first reads the request once per item.
    func loaded(_ id: UUID, on database: any Database) async throws -> RequestModel {
        let sql = try database.sql
        let rows = try await sql.raw(
            """
            SELECT \(unsafeRaw: ModelRows.columns(RequestModel.self, as: "r")),
                \(unsafeRaw: ModelRows.columns(CarrierModel.self, as: "c")),
                \(unsafeRaw: ModelRows.columns(RequestItemModel.self, as: "i")),
                \(unsafeRaw: ModelRows.columns(CopyModel.self, as: "k")),
                \(unsafeRaw: ModelRows.columns(CarrierModel.self, as: "d"))
            FROM requests r LEFT JOIN carriers c ON c.id = r.carrier_id
                LEFT JOIN request_items i ON i.request_id = r.id LEFT JOIN copies k ON k.id = i.copy_id
                LEFT JOIN carriers d ON d.id = k.carrier_id
            WHERE r.id = \(bind: id) ORDER BY k.serial
            """
        ).all()
        guard let first = rows.first else { throw DomainError.notFound(zh: "申请不存在", en: "No such request") }
        let request = try ModelRows.require(RequestModel.self, as: "r", from: first)
        let carrier: CarrierModel? = try ModelRows.decode(CarrierModel.self, as: "c", from: first)
        request.$carrier.value = Optional(carrier)
        request.$items.value = try rows.compactMap { row in
            guard let item = try ModelRows.decode(RequestItemModel.self, as: "i", from: row) else { return nil }
            let copy = try ModelRows.require(CopyModel.self, as: "k", from: row)
            // Usually the request's own carrier: decoded once (29 fields).
            if let carrier, copy.$carrier.id == carrier.id {
                copy.$carrier.value = carrier
            } else {
                copy.$carrier.value = try ModelRows.require(CarrierModel.self, as: "d", from: row)
            }
            item.$copy.value = copy
            return item
        }
        request.$steps.value = try await sql.raw(
            """
            SELECT \(unsafeRaw: ModelRows.columns(RequestStepModel.self, as: "t")) FROM request_steps t
            WHERE t.request_id = \(bind: id) ORDER BY t.position
            """
        ).all().map { try ModelRows.require(RequestStepModel.self, as: "t", from: $0) }
        return request
    }
}

extension RequestRepository {
    /// Requests, newest first, optionally of one kind; `departments` limits them to those carriers' departments.
    public func list(kind: RequestKind?, openOnly: Bool, on database: any Database) async throws -> [RequestModel] {
        let query = RequestModel.query(on: database).with(\.$steps).with(\.$carrier).with(\.$items) {
            $0.with(\.$copy) { $0.with(\.$carrier) }
        }
        .sort(\.$createdAt, .descending).limit(500)
        if let kind { query.filter(\.$kind == kind.rawValue) }
        if openOnly { query.filter(\.$state ~~ [RequestState.submitted.rawValue, RequestState.inReview.rawValue]) }
        return try await query.all()
    }

    public func request(_ id: UUID, on database: any Database) async throws -> RequestModel {
        try await loaded(id, on: database)
    }

    /// The events of `action` the request wrote on its copies (its number is their counterpart), by copy: what each
    /// copy was when the request acted on it (principle 12).
    public func events(
        of request: RequestModel, action: String, on database: any Database
    ) async throws -> [UUID: CopyEventModel] {
        let copyIDs = request.items.map { $0.$copy.id }
        let events = try await CopyEventModel.query(on: database).filter(\.$copy.$id ~~ copyIDs)
            .filter(\.$action == action).filter(\.$counterpart == request.number).all()
        return Dictionary(events.map { ($0.$copy.id, $0) }, uniquingKeysWith: { _, last in last })
    }

    public func confirmations(of id: UUID, on database: any Database) async throws -> [DestructionConfirmationModel] {
        try await DestructionConfirmationModel.query(on: database).filter(\.$request.$id == id).sort(\.$confirmedAt)
            .all()
    }

    /// The step waiting for a decision, if any.
    public static func waitingStep(of request: RequestModel) -> (RequestStepModel, ApprovalStepSpec)? {
        guard RequestState(rawValue: request.state)?.awaitsDecision == true,
            let step = request.currentSteps.first(where: { $0.decision == nil }),
            let spec = step.approvalSpec
        else { return nil }
        return (step, spec)
    }

    /// Open tasks (re-marking, notices) of a person (C9).
    public func tasks(of person: UUID, on database: any Database) async throws -> [TaskModel] {
        try await TaskModel.query(on: database).filter(\.$personID == person).filter(\.$doneAt == nil).with(\.$carrier)
            .sort(\.$createdAt, .descending).all()
    }

    public func completeTask(_ id: UUID, person: UUID, by actor: AuditActor, on database: any Database) async throws {
        try await store.perform(
            on: database, by: actor, .taskDone, subject: AuditSubject(type: "task", id: id.uuidString)
        ) { transaction, trail in
            guard let task = try await TaskModel.find(id, on: transaction), task.personID == person else {
                throw DomainError.notFound(zh: "待办不存在", en: "No such task")
            }
            trail.note("text", task.text)
            // Done once: of two at once, on one server or two, the second finds it done (409, its refusal audited).
            let done = try await transaction.sql.raw(
                """
                UPDATE tasks SET done_at = \(bind: clock()) WHERE id = \(bind: id) AND done_at IS NULL RETURNING id
                """
            ).all()
            guard done.count == 1 else {
                throw DomainError.conflict(
                    LocalizedText(zh: "该待办已完成", en: "This task is already done"), rule: RuleID("C9"))
            }
        }
    }
}
