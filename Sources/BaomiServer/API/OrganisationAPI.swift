import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Vapor

/// `/api/v1/org-units`, `/people`, `/working-group` (T4).
enum OrganisationAPI {
    static func register(_ registry: APIRegistry, on routes: any RoutesBuilder) {
        let id = APIOperation.Parameter.path("id", description: "UUID")
        registry.register(
            APIOperation(
                method: .GET, path: "org-units", operationID: "listOrgUnits", tag: "organisation",
                summary: "Org units 组织机构列表", responseSchema: "OrgUnit", responseIsArray: true),
            on: routes, listUnits)
        registry.register(
            APIOperation(
                method: .POST, path: "org-units", operationID: "createOrgUnit", tag: "organisation",
                summary: "Create an org unit 新建组织机构", requestSchema: "OrgUnitInput", responseSchema: "OrgUnit",
                successStatus: 201),
            on: routes, createUnit)
        registry.register(
            APIOperation(
                method: .GET, path: "org-units/{id}", operationID: "getOrgUnit", tag: "organisation",
                summary: "One org unit 组织机构详情", parameters: [id], responseSchema: "OrgUnit"),
            on: routes, getUnit)
        registry.register(
            APIOperation(
                method: .PUT, path: "org-units/{id}", operationID: "updateOrgUnit", tag: "organisation",
                summary: "Update an org unit 修改组织机构", parameters: [id], requestSchema: "OrgUnitUpdate",
                responseSchema: "OrgUnit"),
            on: routes, updateUnit)
        registry.register(
            APIOperation(
                method: .PUT, path: "org-units/{id}/secrecy-officer", operationID: "setSecrecyOfficer",
                tag: "organisation", summary: "Designate the department's secrecy officer 指定保密员 (T4)", parameters: [id],
                requestSchema: "SecrecyOfficerInput", responseSchema: "OrgUnit"),
            on: routes, setSecrecyOfficer)
        registry.register(
            APIOperation(
                method: .PUT, path: "org-units/{id}/leaders", operationID: "setDepartmentLeaders",
                tag: "organisation",
                summary: "Name the department's head and leader in charge 部门负责人、分管领导 (approval steps by relation, #14)",
                parameters: [id], requestSchema: "DepartmentLeadersInput", responseSchema: "OrgUnit"),
            on: routes, setLeaders)
        registry.register(
            APIOperation(
                method: .POST, path: "org-units/{id}/managing-department", operationID: "setManagingDepartment",
                tag: "organisation", summary: "Make the unit the managing department 设为归口管理部门 (T4)", parameters: [id],
                responseSchema: "OrgUnit"),
            on: routes, setManagingDepartment)
        registry.register(
            APIOperation(
                method: .GET, path: "people", operationID: "listPeople", tag: "organisation", summary: "People 人员列表",
                parameters: [
                    .department("departmentID"), .text("q", "Name or employee number contains", maxLength: 100),
                ],
                responseSchema: "Person", responseIsArray: true),
            on: routes, listPeople)
        registry.register(
            APIOperation(
                method: .POST, path: "people", operationID: "createPerson", tag: "organisation",
                summary: "Create a person 新建人员", requestSchema: "PersonInput", responseSchema: "Person",
                successStatus: 201),
            on: routes, createPerson)
        registry.register(
            APIOperation(
                method: .GET, path: "people/{id}", operationID: "getPerson", tag: "organisation",
                summary: "One person 人员详情", parameters: [id], responseSchema: "Person"),
            on: routes, getPerson)
        registry.register(
            APIOperation(
                method: .PUT, path: "people/{id}", operationID: "updatePerson", tag: "organisation",
                summary: "Update a person 修改人员", parameters: [id], requestSchema: "PersonUpdate",
                responseSchema: "Person"),
            on: routes, updatePerson)
        registry.register(
            APIOperation(
                method: .GET, path: "working-group", operationID: "getWorkingGroup", tag: "organisation",
                summary: "The secrecy working group 保密工作小组 (T4)", responseSchema: "WorkingGroupMember",
                responseIsArray: true),
            on: routes, workingGroup)
        registry.register(
            APIOperation(
                method: .PUT, path: "working-group/{id}", operationID: "setWorkingGroupRole", tag: "organisation",
                summary: "Set or clear a person's role in the working group 调整小组成员 (T4)",
                parameters: [.path("id", description: "UUID of the person")], requestSchema: "WorkingGroupInput",
                responseSchema: "WorkingGroupMember", responseIsArray: true),
            on: routes, setWorkingGroupRole)
    }

    private static func unitDTO(_ request: Request, _ unit: OrgUnitModel) async throws -> OrgUnitDTO {
        let officers = try await request.baomi.secrecyOrganisation.secrecyOfficers(on: request.db)
        return OrgUnitDTO(unit, officer: unit.id.flatMap { officers[$0]?.id })
    }

