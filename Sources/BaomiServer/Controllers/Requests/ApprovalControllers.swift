import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

extension Request {
    /// Who the viewer decides as today: themselves, and whom they stand in for (代理).
    func deciderContext(_ viewer: Viewer) async throws -> DeciderContext {
        if let cached = storage[DeciderContextKey.self] { return cached }
        let context = try await baomi.requests.deciderContext(for: RequestsController.actor(viewer), on: db)
        storage[DeciderContextKey.self] = context
        return context
    }
}

struct DeciderContextKey: StorageKey {
    typealias Value = DeciderContext
}

/// The approver codes of the chains page and API: `role:leader`, `relation:leaderInCharge`, `person:<uuid>`,
/// `recorded`.
enum ChainForm {
    static let maxSteps = 5

    static let businessRoles: [Role] = [.securityOffice, .secrecyOfficer, .leader]

    static func code(_ approver: ApprovalStepSpec.Approver) -> String {
        switch approver {
        case .role(let role): "role:\(role.rawValue)"
        case .relation(let relation): "relation:\(relation.rawValue)"
        case .person(let id, _): "person:\(id.uuidString.lowercased())"
        case .recorded: "recorded"
        }
    }

    /// Every approver code the API accepts, but a person's (`person:<uuid>`).
    static var fixedCodes: [String] {
        businessRoles.map { "role:\($0.rawValue)" } + ApproverRelation.allCases.map { "relation:\($0.rawValue)" }
            + ["recorded"]
    }

    static func approverOptions(context: PageContext) -> [(value: String, label: String)] {
        businessRoles.map { ("role:\($0.rawValue)", context.t("任一", "Any ") + context.t($0.title)) }
            + ApproverRelation.allCases.map { ("relation:\($0.rawValue)", context.t($0.title)) }
            + [("person", context.t("指定人员（填工号）", "A named person (employee number)"))]
    }

    static func describe(_ step: ApprovalStepSpec, context: PageContext) -> String {
        let names = step.approvers.map { context.t($0.title) }
        let joined =
            names.count > 1
            ? names.joined(separator: step.mode == .all ? context.t(" 会签 ", " and ") : context.t(" 或 ", " or "))
            : names.first ?? ""
        var text = "\(context.t(step.title))（\(joined)）"
        if let escalation = step.escalation {
            text += context.t(
                "，无人可审时转\(context.t(escalation.title))", "; if nobody else can: \(context.t(escalation.title))")
        }
        return text
    }

    /// An approver from its code; a person by UUID (API) or by employee number (page, `person` with `number`).
    static func approver(
        _ code: String, personNumber: String = "", field: String, on database: any Database
    ) async throws -> ApprovalStepSpec.Approver {
        let parts = code.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first, parts.count == 2 ? parts[1] : nil) {
        case ("role", let name?):
            if let role = Role(rawValue: name), businessRoles.contains(role) { return .role(role) }
        case ("relation", let name?):
            if let relation = ApproverRelation(rawValue: name) { return .relation(relation) }
        case ("recorded", nil):
            return .recorded(LocalizedText(zh: "外部书面批准", en: "Written outside approval"))
        case ("person", let id?):
            if let id = UUID(uuidString: id), let person = try await PersonModel.find(id, on: database) {
                return .person(id, name: person.name)
            }
        case ("person", nil):
            if let person = try await PersonModel.query(on: database)
                .filter(\.$employeeNumber == personNumber.trimmingCharacters(in: .whitespaces)).first(),
                let id = person.id
            {
                return .person(id, name: person.name)
            }
            throw DomainError.invalid(
                field: field, zh: "工号「\(personNumber)」不在人员名册中", en: "No person has employee number \(personNumber)")
        default: break
        }
        throw DomainError.invalid(
            field: field, zh: "审批人「\(code)」无法识别（可用：\(fixedCodes.joined(separator: "、"))、person:<人员ID>）",
            en: "Unknown approver \(code) (accepted: \(fixedCodes.joined(separator: ", ")), person:<person id>)")
    }
}

/// 待办: everything waiting for me and for whom I stand in (issue #14), as a page; the API is `ApprovalAPI`.
enum InboxController {
    static let pageSize = 50

