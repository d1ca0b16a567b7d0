import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

enum RequestsAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let id = APIOperation.Parameter.path("id", description: "UUID of the request")
        registry.register(
            APIOperation(
                method: .GET, path: "requests", operationID: "listRequests", tag: "requests", summary: "Requests 审批事项",
                parameters: [
                    .choice("kind", RequestKind.self, "The kind of request"),
                    .flag("waiting", "1: only those waiting for me"),
                ],
                responseSchema: "Request", responseIsArray: true), on: routes, list)
        registry.register(
            APIOperation(
                method: .POST, path: "requests", operationID: "submitRequest", tag: "requests",
                summary: "Submit a request 提交申请 (C4, C5, C8, C9, C10)", requestSchema: "RequestInput",
                responseSchema: "Request", successStatus: 201), on: routes, submit)
        registry.register(
            APIOperation(
                method: .GET, path: "requests/{id}", operationID: "getRequest", tag: "requests",
                summary: "One request with its steps 申请详情", parameters: [id], responseSchema: "Request"), on: routes,
            get)
        registry.register(
            APIOperation(
                method: .POST, path: "requests/{id}/decision", operationID: "decideRequest", tag: "requests",
                summary:
                    "Approve, refuse or return for changes the waiting step 审批 (A6), with conditions; 409 if another decision came first",
                parameters: [id], requestSchema: "DecisionInput",
                responseSchema: "Request"), on: routes, decide)
        registry.register(
            APIOperation(
                method: .POST, path: "requests/{id}/withdraw", operationID: "withdrawRequest", tag: "requests",
                summary: "Withdraw one's own open request 撤回", parameters: [id], responseSchema: "Request"), on: routes,
            withdraw)
        registry.register(
            APIOperation(
                method: .POST, path: "requests/{id}/destruction-confirmations", operationID: "confirmDestruction",
                tag: "requests", summary: "A supervisor confirms the destruction 监销确认 (C8)", parameters: [id],
                responseSchema: "Request"), on: routes, confirm)
        registry.register(
            APIOperation(
                method: .POST, path: "requests/{id}/issue", operationID: "issueLoan", tag: "requests",
                summary: "Hand an approved borrowing or carrying out to the borrower 借出 (C4)", parameters: [id],
                responseSchema: "Request"), on: routes, issue)
        registry.register(
            APIOperation(
                method: .POST, path: "requests/{id}/return", operationID: "returnLoan", tag: "requests",
                summary:
                    "The holder hands the copy back, or the security office takes it back (force); it is then returning, not stored 交还 (C4)",
                parameters: [id], requestSchema: "ReturnInput", responseSchema: "Request"), on: routes, giveBack)
        registry.register(
            APIOperation(
                method: .POST, path: "requests/{id}/check-in", operationID: "checkInLoan", tag: "requests",
                summary:
                    "The custodian checks a handed-back copy in: into its place (or placeID), or back to the borrowing it was carried out of 清点入库 (C4, C6); 409 if another check-in came first",
                parameters: [id], requestSchema: "CheckInInput", responseSchema: "Request"), on: routes, checkIn)
        registry.register(
            APIOperation(
                method: .GET, path: "loans", operationID: "listLoans", tag: "requests",
                summary: "Borrowings and carryings-out: mine, or (keepers) all; overdue flagged 借阅登记 (L1.9)",
                parameters: [
                    .flag("mine", "1: only what I hold or asked for"), .flag("out", "1: only copies out now"),
                ],
                responseSchema: "Loan", responseIsArray: true), on: routes, loans)
        registry.register(
            APIOperation(
                method: .GET, path: "tasks", operationID: "listTasks", tag: "requests",
                summary: "My open tasks: re-marking and notices 我的待办 (C9)", responseSchema: "Task",
                responseIsArray: true), on: routes, tasks)
        registry.register(
            APIOperation(
                method: .POST, path: "tasks/{id}/done", operationID: "completeTask", tag: "requests",
                summary: "Mark a task done 完成待办", parameters: [.path("id", description: "UUID of the task")],
                successStatus: 204), on: routes, taskDone)
    }

    /// The request, if the viewer may see it; 404 otherwise, as if it did not exist.
    @discardableResult
    static func visible(_ id: UUID, viewer: Viewer, request: Request) async throws -> RequestModel {
        let model = try await request.baomi.requests.request(id, on: request.reads)
        guard
            RequestsController.visible(
                model, viewer: viewer, scope: try await request.requestScope(viewer),
                context: try await request.deciderContext(viewer))
        else {
            throw DomainError.notFound(zh: "申请不存在", en: "No such request")
        }
        return model
    }

    static func dto(_ id: UUID, viewer: Viewer, request: Request) async throws -> RequestDTO {
        try await dto(try await visible(id, viewer: viewer, request: request), viewer: viewer, request: request)
    }

    /// The answer for a request the viewer may see; only a destruction has confirmations to look up.
    static func dto(_ model: RequestModel, viewer: Viewer, request: Request) async throws -> RequestDTO {
        let confirmations =
            model.kind == RequestKind.destroy.rawValue
            ? try await request.baomi.requests.confirmations(of: try model.requireID(), on: request.db) : []
        return RequestDTO(
            model, waitingForMe: RequestsController.isWaiting(model, context: try await request.deciderContext(viewer)),
            confirmations: confirmations,
            revisions: try await request.baomi.requests.revisions(of: try model.requireID(), on: request.db))
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.decideRequests)
        let (kind, waiting) = try request.requestListFilter()
        let scope = try await request.requestScope(viewer)
        let deciding = try await request.deciderContext(viewer)
        let requests = try await request.baomi.requests.list(kind: kind, openOnly: waiting, on: request.db)
            .filter { RequestsController.visible($0, viewer: viewer, scope: scope, context: deciding) }
            .filter { !waiting || RequestsController.isWaiting($0, context: deciding) }
        return try request.json(
            requests.map { RequestDTO($0, waitingForMe: RequestsController.isWaiting($0, context: deciding)) })
    }

    @Sendable static func submit(_ request: Request) async throws -> Response {
        _ = try await request.requireViewer()
        let body = try request.body(RequestInput.self)
        guard let kind = RequestKind(rawValue: body.kind) else {
            let message = AcceptedValues.of(RequestKind.self, title: \.title).refusing(
                body.kind, label: LocalizedText(zh: "申请类型", en: "Request kind"))
            throw DomainError.invalid(field: "kind", zh: message.zh, en: message.en)
        }
        let copies = try await CopyModel.query(on: request.db).filter(\.$id ~~ body.copyIDs).with(\.$carrier).all()
        let viewer = try await LoanActions.requireSubmission(kind, carriers: copies.map(\.carrier), request: request)
        let created = try await request.baomi.requests.submit(
            kind, carrierID: body.carrierID, copyIDs: body.copyIDs, reason: body.reason,
            payloadJSON: try JSONEncoder().encode(body.payload ?? .object([:])),
            catalogue: try await request.baomi.settings.levelCatalogue(on: request.db),
            by: RequestsController.actor(viewer), on: request.db)
        return try request.json(
            try await dto(try created.requireID(), viewer: viewer, request: request), status: .created)
    }

    @Sendable static func get(_ request: Request) async throws -> Response {
        let viewer = try await RequestsController.requireRequestViewer(request)
        return try request.json(try await dto(try request.uuidParameter(), viewer: viewer, request: request))
    }

    @Sendable static func decide(_ request: Request) async throws -> Response {
        // An approver, or a stand-in for one (who may hold no approving role of their own).
        let viewer = try await RequestsController.requireRequestViewer(request)
        let id = try request.uuidParameter()
        try await visible(id, viewer: viewer, request: request)
        let body = try request.body(DecisionInput.self)
        guard let verdict = RequestRepository.Verdict(rawValue: body.verdict) else {
            throw DomainError.invalid(
                field: "verdict", zh: "审批意见只能是 approve、refuse 或 return", en: "verdict is approve, refuse or return")
        }
        try await request.baomi.requests.decide(
            id, step: body.step, verdict: verdict, comment: body.comment ?? "", conditions: body.conditions ?? "",
            catalogue: try await request.baomi.settings.levelCatalogue(on: request.db),
            by: RequestsController.actor(viewer), on: request.db)
        return try request.json(try await dto(id, viewer: viewer, request: request))
    }

    @Sendable static func issue(_ request: Request) async throws -> Response {
        let viewer = try await RequestsController.requireRequestViewer(request)
        let id = try request.uuidParameter()
        let model = try await visible(id, viewer: viewer, request: request)
        try await LoanActions.issue(model, viewer: viewer, request: request)
        // A hand-over changes the loan and the copy, nothing the answer shows: it is the request as just read.
        return try request.json(RequestDTO(model, waitingForMe: false))
    }

    @Sendable static func giveBack(_ request: Request) async throws -> Response {
        let viewer = try await RequestsController.requireRequestViewer(request)
        let id = try request.uuidParameter()
        let model = try await visible(id, viewer: viewer, request: request)
        let force = request.body.data == nil ? false : (try request.body(ReturnInput.self).force ?? false)
        // Handing back changes the loan and the copy, nothing the answer shows: the request stays open until the
        // custodian checks the copy in.
        try await LoanActions.giveBack(id, force: force, viewer: viewer, request: request)
        return try request.json(RequestDTO(model, waitingForMe: false))
    }

    @Sendable static func checkIn(_ request: Request) async throws -> Response {
        let viewer = try await RequestsController.requireRequestViewer(request)
        let id = try request.uuidParameter()
        try await visible(id, viewer: viewer, request: request)
        let place = request.body.data == nil ? nil : try request.body(CheckInInput.self).placeID
        try await LoanActions.checkIn(id, placeID: place, viewer: viewer, request: request)
        return try request.json(try await dto(id, viewer: viewer, request: request))
    }

    @Sendable static func loans(_ request: Request) async throws -> Response {
        let viewer = try await RequestsController.requireRequestViewer(request)
        let filter = try request.loanListFilter()
        let mine = filter.mine || !viewer.can(.manageCarriers)
        let out = filter.out
        let today = ClearanceRepository.today(request.baomi.clock())
        var loans = try await request.baomi.requests.loans(outOnly: out, on: request.db)
        if mine {
            let person = viewer.account.$person.id
            loans = loans.filter {
                $0.borrowerAccountID == viewer.accountID
                    || ($0.borrowerPersonID != nil && $0.borrowerPersonID == person)
            }
        } else if let departments = try await request.carrierDepartments(viewer) {
            loans = loans.filter {
                departments.contains($0.copy.departmentID) || departments.contains($0.copy.carrier.$department.id)
            }
        }
        let visible = try await request.visibleLoans(loans, viewer: viewer, duty: mine)
        return try request.json(visible.map { LoanDTO($0, today: today, language: request.language) })
    }

    @Sendable static func withdraw(_ request: Request) async throws -> Response {
        let viewer = try await RequestsController.requireRequestViewer(request)
        let id = try request.uuidParameter()
        try await visible(id, viewer: viewer, request: request)
        try await request.baomi.requests.withdraw(id, by: RequestsController.actor(viewer), on: request.db)
        return try request.json(try await dto(id, viewer: viewer, request: request))
    }

    @Sendable static func confirm(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.decideRequests)
        let id = try request.uuidParameter()
        try await visible(id, viewer: viewer, request: request)
        try await request.baomi.requests.confirmDestruction(
            id, catalogue: try await request.baomi.settings.levelCatalogue(on: request.db),
            by: RequestsController.actor(viewer), on: request.db)
        return try request.json(try await dto(id, viewer: viewer, request: request))
    }

    @Sendable static func tasks(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer()
        guard let person = viewer.account.$person.id else { return try request.json([TaskDTO]()) }
        return try request.json(
            try await request.visibleTasks(of: person, viewer: viewer).map {
                TaskDTO(
                    id: $0.id, kind: $0.kind.rawValue, carrierID: $0.carrierID, copyID: $0.copyID,
                    text: $0.text.text(in: request.language), createdAt: $0.createdAt)
            })
    }

    @Sendable static func taskDone(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer()
        guard let person = viewer.account.$person.id else {
            throw DomainError.notFound(zh: "待办不存在", en: "No such task")
        }
        try await request.baomi.requests.completeTask(
            try request.uuidParameter(), person: person, by: viewer.auditActor, on: request.db)
        return Response(status: .noContent)
    }
}
