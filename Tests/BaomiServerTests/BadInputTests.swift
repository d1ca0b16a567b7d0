import BaomiDomain
import BaomiPersistence
import Foundation
import NIOCore
import Testing
import Vapor
import VaporTesting

@testable import BaomiServer

/// Bad input is a 4xx, never a change (S4, issue #12): NUL and invalid UTF-8 anywhere, and cookies on the API.
@Suite("Bad input: NUL and invalid UTF-8, cookies on the API (S3, S4, #12)", .serialized)
struct BadInputTests {
    @Test("S4 a NUL or invalid UTF-8 in a query, a path, a JSON body or a form answers 400 and changes nothing")
    func nulAndInvalidUTF8() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            _ = try await client.send(.POST, "/api/v1/carriers", token: world.office, json: world.carrierBody())
            let auditSize = try await test.app.baomi.store.audit.size(on: test.db)
            let units = try await test.app.baomi.organisation.units(on: test.db).count

            // query and path, API: the search that answered 500 on both databases, and the others around it
            for path in [
                "/api/v1/carriers?q=%00", "/api/v1/carriers?q=%E6%80%BB%00", "/api/v1/copies?q=%FF%FE",
                "/api/v1/people?q=a%00b", "/api/v1/carriers?level=secret%00", "/api/v1/org-units/%00",
                "/api/v1/levels/%C3%28", "/api/v1/registers/incoming%00", "/api/v1/audit/records?actor=%00",
            ] {
                let reply = try await client.send(.GET, path, token: world.office)
                #expect(reply.status == .badRequest, "\(path): \(reply.status) \(reply.body)")
                #expect(reply.isProblem, "\(path)")
                #expect((try reply.json()["zh"] as? String)?.contains("UTF-8") == true, "\(path)")
            }
            // query and path, pages: the error page with the message, status 400
            for path in ["/carriers?q=%00", "/carriers/copies?q=%FF", "/org/people?q=%00", "/reports/%00"] {
                let reply = try await client.send(.GET, path, cookies: ["baomi_session": world.office])
                #expect(reply.status == .badRequest, "\(path): \(reply.status)")
                #expect(reply.body.contains("空字符"), "\(path)")
                #expect(reply.headers.contentType?.subType == "html", "\(path)")
            }

