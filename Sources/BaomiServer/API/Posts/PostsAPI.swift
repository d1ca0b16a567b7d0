import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

struct PostInput: Content {
    var code: String
    var name: String
    var departmentID: String
    var postClass: String
    var extraAgreements: [String]?
    var field: String?

    func draft() throws(DomainError) -> PostDraft {
        try PostDraft.parse(
            code: code, name: name, departmentID: departmentID, postClass: postClass,
            extraAgreements: extraAgreements ?? [], field: field)
    }
}

struct PostDTO: Content {
    var id: UUID
    var code: String
    var name: String
    var departmentID: UUID
    var department: String
    var postClass: String
    var extraAgreements: [String]
    var agreementsNeeded: [String]
    var field: String
    var active: Bool
    var holders: Int

    init(_ post: PostModel, holders: Int) {
        id = post.id ?? UUID()
        code = post.code
        name = post.name
        departmentID = post.$department.id
        department = post.$department.value?.name ?? ""
        postClass = post.postClass
        extraAgreements = post.extraAgreementKinds.map(\.rawValue)
        // What the post asks of a non-leader; a leader also needs the commitment (L1.1).
        agreementsNeeded = PostRules.agreementsNeeded(
            postClass: post.secretPostClass, extra: post.extraAgreementKinds, isLeader: false
        ).map(\.rawValue)
        field = post.field
        active = post.active
        self.holders = holders
    }
}

struct PostHistoryDTO: Content {
    var from: String
    var until: String?
    var postCode: String?
    var postName: String?
    var department: String?
    var postClass: String
    var requestNumber: String?
    var reason: String
    var recordedBy: String

    init(_ entry: PostHistory.Entry) {
        from = entry.from
        until = entry.until
        postCode = entry.postCode
        postName = entry.postName
        department = entry.departmentName
        postClass = entry.postClass.rawValue
        requestNumber = entry.requestNumber
        reason = entry.reason
        recordedBy = entry.recordedBy
    }
}

/// `/api/v1/posts`: the register of secret posts per department (A2, T9), and a person's 岗位履历.
enum PostsAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let id = APIOperation.Parameter.path("id", description: "UUID")
        registry.register(
            APIOperation(
                method: .GET, path: "posts", operationID: "listPosts", tag: "organisation",
                summary: "Secret posts 涉密岗位 per department (A2)",
                parameters: [
                    .department("departmentID"), .flag("includeRetired", "Also the retired posts (default no)"),
                ],
                responseSchema: "Post", responseIsArray: true), on: routes, list)
        registry.register(
            APIOperation(
                method: .POST, path: "posts", operationID: "createPost", tag: "organisation",
                summary: "Register a secret post 新建涉密岗位 (A2, T9)", requestSchema: "PostInput",
                responseSchema: "Post", successStatus: 201), on: routes, create)
        registry.register(
            APIOperation(
                method: .GET, path: "posts/{id}", operationID: "getPost", tag: "organisation",
                summary: "One secret post (A2)", parameters: [id], responseSchema: "Post"), on: routes, get)
        registry.register(
            APIOperation(
                method: .PUT, path: "posts/{id}", operationID: "updatePost", tag: "organisation",
                summary: "Change a secret post 修改涉密岗位 (A2)", parameters: [id], requestSchema: "PostInput",
                responseSchema: "Post"), on: routes, update)
        registry.register(
            APIOperation(
                method: .POST, path: "posts/{id}/retire", operationID: "retirePost", tag: "organisation",
                summary: "Retire a post nobody holds 撤销涉密岗位 (A2)", parameters: [id], responseSchema: "Post"),
            on: routes, retire)
        registry.register(
            APIOperation(
                method: .GET, path: "people/{id}/posts", operationID: "getPostHistory", tag: "organisation",
                summary: "A person's posts and classes over time 岗位履历 (A2)", parameters: [id],
                responseSchema: "PostHistoryEntry", responseIsArray: true), on: routes, history)
    }

    static func dto(_ request: Request, _ post: PostModel) async throws -> PostDTO {
        let counts = try await request.baomi.posts.holderCounts(on: request.db)
        let loaded = try await request.baomi.posts.post(try post.requireID(), on: request.db)
        return PostDTO(loaded, holders: counts[loaded.id ?? UUID()] ?? 0)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        try await request.require(.viewPosts)
        let filter = try await request.postListFilter()
        let posts = try await request.baomi.posts.posts(
            inDepartment: filter.department, includeRetired: filter.includeRetired, on: request.db)
        let counts = try await request.baomi.posts.holderCounts(on: request.db)
        return try request.json(posts.map { PostDTO($0, holders: counts[$0.id ?? UUID()] ?? 0) })
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.managePosts)
        let draft = try request.body(PostInput.self).draft()
        let post = try await request.baomi.posts.create(draft, by: viewer.auditActor, on: request.db)
        return try request.json(try await dto(request, post), status: .created)
    }

    @Sendable static func get(_ request: Request) async throws -> Response {
        try await request.require(.viewPosts)
        let post = try await request.baomi.posts.post(try request.uuidParameter(), on: request.db)
        return try request.json(try await dto(request, post))
    }

    @Sendable static func update(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.managePosts)
        let id = try request.uuidParameter()
        let draft = try request.body(PostInput.self).draft()
        let post = try await request.baomi.posts.update(id, draft, by: viewer.auditActor, on: request.db)
        return try request.json(try await dto(request, post))
    }

    @Sendable static func retire(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.managePosts)
        let post = try await request.baomi.posts.retire(
            try request.uuidParameter(), by: viewer.auditActor, on: request.db)
        return try request.json(try await dto(request, post))
    }

    @Sendable static func history(_ request: Request) async throws -> Response {
        try await request.require(.viewPosts)
        let person = try await request.baomi.organisation.person(try request.uuidParameter(), on: request.db)
        let entries = try await PostHistory().entries(of: try person.requireID(), on: request.db)
        return try request.json(entries.map(PostHistoryDTO.init))
    }
}

extension Request {
    /// `?departmentID=&includeRetired=` of the post register (`department=` on the page).
    func postListFilter(
        departmentParameter: String = "departmentID"
    ) async throws -> (
        department: UUID?, includeRetired: Bool
    ) {
        var parameters = QueryParameters(self)
        let department =
            parameters.raw(departmentParameter) == nil
            ? nil : parameters.department(departmentParameter, units: try await baomi.organisation.units(on: db))
        let retired = parameters.flag("includeRetired")
        try parameters.check()
        return (department, retired)
    }
}
