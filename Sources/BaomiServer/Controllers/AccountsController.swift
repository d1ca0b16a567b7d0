import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Plot
import Vapor

/// Account pages: the system administrator creates and maintains accounts; the security administrator assigns
/// roles and unlocks (S1).
enum AccountsController {
    /// Where a saved account form leads back: "saved", or "proposed" when a change waits for approval (S1).
    static func savedQuery(_ change: AccountChangeModel?) -> String {
        change?.changeState == .pending ? "?proposed=1" : "?saved=1"
    }

    struct AccountForm: Content {
        var username: String?
        var displayName: String?
        var personID: String?
        var password: String?
        var isDisabled: String?
    }

    @Sendable static func list(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.requireViewer()
        if !viewer.can(.manageAccounts) { try await request.require(.unlockAccounts) }
        let accounts = try await request.baomi.accounts.all(on: request.db)
        return HTMLPage(html: AccountPages.list(PageContext(request), accounts: accounts))
    }

    @Sendable static func roles(_ request: Request) async throws -> HTMLPage {
        try await request.require(.manageRoles)
        let accounts = try await request.baomi.accounts.all(on: request.db)
        let context = PageContext(request)
        return HTMLPage(
            html: AccountPages.list(context, accounts: accounts, title: context.t("角色与密级", "Roles and levels")))
    }

    @Sendable static func newPage(_ request: Request) async throws -> HTMLPage {
        try await request.require(.manageAccounts)
        let people = try await request.baomi.organisation.people(on: request.db)
        return HTMLPage(html: AccountPages.new(PageContext(request), people: people))
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAccounts)
        try request.verifyCSRF()
        let form = try request.content.decode(AccountForm.self)
        do {
            let account = try await AccountCreation.create(
                username: form.username, displayName: form.displayName, personID: form.personID,
                password: form.password ?? "",
                viewer: viewer, request: request)
            return request.redirect(to: SiteRoute.account(account.id ?? UUID()).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            let people = try await request.baomi.organisation.people(on: request.db)
            let values = [
                "username": form.username ?? "", "displayName": form.displayName ?? "", "personID": form.personID ?? "",
            ]
            return try await HTMLPage(
                html: AccountPages.new(PageContext(request), people: people, values: values, errors: errors),
                status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        }
    }

    @Sendable static func detail(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.requireViewer()
        if !viewer.can(.manageAccounts) { try await request.require(.unlockAccounts) }
        return HTMLPage(html: try await detailPage(request, id: try request.uuidParameter()))
    }

    static func detailPage(
        _ request: Request, id: UUID, errors: [FieldError] = [], values: [String: String]? = nil
    ) async throws -> HTML {
        let account = try await request.baomi.accounts.find(id, on: request.db)
        let people = try await request.baomi.organisation.people(on: request.db)
        let changes = try await request.baomi.accountChanges.list(account: id, limit: 20, on: request.db)
        var sections: [BodyNode] = []
        if let viewer = request.viewer, !changes.isEmpty {
            let context = PageContext(request)
            sections.append(
                AccountChangePages.section(
                    context, rows: try await AccountChangesController.rows(changes, viewer: viewer, request: request)))
        }
        return AccountPages.detail(
            PageContext(request), account: account, people: people, errors: errors, values: values, extra: sections)
    }

    private static func redisplay(
        _ request: Request, id: UUID, errors: [FieldError], values: [String: String]? = nil
    ) async throws -> Response {
        try await HTMLPage(
            html: try await detailPage(request, id: id, errors: errors, values: values), status: .unprocessableEntity
        )
        .encodeResponse(for: request)
    }

    @Sendable static func update(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAccounts)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let form = try request.content.decode(AccountForm.self)
        let values = [
            "displayName": form.displayName ?? "", "personID": form.personID ?? "", "isDisabled": form.isDisabled ?? "",
        ]
        do {
            var validator = FieldValidator()
            let displayName = validator.required(
                form.displayName, field: "displayName", label: LocalizedText(zh: "显示名", en: "Display name"),
                maxLength: 50)
            let person = form.personID.flatMap { $0.trimmed.isEmpty ? nil : $0 }
            if let person, UUID(uuidString: person) == nil {
                validator.add(field: "personID", zh: "人员无效", en: "Not a valid person")
            }
            try validator.check()
            let change = try await AccountAdministration.update(
                id, displayName: displayName, personID: person.flatMap(UUID.init(uuidString:)),
                isDisabled: form.isDisabled == "true", viewer: viewer, request: request)
            return request.redirect(to: SiteRoute.account(id).path + savedQuery(change))
        } catch DomainError.invalid(let errors) {
            return try await redisplay(request, id: id, errors: errors, values: values)
        } catch let refusal as Refusal {
            return try await redisplay(
                request, id: id, errors: [FieldError(field: "isDisabled", rule: refusal.rule, message: refusal.reason)],
                values: values)
        } catch DomainError.conflict(let message, let rule) {
            return try await redisplay(
                request, id: id, errors: [FieldError(field: "personID", rule: rule, message: message)], values: values)
        }
    }