            // JSON bodies: the escape, a raw NUL, invalid UTF-8
            let jsonBodies: [[UInt8]] = [
                Array(#"{"name": "技术\u0000部", "code": "NUL", "kind": "unit"}"#.utf8),
                Array(#"{"name": "技术部", "code": "N\u0000", "kind": "unit"}"#.utf8),
                Array(#"{"name": "技术"#.utf8) + [0] + Array(#"部", "code": "NUL", "kind": "unit"}"#.utf8),
                Array(#"{"name": "技术"#.utf8) + [0xFF, 0xFE] + Array(#"部", "code": "NUL", "kind": "unit"}"#.utf8),
                Array(#"{"name": "技术"#.utf8) + [0xE6, 0x80] + Array(#"", "code": "NUL", "kind": "unit"}"#.utf8),
            ]
            for body in jsonBodies {
                let reply = try await client.sendBytes(
                    .POST, "/api/v1/org-units", body: body, contentType: .json, token: world.sysadmin)
                #expect(reply.status == .badRequest, "\(body): \(reply.body)")
                #expect(reply.isProblem)
            }
            // an escaped backslash before "u0000" is text, not a NUL: it passes the check and is created
            let backslash = try await client.sendBytes(
                .POST, "/api/v1/org-units", body: Array(#"{"name": "a\\u0000b", "code": "BS", "kind": "unit"}"#.utf8),
                contentType: .json, token: world.sysadmin)
            #expect(backslash.status == .created, "\(backslash.body)")

            // form bodies, pages: percent-encoded and raw
            let page = try await client.send(.GET, "/org/people/new", cookies: ["baomi_session": world.sysadmin])
            let csrf = try #require(csrfToken(in: page.body))
            let formBodies: [[UInt8]] = [
                Array("csrf=\(csrf)&name=%E7%8E%8B%00&employeeNumber=E9&departmentID=\(world.department)".utf8),
                Array("csrf=\(csrf)&name=%FF&employeeNumber=E9&departmentID=\(world.department)".utf8),
                Array("csrf=\(csrf)&name=".utf8) + [0xC3, 0x28] + Array("&employeeNumber=E9".utf8),
            ]
            for body in formBodies {
                let reply = try await client.sendBytes(
                    .POST, "/org/people/new", body: body, contentType: .urlEncodedForm,
                    cookies: ["baomi_session": world.sysadmin])
                #expect(reply.status == .badRequest, "\(reply.status)")
                #expect(reply.body.contains("空字符"))
            }
            // the sign-in form, before any session
            let login = try await client.sendBytes(
                .POST, "/login", body: Array("username=sys%00admin&password=x".utf8), contentType: .urlEncodedForm)
            #expect(login.status == .badRequest)

            // nothing was written but the one clean unit
            #expect(try await test.app.baomi.organisation.units(on: test.db).count == units + 1)
            #expect(
                try await test.app.baomi.organisation.people(inDepartment: nil, search: "王", on: test.db).count == 1)
            #expect(try await test.app.baomi.store.audit.size(on: test.db) == auditSize + 1)
        }
    }

    @Test("S4 the byte checks: percent-decoding, UTF-8, the JSON NUL escape")
    func byteChecks() {
        #expect(TextInput.problem(path: "/api/v1/x", query: "q=%E6%80%BB%E4%BD%93&a=b+c") == nil)
        #expect(TextInput.problem(path: "/api/v1/%00", query: nil) == .path)
        #expect(TextInput.problem(path: "/api/v1/x", query: "q=%ff") == .query)
        #expect(TextInput.problem(path: "/api/v1/x", query: "q=%E6%80") == .query)
        #expect(TextInput.problem(path: "/api/v1/x", query: "q=100%") == nil)
        #expect(TextInput.problem(path: "/api/v1/x", query: "q=%zz") == nil)
        #expect(TextInput.containsEscapedNUL(Array(#"{"a":"\u0000"}"#.utf8)))
        #expect(!TextInput.containsEscapedNUL(Array(#"{"a":"\\u0000"}"#.utf8)))
        #expect(TextInput.containsEscapedNUL(Array(#"{"a":"\\\u0000"}"#.utf8)))
        #expect(TextInput.containsEscapedNUL(Array(#"{"a":"\u00001"}"#.utf8)))
        #expect(!TextInput.containsEscapedNUL(Array(#"{"a":"\u0001"}"#.utf8)))
        #expect(!TextInput.containsEscapedNUL(Array(#"{"a":"\u000"#.utf8)))
    }

    @Test("S4 a PUT that leaves out a field answers 400 naming it and clears nothing; an explicit null clears")
    func missingFieldIsNotClearing() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let department = try #require(UUID(uuidString: world.department))
            let officer = try await client.send(
                .PUT, "/api/v1/org-units/\(world.department)/secrecy-officer", token: world.office,
                json: ["personID": world.person])
            #expect(officer.status == .ok)
            _ = try await client.send(.PUT, "/api/v1/me/email", token: world.office, json: ["email": "bmb@example.cn"])
            let auditSize = try await test.app.baomi.store.audit.size(on: test.db)
            let accounts = try await client.send(.GET, "/api/v1/accounts", token: world.sysadmin).jsonArray()
            let office = try #require(accounts.first { $0["username"] as? String == "bmb" }?["id"] as? String)

            // each leaves out a field whose absence used to mean "clear" or "reset"
            let cases: [(String, String, [String: Any], String)] = [
                (world.office, "/api/v1/org-units/\(world.department)/secrecy-officer", [:], "personID"),
                (world.office, "/api/v1/me/email", [:], "email"),
                (world.office, "/api/v1/working-group/\(world.person)", [:], "role"),
                (world.secadmin, "/api/v1/people/\(world.person)/classifier", [:], "classifierMaxLevel"),
                (
                    world.secadmin, "/api/v1/people/\(world.person)/clearance",
                    ["postClass": "core", "reason": "调整"], "compartments"
                ),
                (
                    world.sysadmin, "/api/v1/accounts/\(office)", ["displayName": "保密办", "isDisabled": false],
                    "personID"
                ),
                (
                    world.sysadmin, "/api/v1/org-units/\(world.department)",
                    ["name": "技术部", "code": "D-TECH", "kind": "department"], "parentID"
                ),
                (
                    world.sysadmin, "/api/v1/people/\(world.person)",
                    ["name": "王主任", "employeeNumber": "E001", "departmentID": world.department], "status"
                ),
                (
                    world.office, "/api/v1/storage-places/\(world.safe)",
                    [
                        "code": "S-1", "name": "一号保险柜", "kind": "safe", "maxLevel": "topSecret",
                        "departmentID": world.department,
                    ], "custodianID"
                ),
            ]
            for (token, path, body, field) in cases {
                let reply = try await client.send(.PUT, path, token: token, json: body)
                #expect(reply.status == .badRequest, "\(path): \(reply.status) \(reply.body)")
                #expect(reply.isProblem)
                let fields = ((try reply.json()["errors"] as? [[String: Any]]) ?? []).compactMap {
                    $0["field"] as? String
                }
                #expect(fields.contains(field), "\(path): \(fields)")
            }
            // null where the field may not be null is refused the same way
            let nullLocation = try await client.send(
                .PUT, "/api/v1/storage-places/\(world.safe)", token: world.office,
                json: [
                    "code": "S-1", "name": "一号保险柜", "kind": "safe", "maxLevel": "topSecret",
                    "departmentID": world.department, "custodianID": NSNull(), "location": NSNull(),
                ])
            #expect(nullLocation.status == .badRequest)
            // nothing was cleared or written
            let officers = try await test.app.baomi.secrecyOrganisation.secrecyOfficers(on: test.db)
            #expect(officers[department]?.id?.uuidString == world.person.uppercased())
            #expect(
                try await client.send(.GET, "/api/v1/me", token: world.office).json()["email"] as? String
                    == "bmb@example.cn")
            let person = try await client.send(.GET, "/api/v1/people/\(world.person)", token: world.sysadmin).json()
            #expect(person["name"] as? String == "王主任")
            #expect(try await test.app.baomi.store.audit.size(on: test.db) == auditSize)

            // clearing takes an explicit null
            let cleared = try await client.send(
                .PUT, "/api/v1/org-units/\(world.department)/secrecy-officer", token: world.office,
                json: ["personID": NSNull()])
            #expect(cleared.status == .ok)
            #expect(try await test.app.baomi.secrecyOrganisation.secrecyOfficers(on: test.db)[department] == nil)
        }
    }

