import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

/// A department's head (部门负责人) and leader in charge (分管领导): shown to everyone who sees the unit, set by the
/// system administrator with the rest of the organisation (issue #14). Approval steps by relation resolve to them.
enum DepartmentLeadersSection {
    static func section(
        _ context: PageContext, unit: OrgUnitModel, people: [PersonModel], leaders: [PersonModel],
        errors: [FieldError]
    ) -> BodyNode {
        let head = people.first { $0.id != nil && $0.id == unit.headID }
        let inCharge = leaders.first { $0.id != nil && $0.id == unit.leaderInChargeID }
        var children: [BodyNode] = [
            H.el("h2", [], text: context.t("部门负责人与分管领导", "Head and leader in charge")),
            H.el(
                "dl", [("class", "facts")],
                [
                    H.el("dt", [], text: context.t("部门负责人", "Head")),
                    H.el("dd", [("id", "department-head")], text: head?.name ?? context.t("未指定", "none")),
                    H.el("dt", [], text: context.t("分管领导", "Leader in charge")),
                    H.el(
                        "dd", [("id", "leader-in-charge")],
                        text: inCharge?.name ?? context.t("未指定（审批由任一领导）", "none (any leader approves)")),
                ]),
        ]
        if context.can(.manageOrganisation), let id = unit.id {
            let form = FormBuilder(
                context,
                values: [
                    "headID": unit.headID?.uuidString ?? "",
                    "leaderInChargeID": unit.leaderInChargeID?.uuidString ?? "",
                ], errors: errors.filter { $0.field == "headID" || $0.field == "leaderInChargeID" })
            children.append(
                form.form(
                    action: .orgUnitLeaders(id), submit: context.t("保存", "Save"),
                    [
                        form.select(
                            "headID", context.t("部门负责人（本部门人员）", "Head (a person of the department)"),
                            options: people.map { ($0.id?.uuidString ?? "", "\($0.name)（\($0.employeeNumber)）") }),
                        form.select(
                            "leaderInChargeID", context.t("分管领导（单位领导）", "Leader in charge (a leader)"),
                            options: leaders.map { ($0.id?.uuidString ?? "", "\($0.name)（\($0.employeeNumber)）") }),
                    ], id: "leaders-form"))
        }
        return H.el("section", [("class", "card"), ("id", "department-leaders")], children)
    }
}

struct DepartmentLeadersInput: Content {
    var headID: UUID?
    var leaderInChargeID: UUID?
}

extension OrganisationController {
    @Sendable static func setLeaders(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageOrganisation)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        func person(_ field: String) throws -> UUID? {
            let text = (try? request.content.get(String.self, at: field))?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !text.isEmpty else { return nil }
            guard let id = UUID(uuidString: text) else {
                throw DomainError.invalid(field: field, zh: "人员编号无效", en: "Not a valid person")
            }
            return id
        }
        do {
            try await request.baomi.organisation.setLeaders(
                unit: id, head: try person("headID"), leaderInCharge: try person("leaderInChargeID"),
                by: viewer.auditActor, on: request.db)
            return request.redirect(to: SiteRoute.orgUnit(id).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await unitPage(request, id: id, errors: errors), status: .unprocessableEntity
            ).encodeResponse(for: request)
        }
    }
}

extension OrganisationAPI {
    @Sendable static func setLeaders(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageOrganisation)
        let id = try request.uuidParameter()
        let body = try request.body(DepartmentLeadersInput.self)
        let unit = try await request.baomi.organisation.setLeaders(
            unit: id, head: body.headID, leaderInCharge: body.leaderInChargeID, by: viewer.auditActor, on: request.db)
        let officers = try await request.baomi.secrecyOrganisation.secrecyOfficers(on: request.db)
        return try request.json(OrgUnitDTO(unit, officer: officers[id]?.id))
    }
}