    @Sendable static func resetPassword(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAccounts)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let password = (try? request.content.get(String.self, at: "password")) ?? ""
        do {
            let change = try await AccountAdministration.resetPassword(
                id, password: password, viewer: viewer, request: request)
            return request.redirect(to: SiteRoute.account(id).path + savedQuery(change))
        } catch DomainError.invalid(let errors) {
            return try await redisplay(request, id: id, errors: errors)
        } catch let refusal as Refusal {
            return try await redisplay(
                request, id: id, errors: [FieldError(field: "password", rule: refusal.rule, message: refusal.reason)])
        } catch DomainError.conflict(let message, let rule) {
            return try await redisplay(
                request, id: id, errors: [FieldError(field: "password", rule: rule, message: message)])
        }
    }

    @Sendable static func setRoles(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageRoles)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let names = (try? request.content.get([String].self, at: "roles")) ?? []
        let (roles, unknown) = RoleAssignment.parse(names)
        do {
            guard unknown.isEmpty else {
                let accepted = AcceptedValues.of(Role.self, title: \.title).list
                throw DomainError.invalid(
                    field: "roles", zh: "未知角色：\(unknown.joined(separator: ","))，应为：\(accepted.zh)",
                    en: "Unknown roles: \(unknown.joined(separator: ",")); use \(accepted.en)")
            }
            try await request.baomi.accounts.setRoles(id, roles: roles, by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.account(id).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await redisplay(request, id: id, errors: errors)
        } catch let refusal as Refusal {
            return try await redisplay(
                request, id: id, errors: [FieldError(field: "roles", rule: refusal.rule, message: refusal.reason)])
        }
    }

    @Sendable static func unlock(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.unlockAccounts)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        try await request.baomi.accounts.unlock(id, by: viewer.auditActor, on: request.db)
        return request.redirect(to: SiteRoute.account(id).path + "?saved=1")
    }
}

/// Account creation, shared by pages and API: the password policy applies to initial passwords too (S3).
enum AccountCreation {
    static func create(
        username: String?, displayName: String?, personID: String?, password: String, viewer: Viewer, request: Request
    ) async throws -> AccountModel {
        var draft: AccountDraft?
        var errors: [FieldError] = []
        do {
            draft = try AccountDraft.parse(username: username, displayName: displayName, personID: personID)
        } catch {
            // Collected with the password's complaint below so the form shows every problem at once.
            guard case .invalid(let found) = error else { throw error }
            errors = found
        }
        let policy = try await request.baomi.settings.securityPolicy(on: request.db)
        if let refusal = policy.checkPassword(password, username: username ?? "").refusal {
            errors.append(FieldError(field: "password", rule: refusal.rule, message: refusal.reason))
        }
        guard let draft, errors.isEmpty else { throw DomainError.invalid(errors) }
        let hash = try await request.baomi.passwords.hash(password)
        return try await request.baomi.accounts.create(draft, passwordHash: hash, by: viewer.auditActor, on: request.db)
    }
}