    @Sendable static func page(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.requireViewer()
        var parameters = QueryParameters(request)
        let page = parameters.integer("page", 1...100_000) ?? 1
        try parameters.check()
        let context = try await request.deciderContext(viewer)
        let entries = try await request.baomi.requests.inbox(
            context, limit: pageSize + 1, offset: (page - 1) * pageSize, on: request.db)
        let shown = Array(entries.prefix(pageSize))
        let sights = try await request.carrierSights(shown.compactMap(\.carrierID), viewer: viewer)
        let pageContext = PageContext(request)
        return HTMLPage(
            html: ApprovalPages.inbox(
                pageContext, lines: shown.map { InboxLine($0, sights: sights, context: pageContext) },
                standingInFor: context.standingInFor.map(\.delegatorName), page: page,
                hasMore: entries.count > pageSize))
    }
}

/// Counts what waits for the viewer for the navigation (UI.md): one indexed count per page view.
struct InboxBadgeMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.method == .GET, let viewer = request.viewer, !viewer.account.mustChangePassword,
            !viewer.roles.isSubset(of: Role.administrators),
            !request.url.path.hasPrefix("/api/"), !request.url.path.hasPrefix("/assets/")
        else { return next.respond(to: request) }
        return request.eventLoop.makeFutureWithTask {
            if let context = try? await request.deciderContext(viewer) {
                request.storage[InboxCountKey.self] = try? await request.baomi.requests.inboxCount(
                    context, on: request.db)
            }
        }.flatMap { next.respond(to: request) }
    }
}

struct InboxCountKey: StorageKey {
    typealias Value = Int
}

/// 代理: the viewer's stand-ins, under their own settings (issue #14).
enum DelegationsController {
    @Sendable static func page(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.borrowCarriers)
        return HTMLPage(html: try await render(request, viewer: viewer, values: [:], errors: []))
    }

    static func render(
        _ request: Request, viewer: Viewer, values: [String: String], errors: [FieldError]
    ) async throws -> HTML {
        ApprovalPages.delegations(
            PageContext(request),
            lines: try await request.baomi.delegations.list(of: viewer.accountID, on: request.db).map {
                DelegationLine($0, viewer: viewer.accountID)
            }, values: values, errors: errors)
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.borrowCarriers)
        try request.verifyCSRF()
        let values = [
            "standIn": (try? request.content.get(String.self, at: "standIn")) ?? "",
            "startsOn": (try? request.content.get(String.self, at: "startsOn")) ?? "",
            "endsOn": (try? request.content.get(String.self, at: "endsOn")) ?? "",
        ]
        do {
            try await request.baomi.delegations.name(
                standIn: values["standIn"] ?? "", startsOn: values["startsOn"] ?? "", endsOn: values["endsOn"] ?? "",
                by: RequestsController.actor(viewer), on: request.db)
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await render(request, viewer: viewer, values: values, errors: errors),
                status: .unprocessableEntity
            ).encodeResponse(for: request)
        }
        return request.redirect(to: SiteRoute.delegations.path + "?saved=1")
    }

    @Sendable static func revoke(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.borrowCarriers)
        try request.verifyCSRF()
        try await request.baomi.delegations.revoke(
            try request.uuidParameter(), by: RequestsController.actor(viewer), on: request.db)
        return request.redirect(to: SiteRoute.delegations.path + "?saved=1")
    }
}

/// 系统设置 · 审批流程: the security office's chains, versioned (principle 9).
enum ChainsController {
    /// `?kind=&level=`: a kind (default borrowing) and a level of the catalogue, or none for the chain of every
    /// level; a bad value is a 400 naming what is accepted.
    static func selection(_ request: Request) async throws -> (RequestKind, LevelID?) {
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        var parameters = QueryParameters(request)
        let kind = parameters.choice("kind", RequestKind.self) ?? .borrow
        // A level's own chain; absent: the chain for every level.
        let level = parameters.level("level", catalogue: catalogue).map(LevelID.init(rawValue:))
        try parameters.check()
        return (kind, level)
    }

    @Sendable static func page(_ request: Request) async throws -> HTMLPage {
        _ = try await request.require(.manageSecrecyOrganisation)
        let (kind, level) = try await selection(request)
        return HTMLPage(html: try await render(request, kind: kind, level: level, values: [:], errors: []))
    }

