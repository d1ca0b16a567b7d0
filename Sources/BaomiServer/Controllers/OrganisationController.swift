import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Plot
import Vapor

/// Organisation pages (T4): units, people, the working group.
enum OrganisationController {
    struct UnitForm: Content {
        var name: String?
        var code: String?
        var kind: String?
        var parentID: String?
        var isKeyDepartment: String?
        var sortOrder: String?

        var values: [String: String] {
            [
                "name": name ?? "", "code": code ?? "", "kind": kind ?? "", "parentID": parentID ?? "",
                "isKeyDepartment": isKeyDepartment ?? "", "sortOrder": sortOrder ?? "",
            ]
        }

        func draft() throws(DomainError) -> OrgUnitDraft {
            let order = Int(sortOrder?.trimmed ?? "")
            if let sortOrder, !sortOrder.trimmed.isEmpty, order == nil {
                throw DomainError.invalid(field: "sortOrder", zh: "排序须为整数", en: "Sort order must be a whole number")
            }
            return try OrgUnitDraft.parse(
                name: name, code: code, kind: kind, parentID: parentID, isKeyDepartment: isKeyDepartment == "true",
                sortOrder: order)
        }
    }

    @Sendable static func units(_ request: Request) async throws -> HTMLPage {
        try await request.require(.viewOrganisation)
        let services = request.baomi
        let units = try await services.organisation.units(on: request.db)
        let officers = try await services.secrecyOrganisation.secrecyOfficers(on: request.db)
        let people = try await services.organisation.people(on: request.db)
        let counts = Dictionary(grouping: people, by: { $0.$department.id }).mapValues(\.count)
        return HTMLPage(
            html: OrganisationPages.units(PageContext(request), units: units, officers: officers, peopleCount: counts))
    }

    @Sendable static func newUnitPage(_ request: Request) async throws -> HTMLPage {
        try await request.require(.manageOrganisation)
        let units = try await request.baomi.organisation.units(on: request.db)
        var values = ["kind": units.isEmpty ? "unit" : "department"]
        if let parent = try? request.query.get(String.self, at: "parent") { values["parentID"] = parent }
        return HTMLPage(html: OrganisationPages.newUnit(PageContext(request), units: units, values: values))
    }

    @Sendable static func createUnit(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageOrganisation)
        try request.verifyCSRF()
        let form = try request.content.decode(UnitForm.self)
        do {
            let unit = try await request.baomi.organisation.createUnit(
                try form.draft(), by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.orgUnit(unit.id ?? UUID()).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            let units = try await request.baomi.organisation.units(on: request.db)
            return try await HTMLPage(
                html: OrganisationPages.newUnit(
                    PageContext(request), units: units, values: form.values, errors: errors),
                status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        }
    }

    @Sendable static func unit(_ request: Request) async throws -> HTMLPage {
        try await request.require(.viewOrganisation)
        return HTMLPage(html: try await unitPage(request, id: try request.uuidParameter()))
    }

    static func unitPage(
        _ request: Request, id: UUID, values: [String: String]? = nil, errors: [FieldError] = []
    ) async throws -> HTML {
        let services = request.baomi
        let unit = try await services.organisation.unit(id, on: request.db)
        let units = try await services.organisation.units(on: request.db)
        let people = try await services.organisation.people(inDepartment: id, on: request.db)
        let officer = try await services.secrecyOrganisation.secrecyOfficers(on: request.db)[id]
        let context = PageContext(request)
        return OrganisationPages.unit(
            context, unit: unit, units: units, people: people, officer: officer, values: values,
            errors: errors,
            more: [
                DepartmentLeadersSection.section(
                    context, unit: unit, people: people,
                    leaders: try await services.organisation.leaders(on: request.db),
                    errors: errors)
            ])
    }

    @Sendable static func updateUnit(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageOrganisation)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let form = try request.content.decode(UnitForm.self)
        do {
            try await request.baomi.organisation.updateUnit(id, try form.draft(), by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.orgUnit(id).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await unitPage(request, id: id, values: form.values, errors: errors),
                status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        } catch let refusal as Refusal {
            let errors = [FieldError(field: "parentID", rule: refusal.rule, message: refusal.reason)]
            return try await HTMLPage(
                html: try await unitPage(request, id: id, values: form.values, errors: errors),
                status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        }
    }

    @Sendable static func setSecrecyOfficer(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageSecrecyOrganisation)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let personText = (try? request.content.get(String.self, at: "personID"))?.trimmed ?? ""
        do {
            guard personText.isEmpty || UUID(uuidString: personText) != nil else {
                throw DomainError.invalid(field: "personID", zh: "人员编号无效", en: "Not a valid person")
            }
            try await request.baomi.secrecyOrganisation.setSecrecyOfficer(
                unit: id, person: UUID(uuidString: personText), by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.orgUnit(id).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await unitPage(request, id: id, errors: errors), status: .unprocessableEntity
            )
            .encodeResponse(for: request)
        }
    }

    @Sendable static func setManagingDepartment(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageSecrecyOrganisation)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        try await request.baomi.secrecyOrganisation.setManagingDepartment(
            unit: id, by: viewer.auditActor, on: request.db)
        return request.redirect(to: SiteRoute.orgUnit(id).path + "?saved=1")
    }
}

extension Request {
    /// The `:id` path parameter as a UUID; anything else is a 404, never a 500.
    func uuidParameter(_ name: String = "id") throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else {
            throw DomainError.notFound(zh: "对象不存在", en: "Not found")
        }
        return id
    }
}
