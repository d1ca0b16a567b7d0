import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Plot
import Vapor

/// The audit pages (S1, S2).
enum AuditController {
    /// The actor kinds this viewer may read; refuses (and records the refusal) when none.
    static func readableKinds(_ request: Request) async throws -> (Viewer, Set<AuditActorKind>) {
        let viewer = try await request.requireViewer()
        let kinds = Set(AuditActorKind.allCases.filter { $0.isReadable(by: viewer.roles) })
        if kinds.isEmpty { try await request.require(.readAdministratorAudit) }
        return (viewer, kinds)
    }

    static func query(_ request: Request, kinds: Set<AuditActorKind>) throws -> (AuditQuery, [String: String]) {
        // Read strictly: an unknown outcome, a bad date or limit is a 400 naming what is accepted (#12).
        var parameters = QueryParameters(request)
        let query = AuditQuery(
            actorKinds: kinds, action: parameters.text("action", maxLength: 64),
            actorName: parameters.text("actor", maxLength: 64),
            outcome: parameters.choice("outcome", AuditOutcome.self), from: parameters.date("from"),
            until: parameters.date("until").map { $0 + "T23:59:59.999Z" },
            beforeIndex: parameters.integer("before", 0...Int.max).map(Int64.init),
            limit: parameters.integer("limit", 1...500) ?? 50)
        try parameters.check()
        return (query, parameters.all.filter { ["action", "actor", "outcome", "from", "until"].contains($0.key) })
    }

    @Sendable static func page(_ request: Request) async throws -> HTMLPage {
        try await render(request, verification: nil)
    }

    static func render(_ request: Request, verification: AuditVerifier.Report?) async throws -> HTMLPage {
        let (viewer, kinds) = try await readableKinds(request)
        let (query, filters) = try query(request, kinds: kinds)
        let records = try await request.visibleAuditRecords(try await query.run(on: request.db), viewer: viewer)
        let context = PageContext(request)
        let checkpoint = try await request.baomi.checkpoints.current(on: request.db)
        let scope =
            viewer.can(.readAdministratorAudit)
            ? context.t(
                "您作为安全审计员查看系统管理员、安全保密管理员和安全审计员的操作 (S1)。",
                "As security auditor you review the actions of the administrators (S1).")
            : context.t(
                "您作为安全保密管理员查看普通用户的操作和登录尝试 (S1)。",
                "As security administrator you review ordinary users' actions and sign-in attempts (S1).")
        let nextBefore = records.count == query.limit ? records.last?.record.leafIndex : nil
        return HTMLPage(
            html: AuditPage.render(
                context, records: records, levels: try await request.levelCatalogue(), filters: filters,
                checkpoint: checkpoint, verification: verification,
                nextBefore: nextBefore, scope: scope))
    }

    @Sendable static func verify(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.require(.verifyAudit)
        try request.verifyCSRF()
        let report = try await runVerification(request, viewer: viewer)
        return try await render(request, verification: report)
    }

    /// Signs a checkpoint of everything so far, verifies the whole log, and records that it did (A5).
    static func runVerification(_ request: Request, viewer: Viewer) async throws -> AuditVerifier.Report {
        _ = try await request.baomi.checkpoints.current(on: request.db)
        let report = try await AuditVerifier(publicKey: request.baomi.signer.publicKey).verify(
            on: request.db, journal: request.baomi.checkpoints.journal)
        try await request.baomi.store.record(
            [
                AuditEvent(
                    action: .auditVerify, subject: AuditSubject(type: "auditLog"),
                    outcome: report.isIntact ? .success : .failure,
                    rule: .s2,
                    details: ["records": String(report.recordsChecked), "problem": report.problem?.message ?? ""])
            ],
            by: viewer.auditActor, on: request.db)
        return report
    }
}
