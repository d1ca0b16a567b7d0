import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

/// The register of secret posts as pages (A2, T9): list by department, add, change, retire.
enum PostsController {
    @Sendable static func list(_ request: Request) async throws -> HTMLPage {
        try await request.require(.viewPosts)
        let filter = try await request.postListFilter(departmentParameter: "department")
        let posts = try await request.baomi.posts.posts(
            inDepartment: filter.department, includeRetired: filter.includeRetired, on: request.db)
        let counts = try await request.baomi.posts.holderCounts(on: request.db)
        return HTMLPage(
            html: PostPages.list(
                PageContext(request), posts: posts.map { PostDTO($0, holders: counts[$0.id ?? UUID()] ?? 0) },
                units: try await units(request), department: filter.department?.uuidString ?? "",
                includeRetired: filter.includeRetired))
    }

    static func units(_ request: Request) async throws -> [(value: String, label: String)] {
        OrganisationPages.unitOptions(try await request.baomi.organisation.units(on: request.db))
    }

    @Sendable static func newPage(_ request: Request) async throws -> HTMLPage {
        try await request.require(.managePosts)
        return HTMLPage(
            html: PostPages.form(
                PageContext(request), post: nil, values: ["postClass": "general"], errors: [],
                units: try await units(request)))
    }

    @Sendable static func editPage(_ request: Request) async throws -> HTMLPage {
        try await request.require(.managePosts)
        let post = try await PostsAPI.dto(
            request, try await request.baomi.posts.post(try request.uuidParameter(), on: request.db))
        return HTMLPage(html: try await formPage(request, post: post, values: values(of: post)))
    }

    static func values(of post: PostDTO) -> [String: String] {
        [
            "code": post.code, "name": post.name, "departmentID": post.departmentID.uuidString,
            "postClass": post.postClass, "extraAgreements[]": post.extraAgreements.joined(separator: ","),
            "field": post.field,
        ]
    }

    static func formPage(
        _ request: Request, post: PostDTO?, values: [String: String], errors: [FieldError] = []
    ) async throws -> HTML {
        PostPages.form(
            PageContext(request), post: post, values: values, errors: errors, units: try await units(request))
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.managePosts)
        try request.verifyCSRF()
        let id = request.parameters.get("id").flatMap(UUID.init(uuidString:))
        var values = request.formFields()
        let kinds = (try? request.content.get([String].self, at: "extraAgreements")) ?? []
        values["extraAgreements[]"] = kinds.joined(separator: ",")
        do {
            let draft = try PostDraft.parse(
                code: values["code"], name: values["name"], departmentID: values["departmentID"],
                postClass: values["postClass"], extraAgreements: kinds, field: values["field"])
            if let id {
                try await request.baomi.posts.update(id, draft, by: viewer.auditActor, on: request.db)
            } else {
                try await request.baomi.posts.create(draft, by: viewer.auditActor, on: request.db)
            }
            return request.redirect(to: SiteRoute.posts(.list).path + "?saved=1")
        } catch let error as DomainError {
            let errors: [FieldError]
            switch error {
            case .invalid(let fields): errors = fields
            case .conflict(let message, let rule): errors = [FieldError(field: "code", rule: rule, message: message)]
            case .notFound: throw error
            }
            var post: PostDTO?
            if let id { post = try await PostsAPI.dto(request, try await request.baomi.posts.post(id, on: request.db)) }
            return try await HTMLPage(
                html: try await formPage(request, post: post, values: values, errors: errors),
                status: .unprocessableEntity
            ).encodeResponse(for: request)
        }
    }

    @Sendable static func retire(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.managePosts)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        do {
            try await request.baomi.posts.retire(id, by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.posts(.list).path + "?saved=1")
        } catch DomainError.conflict(let message, let rule) {
            let post = try await PostsAPI.dto(request, try await request.baomi.posts.post(id, on: request.db))
            return try await HTMLPage(
                html: try await formPage(
                    request, post: post, values: values(of: post),
                    errors: [FieldError(field: "retire", rule: rule, message: message)]),
                status: .conflict
            ).encodeResponse(for: request)
        }
    }
}
