import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

/// 保密工作总览 (issue #5), for leaders and the security office (`viewOverview`; anyone else is refused under S1).
enum OverviewController {
    /// The figures this viewer may see. Carriers, copies and borrowings are counted only at the levels the viewer's
    /// clearance dominates (A2: what is above it is absent, from counts too); findings and inventory coverage are
    /// about departments and places, not items, and are counted whole.
    static func figures(_ request: Request) async throws -> OverviewFigures {
        let viewer = try await request.require(.viewOverview)
        let clearance = try await request.ledgerViewer(viewer)
        return try await OverviewQuery(viewer: clearance, now: request.baomi.clock()).figures(on: request.db)
    }

    @Sendable static func page(_ request: Request) async throws -> HTMLPage {
        let figures = try await figures(request)
        return HTMLPage(
            html: OverviewPage.render(
                PageContext(request), figures: figures,
                catalogue: try await request.baomi.settings.levelCatalogue(on: request.db)))
    }
}
