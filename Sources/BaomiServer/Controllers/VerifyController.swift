import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Vapor

/// 核验: a printed form's QR code checked against the audit log (S2, principle 12). Any signed-in user may check a
/// paper they hold; the record itself is shown only as the audit pages would show it to them (S1, principle 11) —
/// to everyone else only that the record is in the log.
enum VerifyController {
    /// The proof, with the record as this viewer may see it (nil when the audit pages would not show it to them).
    static func check(
        _ request: Request, viewer: Viewer, reference: AuditLeafReference
    ) async throws -> LeafProofDTO {
        let proof = try await request.baomi.checkpoints.prove(reference, on: request.db)
        var shown: VisibleAuditRecord?
        if let record = proof.record, let kind = AuditActorKind(rawValue: record.actorKind),
            kind.isReadable(by: viewer.roles)
        {
            shown = try await request.visibleAuditRecords([record], viewer: viewer).first
        }
        return LeafProofDTO(proof, record: shown)
    }

    /// Reads `q` (the QR text, a scanned address or a leaf index); nil when there is none. Text that is none of
    /// them is a field the reader got wrong (422, S2), on the page and in the API alike: any text is a well-formed
    /// request.
    static func reference(_ request: Request) throws -> AuditLeafReference? {
        var parameters = QueryParameters(request)
        let text = parameters.text("q", maxLength: 300)
        try parameters.check()
        let reference = text.flatMap(AuditLeafReference.init(parsing:))
        if let text, reference == nil, !text.trimmingCharacters(in: .whitespaces).isEmpty {
            throw DomainError.invalid(
                field: "q", rule: RuleID("S2"), zh: "请粘贴审批表二维码中的文字（baomi:leaf:序号:哈希）或填写记录序号",
                en: "Paste the text of the form's QR code (baomi:leaf:index:hash) or a record index")
        }
        return reference
    }

    @Sendable static func page(_ request: Request) async throws -> HTMLPage {
        let viewer = try await request.requireViewer()
        let context = PageContext(request)
        let raw = request.query[String.self, at: "q"] ?? ""
        do {
            let reference = try reference(request)
            var result: LeafProofDTO?
            if let reference { result = try await check(request, viewer: viewer, reference: reference) }
            return HTMLPage(html: VerifyPage.render(context, query: raw, result: result))
        } catch RequestFailure.invalidFields(let errors, _) {
            // The page shows what was typed with the reason beside it, as a form does (422).
            return HTMLPage(
                html: VerifyPage.render(context, query: raw, result: nil, errors: errors), status: .unprocessableEntity)
        } catch DomainError.invalid(let errors) {
            return HTMLPage(
                html: VerifyPage.render(context, query: raw, result: nil, errors: errors), status: .unprocessableEntity)
        }
    }
}

/// A leaf's proof as the API and the verify page give it.
struct LeafProofDTO: Content {
    struct Failure: Content {
        var code: String
        var zh: String
        var en: String
    }

    var leafIndex: Int64
    var claimedHash: String?
    var leafHash: String?
    var verified: Bool
    var failures: [Failure]
    var treeSize: Int64
    var rootHash: String
    var signedAt: String
    var keyID: String
    var signature: String
    var publicKey: String
    var auditPath: [String]
    /// The record as this viewer may see it on the audit pages; nil when they may not.
    var record: AuditRecordDTO?

    init(_ proof: LeafProof, record: VisibleAuditRecord?) {
        leafIndex = proof.leafIndex
        claimedHash = proof.claimedHash
        leafHash = proof.leafHash
        verified = proof.verified
        failures = proof.failures.map { Failure(code: $0.rawValue, zh: $0.text.zh, en: $0.text.en) }
        treeSize = proof.checkpoint.treeSize
        rootHash = proof.checkpoint.rootHash
        signedAt = proof.checkpoint.signedAt
        keyID = proof.checkpoint.keyID
        signature = proof.checkpoint.signature
        publicKey = proof.publicKey
        auditPath = proof.auditPath
        self.record = record.map(AuditRecordDTO.init)
    }
}
