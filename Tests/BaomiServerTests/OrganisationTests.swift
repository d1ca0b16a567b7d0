import BaomiDomain
import BaomiPersistence
import Foundation
import Testing
import Vapor

@testable import BaomiServer

@Suite("Organisation (T4, T5.2)", .serialized)
struct OrganisationTests {
    @Test("T4 units, people, the secrecy officer, the managing department and the working group through the API")
    func organisationThroughAPI() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let sysadmin = try await client.token("sysadmin")
            let secadmin = try await client.token("secadmin")
            let root = try await client.send(
                .POST, "/api/v1/org-units", token: sysadmin, json: ["name": "某研究所", "code": "ROOT", "kind": "unit"]
            ).json()
            let rootID = try #require(root["id"] as? String)
            let tech = try await client.send(
                .POST, "/api/v1/org-units", token: sysadmin,
                json: [
                    "name": "技术部", "code": "D-TECH", "kind": "department", "parentID": rootID, "isKeyDepartment": true,
                ]
            ).json()
            let techID = try #require(tech["id"] as? String)
            #expect(tech["isKeyDepartment"] as? Bool == true)
            let duplicate = try await client.send(
                .POST, "/api/v1/org-units", token: sysadmin,
                json: ["name": "重复", "code": "D-TECH", "kind": "department", "parentID": rootID])
            #expect(duplicate.status == .unprocessableEntity)
            #expect(try (duplicate.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "code")
            let cycle = try await client.send(
                .PUT, "/api/v1/org-units/\(rootID)", token: sysadmin,
                json: [
                    "name": "某研究所", "code": "ROOT", "kind": "unit", "parentID": techID, "isKeyDepartment": false,
                    "sortOrder": 0,
                ])
            #expect(cycle.status == .unprocessableEntity)
            #expect(try cycle.json()["rule"] as? String == "T4")

            let person = try await client.send(
                .POST, "/api/v1/people", token: sysadmin,
                json: [
                    "name": "张三", "employeeNumber": "E001", "departmentID": techID, "post": "工艺工程师", "isLeader": false,
                ]
            ).json()
            let personID = try #require(person["id"] as? String)
            #expect(person["departmentName"] as? String == "技术部")
            let other = try await client.send(
                .POST, "/api/v1/people", token: sysadmin,
                json: ["name": "李四", "employeeNumber": "E002", "departmentID": rootID]
            ).json()
            let otherID = try #require(other["id"] as? String)
            let search = try await client.send(.GET, "/api/v1/people?q=%E5%BC%A0", token: sysadmin).jsonArray()
            #expect(search.map { $0["name"] as? String } == ["张三"])

            // the working group and officers are the security office's (T4), not the system administrator's (S1)
            let office = try await client.account(
                "bmb", roles: ["securityOffice"], sysadmin: sysadmin, secadmin: secadmin)
            #expect(
                try await client.send(
                    .PUT, "/api/v1/org-units/\(techID)/secrecy-officer", token: sysadmin, json: ["personID": personID]
                ).status == .forbidden)
            let wrongDepartment = try await client.send(
                .PUT, "/api/v1/org-units/\(techID)/secrecy-officer", token: office, json: ["personID": otherID])
            #expect(wrongDepartment.status == .unprocessableEntity)
            #expect(try wrongDepartment.json()["rule"] as? String == "T4")
            let officer = try await client.send(
                .PUT, "/api/v1/org-units/\(techID)/secrecy-officer", token: office, json: ["personID": personID])
            #expect(
                try officer.json()["secrecyOfficerID"] as? String == personID.lowercased()
                    || (try officer.json()["secrecyOfficerID"] as? String)?.lowercased() == personID.lowercased())
            let managing = try await client.send(
                .POST, "/api/v1/org-units/\(techID)/managing-department", token: office
            ).json()
            #expect(managing["isManagingDepartment"] as? Bool == true)
            #expect(
                try await client.send(.PUT, "/api/v1/working-group/\(personID)", token: office, json: ["role": "head"])
                    .status == .ok)
            let secondHead = try await client.send(
                .PUT, "/api/v1/working-group/\(otherID)", token: office, json: ["role": "head"])
            #expect(secondHead.status == .unprocessableEntity)
            #expect(try secondHead.json()["rule"] as? String == "T4")
            let group = try await client.send(
                .PUT, "/api/v1/working-group/\(otherID)", token: office, json: ["role": "deputy"]
            ).jsonArray()
            #expect(group.map { $0["role"] as? String } == ["head", "deputy"])
        }
    }

    @Test("T4 pages: the unit tree, a new department form with its errors kept, and the people list")
    func organisationPages() async throws {
        try await withTestApp { test in
            let client = Client(app: test.app)
            let sysadmin = try await client.token("sysadmin")
            let cookies = ["baomi_session": sysadmin]
            let newPage = try await client.send(.GET, "/org/units/new", cookies: cookies)
            #expect(newPage.status == .ok)
            let csrf = try #require(csrfToken(in: newPage.body))
            let empty = try await client.send(
                .POST, "/org/units/new", form: [("csrf", csrf), ("name", ""), ("code", "ROOT"), ("kind", "unit")],
                cookies: cookies)
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.contains("请填写名称"))
            #expect(empty.body.contains("value=\"ROOT\""))
            let created = try await client.send(
                .POST, "/org/units/new",
                form: [("csrf", csrf), ("name", "某研究所 <b>"), ("code", "ROOT"), ("kind", "unit")], cookies: cookies)
            #expect(created.status == .seeOther)
            let list = try await client.send(.GET, "/org/units", cookies: cookies)
            #expect(list.body.contains("某研究所 &lt;b&gt;"))
            #expect(!list.body.contains("<b>"))
            let english = try await client.send(
                .POST, "/profile/language", form: [("csrf", csrf), ("language", "en")], cookies: cookies)
            #expect(english.status == .seeOther)
            let listInEnglish = try await client.send(.GET, "/org/units", cookies: cookies)
            #expect(listInEnglish.body.contains("Organisation"))
            #expect(listInEnglish.body.contains("lang=\"en\""))
        }
    }
}

/// The CSRF token a page's forms carry.
func csrfToken(in html: String) -> String? {
    guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
    let rest = html[range.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
}
