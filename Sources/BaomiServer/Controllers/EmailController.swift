import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// Setting the address the daily digest goes to: the owner on their profile, the system administrator on the
/// account page. A bad address comes back as a field error with the input kept, and nothing is written (S4).
enum EmailController {
    @Sendable static func setOwn(_ request: Request) async throws -> Response {
        let viewer = try await request.requireViewer(allowingPendingDuties: true)
        try request.verifyCSRF()
        let email = (try? request.content.get(String.self, at: "email")) ?? ""
        do {
            try await request.baomi.accounts.setEmail(viewer.accountID, email, by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.profile.path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await ProfileController.render(request, viewer: viewer, errors: errors, email: email),
                status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        }
    }

    @Sendable static func setForAccount(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageAccounts)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let email = (try? request.content.get(String.self, at: "email")) ?? ""
        do {
            let change = try await AccountAdministration.setEmail(id, email, viewer: viewer, request: request)
            return request.redirect(to: SiteRoute.account(id).path + AccountsController.savedQuery(change))
        } catch let error as DomainError {
            let errors: [FieldError]
            switch error {
            case .invalid(let found): errors = found
            case .conflict(let message, let rule): errors = [FieldError(field: "email", rule: rule, message: message)]
            case .notFound: throw error
            }
            // The other form on the page shows the account as stored; this one what was typed.
            let account = try await request.baomi.accounts.find(id, on: request.db)
            let values = [
                "displayName": account.displayName, "personID": account.$person.id?.uuidString ?? "",
                "isDisabled": account.isDisabled ? "true" : "", "email": email,
            ]
            return try await HTMLPage(
                html: try await AccountsController.detailPage(request, id: id, errors: errors, values: values),
                status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        }
    }
}
