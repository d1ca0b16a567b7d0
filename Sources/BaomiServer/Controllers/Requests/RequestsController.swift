import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

/// Request pages: lists, a request with its steps and decision, withdrawal, destruction confirmation, certificate.
enum RequestsController {
    static func actor(_ viewer: Viewer) -> RequestActor {
        RequestActor(
            audit: viewer.auditActor, accountID: viewer.accountID, personID: viewer.account.$person.id,
            roles: viewer.roles,
            displayName: viewer.account.displayName == viewer.account.username
                ? viewer.account.username : "\(viewer.account.displayName)（\(viewer.account.username)）")
    }

    /// Whether the viewer may decide the request's waiting step now, for themselves or standing in (issue #14).
    static func isWaiting(_ request: RequestModel, context: DeciderContext) -> Bool {
        context.mayDecide(request)
    }

    /// A secrecy officer sees the requests of their department's carriers, the office, leaders and classification
    /// reviewers all of them. The requester sees their own requests; others only requests whose every carrier their
    /// clearance covers (A2) — the office, leaders and reviewers all such, an officer those of their departments
    /// (T5.2). Whoever may decide it now (its approver, or their stand-in) sees it too; what they see of its carrier
    /// is still `CarrierSights`' to say (principle 11).
    static func visible(
        _ request: RequestModel, viewer: Viewer, scope: RequestScope, context: DeciderContext? = nil
    ) -> Bool {
        if request.requesterID == viewer.accountID { return true }
        let proposed =
            request.items.isEmpty
            ? RequestKind(rawValue: request.kind)?.definition.proposedLabel(json: Data(request.payload.utf8)) : nil
        if let proposed {
            // A draft carrier (定密审批) has no reference form to stand for it: its proposed label is held to the
            // viewer's clearance as a carrier's would be, even for one who could decide it (A2, principle 11).
            guard scope.clearance.levels.contains(proposed.level.rawValue),
                proposed.projectID.map(scope.clearance.projects.contains) ?? true
            else { return false }
        }
        if let context, context.mayDecide(request) { return true }
        // A stand-in who decided a step keeps seeing the request they decided.
        if request.steps.contains(where: { $0.decidedByID == viewer.accountID }) { return true }
        guard request.items.allSatisfy({ scope.clearance.clears($0.copy.carrier) }) else { return false }
        if let proposed {
            // Only the office, reviewers and leaders, who decide it, and the department it is for see it (T5.2).
            guard let departments = scope.departments, viewer.roles.isDisjoint(with: institutionWide) else {
                return true
            }
            return proposed.departmentID.map(departments.contains) ?? false
        }
        guard let departments = scope.departments, viewer.roles.isDisjoint(with: institutionWide) else { return true }
        return request.items.contains {
            departments.contains($0.copy.carrier.$department.id) || departments.contains($0.copy.departmentID)
        }
    }

    /// The roles that decide requests of every department (LIFECYCLE.md).
    static let institutionWide: Set<Role> = [.leader, .classificationReviewer]

