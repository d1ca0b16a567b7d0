import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// 离职人员使用技术秘密 from the pages (T14): the requests recorded so far with their decision, and the form that
/// records one as a request of kind `formerStaffUse` of the engine.
extension TravelController {
    @Sendable static func formerStaff(_ request: Request) async throws -> Response {
        try await formerStaffPage(request, values: [:], errors: [])
    }

    static func formerStaffPage(
        _ request: Request, values: [String: String], errors: [FieldError], status: HTTPStatus = .ok
    ) async throws -> Response {
        _ = try await request.require(.manageTravel)
        let context = PageContext(request)
        let rows = try await request.baomi.requests.list(kind: .formerStaffUse, openOnly: false, on: request.db)
            .compactMap { model -> TravelPages.FormerStaffRow? in
                guard let id = model.id, let payload = FormerStaffUse.decodePayload(Data(model.payload.utf8)) else {
                    return nil
                }
                return TravelPages.FormerStaffRow(
                    id: id, number: model.number, person: payload.personName ?? "", newWork: payload.newWork ?? "",
                    consent: payload.consent.map { $0 ? context.t("同意", "yes") : context.t("不同意", "no") } ?? "",
                    fee: payload.fee ?? "", state: RequestState(rawValue: model.state) ?? .submitted)
            }
        let people = try await request.baomi.organisation.people(on: request.db)
            .filter { $0.status == PersonStatus.departed.rawValue }
            .compactMap { person in
                person.id.map { FormChoice(value: $0.uuidString, label: "\(person.name)（\(person.employeeNumber)）") }
            }
        return try await HTMLPage(
            html: TravelPages.formerStaff(context, rows: rows, people: people, values: values, errors: errors),
            status: status
        ).encodeResponse(for: request)
    }

    @Sendable static func createFormerStaff(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageTravel)
        try request.verifyCSRF()
        let values = request.formFields()
        do {
            let created = try await request.baomi.requests.submit(
                .formerStaffUse, carrierID: nil, copyIDs: [], reason: values["reason"] ?? "",
                payloadJSON: try RequestPayloadViews.payloadJSON(.formerStaffUse, values),
                catalogue: try await request.levelCatalogue(), by: RequestsController.actor(viewer), on: request.db)
            return request.redirect(to: SiteRoute.request(try created.requireID()).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await formerStaffPage(request, values: values, errors: errors, status: .unprocessableEntity)
        } catch let refusal as Refusal {
            return try await formerStaffPage(
                request, values: values,
                errors: [FieldError(field: "personID", rule: refusal.rule, message: refusal.reason)],
                status: .unprocessableEntity)
        }
    }
}
