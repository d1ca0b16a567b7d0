import BaomiDomain
import BaomiPersistence
import Crypto
import Foundation
import Testing
import Vapor

@testable import BaomiServer

@Suite("Three-role separation and the audit trail (S1, S2, A5)", .serialized)
struct SeparationAndAuditTests {
    @Test("S1 the system administrator is refused the audit trail on page and API, and the refusal is audited")
    func sysadminRefusedAudit() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let sysadmin = try await client.token("sysadmin")
            let api = try await client.send(.GET, "/api/v1/audit/records", token: sysadmin)
            #expect(api.status == .forbidden)
            #expect(api.isProblem)
            #expect(try api.json()["rule"] as? String == "S1")
            let page = try await client.send(.GET, "/system/audit", cookies: ["baomi_session": sysadmin])
            #expect(page.status == .forbidden)
            #expect(page.body.contains("(S1)"))
            let auditor = try await client.token("auditor")
            let denials = try await client.send(.GET, "/api/v1/audit/records?action=access.denied", token: auditor)
                .jsonArray()
            #expect(denials.filter { $0["actorName"] as? String == "sysadmin" }.count == 2)
        }
    }

    @Test("S1 the auditor sees the administrators' actions, the security administrator the users'")
    func auditReadership() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let sysadmin = try await client.token("sysadmin")
            let secadmin = try await client.token("secadmin")
            let root = try await client.send(
                .POST, "/api/v1/org-units", token: sysadmin, json: ["name": "某研究所", "code": "ROOT", "kind": "unit"])
            #expect(root.status == .created)
            let staff = try await client.account("li.si", roles: ["staff"], sysadmin: sysadmin, secadmin: secadmin)
            _ = try await client.send(.GET, "/api/v1/me", token: staff)
            _ = try await client.send(
                .POST, "/api/v1/auth/login", json: ["username": "li.si", "password": "bad-password-1A"])
            let auditor = try await client.token("auditor")
            let seenByAuditor = try await client.send(.GET, "/api/v1/audit/records?limit=500", token: auditor)
                .jsonArray()
            #expect(
                seenByAuditor.contains {
                    $0["action"] as? String == "orgUnit.create" && $0["actorName"] as? String == "sysadmin"
                })
            #expect(
                seenByAuditor.contains {
                    $0["action"] as? String == "accountRolesChange" || $0["action"] as? String == "account.rolesChange"
                })
            #expect(!seenByAuditor.contains { $0["actorName"] as? String == "li.si" })
            let seenBySecadmin = try await client.send(.GET, "/api/v1/audit/records?limit=500", token: secadmin)
                .jsonArray()
            #expect(
                seenBySecadmin.contains {
                    $0["actorName"] as? String == "li.si" && $0["action"] as? String == "auth.passwordChange"
                })
            #expect(
                seenBySecadmin.contains {
                    $0["actorName"] as? String == "li.si" && $0["outcome"] as? String == "failure"
                })
            #expect(!seenBySecadmin.contains { $0["actorName"] as? String == "sysadmin" })
            // the auditor changes nothing
            #expect(
                try await client.send(
                    .POST, "/api/v1/org-units", token: auditor, json: ["name": "X", "code": "X", "kind": "unit"]
                ).status == .forbidden)
        }
    }

    @Test("S1 the security administrator cannot create accounts; nobody holds two administrator roles")
    func roleRules() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let sysadmin = try await client.token("sysadmin")
            let secadmin = try await client.token("secadmin")
            let refused = try await client.send(
                .POST, "/api/v1/accounts", token: secadmin,
                json: ["username": "x.y", "password": TestApp.initialPassword])
            #expect(refused.status == .forbidden)
            #expect(try refused.json()["rule"] as? String == "S1")
            let created = try await client.send(
                .POST, "/api/v1/accounts", token: sysadmin,
                json: ["username": "zhao.liu", "password": TestApp.initialPassword])
            let id = try #require(try created.json()["id"] as? String)
            #expect(try created.json()["roles"] as? [String] == [])
            let two = try await client.send(
                .PUT, "/api/v1/accounts/\(id)/roles", token: secadmin, json: ["roles": ["sysadmin", "auditor"]])
            #expect(two.status == .unprocessableEntity)
            #expect(try two.json()["rule"] as? String == "S1")
            let mixed = try await client.send(
                .PUT, "/api/v1/accounts/\(id)/roles", token: secadmin, json: ["roles": ["auditor", "staff"]])
            #expect(mixed.status == .unprocessableEntity)
            let sysadminAssigns = try await client.send(
                .PUT, "/api/v1/accounts/\(id)/roles", token: sysadmin, json: ["roles": ["staff"]])
            #expect(sysadminAssigns.status == .forbidden)
            let secadminID = try #require(
                try await client.send(.GET, "/api/v1/me", token: secadmin).json()["id"] as? String)
            let own = try await client.send(
                .PUT, "/api/v1/accounts/\(secadminID)/roles", token: secadmin, json: ["roles": ["secadmin"]])
            #expect(own.status == .unprocessableEntity)
            // the system administrator cannot take over another administrator by resetting its password (S1)
            let accounts = try await client.send(.GET, "/api/v1/accounts", token: sysadmin).jsonArray()
            let auditorID = try #require(accounts.first { $0["username"] as? String == "auditor" }?["id"] as? String)
            let takeover = try await client.send(
                .POST, "/api/v1/accounts/\(auditorID)/password-reset", token: sysadmin,
                json: ["password": "Takeover-Pass-2026"])
            #expect(takeover.status == .unprocessableEntity)
            #expect(try takeover.json()["rule"] as? String == "S1")
            let ok = try await client.send(
                .PUT, "/api/v1/accounts/\(id)/roles", token: secadmin, json: ["roles": ["leader", "staff"]])
            #expect(ok.status == .ok)
            #expect(try ok.json()["roles"] as? [String] == ["leader", "staff"])
        }
    }

    @Test("S2 the API's signed checkpoint and inclusion proof verify with the published key")
    func checkpointAndProofsOverAPI() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let auditor = try await client.token("auditor")
            let checkpoint = try await client.send(.GET, "/api/v1/audit/checkpoint", token: auditor).json()
            let size = try #require(checkpoint["treeSize"] as? Int)
            #expect(size > 3)
            let keyText = try #require(checkpoint["publicKey"] as? String)
            let key = try Curve25519.Signing.PublicKey(rawRepresentation: try #require(Data(base64Encoded: keyText)))
            let signatureText = try #require(checkpoint["signature"] as? String)
            let signature = try #require(Data(base64Encoded: signatureText))
            let message = try #require(checkpoint["signedMessage"] as? String)
            #expect(key.isValidSignature(signature, for: Data(message.utf8)))
            let proof = try await client.send(
                .GET, "/api/v1/audit/proofs/inclusion?index=1&treeSize=\(size)", token: auditor
            ).json()
            let path = try #require(proof["auditPath"] as? [String]).compactMap(MerkleHash.init(hex:))
            let leafText = try #require(proof["leafHash"] as? String)
            let rootText = try #require(checkpoint["rootHash"] as? String)
            let leaf = try #require(MerkleHash(hex: leafText))
            let root = try #require(MerkleHash(hex: rootText))
            #expect(MerkleTree.verifyInclusion(leafHash: leaf, index: 1, treeSize: size, proof: path, root: root))
            let bad = try await client.send(.GET, "/api/v1/audit/proofs/inclusion?index=abc&treeSize=1", token: auditor)
            #expect(bad.status == .badRequest)
            let verify = try await client.send(.POST, "/api/v1/audit/verify", token: auditor).json()
            #expect(verify["problem"] == nil || verify["problem"] is NSNull)
            #expect((verify["recordsChecked"] as? Int ?? 0) >= size)
        }
    }

    @Test("S2 A5 every account action lands in the log in the same transaction, and the whole log verifies")
    func everythingAudited() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let sysadmin = try await client.token("sysadmin")
            let before = try await test.app.baomi.store.audit.size(on: test.db)
            let created = try await client.send(
                .POST, "/api/v1/accounts", token: sysadmin,
                json: ["username": "qian.qi", "password": TestApp.initialPassword])
            #expect(created.status == .created)
            #expect(try await test.app.baomi.store.audit.size(on: test.db) == before + 1)
            let duplicate = try await client.send(
                .POST, "/api/v1/accounts", token: sysadmin,
                json: ["username": "qian.qi", "password": TestApp.initialPassword])
            #expect(duplicate.status == .unprocessableEntity)
            #expect(try await test.app.baomi.accounts.all(on: test.db).filter { $0.username == "qian.qi" }.count == 1)
            let report = try await AuditVerifier(publicKey: test.app.baomi.signer.publicKey).verify(on: test.db)
            #expect(report.isIntact)
        }
    }
}
