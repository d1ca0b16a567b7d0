import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

/// 申请上岗/调岗 from the pages (A2, A4, T8, T9, E6.6(3), A7): the normal way to put a person on a secret post, as
/// a `secretPost` request of the approval engine.
enum PostAppointmentController {
    static func choices(_ request: Request) async throws -> (people: [FormChoice], posts: [FormChoice]) {
        let people = try await request.baomi.organisation.people(on: request.db)
            .filter { $0.status == PersonStatus.active.rawValue }
            .map { FormChoice(value: $0.id?.uuidString ?? "", label: CopyPages.personLabel($0)) }
        let posts = try await request.baomi.posts.posts(on: request.db).map { post in
            FormChoice(
                value: post.code,
                label:
                    "\(post.code) \(post.name)（\(post.department.name)，\(PageContext(request).t(post.secretPostClass.title))）"
            )
        }
        return (people, posts)
    }

    static func page(
        _ request: Request, values: [String: String], errors: [FieldError] = []
    ) async throws -> HTML {
        let (people, posts) = try await choices(request)
        return PostPages.appointment(PageContext(request), people: people, posts: posts, values: values, errors: errors)
    }

    @Sendable static func newPage(_ request: Request) async throws -> HTMLPage {
        try await request.require(.proposePosts)
        var values: [String: String] = [:]
        var parameters = QueryParameters(request)
        if let person = parameters.text("person", maxLength: 40) { values["personID"] = person }
        try parameters.check()
        return HTMLPage(html: try await page(request, values: values))
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let viewer = try await LoanActions.requireSubmission(.secretPost, carriers: [], request: request)
        try request.verifyCSRF()
        let values = request.formFields()
        var errors: [FieldError]
        var status = HTTPResponseStatus.unprocessableEntity
        do {
            let created = try await request.baomi.requests.submit(
                .secretPost, carrierID: nil, copyIDs: [], reason: values["reason"] ?? "",
                payloadJSON: try RequestPayloadViews.payloadJSON(.secretPost, values),
                catalogue: try await request.baomi.settings.levelCatalogue(on: request.db),
                by: RequestsController.actor(viewer), on: request.db)
            return request.redirect(to: SiteRoute.request(try created.requireID()).path + "?saved=1")
        } catch DomainError.invalid(let fields) {
            errors = fields
        } catch let refusal as Refusal {
            errors = [FieldError(field: "personID", rule: refusal.rule, message: refusal.reason)]
        } catch DomainError.conflict(let message, let rule) {
            errors = [FieldError(field: "personID", rule: rule, message: message)]
            status = .conflict
        }
        return try await HTMLPage(html: try await page(request, values: values, errors: errors), status: status)
            .encodeResponse(for: request)
    }
}
