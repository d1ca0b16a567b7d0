import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Plot
import Vapor

/// People and working-group pages (T4).
enum PeopleController {
    struct PersonForm: Content {
        var name: String?
        var employeeNumber: String?
        var departmentID: String?
        var post: String?
        var isLeader: String?
        var status: String?

        var values: [String: String] {
            [
                "name": name ?? "", "employeeNumber": employeeNumber ?? "", "departmentID": departmentID ?? "",
                "post": post ?? "",
                "isLeader": isLeader ?? "", "status": status ?? "",
            ]
        }

        func draft() throws(DomainError) -> PersonDraft {
            try PersonDraft.parse(
                name: name, employeeNumber: employeeNumber, departmentID: departmentID, post: post,
                isLeader: isLeader == "true",
                status: status)
        }
    }

    @Sendable static func list(_ request: Request) async throws -> HTMLPage {
        try await request.require(.viewOrganisation)
        let filter = try await request.peopleFilter(departmentParameter: "department")
        let services = request.baomi
        let people = try await services.organisation.people(
            inDepartment: filter.department, search: filter.search, on: request.db)
        let units = try await services.organisation.units(on: request.db)
        return HTMLPage(
            html: PeoplePages.list(
                PageContext(request), people: people, units: units,
                department: filter.department?.uuidString ?? "", search: filter.search ?? ""))
    }

    @Sendable static func newPage(_ request: Request) async throws -> HTMLPage {
        try await request.require(.manageOrganisation)
        let units = try await request.baomi.organisation.units(on: request.db)
        return HTMLPage(html: PeoplePages.new(PageContext(request), units: units))
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageOrganisation)
        try request.verifyCSRF()
        let form = try request.content.decode(PersonForm.self)
        do {
            let person = try await request.baomi.organisation.createPerson(
                try form.draft(), by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.person(person.id ?? UUID()).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            let units = try await request.baomi.organisation.units(on: request.db)
            return try await HTMLPage(
                html: PeoplePages.new(PageContext(request), units: units, values: form.values, errors: errors),
                status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        }
    }

    @Sendable static func detail(_ request: Request) async throws -> HTMLPage {
        try await request.require(.viewOrganisation)
        return HTMLPage(html: try await detailPage(request, id: try request.uuidParameter()))
    }

    /// `more`: sections a form below redisplays with its own values and errors; by default those sections as they
    /// stand.
    static func detailPage(
        _ request: Request, id: UUID, values: [String: String]? = nil, errors: [FieldError] = [],
        more: [BodyNode]? = nil
    ) async throws -> HTML {
        let services = request.baomi
        let person = try await services.organisation.person(id, on: request.db)
        var sections = more
        if sections == nil {
            sections = try await PostReviewsController.model(request, person: person).map {
                PostReviewSection.render(PageContext(request), $0)
            }
        }
        let context = PageContext(request)
        if context.can(.viewPosts) {
            sections?.append(
                PostHistorySection.render(
                    context, entries: try await PostHistory().entries(of: id, on: request.db), personID: id,
                    isActive: person.status == PersonStatus.active.rawValue))
        }
        let units = try await services.organisation.units(on: request.db)
        let account = try await AccountModel.query(on: request.db).filter(\.$person.$id == id).first()
        return PeoplePages.detail(
            PageContext(request), person: person, units: units, account: account, values: values, errors: errors,
            catalogue: try await services.settings.levelCatalogue(on: request.db),
            clearanceHistory: try await services.clearances.history(of: id, on: request.db),
            more: sections ?? [])
    }

    @Sendable static func setClearance(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageClearances)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let values = request.formFields()
        do {
            // The page's form sets the post and its 脱密期; the person keeps their projects and groups (a change of
            // those is the API's and the import's, where T10 guards a key project's removal).
            let person = try await request.baomi.organisation.person(id, on: request.db)
            let draft = try ClearanceDraft.parse(
                .init(
                    postClass: values["postClass"],
                    compartments: ClearanceRepository.ids(person.compartments).map(\.uuidString),
                    groups: ClearanceRepository.ids(person.groups).map(\.uuidString),
                    separationUntil: values["separationUntil"], reason: values["reason"]))
            try await request.baomi.clearances.set(draft, for: id, by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.person(id).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await detailPage(request, id: id, errors: errors), status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        }
    }

    @Sendable static func update(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageOrganisation)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let form = try request.content.decode(PersonForm.self)
        do {
            try await request.baomi.organisation.updatePerson(
                id, try form.draft(), by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.person(id).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await detailPage(request, id: id, values: form.values, errors: errors),
                status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        }
    }

    @Sendable static func workingGroup(_ request: Request) async throws -> HTMLPage {
        try await request.require(.viewOrganisation)
        return HTMLPage(html: try await workingGroupPage(request))
    }

    static func workingGroupPage(_ request: Request, errors: [FieldError] = []) async throws -> HTML {
        let services = request.baomi
        let members = try await services.secrecyOrganisation.workingGroup(on: request.db)
        let people = try await services.organisation.people(on: request.db)
        let managing = try await OrgUnitModel.query(on: request.db).filter(\.$isManagingDepartment == true).first()
        return PeoplePages.workingGroup(
            PageContext(request), members: members, people: people, managing: managing, errors: errors)
    }

    @Sendable static func changeWorkingGroup(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageSecrecyOrganisation)
        try request.verifyCSRF()
        let personText = (try? request.content.get(String.self, at: "personID")) ?? ""
        let roleText = (try? request.content.get(String.self, at: "role")) ?? ""
        do {
            guard let personID = UUID(uuidString: personText.trimmed) else {
                throw DomainError.invalid(field: "personID", zh: "请选择人员", en: "Choose a person")
            }
            let role = WorkingGroupRole(rawValue: roleText)
            guard role != nil || roleText == "remove" else {
                throw DomainError.invalid(field: "role", zh: "职务无效", en: "Unknown role")
            }
            try await request.baomi.secrecyOrganisation.setWorkingGroupRole(
                person: personID, role: role, by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.workingGroup.path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await workingGroupPage(request, errors: errors), status: .unprocessableEntity
            ).encodeResponse(for: request)
        } catch let refusal as Refusal {
            let errors = [FieldError(field: "role", rule: refusal.rule, message: refusal.reason)]
            return try await HTMLPage(
                html: try await workingGroupPage(request, errors: errors), status: .unprocessableEntity
            ).encodeResponse(for: request)
        }
    }
}
