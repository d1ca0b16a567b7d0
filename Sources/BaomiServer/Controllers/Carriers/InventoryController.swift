import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

/// Inventory campaigns as pages (C6).
enum InventoryController {
    @Sendable static func list(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.manageCarriers)
        return HTMLPage(html: try await listPage(request, viewer: viewer))
    }

    static func listPage(
        _ request: Request, viewer: Viewer, values: [String: String] = [:], errors: [FieldError] = []
    ) async throws -> HTML {
        InventoryPages.list(
            PageContext(request), inventories: try await request.visibleInventories(viewer),
            units: try await request.baomi.organisation.units(on: request.db),
            places: try await request.baomi.places.places(on: request.db),
            values: values, errors: errors)
    }

    @Sendable static func open(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageCarriers)
        try request.verifyCSRF()
        let values = request.formFields()
        do {
            var department = values["departmentID"].flatMap(UUID.init(uuidString:))
            let place = values["placeID"].flatMap(UUID.init(uuidString:))
            let allowed = try await request.carrierDepartments(viewer)
            if let allowed, place == nil { department = department ?? allowed.first }
            if let allowed, let chosen = department, !allowed.contains(chosen) {
                throw DomainError.invalid(
                    field: "departmentID", rule: .t5_2, zh: "只能清查本部门", en: "Only your own department")
            }
            let inventory = try await request.openInventory(
                name: values["name"] ?? "", departmentID: department, placeID: place, viewer: viewer)
            return request.redirect(to: SiteRoute.inventory(try inventory.requireID()).path)
        } catch DomainError.invalid(let errors) {
            return try await HTMLPage(
                html: try await listPage(request, viewer: viewer, values: values, errors: errors),
                status: .unprocessableEntity
            ).encodeResponse(for: request)
        }
    }

    @Sendable static func detail(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.manageCarriers)
        let inventory = try await request.visibleInventory(try request.uuidParameter(), viewer)
        let context = PageContext(request)
        var message: String?
        if let found = context.query["found"].flatMap({ Int($0) }),
            let unexpected = context.query["unexpected"].flatMap({ Int($0) })
        {
            message = context.t(
                "新核对 \(found) 份；不在清单上 \(unexpected) 份。", "\(found) newly found; \(unexpected) not on the list.")
        }
        return HTMLPage(
            html: InventoryPages.detail(
                context, inventory: inventory,
                catalogue: try await request.baomi.settings.levelCatalogue(on: request.db),
                message: message))
    }

    @Sendable static func tick(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageCarriers)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        let codes = ((try? request.content.get(String.self, at: "codes")) ?? "").split(whereSeparator: \.isNewline).map(
            String.init)
        let (found, unexpected) = try await request.tickInventory(id, codes: Array(codes.prefix(2000)), viewer: viewer)
        // Redirect, so reloading the result page does not tick the same numbers again.
        return request.redirect(to: SiteRoute.inventory(id).path + "?found=\(found)&unexpected=\(unexpected.count)")
    }

    @Sendable static func close(_ request: Request) async throws -> Response {
        let viewer = try await request.require(.manageCarriers)
        try request.verifyCSRF()
        let id = try request.uuidParameter()
        _ = try await request.visibleInventory(id, viewer)
        try await request.baomi.inventories.close(id, by: viewer.auditActor, on: request.db)
        return request.redirect(to: SiteRoute.inventory(id).path + "?saved=1")
    }
}