    @Test("S4 every operation with a body answers {} with 400 naming each required field of its schema")
    func everyRequiredFieldIsRequired() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let token = try await client.token("sysadmin")
            var checked = 0
            for operation in test.app.apiRegistry.all {
                guard let schemaName = operation.requestSchema,
                    case .array(let required)? = BodySchemaCheck.components[schemaName]?["required"], !required.isEmpty
                else { continue }
                let path =
                    "/api/v1/"
                    + operation.path.split(separator: "/").map {
                        $0.hasPrefix("{")
                            ? (operation.path.contains("levels") ? "secret" : UUID().uuidString) : String($0)
                    }.joined(separator: "/")
                let reply = try await client.send(operation.method, path, token: token, json: [String: Any]())
                #expect(reply.status == .badRequest, "\(operation.operationID): \(reply.status)")
                let fields = Set(
                    ((try reply.json()["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
                for case .string(let name) in required {
                    #expect(fields.contains(name), "\(operation.operationID) does not name \(name)")
                }
                checked += 1
            }
            #expect(checked > 20)
        }
    }

    @Test("S3 a browser's session cookie drives no API operation, whatever the verb, type or origin")
    func cookieIsNotAnAPICredential() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let carrier = try await client.send(
                .POST, "/api/v1/carriers", token: world.office, json: world.carrierBody(copies: 1)
            ).json()
            let copy = try #require(((carrier["copies"] as? [[String: Any]])?.first)?["id"] as? String)
            _ = try await client.send(
                .POST, "/api/v1/copies/\(copy)/steps", token: world.office,
                json: ["action": "place", "placeID": world.safe])
            let borrower = try await world.clearedAccount("borrower", roles: ["staff"])
            let submitted = try await client.send(
                .POST, "/api/v1/requests", token: borrower,
                json: [
                    "kind": "borrow", "copyIDs": [copy], "reason": "查阅",
                    "payload": [
                        "placeID": world.safe,
                        "returnDate": SecrecyPeriod.day(ClearanceRepository.today(Date()), plus: 2),
                    ],
                ])
            let requestID = try #require(try submitted.json()["id"] as? String, "\(submitted.body)")
            let auditSize = try await test.app.baomi.store.audit.size(on: test.db)
            let cookie = ["baomi_session": world.office]
            let foreign: [(String, String)] = [("Origin", "https://evil.example"), ("Content-Type", "text/plain")]
            let attempts: [(HTTPMethod, String)] = [
                (.GET, "/api/v1/me"),
                (.GET, "/api/v1/carriers"),
                (.POST, "/api/v1/findings/check"),
                (.POST, "/api/v1/requests/\(requestID)/issue"),
                (.POST, "/api/v1/requests/\(requestID)/return"),
                (.POST, "/api/v1/requests/\(requestID)/withdraw"),
                (.PUT, "/api/v1/me/email"),
                (.PUT, "/api/v1/org-units/\(world.department)/secrecy-officer"),
                (.POST, "/api/v1/auth/logout"),
            ]
            for (method, path) in attempts {
                let plain = try await client.send(method, path, cookies: cookie, headers: foreign)
                #expect(plain.status == .unauthorized, "\(method) \(path): \(plain.status)")
                #expect(plain.isProblem)
                let json = try await client.send(method, path, json: ["email": "x@example.cn"], cookies: cookie)
                #expect(json.status == .unauthorized, "\(method) \(path) JSON: \(json.status)")
            }
            #expect(try await test.app.baomi.store.audit.size(on: test.db) == auditSize)
            // the same session as a bearer token still works, and the pages still take the cookie
            #expect(try await client.send(.GET, "/api/v1/me", token: world.office).status == .ok)
            #expect(try await client.send(.POST, "/api/v1/findings/check", token: world.office).status == .ok)
            #expect(try await client.send(.GET, "/carriers", cookies: cookie).status == .ok)
        }
    }
}

extension Client {
    /// Sends a body as exact bytes, for input no Swift string can hold (invalid UTF-8).
    func sendBytes(
        _ method: HTTPMethod, _ path: String, body: [UInt8], contentType: HTTPMediaType, token: String? = nil,
        cookies: [String: String] = [:]
    ) async throws -> Reply {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        headers.contentType = contentType
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let response = try await app.testing().performTest(
            request: TestingHTTPRequest(
                method: method, url: URI(path: path), headers: headers, body: ByteBuffer(bytes: body)))
        return Reply(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }
}
