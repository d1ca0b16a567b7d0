import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

/// 定密审批 from the pages (T5.1, C9): the registration form in its classification mode, submitted as a request of
/// kind `classify`; the approval registers the carrier (`ClassifyEffect`).
enum ClassificationController {
    @Sendable static func newPage(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.manageCarriers)
        var values = ["copyCount": "1"]
        if let department = try await request.viewerDepartment(viewer) {
            values["departmentID"] = department.uuidString
        }
        return HTMLPage(
            html: CarrierPages.new(
                PageContext(request), choices: try await CarriersController.choices(request), values: values,
                purpose: .classify))
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageCarriers)
        try request.verifyCSRF()
        var (input, values, lists) = CarriersController.input(request)
        input.source = CarrierSource.made.rawValue
        do {
            let created = try await request.baomi.requests.submit(
                .classify, carrierID: nil, copyIDs: [], reason: values["reason"] ?? "",
                payload: Classify.Payload(draft: input),
                catalogue: try await request.baomi.settings.levelCatalogue(on: request.db),
                by: RequestsController.actor(viewer), on: request.db)
            return request.redirect(to: SiteRoute.request(try created.requireID()).path + "?saved=1")
        } catch DomainError.invalid(let errors) {
            return try await redisplay(request, values: values, lists: lists, errors: errors)
        } catch let refusal as Refusal {
            return try await redisplay(
                request, values: values, lists: lists,
                errors: [FieldError(field: "level", rule: refusal.rule, message: refusal.reason)])
        }
    }

    private static func redisplay(
        _ request: Request, values: [String: String], lists: [String: Set<String>], errors: [FieldError]
    ) async throws -> Response {
        let page = CarrierPages.new(
            PageContext(request), choices: try await CarriersController.choices(request), values: values,
            lists: lists, errors: errors, purpose: .classify)
        return try await HTMLPage(html: page, status: .unprocessableEntity).encodeResponse(for: request)
    }
}
