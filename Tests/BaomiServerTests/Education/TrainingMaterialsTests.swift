import BaomiDomain
import BaomiPersistence
import Crypto
import Foundation
import Testing
import Vapor

@testable import BaomiServer

/// A session's materials (E6.1, S4) and what a session carries out: a planned session (E6.1) or the briefing before
/// a holiday or activity (E6.5), chosen on the session form.
@Suite("Training materials and what a session carries out (E6.1, E6.5, S4)")
struct TrainingMaterialsTests {
    func heldSession(_ world: CarrierWorld, _ test: TestApp) async throws -> String {
        let reply = try await world.client.send(
            .POST, "/api/v1/training/sessions", token: world.office,
            json: TrainingTests.session(heldOn: TrainingTests.today(test), title: "保密法专题讲座"))
        #expect(reply.status == .created, "\(reply.body)")
        return try #require(try reply.json()["id"] as? String)
    }

    @Test("E6.1 S4 materials: a PDF through the API and the page, audited with its SHA-256; refusals shown and audited")
    func materialsAreAddedAndRead() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let session = try await heldSession(world, test)
            // act: the office adds slides through the API
            let form = multipart(file: AttachmentTests.pdf, name: "讲座课件.pdf", fields: [("nonSecret", "true")])
            let added = try await client.sendBytes(
                .POST, "/api/v1/training/sessions/\(session)/materials", body: form.body, contentType: form.type,
                token: world.office)
            // check
            #expect(added.status == .created, "\(added.body)")
            let material = try added.json()
            let sha = SHA256.hash(data: Data(AttachmentTests.pdf)).map { String(format: "%02x", $0) }.joined()
            #expect(material["sha256"] as? String == sha && material["fileName"] as? String == "讲座课件.pdf")
            let sessionID = try #require(UUID(uuidString: session))
            let record = try #require(
                try await test.app.baomi.store.audit.latestRecord(
                    objectType: "trainingSession", objectID: sessionID, on: test.db))
            #expect(record.action == AuditAction.trainingMaterial.rawValue && record.decodedDetails["sha256"] == sha)
            let detail = try await client.send(.GET, "/api/v1/training/sessions/\(session)", token: world.office)
            #expect((try detail.json()["materials"] as? [[String: Any]])?.first?["sha256"] as? String == sha)
            // An attendee reads and downloads them; only those who run education add them.
            let staff = try await world.clearedAccount("xuexi", roles: ["staff"], postClass: "nonSecret")
            let listed = try await client.send(.GET, "/api/v1/training/sessions/\(session)/materials", token: staff)
            #expect(try listed.jsonArray().map { $0["sha256"] as? String } == [sha])
            let materialID = try #require(material["id"] as? String)
            for reply in [
                try await client.send(
                    .GET, "/api/v1/training/sessions/\(session)/materials/\(materialID)", token: staff),
                try await client.send(
                    .GET, "/training/sessions/\(session)/materials/\(materialID)", cookies: ["baomi_session": staff]),
            ] {
                #expect(reply.status == .ok && reply.body == String(decoding: AttachmentTests.pdf, as: UTF8.self))
                #expect(reply.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=") == true)
                #expect(reply.headers.first(name: "X-Content-Type-Options") == "nosniff")
            }
            let other = try await client.send(
                .GET, "/api/v1/training/sessions/\(session)/materials/\(UUID().uuidString)", token: staff)
            #expect(other.status == .notFound && other.isProblem)
            let byStaff = try await client.sendBytes(
                .POST, "/api/v1/training/sessions/\(session)/materials", body: form.body, contentType: form.type,
                token: staff)
            #expect(byStaff.status == .forbidden)
            let staffPage = try await client.send(
                .GET, "/training/sessions/\(session)", cookies: ["baomi_session": staff])
            #expect(staffPage.body.contains("讲座课件.pdf") && !staffPage.body.contains("attachment-form"))

            // The page: a photo is kept; a text file comes back beside the form with its rule, and is audited.
            let cookies = ["baomi_session": world.office]
            let page = try await client.send(.GET, "/training/sessions/\(session)", cookies: cookies)
            #expect(page.body.contains("enctype=\"multipart/form-data\"") && page.body.contains("培训材料"))
            let csrf = try #require(csrfToken(in: page.body))
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 7, 7]
            let photo = multipart(file: png, name: "现场照片.png", fields: [("csrf", csrf), ("nonSecret", "1")])
            let saved = try await client.sendBytes(
                .POST, "/training/sessions/\(session)/materials", body: photo.body, contentType: photo.type,
                cookies: cookies)
            #expect(saved.status == .seeOther, "\(saved.status)")
            let text = multipart(file: Array("讲稿".utf8), name: "讲稿.txt", fields: [("csrf", csrf), ("nonSecret", "1")])
            let refused = try await client.sendBytes(
                .POST, "/training/sessions/\(session)/materials", body: text.body, contentType: text.type,
                cookies: cookies)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("id=\"attachment-error\"") && refused.body.contains("(S4)"))
            let undeclared = multipart(file: AttachmentTests.pdf, name: "b.pdf", fields: [("csrf", csrf)])
            let unticked = try await client.sendBytes(
                .POST, "/training/sessions/\(session)/materials", body: undeclared.body,
                contentType: undeclared.type, cookies: cookies)
            #expect(unticked.status == .unprocessableEntity && unticked.body.contains("非涉密"))
            let refusal = try #require(
                try await test.app.baomi.store.audit.latestRecord(
                    objectType: "trainingSession", objectID: sessionID, on: test.db))
            #expect(refusal.action == AuditAction.trainingMaterial.rawValue && refusal.outcome == "refused")
            let kept = try await test.app.baomi.trainingMaterials.list(of: sessionID, on: test.db)
            #expect(Set(kept.map(\.fileName)) == ["讲座课件.pdf", "现场照片.png"])
        }
    }

    @Test("E6.1 E6.5 a session recorded on the page carries out a planned session and the briefing before an activity")
    func sessionFormLinksPlanAndBriefing() async throws {
        try await withTestApp { test in
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let today = TrainingTests.today(test)
            let year = Int(today.prefix(4)) ?? 2026
            let plan = try #require(
                try await client.send(
                    .POST, "/api/v1/training/plans", token: world.office,
                    json: ["year": year, "departmentID": world.department, "title": "年度保密教育计划"]
                ).json()["id"] as? String)
            let planned = try await client.send(
                .POST, "/api/v1/training/plans/\(plan)/sessions", token: world.office,
                json: ["month": 1, "title": "保密法专题", "purpose": "general", "audience": "全体", "areas": ["law"]])
            #expect(planned.status == .created, "\(planned.body)")
            // The answer is the plan with its planned sessions.
            let plannedID = try #require(
                (try planned.json()["sessions"] as? [[String: Any]])?.first?["id"] as? String)
            let activity = try await client.send(
                .POST, "/api/v1/training/calendar", token: world.office,
                json: ["name": "型号出厂评审", "kind": "activity", "startsOn": SecrecyPeriod.day(today, plus: 3)])
            #expect(activity.status == .created, "\(activity.body)")
            let activityID = try #require(try activity.json()["id"] as? String)
            func briefingFindings() async throws -> Int {
                _ = try await client.send(.POST, "/api/v1/findings/check", token: world.office)
                return try await client.send(
                    .GET, "/api/v1/findings?check=briefingMissing&state=open", token: world.office
                ).json()["total"] as? Int ?? -1
            }
            #expect(try await briefingFindings() == 1)

            let cookies = ["baomi_session": world.office]
            let form = try await client.send(.GET, "/training/sessions/new", cookies: cookies)
            #expect(form.body.contains("年度保密教育计划 · 1月 · 保密法专题") && form.body.contains("型号出厂评审"))
            let csrf = try #require(csrfToken(in: form.body))
            let fields: [(String, String)] = [
                ("csrf", csrf), ("title", "评审前保密提醒"), ("form", "meeting"), ("purpose", "general"),
                ("heldOn", today), ("place", "第二会议室"), ("trainer", "保密办"), ("hours", "1"), ("areas[]", "law"),
                ("examNote", "闭卷测试，全部合格"),
            ]
            // A forged choice is refused beside its field, and nothing is recorded.
            let forged = try await client.send(
                .POST, "/training/sessions/new", form: fields + [("calendarEventID", "型号出厂评审")], cookies: cookies)
            #expect(forged.status == .unprocessableEntity && forged.body.contains("请从列表中选择"))
            let unknown = try await client.send(
                .POST, "/training/sessions/new", form: fields + [("plannedSessionID", UUID().uuidString)],
                cookies: cookies)
            #expect(unknown.status == .unprocessableEntity && unknown.body.contains("计划场次不存在"))
            // act
            let saved = try await client.send(
                .POST, "/training/sessions/new",
                form: fields + [("plannedSessionID", plannedID), ("calendarEventID", activityID)], cookies: cookies)
            // check
            #expect(saved.status == .seeOther, "\(saved.body)")
            let location = try #require(saved.headers.first(name: .location))
            let page = try await client.send(.GET, String(location.split(separator: "?")[0]), cookies: cookies)
            #expect(page.body.contains("年度保密教育计划 · 1月 · 保密法专题") && page.body.contains("型号出厂评审"))
            #expect(page.body.contains("闭卷测试，全部合格"))
            let sessions = try await client.send(.GET, "/api/v1/training/sessions", token: world.office).jsonArray()
                .filter { $0["title"] as? String == "评审前保密提醒" }
            #expect(sessions.count == 1)
            #expect(sessions.first?["calendarEventID"] as? String == activityID.uppercased())
            #expect(sessions.first?["plannedSessionID"] as? String == plannedID.uppercased())
            #expect(try await briefingFindings() == 0)
        }
    }
}
