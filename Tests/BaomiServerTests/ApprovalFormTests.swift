import BaomiDomain
import BaomiPersistence
import Foundation
import QRCode
import Testing
import Vapor

@testable import BaomiServer

/// 审批表 and 核验 (A6, S2, principle 12): every request prints as a form whose QR code names its closing audit
/// record, and that record is proven against the signed log through the page, the API and the command.
@Suite("The printed approval form and its verification (A6, S2, principle 12)", .serialized)
struct ApprovalFormTests {
    /// A 机密 copy whose copying the leader alone approves (C5.2), asked for and approved.
    func approvedCopying(_ world: CarrierWorld) async throws -> (id: String, leader: String) {
        var body = world.carrierBody(level: "secret", copies: 1)
        body["copyingAllowed"] = true
        let carrier = try await world.client.send(.POST, "/api/v1/carriers", token: world.office, json: body).json()
        let copy = try #require((carrier["copies"] as? [[String: Any]])?.first?["id"] as? String)
        let placed = try await world.client.send(
            .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
            json: ["action": "place", "placeID": world.safe])
        #expect(placed.status == .ok)
        let leader = try await world.clearedAccount("leader1", roles: ["leader"])
        let submitted = try await world.client.send(
            .POST, "/api/v1/requests", token: world.office,
            json: ["kind": "reproduce", "copyIDs": [copy], "reason": "评审会", "payload": ["count": 2]])
        let id = try #require(try submitted.json()["id"] as? String)
        let decided = try await world.client.send(
            .POST, "/api/v1/requests/\(id)/decision", token: leader, json: ["verdict": "approve", "comment": "同意复制"])
        #expect(decided.status == .ok, "\(decided.body)")
        return (id, leader)
    }