    static func render(
        _ request: Request, kind: RequestKind, level: LevelID?, values: [String: String], errors: [FieldError]
    ) async throws -> HTML {
        let catalogue = try await request.baomi.settings.levelCatalogue(on: request.db)
        var values = values
        let versions = try await request.baomi.chains.versions(kind, level: level, catalogue: catalogue, on: request.db)
        if values.isEmpty, let current = versions.first {
            // The form starts from the version in force.
            for (index, step) in current.steps.prefix(ChainForm.maxSteps).enumerated() {
                values["title\(index)"] = step.title.zh
                values["approver\(index)"] = ChainForm.code(step.approver)
                if case .person = step.approver { values["approver\(index)"] = "person" }
                values["also\(index)"] = step.also?.first.map(ChainForm.code) ?? ""
                values["mode\(index)"] = step.mode?.rawValue ?? "any"
                values["escalation\(index)"] = step.escalation.map(ChainForm.code) ?? ""
            }
        }
        return ApprovalPages.chains(
            PageContext(request), kind: kind, level: level, versions: versions, catalogue: catalogue,
            waitingDays: try await request.baomi.chains.waitingDays(on: request.db), values: values, errors: errors)
    }

    @Sendable static func saveWaitingDays(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageSecrecyOrganisation)
        try request.verifyCSRF()
        let text = (try? request.content.get(String.self, at: "waitingDays")) ?? ""
        do {
            try await request.baomi.chains.setWaitingDays(
                Int(text.trimmingCharacters(in: .whitespaces)) ?? 0, by: viewer.auditActor, roles: viewer.roles,
                on: request.db)
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await render(request, kind: .borrow, level: nil, values: [:], errors: errors),
                status: .unprocessableEntity
            ).encodeResponse(for: request)
        }
        return request.redirect(to: SiteRoute.chains.path + "?saved=1")
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageSecrecyOrganisation)
        try request.verifyCSRF()
        var values: [String: String] = [:]
        for key in ["kind", "level", "note"] { values[key] = (try? request.content.get(String.self, at: key)) ?? "" }
        for index in 0..<ChainForm.maxSteps {
            for key in ["title", "approver", "person", "also", "mode", "escalation"] {
                values["\(key)\(index)"] = (try? request.content.get(String.self, at: "\(key)\(index)")) ?? ""
            }
        }
        guard let kind = RequestKind(rawValue: values["kind"] ?? "") else {
            throw DomainError.invalid(field: "kind", zh: "请选择申请类型", en: "Choose a kind")
        }
        let level = values["level"].flatMap { $0.isEmpty ? nil : LevelID(rawValue: $0) }
        do {
            var steps: [ApprovalStepSpec] = []
            for index in 0..<ChainForm.maxSteps {
                let title = values["title\(index)"] ?? ""
                let code = values["approver\(index)"] ?? ""
                if title.trimmingCharacters(in: .whitespaces).isEmpty && code.isEmpty { continue }
                let person = values["person\(index)"] ?? ""
                let approver = try await ChainForm.approver(
                    code, personNumber: person, field: "approver\(index)", on: request.db)
                let also = values["also\(index)"] ?? ""
                let escalation = values["escalation\(index)"] ?? ""
                steps.append(
                    ApprovalStepSpec(
                        approver: approver, title: LocalizedText(zh: title, en: title),
                        also: also.isEmpty
                            ? nil
                            : [
                                try await ChainForm.approver(
                                    also, personNumber: person, field: "also\(index)", on: request.db)
                            ],
                        mode: values["mode\(index)"] == "all" ? .all : nil,
                        escalation: escalation.isEmpty
                            ? nil
                            : try await ChainForm.approver(
                                escalation, personNumber: person, field: "escalation\(index)", on: request.db)))
            }
            try await request.baomi.chains.set(
                kind, level: level, steps: steps, note: values["note"] ?? "", by: viewer.auditActor,
                roles: viewer.roles, on: request.db)
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await render(request, kind: kind, level: level, values: values, errors: errors),
                status: .unprocessableEntity
            ).encodeResponse(for: request)
        }
        let query = "?kind=\(kind.rawValue)" + (level.map { "&level=\($0.rawValue)" } ?? "") + "&saved=1"
        return request.redirect(to: SiteRoute.chains.path + query)
    }
}