    @Sendable static func listUnits(_ request: Request) async throws -> Response {
        try await request.require(.viewOrganisation)
        let officers = try await request.baomi.secrecyOrganisation.secrecyOfficers(on: request.db)
        let units = try await request.baomi.organisation.units(on: request.db)
        return try request.json(units.map { OrgUnitDTO($0, officer: $0.id.flatMap { officers[$0]?.id }) })
    }

    @Sendable static func createUnit(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageOrganisation)
        let draft = try request.body(OrgUnitInput.self).draft()
        let unit = try await request.baomi.organisation.createUnit(draft, by: viewer.auditActor, on: request.db)
        return try request.json(try await unitDTO(request, unit), status: .created)
    }

    @Sendable static func getUnit(_ request: Request) async throws -> Response {
        try await request.require(.viewOrganisation)
        let unit = try await request.baomi.organisation.unit(try request.uuidParameter(), on: request.db)
        return try request.json(try await unitDTO(request, unit))
    }

    @Sendable static func updateUnit(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageOrganisation)
        let id = try request.uuidParameter()
        let draft = try request.body(OrgUnitInput.self).draft()
        let unit = try await request.baomi.organisation.updateUnit(id, draft, by: viewer.auditActor, on: request.db)
        return try request.json(try await unitDTO(request, unit))
    }

    @Sendable static func setSecrecyOfficer(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageSecrecyOrganisation)
        let id = try request.uuidParameter()
        let body = try request.body(SecrecyOfficerInput.self)
        try await request.baomi.secrecyOrganisation.setSecrecyOfficer(
            unit: id, person: body.personID, by: viewer.auditActor, on: request.db)
        return try request.json(
            try await unitDTO(request, try await request.baomi.organisation.unit(id, on: request.db)))
    }

    @Sendable static func setManagingDepartment(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageSecrecyOrganisation)
        let id = try request.uuidParameter()
        try await request.baomi.secrecyOrganisation.setManagingDepartment(
            unit: id, by: viewer.auditActor, on: request.db)
        return try request.json(
            try await unitDTO(request, try await request.baomi.organisation.unit(id, on: request.db)))
    }

    @Sendable static func listPeople(_ request: Request) async throws -> Response {
        try await request.require(.viewOrganisation)
        let filter = try await request.peopleFilter(departmentParameter: "departmentID")
        let people = try await request.baomi.organisation.people(
            inDepartment: filter.department, search: filter.search, on: request.db)
        return try request.json(people.map(PersonDTO.init))
    }

    @Sendable static func createPerson(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageOrganisation)
        let draft = try request.body(PersonInput.self).draft()
        let person = try await request.baomi.organisation.createPerson(draft, by: viewer.auditActor, on: request.db)
        return try request.json(
            PersonDTO(try await request.baomi.organisation.person(person.id ?? UUID(), on: request.db)),
            status: .created)
    }

    @Sendable static func getPerson(_ request: Request) async throws -> Response {
        try await request.require(.viewOrganisation)
        return try request.json(
            PersonDTO(try await request.baomi.organisation.person(try request.uuidParameter(), on: request.db)))
    }

    @Sendable static func updatePerson(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageOrganisation)
        let id = try request.uuidParameter()
        let draft = try request.body(PersonInput.self).draft()
        try await request.baomi.organisation.updatePerson(id, draft, by: viewer.auditActor, on: request.db)
        return try request.json(PersonDTO(try await request.baomi.organisation.person(id, on: request.db)))
    }

    @Sendable static func workingGroup(_ request: Request) async throws -> Response {
        try await request.require(.viewOrganisation)
        return try request.json(try await members(request))
    }

    private static func members(_ request: Request) async throws -> [WorkingGroupMemberDTO] {
        try await request.baomi.secrecyOrganisation.workingGroup(on: request.db).map {
            WorkingGroupMemberDTO(personID: $0.$person.id, name: $0.person.name, role: $0.role)
        }
    }

    @Sendable static func setWorkingGroupRole(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageSecrecyOrganisation)
        let personID = try request.uuidParameter()
        let body = try request.body(WorkingGroupInput.self)
        var role: WorkingGroupRole?
        if let text = body.role {
            guard let parsed = WorkingGroupRole(rawValue: text) else {
                throw DomainError.invalid(
                    field: "role", zh: "职务只能是 head、deputy、member 或 null",
                    en: "Role must be head, deputy, member or null")
            }
            role = parsed
        }
        try await request.baomi.secrecyOrganisation.setWorkingGroupRole(
            person: personID, role: role, by: viewer.auditActor, on: request.db)
        return try request.json(try await members(request))
    }
}
