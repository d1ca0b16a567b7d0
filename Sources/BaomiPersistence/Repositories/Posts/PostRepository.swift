import BaomiDomain
import FluentKit
import Foundation

/// The register of secret posts per department (A2, T9), kept by the security office. A post is retired, never
/// deleted: the spells people served on it keep pointing at it.
public struct PostRepository: Sendable {
    let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Posts in department and code order; retired ones only when asked for.
    public func posts(
        inDepartment department: UUID? = nil, includeRetired: Bool = false, on database: any Database
    ) async throws -> [PostModel] {
        let query = PostModel.query(on: database).with(\.$department).sort(\.$code)
        if let department { query.filter(\.$department.$id == department) }
        if !includeRetired { query.filter(\.$active == true) }
        return try await query.all()
    }

    public func post(_ id: UUID, on database: any Database) async throws -> PostModel {
        guard let post = try await PostModel.query(on: database).with(\.$department).filter(\.$id == id).first() else {
            throw DomainError.notFound(zh: "涉密岗位不存在", en: "No such secret post")
        }
        return post
    }

    public func post(code: String, on database: any Database) async throws -> PostModel? {
        try await PostModel.query(on: database).with(\.$department).filter(\.$code == code.trimmed).first()
    }

    @discardableResult
    public func create(_ draft: PostDraft, by actor: AuditActor, on database: any Database) async throws -> PostModel {
        try await store.perform(
            on: database, by: actor, .postCreate, subject: AuditSubject(type: "post", label: draft.name)
        ) { transaction, trail in
            try await check(draft, id: nil, on: transaction)
            let post = PostModel()
            apply(draft, to: post)
            post.active = true
            try await post.create(on: transaction)
            trail.subject = AuditSubject(type: "post", id: post.id?.uuidString, label: post.name)
            trail.note("code", post.code)
            trail.note("postClass", post.postClass)
            return post
        }
    }

    @discardableResult
    public func update(
        _ id: UUID, _ draft: PostDraft, by actor: AuditActor, on database: any Database
    ) async throws -> PostModel {
        try await store.perform(
            on: database, by: actor, .postUpdate, subject: AuditSubject(type: "post", id: id.uuidString)
        ) { transaction, trail in
            try await RowLock.take(PostModel.schema, id: id, on: transaction)
            let post = try await self.post(id, on: transaction)
            trail.subject = AuditSubject(type: "post", id: id.uuidString, label: post.name)
            guard post.active else {
                throw DomainError.conflict(
                    LocalizedText(zh: "岗位「\(post.code)」已撤销，不能修改", en: "Post \(post.code) is retired"),
                    rule: RuleID("A2"))
            }
            try await check(draft, id: id, on: transaction)
            if post.postClass != draft.postClass.rawValue {
                trail.note("postClass", "\(post.postClass) → \(draft.postClass.rawValue)")
            }
            trail.note("name", "\(post.name) → \(draft.name)")
            apply(draft, to: post)
            try await post.save(on: transaction)
            return post
        }
    }

    /// Retires a post nobody holds any more (A2): the people on it are moved first, through a request.
    @discardableResult
    public func retire(_ id: UUID, by actor: AuditActor, on database: any Database) async throws -> PostModel {
        try await store.perform(
            on: database, by: actor, .postRetire, subject: AuditSubject(type: "post", id: id.uuidString)
        ) { transaction, trail in
            try await RowLock.take(PostModel.schema, id: id, on: transaction)
            let post = try await self.post(id, on: transaction)
            trail.subject = AuditSubject(type: "post", id: id.uuidString, label: post.name)
            guard post.active else {
                throw DomainError.conflict(
                    LocalizedText(zh: "岗位「\(post.code)」已撤销", en: "Post \(post.code) is retired already"),
                    rule: RuleID("A2"))
            }
            let holders = try await PostAssignmentModel.query(on: transaction).filter(\.$post.$id == id)
                .filter(\.$untilDate == nil).count()
            if holders > 0 {
                throw DomainError.conflict(
                    LocalizedText(
                        zh: "岗位「\(post.code)」尚有 \(holders) 人在岗，须先调岗后再撤销",
                        en: "\(holders) person(s) still hold post \(post.code): move them first"),
                    rule: RuleID("A2"))
            }
            post.active = false
            try await post.save(on: transaction)
            return post
        }
    }

    /// How many people hold each post now.
    public func holderCounts(on database: any Database) async throws -> [UUID: Int] {
        let open = try await PostAssignmentModel.query(on: database).filter(\.$untilDate == nil)
            .field(\.$post.$id).all()
        var counts: [UUID: Int] = [:]
        for row in open { if let id = row.$post.id { counts[id, default: 0] += 1 } }
        return counts
    }

    private func apply(_ draft: PostDraft, to post: PostModel) {
        post.code = draft.code
        post.name = draft.name
        post.$department.id = draft.departmentID
        post.postClass = draft.postClass.rawValue
        post.extraAgreements = draft.extraAgreements.map(\.rawValue).joined(separator: ",")
        post.field = draft.field
    }

    private func check(_ draft: PostDraft, id: UUID?, on database: any Database) async throws {
        var validator = FieldValidator()
        if try await OrgUnitModel.find(draft.departmentID, on: database) == nil {
            validator.add(field: "departmentID", rule: RuleID("A2"), zh: "部门不存在", en: "No such department")
        }
        if let other = try await PostModel.query(on: database).filter(\.$code == draft.code).first(), other.id != id {
            validator.add(
                field: "code", rule: RuleID("A2"), zh: "岗位代码「\(draft.code)」已被使用",
                en: "The post code \(draft.code) is already in use")
        }
        try validator.check()
    }
}