    @Test(
        "A6 principle 12 a request prints as an A4 审批表: fields, each step's decider, time and comment, and the QR of its closing audit record"
    )
    func requestPrints() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let (id, _) = try await approvedCopying(world)
            // act
            let form = try await world.client.send(.GET, "/api/v1/requests/\(id)/form", token: world.office)
            let page = try await world.client.send(
                .GET, "/requests/\(id)/print", cookies: ["baomi_session": world.office])
            let detail = try await world.client.send(.GET, "/requests/\(id)", cookies: ["baomi_session": world.office])
            // check: the leaf is the newest record about the request, the decision that closed it
            #expect(form.status == .ok, "\(form.body)")
            let json = try form.json()
            let leaf = try #require(json["leaf"] as? [String: Any])
            let index = try #require(leaf["index"] as? Int)
            let hash = try #require(leaf["hash"] as? String)
            let requestID = try #require(UUID(uuidString: id))
            let newest = try #require(
                try await test.app.baomi.store.audit.latestRecord(
                    objectType: "request", objectID: requestID, on: test.db))
            #expect(Int64(index) == newest.leafIndex && hash == newest.leafHash)
            #expect(newest.action == AuditAction.requestDecide.rawValue)
            #expect(leaf["text"] as? String == "baomi:leaf:\(index):\(hash)")
            let rows = try #require(json["rows"] as? [[String: String]])
            #expect(rows.contains { $0["label"] == "复制份数" && $0["value"] == "2" })
            let step = try #require((json["steps"] as? [[String: Any]])?.first)
            #expect(step["decision"] as? String == "approve" && step["comment"] as? String == "同意复制")
            #expect(step["decidedBy"] as? String == "leader1（主管领导）")
            #expect(json["marking"] as? String == "机密")
            // The page prints the same, with the QR code of exactly that text, and the detail page links to it.
            #expect(page.status == .ok)
            for text in ["审批表", "复制份数", "同意复制", "leader1（主管领导）", "申请人签字", "baomi:leaf:\(index):\(hash)"] {
                #expect(page.body.contains(text), "\(text)")
            }
            let qr = try QRCode.encode("baomi:leaf:\(index):\(hash)", correction: .medium).svg(
                moduleSize: 3, quietZone: 4)
            #expect(page.body.contains(qr))
            #expect(page.body.components(separatedBy: "<div class=\"print-marking\">机密</div>").count == 3)
            #expect(detail.body.contains("href=\"/requests/\(id.lowercased())/print\""))
        }
    }

    @Test("A6 principle 11 someone who may not see the request gets no form, by page or API")
    func hiddenRequestHasNoForm() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let (id, _) = try await approvedCopying(world)
            let staff = try await world.clearedAccount("staff1", roles: ["staff"], postClass: "general")
            let api = try await world.client.send(.GET, "/api/v1/requests/\(id)/form", token: staff)
            let page = try await world.client.send(.GET, "/requests/\(id)/print", cookies: ["baomi_session": staff])
            #expect(api.status == .notFound && api.isProblem)
            #expect(page.status == .notFound)
            #expect(!page.body.contains("评审会"))
        }
    }

    @Test(
        "S2 /verify and the API prove the form's leaf against the signed checkpoint; the record only for its reviewer")
    func verifyProvesTheLeaf() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let (id, leader) = try await approvedCopying(world)
            let leaf = try #require(
                try await world.client.send(.GET, "/api/v1/requests/\(id)/form", token: world.office).json()["leaf"]
                    as? [String: Any])
            let text = try #require(leaf["text"] as? String)
            let query = "q=" + (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text)
            // act: the leader (no audit reader) and the security administrator (reviews users' records, S1)
            let byLeader = try await world.client.send(.GET, "/api/v1/audit/leaf-proof?\(query)", token: leader)
            let bySecadmin = try await world.client.send(
                .GET, "/api/v1/audit/leaf-proof?\(query)", token: world.secadmin)
            let page = try await world.client.send(.GET, "/verify?\(query)", cookies: ["baomi_session": leader])
            // check
            #expect(byLeader.status == .ok, "\(byLeader.body)")
            let proof = try byLeader.json()
            #expect(proof["verified"] as? Bool == true)
            #expect(proof["record"] == nil || proof["record"] is NSNull)
            let checkpoint = try await test.app.baomi.checkpoints.current(on: test.db)
            #expect(proof["rootHash"] as? String == checkpoint.rootHash)
            #expect((proof["treeSize"] as? Int).map(Int64.init) == checkpoint.treeSize)
            let path = try #require(proof["auditPath"] as? [String])
            let leafHash = try #require(MerkleHash(hex: leaf["hash"] as? String ?? ""))
            let root = try #require(MerkleHash(hex: checkpoint.rootHash))
            let index = try #require(leaf["index"] as? Int)
            #expect(
                MerkleTree.verifyInclusion(
                    leafHash: leafHash, index: index, treeSize: Int(checkpoint.treeSize),
                    proof: path.compactMap(MerkleHash.init(hex:)), root: root))
            let record = try #require(try bySecadmin.json()["record"] as? [String: Any])
            #expect(record["action"] as? String == AuditAction.requestDecide.rawValue)
            #expect(page.status == .ok)
            #expect(page.body.contains("data-verified=\"true\"") && !page.body.contains("id=\"verify-record\""))
        }
    }

    @Test("S2 a form whose hash or index was altered does not verify; text that is no leaf is a 422 naming the form")
    func alteredPapersFail() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let (id, leader) = try await approvedCopying(world)
            let leaf = try #require(
                try await world.client.send(.GET, "/api/v1/requests/\(id)/form", token: world.office).json()["leaf"]
                    as? [String: Any])
            let index = try #require(leaf["index"] as? Int)
            let hash = try #require(leaf["hash"] as? String)
            let altered = String(hash.dropLast()) + (hash.hasSuffix("0") ? "1" : "0")
            for (text, failure) in [
                ("baomi:leaf:\(index):\(altered)", "hashDiffers"), ("baomi:leaf:\(index - 1):\(hash)", "hashDiffers"),
                ("baomi:leaf:999999:\(hash)", "noSuchLeaf"),
            ] {
                let reply = try await world.client.send(.GET, "/api/v1/audit/leaf-proof?q=\(text)", token: leader)
                #expect(reply.status == .ok)
                #expect(try reply.json()["verified"] as? Bool == false, "\(text)")
                let failures = try #require(try reply.json()["failures"] as? [[String: Any]])
                #expect(failures.first?["code"] as? String == failure, "\(text)")
            }
            let bad = try await world.client.send(.GET, "/api/v1/audit/leaf-proof?q=hello", token: leader)
            #expect(bad.status == .unprocessableEntity && bad.isProblem, "\(bad.status)")
            let badPage = try await world.client.send(.GET, "/verify?q=hello", cookies: ["baomi_session": leader])
            #expect(badPage.status == .unprocessableEntity && badPage.body.contains("baomi:leaf:"))
            let anonymous = try await world.client.send(.GET, "/api/v1/audit/leaf-proof?q=1")
            #expect(anonymous.status == .unauthorized)
        }
    }
}
