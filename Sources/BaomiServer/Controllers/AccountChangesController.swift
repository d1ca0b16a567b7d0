import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

/// 双人复核 (S1): the list of two-person changes for both administrators, the security administrator's decision,
/// the proposer's withdrawal, and the owner's acknowledgement of what was done to their account.
enum AccountChangesController {
    static func requireAdministrator(_ request: Request) async throws -> Viewer {
        let viewer = try await request.requireViewer()
        return viewer.can(.manageAccounts) ? viewer : try await request.require(.manageRoles)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        try await page(request, viewer: try await requireAdministrator(request), status: .ok, message: nil)
    }

    static func page(
        _ request: Request, viewer: Viewer, status: HTTPResponseStatus, message: String?
    ) async throws -> Response {
        var parameters = QueryParameters(request)
        let showingAll = parameters.oneOf("state", ["pending", "all"]) == "all"
        try parameters.check()
        let changes = try await request.baomi.accountChanges.list(
            state: showingAll ? nil : .pending, on: request.db)
        let context = PageContext(request)
        return try await HTMLPage(
            html: AccountChangePages.list(
                context, rows: try await rows(changes, viewer: viewer, request: request), showingAll: showingAll,
                message: message), status: status
        ).encodeResponse(for: request)
    }

    /// The changes as the page shows them to this viewer: who may decide or withdraw which.
    static func rows(
        _ changes: [AccountChangeModel], viewer: Viewer, request: Request
    ) async throws -> [AccountChangePages.Row] {
        let context = PageContext(request)
        let people = Set(changes.flatMap { [$0.oldPersonID, $0.newPersonID].compactMap { $0 } })
        var names: [UUID: String] = [:]
        if !people.isEmpty {
            for person in try await PersonModel.query(on: request.db).filter(\.$id ~~ Array(people)).all() {
                if let id = person.id { names[id] = "\(person.name)（\(person.employeeNumber)）" }
            }
        }
        func name(_ id: UUID?) -> String { id.flatMap { names[$0] } ?? context.t("（无）", "(none)") }
        return changes.compactMap { change in
            guard let id = change.id else { return nil }
            let kind = change.changeKind
            let state = change.changeState
            let what: String =
                switch kind {
                case .passwordReset:
                    context.t("设置新的初始密码（须本人登录后修改）", "A new initial password (to be changed at sign-in)")
                case .personChange:
                    context.t("人员：", "Person: ") + "\(name(change.oldPersonID)) → \(name(change.newPersonID))"
                case .emailChange:
                    context.t("邮箱：", "E-mail: ")
                        + "\(change.oldEmail ?? context.t("（无）", "(none)")) → \(change.newEmail ?? context.t("（无）", "(none)"))"
                case nil: change.kind
                }
            let pending = state == .pending
            let decidable =
                pending
                && TwoPersonRule.canApprove(
                    approverRoles: viewer.roles, approverID: viewer.accountID, proposerID: change.proposedByID,
                    targetID: change.$account.id
                ).isAllowed
            return AccountChangePages.Row(
                id: id, accountID: change.$account.id, username: change.$account.value?.username ?? "",
                kind: kind.map { context.t($0.title) } ?? change.kind, state: state,
                stateTitle: state.map { context.t($0.title) } ?? change.state, what: what,
                proposed: "\(change.proposedByName) \(context.dateTime(change.proposedAt))",
                decided: change.decidedByName.map {
                    "\($0) \(context.dateTime(change.decidedAt))" + (change.comment.isEmpty ? "" : "：\(change.comment)")
                } ?? "—",
                canDecide: decidable, canWithdraw: pending && change.proposedByID == viewer.accountID)
        }
    }

    @Sendable static func decide(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageRoles)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let verdict = (try? request.content.get(String.self, at: "verdict")) ?? ""
        let comment = ((try? request.content.get(String.self, at: "comment")) ?? "").trimmed
        return try await act(request, viewer: viewer) {
            guard ["approve", "refuse"].contains(verdict) else {
                throw DomainError.invalid(field: "verdict", zh: "请选择批准或不批准", en: "Approve or refuse")
            }
            try await request.baomi.accountChanges.decide(
                id, approve: verdict == "approve", comment: String(comment.prefix(500)),
                by: AccountAdministration.actor(viewer), on: request.db)
            return PageContext(request).t(
                verdict == "approve" ? "已批准并生效。" : "已不批准。", verdict == "approve" ? "Approved and applied." : "Refused.")
        }
    }

    @Sendable static func withdraw(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAccounts)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        return try await act(request, viewer: viewer) {
            try await request.baomi.accountChanges.withdraw(
                id, by: AccountAdministration.actor(viewer), on: request.db)
            return PageContext(request).t("已撤回。", "Withdrawn.")
        }
    }

    /// Runs a decision or withdrawal and shows the list again: with what happened, or with why it was refused.
    private static func act(
        _ request: Request, viewer: Viewer, _ body: () async throws -> String
    ) async throws -> Response {
        do {
            let message = try await body()
            return try await page(request, viewer: viewer, status: .ok, message: message)
        } catch let refusal as Refusal {
            return try await refusedPage(
                request, viewer: viewer, refusal.reason, rule: refusal.rule, .unprocessableEntity)
        } catch DomainError.conflict(let message, let rule) {
            return try await refusedPage(request, viewer: viewer, message, rule: rule, .conflict)
        } catch DomainError.invalid(let errors) {
            return try await refusedPage(
                request, viewer: viewer, errors.first?.message ?? LocalizedText(zh: "输入有误", en: "Invalid input"),
                rule: errors.first?.rule, .unprocessableEntity)
        }
    }

    private static func refusedPage(
        _ request: Request, viewer: Viewer, _ message: LocalizedText, rule: RuleID?, _ status: HTTPResponseStatus
    ) async throws -> Response {
        let context = PageContext(request)
        let text = context.t(message) + (rule.map { " (\($0))" } ?? "")
        let changes = try await request.baomi.accountChanges.list(state: .pending, on: request.db)
        let html = Layout.page(
            context, title: context.t("双人复核", "Two-person changes"),
            [
                H.el("div", [("class", "alert alert-error"), ("role", "alert"), ("id", "change-error")], text: text),
                AccountChangePages.table(
                    context, rows: try await rows(changes, viewer: viewer, request: request), showAccount: true),
            ])
        return try await HTMLPage(html: html, status: status).encodeResponse(for: request)
    }

    @Sendable static func acknowledgeNotice(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer(allowingPendingDuties: true)
        try request.verifyCSRF()
        try await request.baomi.accountChanges.acknowledge(
            try request.uuidParameter(), account: viewer.accountID, by: viewer.auditActor, on: request.db)
        return request.redirect(
            to: viewer.account.mustChangePassword ? SiteRoute.profilePassword.path : SiteRoute.dashboard.path)
    }

    /// The signed-in owner's notices, for the workbench, the profile and the forced password change.
    static func notices(_ request: Request, viewer: Viewer) async throws -> [AccountNoticesSection.Notice] {
        let context = PageContext(request)
        return try await request.baomi.accountChanges.notices(of: viewer.accountID, on: request.db).compactMap {
            notice in
            notice.id.map {
                AccountNoticesSection.Notice(
                    id: $0, text: context.t(notice.text), when: context.dateTime(notice.createdAt))
            }
        }
    }
}