    @Sendable static func list(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.decideRequests)
        let (kind, waitingOnly) = try request.requestListFilter()
        let scope = try await request.requestScope(viewer)
        let deciding = try await request.deciderContext(viewer)
        var requests = try await request.baomi.requests.list(kind: kind, openOnly: waitingOnly, on: request.db)
            .filter { visible($0, viewer: viewer, scope: scope, context: deciding) }
        let waiting = Set(requests.filter { isWaiting($0, context: deciding) }.compactMap(\.id))
        if waitingOnly { requests = requests.filter { waiting.contains($0.id ?? UUID()) } }
        let context = PageContext(request)
        let title =
            waitingOnly
            ? context.t("待我审批", "Waiting for me") : kind.map { context.t($0.title) } ?? context.t("审批事项", "Requests")
        let sights = try await request.carrierSights(of: requests, viewer: viewer)
        let rows = requests.map {
            RequestRow($0, sights: sights, context: context, waitingForMe: waiting.contains($0.id ?? UUID()))
        }
        return HTMLPage(html: RequestPages.list(context, model: .init(title: title, kind: kind, rows: rows)))
    }

    static func page(_ request: Request, viewer: Viewer, id: UUID, errors: [FieldError] = []) async throws -> HTML {
        let model = try await request.baomi.requests.request(id, on: request.db)
        let deciding = try await request.deciderContext(viewer)
        guard visible(model, viewer: viewer, scope: try await request.requestScope(viewer), context: deciding) else {
            throw DomainError.notFound(zh: "申请不存在", en: "No such request")
        }
        let confirmations = try await request.baomi.requests.confirmations(of: id, on: request.db)
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        let canConfirm =
            model.requesterID != viewer.accountID && !confirmations.contains { $0.accountID == viewer.accountID }
            && (viewer.roles.contains(.securityOffice) || viewer.roles.contains(.secrecyOfficer)
                || viewer.roles.contains(.leader))
        let context = PageContext(request)
        let reading = RequestDetail.Reading(
            request: model, sights: try await request.carrierSights(of: [model], viewer: viewer),
            confirmations: confirmations, catalogue: catalogue, canDecide: isWaiting(model, context: deciding),
            canConfirm: canConfirm, isRequester: model.requesterID == viewer.accountID,
            loan: try await LoanActions.options(model, viewer: viewer, request: request),
            revisions: try await request.baomi.requests.revisions(of: id, on: request.db),
            attachments: try await request.baomi.attachments.list(of: id, on: request.db),
            departure: try await DeparturePanel.load(model, viewer: viewer, request: request))
        return RequestPages.detail(context, page: RequestDetail(reading, errors: errors, context: context))
    }

    /// Approvers and anyone who may ask for a copy: a requester sees their own requests (`visible`).
    static func requireRequestViewer(_ request: Request) async throws -> Viewer {
        let viewer = try await request.requireViewer()
        return viewer.can(.decideRequests) ? viewer : try await request.require(.borrowCarriers)
    }

    @Sendable static func detail(_ request: Request) async throws -> HTMLPage {
        let viewer = try await requireRequestViewer(request)
        return HTMLPage(html: try await page(request, viewer: viewer, id: try request.uuidParameter()))
    }

    /// Runs a request action and shows the request again, with a refusal next to the decision when one came.
    static func act(_ request: Request, _ body: (Viewer, UUID) async throws -> Void) async throws -> Response {
        let viewer = try await requireRequestViewer(request)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        do {
            try await body(viewer, id)
            return request.redirect(to: SiteRoute.request(id).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await page(request, viewer: viewer, id: id, errors: errors), status: .unprocessableEntity
            ).encodeResponse(for: request)
        } catch let refusal as Refusal {
            let errors = [FieldError(field: "comment", rule: refusal.rule, message: refusal.reason)]
            return try await HTMLPage(
                html: try await page(request, viewer: viewer, id: id, errors: errors), status: .unprocessableEntity
            ).encodeResponse(for: request)
        } catch DomainError.conflict(let message, let rule) {
            let errors = [FieldError(field: "comment", rule: rule, message: message)]
            return try await HTMLPage(
                html: try await page(request, viewer: viewer, id: id, errors: errors), status: .conflict
            ).encodeResponse(for: request)
        }
    }

    @Sendable static func decide(_ request: Request) async throws -> Response {
        try await act(request) { viewer, id in
            let verdict =
                RequestRepository.Verdict(rawValue: (try? request.content.get(String.self, at: "verdict")) ?? "")
                ?? .refuse
            let comment = (try? request.content.get(String.self, at: "comment")) ?? ""
            let conditions = (try? request.content.get(String.self, at: "conditions")) ?? ""
            let step = (try? request.content.get(String.self, at: "step")).flatMap { Int($0) }
            try await request.baomi.requests.decide(
                id, step: step, verdict: verdict, comment: comment, conditions: conditions,
                catalogue: try await request.baomi.settings.levelCatalogue(on: request.db),
                by: actor(viewer), on: request.db)
        }
    }

    /// The requester changes the reason of a request returned for changes and resubmits it; the facts of its kind
    /// stay as they were (the API may change them).
    @Sendable static func resubmit(_ request: Request) async throws -> Response {
        try await act(request) { viewer, id in
            try await request.baomi.requests.resubmit(
                id, reason: (try? request.content.get(String.self, at: "reason")) ?? "",
                payloadJSON: nil,
                catalogue: try await request.baomi.settings.levelCatalogue(on: request.db), by: actor(viewer),
                on: request.db)
        }
    }

    @Sendable static func withdraw(_ request: Request) async throws -> Response {
        try await act(request) { viewer, id in
            try await request.baomi.requests.withdraw(id, by: actor(viewer), on: request.db)
        }
    }

    @Sendable static func issue(_ request: Request) async throws -> Response {
        try await act(request) { viewer, id in try await LoanActions.issue(id, viewer: viewer, request: request) }
    }

    @Sendable static func giveBack(_ request: Request) async throws -> Response {
        try await act(request) { viewer, id in
            let force = (try? request.content.get(String.self, at: "force")) == "1"
            try await LoanActions.giveBack(id, force: force, viewer: viewer, request: request)
        }
    }

    @Sendable static func checkIn(_ request: Request) async throws -> Response {
        try await act(request) { viewer, id in
            let place = (try? request.content.get(String.self, at: "placeID")).flatMap(UUID.init(uuidString:))
            try await LoanActions.checkIn(id, placeID: place, viewer: viewer, request: request)
        }
    }

    @Sendable static func confirmDestruction(_ request: Request) async throws -> Response {
        try await act(request) { viewer, id in
            try await request.baomi.requests.confirmDestruction(
                id, catalogue: try await request.baomi.settings.levelCatalogue(on: request.db), by: actor(viewer),
                on: request.db)
        }
    }

    @Sendable static func certificate(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.decideRequests)
        let id = try request.uuidParameter()
        let model = try await request.baomi.requests.request(id, on: request.db)
        guard model.kind == RequestKind.destroy.rawValue, model.state == RequestState.done.rawValue,
            visible(model, viewer: viewer, scope: try await request.requestScope(viewer))
        else { throw DomainError.notFound(zh: "没有可打印的销毁证明", en: "No destruction certificate to print") }
        // It names every copy of the batch: only someone who may read each of them prints it (A2, principle 11).
        let sights = try await request.carrierSights(of: [model], viewer: viewer)
        guard model.items.allSatisfy({ sights.sight($0.copy.$carrier.id, duty: true) == .full }) else {
            throw RequestFailure.accessDenied(
                Refusal(
                    rule: RuleID("A2"), zh: "销毁证明列出批次中的全部载体，须由有权查看每一份的人员打印",
                    en: "The certificate lists every copy of the batch: it is printed by someone who may read each"))
        }
        let context = PageContext(request)
        let certificate = DestructionCertificate(
            model,
            destroyed: try await request.baomi.requests.events(
                of: model, action: CopyAction.confirmDestroyed.rawValue, on: request.db),
            confirmations: try await request.baomi.requests.confirmations(of: id, on: request.db),
            catalogue: try await request.baomi.settings.levelCatalogue(on: request.db), context: context)
        return HTMLPage(html: RequestPages.certificate(context, certificate: certificate))
    }

    @Sendable static func completeTask(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer()
        try request.verifyCSRF()
        guard let person = viewer.account.$person.id else {
            throw DomainError.notFound(zh: "待办不存在", en: "No such task")
        }
        try await request.baomi.requests.completeTask(
            try request.uuidParameter(), person: person, by: viewer.auditActor, on: request.db)
        return request.redirect(to: SiteRoute.dashboard.path + "?saved=1")
    }
}
