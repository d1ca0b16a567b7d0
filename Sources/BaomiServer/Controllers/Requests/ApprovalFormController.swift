import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// 审批表 (A6, S2, principle 12): every request, whatever its kind, prints as one form for whoever may see the
/// request (the same check as its page); a carrier the viewer may not read is named by its reference.
enum ApprovalFormController {
    /// The form of a request the viewer may see; 404, as if it did not exist, otherwise.
    static func form(_ request: Request, viewer: Viewer, id: UUID) async throws -> ApprovalForm {
        let model = try await RequestsAPI.visible(id, viewer: viewer, request: request)
        return ApprovalForm(
            model, sights: try await request.carrierSights(of: [model], viewer: viewer),
            catalogue: try await request.baomi.settings.levelCatalogue(on: request.db),
            leaf: try await request.baomi.store.audit.latestRecord(objectType: "request", objectID: id, on: request.db),
            context: PageContext(request))
    }

    @Sendable static func page(_ request: Request) async throws -> HTMLPage {
        let viewer = try await RequestsController.requireRequestViewer(request)
        let form = try await form(request, viewer: viewer, id: try request.uuidParameter())
        return HTMLPage(html: ApprovalFormPage.render(PageContext(request), form: form))
    }
}
