import BaomiDomain
import BaomiPersistence
import Crypto
import Foundation
import SQLKit
import Testing
import Vapor

@testable import BaomiServer

/// A multipart form with one file and text fields, as a browser or an integrator sends it.
func multipart(file: [UInt8], name: String, fields: [(String, String)]) -> (body: [UInt8], type: HTTPMediaType) {
    let boundary = "baomi-test-boundary-\(UUID().uuidString)"
    var body: [UInt8] = []
    for (key, value) in fields {
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n".utf8)
    }
    body += Array(
        "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            .utf8)
    body += file
    body += Array("\r\n--\(boundary)--\r\n".utf8)
    return (body, HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary]))
}

/// Non-secret attachments of requests (#14): judged by content and size (S4), their SHA-256 in the audit record,
/// served only as downloads, only to those who may see the request (principle 11).
@Suite("Request attachments (S4, principle 11, #14)", .serialized)
struct AttachmentTests {
    static let pdf = Array("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)

    func upload(
        _ world: CarrierWorld, request id: String, file: [UInt8], name: String = "签批件.pdf", nonSecret: Bool = true,
        token: String
    ) async throws -> Client.Reply {
        let form = multipart(file: file, name: name, fields: nonSecret ? [("nonSecret", "true")] : [])
        return try await world.client.sendBytes(
            .POST, "/api/v1/requests/\(id)/attachments", body: form.body, contentType: form.type, token: token)
    }

    @Test(
        "S4 A5 a PDF attached through the API: its SHA-256 in the audit record, listed, and served only as a download")
    func pdfIsAttachedAndDownloaded() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let (id, leader) = try await ApprovalFormTests().approvedCopying(world)
            // act
            let uploaded = try await upload(
                world, request: id, file: Self.pdf, name: "../扫描 件.pdf", token: world.office)
            // check
            #expect(uploaded.status == .created, "\(uploaded.body)")
            let attachment = try uploaded.json()
            let sha = SHA256.hash(data: Data(Self.pdf)).map { String(format: "%02x", $0) }.joined()
            #expect(attachment["sha256"] as? String == sha)
            #expect(attachment["type"] as? String == "pdf" && attachment["fileName"] as? String == "扫描 件.pdf")
            let requestID = try #require(UUID(uuidString: id))
            let record = try #require(
                try await test.app.baomi.store.audit.latestRecord(
                    objectType: "request", objectID: requestID, on: test.db))
            #expect(record.action == AuditAction.requestAttach.rawValue)
            #expect(record.decodedDetails["sha256"] == sha)
            let listed = try await world.client.send(.GET, "/api/v1/requests/\(id)/attachments", token: leader)
            #expect(try listed.jsonArray().map { $0["sha256"] as? String } == [sha])
            let attachmentID = try #require(attachment["id"] as? String)
            for reply in [
                try await world.client.send(.GET, "/api/v1/requests/\(id)/attachments/\(attachmentID)", token: leader),
                try await world.client.send(
                    .GET, "/requests/\(id)/attachments/\(attachmentID)", cookies: ["baomi_session": leader]),
            ] {
                #expect(reply.status == .ok)
                #expect(reply.body == String(decoding: Self.pdf, as: UTF8.self))
                #expect(reply.headers.first(name: .contentType) == "application/pdf")
                #expect(reply.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=") == true)
                #expect(reply.headers.first(name: "X-Content-Type-Options") == "nosniff")
            }
            // On SQLite the bytes are a file in the data folder, where `baomi backup` takes them from.
            if case .folder(let folder) = test.app.baomi.attachments.content {
                #expect(
                    FileManager.default.fileExists(
                        atPath: folder.appendingPathComponent("\(sha.prefix(2))/\(sha)").path))
            }
        }
    }

    @Test(
        "S4 content that is no PDF, PNG, JPEG or TIFF, a file not declared 非涉密, an empty one: refused, audited, nothing kept"
    )
    func badFilesAreRefused() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let (id, _) = try await ApprovalFormTests().approvedCopying(world)
            let html = Array("<html><script>alert(1)</script></html>".utf8)
            let refusals = [
                try await upload(world, request: id, file: html, name: "伪装.pdf", token: world.office),
                try await upload(world, request: id, file: Self.pdf, nonSecret: false, token: world.office),
                try await upload(world, request: id, file: [], token: world.office),
            ]
            for reply in refusals {
                #expect(reply.status == .unprocessableEntity && reply.isProblem, "\(reply.body)")
                #expect(try reply.json()["rule"] as? String == "S4")
            }
            #expect(refusals[0].body.contains("附件只能是 PDF、PNG、JPEG 或 TIFF 文件（按文件内容判断）"))
            let listed = try await world.client.send(.GET, "/api/v1/requests/\(id)/attachments", token: world.office)
            #expect(try listed.jsonArray().isEmpty)
            let refused = try await test.db.sql.raw(
                "SELECT COUNT(*) AS n FROM audit_records WHERE action = 'request.attach' AND outcome = 'refused'"
            ).first()?.decode(column: "n", as: Int.self)
            #expect(refused == 3)
        }
    }

    @Test("S4 a file over the 20 MB default limit is a 413 problem+json, by the rule's check and by the body's size")
    func oversizeIs413() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let (id, _) = try await ApprovalFormTests().approvedCopying(world)
            let justOver = Self.pdf + [UInt8](repeating: 0x20, count: AttachmentRules.defaultLimit + 1 - Self.pdf.count)
            let farOver = justOver + [UInt8](repeating: 0x20, count: 1024 * 1024)
            for file in [justOver, farOver] {
                let reply = try await upload(world, request: id, file: file, token: world.office)
                #expect(reply.status == .payloadTooLarge && reply.isProblem, "\(reply.status)")
            }
            let listed = try await world.client.send(.GET, "/api/v1/requests/\(id)/attachments", token: world.office)
            #expect(try listed.jsonArray().isEmpty)
        }
    }

    @Test("principle 11 someone who may not see the request can neither list, fetch nor add its attachments")
    func hiddenRequestHidesAttachments() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let (id, _) = try await ApprovalFormTests().approvedCopying(world)
            let attachment = try #require(
                try await upload(world, request: id, file: Self.pdf, token: world.office).json()["id"] as? String)
            let staff = try await world.clearedAccount("staff1", roles: ["staff"], postClass: "general")
            let replies = [
                try await world.client.send(.GET, "/api/v1/requests/\(id)/attachments", token: staff),
                try await world.client.send(.GET, "/api/v1/requests/\(id)/attachments/\(attachment)", token: staff),
                try await world.client.send(
                    .GET, "/requests/\(id)/attachments/\(attachment)", cookies: ["baomi_session": staff]),
                try await upload(world, request: id, file: Self.pdf, token: staff),
            ]
            for reply in replies {
                #expect(reply.status == .notFound, "\(reply.status)")
                #expect(!reply.body.contains("%PDF"))
            }
        }
    }

    @Test("S4 the request page uploads with the 非涉密 tick and shows the refusal beside the form")
    func pageUploads() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let (id, _) = try await ApprovalFormTests().approvedCopying(world)
            let cookies = ["baomi_session": world.office]
            let page = try await world.client.send(.GET, "/requests/\(id)", cookies: cookies)
            #expect(page.body.contains("enctype=\"multipart/form-data\"") && page.body.contains("非涉密"))
            let csrf = try #require(csrfToken(in: page.body))
            // act: a PNG with the tick, then a text file
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]
            let good = multipart(file: png, name: "签字页.png", fields: [("csrf", csrf), ("nonSecret", "1")])
            let saved = try await world.client.sendBytes(
                .POST, "/requests/\(id)/attachments", body: good.body, contentType: good.type, cookies: cookies)
            let bad = multipart(
                file: Array("plain text".utf8), name: "a.txt", fields: [("csrf", csrf), ("nonSecret", "1")])
            let refused = try await world.client.sendBytes(
                .POST, "/requests/\(id)/attachments", body: bad.body, contentType: bad.type, cookies: cookies)
            // check
            #expect(saved.status == .seeOther, "\(saved.status)")
            let after = try await world.client.send(.GET, "/requests/\(id)", cookies: cookies)
            #expect(after.body.contains("签字页.png"))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("id=\"attachment-error\"") && refused.body.contains("(S4)"))
        }
    }
}
