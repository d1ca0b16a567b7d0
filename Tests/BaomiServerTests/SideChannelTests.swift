import BaomiDomain
import BaomiPersistence
import Fluent
import Foundation
import Testing
import Vapor

@testable import BaomiServer

/// A carrier planted so that its text can be looked for: a title, a number and a document number nobody else has.
struct ProbeCarrier {
    let key: String
    let id: String
    let title: String
    let number: String
    let documentNumber: String
    var copies: [String]

    /// Where this carrier's own text shows in `body`: its title, 文号, or its number standing on its own (a request
    /// number such as JM-2026-001 contains a carrier number's digits without naming the carrier).
    func leaks(in body: String) -> [String] {
        var found = [title, documentNumber].filter { body.contains($0) }
        var searchRange = body.startIndex..<body.endIndex
        while let hit = body.range(of: number, range: searchRange) {
            let before = hit.lowerBound == body.startIndex ? nil : body[body.index(before: hit.lowerBound)]
            let after = hit.upperBound == body.endIndex ? nil : body[hit.upperBound]
            if before != "-" && !(after?.isNumber ?? false) {
                found.append(number)
                break
            }
            searchRange = hit.upperBound..<body.endIndex
        }
        return found
    }
}

/// Someone who looks: an account with its roles and, for business roles, a person with a secret post.
struct ProbeViewer {
    let label: String
    let username: String
    let token: String
    let roles: Set<Role>
    let personID: UUID?
}

/// An institute with a carrier of every state level, one outside the readers' scope, and one raised from 秘密 to
/// 绝密 while a 一般 staff member who had read it holds a copy — and, around them, every kind of record that
/// names a carrier: readings, borrowings, a copying, a destruction, a level change with its tasks and notices, an
/// inventory, findings, e-mail digests and the audit trail.
struct LeakWorld {
    static let roles: [(code: String, role: Role)] = [
        ("of", .securityOffice), ("dp", .secrecyOfficer), ("ld", .leader), ("st", .staff),
        ("dm", .classificationReviewer), ("hr", .personnel),
    ]
    static let posts: [(code: String, post: String)] = [
        ("c", "core"), ("i", "important"), ("g", "general"), ("n", "nonSecret"),
    ]

    let test: TestApp
    let client: Client
    var viewers: [ProbeViewer] = []
    var carriers: [ProbeCarrier] = []
    /// Carriers proposed for classification (定密审批), not in the register: each stands with the registered carrier
    /// whose label and scope it shares (`id`), so whoever may not read that one may not see the draft either.
    var drafts: [ProbeCarrier] = []
    /// Identifiers of everything a page or operation can be asked about, by kind.
    var ids: [String: [String]] = [:]

    func token(_ username: String) -> String {
        viewers.first { $0.username == username }?.token ?? ""
    }

    func carrier(_ key: String) -> ProbeCarrier? { carriers.first { $0.key == key } }

    static func make(_ test: TestApp) async throws -> LeakWorld {
        var world = LeakWorld(test: test, client: Client(app: test.app))
        let client = world.client
        let sysadmin = try await client.token("sysadmin")
        let secadmin = try await client.token("secadmin")
        let auditor = try await client.token("auditor")
        func post(_ path: String, _ token: String, _ body: [String: Any]) async throws -> [String: Any] {
            let reply = try await client.send(.POST, "/api/v1/\(path)", token: token, json: body)
            guard [.ok, .created, .noContent].contains(reply.status) else {
                throw TestFailure("POST \(path) → \(reply.status): \(reply.body)")
            }
            return try reply.json()
        }
        func put(_ path: String, _ token: String, _ body: [String: Any]) async throws {
            let reply = try await client.send(.PUT, "/api/v1/\(path)", token: token, json: body)
            guard reply.status == .ok else { throw TestFailure("PUT \(path) → \(reply.status): \(reply.body)") }
        }
        let root = try #require(
            try await post("org-units", sysadmin, ["name": "探针研究所", "code": "P-ROOT", "kind": "unit"])["id"] as? String)
        let tech = try #require(
            try await post(
                "org-units", sysadmin, ["name": "技术部", "code": "P-TECH", "kind": "department", "parentID": root]
            )["id"] as? String)
        let market = try #require(
            try await post(
                "org-units", sysadmin, ["name": "市场部", "code": "P-MKT", "kind": "department", "parentID": root]
            )["id"] as? String)
        world.ids["unit"] = [root, tech, market]

        func person(
            _ name: String, _ number: String, department: String, post postClass: String?
        ) async throws -> String {
            let id = try #require(
                try await post(
                    "people", sysadmin, ["name": name, "employeeNumber": number, "departmentID": department])[
                        "id"] as? String)
            if let postClass {
                try await client.prepareForPost(id)
                try await put(
                    "people/\(id)/clearance", secadmin,
                    [
                        "postClass": postClass, "compartments": [String](), "groups": [String](),
                        "separationUntil": NSNull(), "reason": "上岗审批",
                    ])
            }
            world.ids["person", default: []].append(id)
            return id
        }
        func account(_ username: String, role: Role, person: String?) async throws -> ProbeViewer {
            var body: [String: Any] = ["username": username, "password": TestApp.initialPassword]
            if let person { body["personID"] = person }
            let id = try #require(try await post("accounts", sysadmin, body)["id"] as? String)
            try await put("accounts/\(id)/roles", secadmin, ["roles": [role.rawValue]])
            world.ids["account", default: []].append(id)
            let token = try await client.token(username)
            // Each sets their own address for the digest (an administrator's change would wait for approval, S1).
            try await put("me/email", token, ["email": "\(username)@probe.example"])
            return ProbeViewer(
                label: username, username: username, token: token, roles: [role],
                personID: person.flatMap(UUID.init(uuidString:)))
        }

        // The registrar: the security office's director, core post, classifying up to 绝密.
        let director = try await person("探针保密办主任", "P-000", department: tech, post: "core")
        try await put("people/\(director)/classifier", secadmin, ["classifierMaxLevel": "topSecret"])
        let office = try await account("bmbprobe", role: .securityOffice, person: director)
        world.viewers.append(office)
        for (roleCode, role) in roles {
            for (postCode, post) in posts {
                let username = "v\(roleCode)\(postCode)"
                let id = try await person(
                    "探针\(role.title.zh)\(post)", "P-\(username)", department: tech,
                    post: post == "nonSecret" ? nil : post)
                world.viewers.append(try await account(username, role: role, person: id))
            }
        }
        for (username, token, role) in [
            ("sysadmin", sysadmin, Role.sysadmin), ("secadmin", secadmin, .secadmin), ("auditor", auditor, .auditor),
        ] {
            world.viewers.append(
                ProbeViewer(label: username, username: username, token: token, roles: [role], personID: nil))
        }
        for account in try await client.send(.GET, "/api/v1/accounts", token: sysadmin).jsonArray() {
            if let id = account["id"] as? String, !(world.ids["account"] ?? []).contains(id) {
                world.ids["account", default: []].append(id)
            }
        }

        let safe = try #require(
            try await post(
                "storage-places", office.token,
                ["code": "P-S1", "name": "技术部保险柜", "kind": "safe", "maxLevel": "topSecret", "departmentID": tech]
            )["id"] as? String)
        let marketSafe = try #require(
            try await post(
                "storage-places", office.token,
                ["code": "P-S2", "name": "市场部保险柜", "kind": "safe", "maxLevel": "topSecret", "departmentID": market]
            )["id"] as? String)
        world.ids["place"] = [safe, marketSafe]

        let plan: [(key: String, level: String, title: String, department: String, place: String)] = [
            ("topSecret", "topSecret", "探针甲绝密总体方案", tech, safe),
            ("secret", "secret", "探针乙机密试验报告", tech, safe),
            ("confidential", "confidential", "探针丙秘密图纸", tech, safe),
            ("outside", "confidential", "探针丁市场部数据", market, marketSafe),
            ("raised", "confidential", "探针戊升密记录", tech, safe),
        ]
        for (index, item) in plan.enumerated() {
            let documentNumber = "探针文号〔2026〕\(index + 71)号"
            let created = try await post(
                "carriers", office.token,
                [
                    "title": item.title, "documentNumber": documentNumber, "category": "technicalSolution",
                    "form": "paper", "level": item.level, "period": item.level == "topSecret" ? "30" : "10",
                    "copyCount": 2, "copyingAllowed": true, "departmentID": item.department,
                    "scopeDepartments": [item.department],
                    "classifierID": director, "classificationBasis": "保密事项范围第3条",
                ])
            let copies = ((created["copies"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
            for copy in copies {
                _ = try await post("copies/\(copy)/steps", office.token, ["action": "place", "placeID": item.place])
            }
            world.carriers.append(
                ProbeCarrier(
                    key: item.key, id: try #require(created["id"] as? String), title: item.title,
                    number: try #require(created["number"] as? String), documentNumber: documentNumber,
                    copies: copies))
        }

        // A 绝密 carrier proposed for classification and still in review (T5.1): its draft is in no register, and
        // its request is seen only by those cleared for 绝密 who decide it.
        let draftTitle = "探针己绝密拟定密方案"
        let draftNumber = "探针文号〔2026〕99号"
        let draft = try #require(
            try await post(
                "requests", office.token,
                [
                    "kind": "classify", "copyIDs": [String](), "reason": "新编方案定密",
                    "payload": [
                        "draft": [
                            "title": draftTitle, "documentNumber": draftNumber, "category": "technicalSolution",
                            "form": "paper", "level": "topSecret", "period": "30", "copyCount": 1,
                            "departmentID": tech, "scopeDepartments": [tech], "classifierID": director,
                            "classificationBasis": "保密事项范围第3条",
                        ]
                    ],
                ])["id"] as? String)
        world.ids["request", default: []].append(draft)
        let topSecretCarrier = try #require(world.carrier("topSecret"))
        world.drafts.append(
            ProbeCarrier(
                key: "draft", id: topSecretCarrier.id, title: draftTitle, number: "探针己未编号",
                documentNumber: draftNumber, copies: []))

        // Readings and borrowings: a 一般 staff member reads and borrows the 秘密 carrier that is raised later; a
        // core staff member borrows the 绝密 one.
        let general = world.token("vstg")
        let core = world.token("vstc")
        let raised = try #require(world.carrier("raised"))
        let topSecret = try #require(world.carrier("topSecret"))
        for carrier in [raised, try #require(world.carrier("confidential"))] {
            #expect(try await client.send(.GET, "/api/v1/carriers/\(carrier.id)", token: general).status == .ok)
        }
        let due = ClearanceRepository.today(test.clock().addingTimeInterval(2 * 86_400))
        func lend(_ copy: String, to borrower: String, approvers: [String]) async throws -> String {
            let id = try #require(
                try await post(
                    "requests", borrower,
                    [
                        "kind": "borrow", "copyIDs": [copy], "reason": "编写试验报告",
                        "payload": ["placeID": safe, "returnDate": due],
                    ])["id"] as? String)
            for approver in approvers {
                _ = try await post("requests/\(id)/decision", approver, ["verdict": "approve"])
            }
            _ = try await post("requests/\(id)/issue", office.token, [:])
            return id
        }
        world.ids["request", default: []].append(
            try await lend(raised.copies[0], to: general, approvers: [world.token("vdpc")]))
        world.ids["request", default: []].append(
            try await lend(topSecret.copies[0], to: core, approvers: [world.token("vdpc"), world.token("vldc")]))
        // A 绝密 borrowing left waiting for the leader, who has a 一般 staff member stand in for them (代理, #14): a
        // stand-in decides only what their own clearance covers (A2), so it is neither in their inbox nor its count,
        // and its page is not theirs to open.
        let today = ClearanceRepository.today(test.clock())
        _ = try await post("delegations", world.token("vldc"), ["standIn": "vstg", "startsOn": today, "endsOn": today])
        let waiting = try #require(
            try await post(
                "requests", core,
                [
                    "kind": "borrow", "copyIDs": [topSecret.copies[1]], "reason": "待领导审批",
                    "payload": ["placeID": safe, "returnDate": due],
                ])["id"] as? String)
        _ = try await post("requests/\(waiting)/decision", world.token("vdpc"), ["verdict": "approve"])
        world.ids["request", default: []].append(waiting)
        let inbox = try await client.send(.GET, "/api/v1/inbox", token: general).jsonArray()
        #expect(inbox.compactMap { $0["requestID"] as? String }.isEmpty, "\(inbox)")

        // The 秘密 carrier the 一般 staff member read and holds is raised to 绝密 (C9): tasks and notices.
        let change = try #require(
            try await post(
                "requests", office.token,
                [
                    "kind": "reclassify", "carrierID": raised.id, "copyIDs": raised.copies, "reason": "内容扩充",
                    "payload": ["change": "changeLevel", "newLevel": "topSecret", "newPeriod": "30"],
                ])["id"] as? String)
        // Reviewed by the classification reviewer, decided by the leader (LIFECYCLE.md "reclassify").
        for approver in ["vdmc", "vldc"] {
            _ = try await post("requests/\(change)/decision", world.token(approver), ["verdict": "approve"])
        }
        world.ids["request", default: []].append(change)

        // A copying and a destruction (C5, C8).
        let confidential = try #require(world.carrier("confidential"))
        let copying = try #require(
            try await post(
                "requests", office.token,
                ["kind": "reproduce", "copyIDs": [confidential.copies[1]], "reason": "评审会", "payload": ["count": 1]]
            )["id"] as? String)
        _ = try await post("requests/\(copying)/decision", world.token("vldc"), ["verdict": "approve"])
        let secret = try #require(world.carrier("secret"))
        let destruction = try #require(
            try await post(
                "requests", office.token,
                [
                    "kind": "destroy", "copyIDs": [secret.copies[1]], "reason": "期满销毁",
                    "payload": [
                        "method": "facility", "transportPeople": ["张押运"], "vehicle": "京A12345",
                        "destructionPlace": "销毁中心",
                    ],
                ])["id"] as? String)
        for approver in ["vofc", "vldc"] {
            _ = try await post("requests/\(destruction)/decision", world.token(approver), ["verdict": "approve"])
        }
        for supervisor in ["vofc", "vldc"] {
            _ = try await post("requests/\(destruction)/destruction-confirmations", world.token(supervisor), [:])
        }
        world.ids["request", default: []] += [copying, destruction]
        // A scanned, signed form attached to the copying (#14): listed and downloaded only where the request shows.
        let form = multipart(file: AttachmentTests.pdf, name: "签批件.pdf", fields: [("nonSecret", "true")])
        let attached = try await client.sendBytes(
            .POST, "/api/v1/requests/\(copying)/attachments", body: form.body, contentType: form.type,
            token: office.token)
        world.ids["attachment"] = [try #require(try attached.json()["id"] as? String)]

        // A trip abroad of a general staff member, approved, with a passport the unit lent for it (A7, #16): the
        // travel pages and register join the crawl.
        let traveller = try #require(world.viewers.first { $0.username == "vstg" }?.personID?.uuidString)
        let trip = try #require(
            try await post(
                "requests", general,
                [
                    "kind": "travelAbroad", "copyIDs": [String](), "reason": "探针出访",
                    "payload": [
                        "travellerID": traveller, "destinations": ["JP"], "departureDate": today, "returnDate": today,
                        "purpose": "探针会议", "nature": "official",
                    ],
                ])["id"] as? String)
        for approver in [office.token, world.token("vldc")] {
            _ = try await post("requests/\(trip)/decision", approver, ["verdict": "approve"])
        }
        let passport = try #require(
            try await post(
                "travel/documents", office.token, ["personID": traveller, "kind": "passport", "number": "P-PROBE"])[
                    "id"] as? String)
        _ = try await post("travel/documents/\(passport)/log-out", office.token, [:])
        world.ids["request", default: []].append(trip)

        // An inventory of the safe, and the compliance engine's findings: the core staff member who holds the 绝密
        // copy is leaving (T22, A4).
        world.ids["inventory"] = [
            try #require(
                try await post("inventories", office.token, ["name": "探针年度清查", "placeID": safe])["id"] as? String)
        ]
        let leaver = try #require(world.viewers.first { $0.username == "vstc" }?.personID?.uuidString)
        // Leaving only through a departure (T22): its page lists the copy the leaver still holds, named only to
        // those who may see it (principle 11).
        let departure = try #require(
            try await post(
                "requests", office.token,
                [
                    "kind": "departure", "copyIDs": [], "reason": "辞职",
                    "payload": [
                        "personID": leaver, "departureKind": "resign", "lastWorkingDay": "2026-12-31",
                        "newEmployer": "某科技有限公司",
                    ],
                ])["id"] as? String)
        world.ids["request", default: []].append(departure)
        // A key project with a member who left it without consent, and the tracking file that opened (T10): the
        // project's page lists people, never a carrier.
        let keyProject = try #require(
            try await post(
                "projects", office.token,
                ["code": "ZD-PROBE", "name": "探针重点项目", "level": "secret", "isKeyProject": true])["id"] as? String)
        try await put(
            "projects/\(keyProject)/key-facts", office.token,
            ["isKeyProject": true, "endsOn": SecrecyPeriod.day(today, plus: 365)])
        let projectMember = try await person("探针项目成员", "P-KEY", department: tech, post: "important")
        try await put(
            "people/\(projectMember)/clearance", secadmin,
            [
                "postClass": "important", "compartments": [keyProject], "groups": [String](),
                "separationUntil": NSNull(), "reason": "加入重点项目",
            ])
        let trackingFile = try #require(
            try await post(
                "projects/\(keyProject)/left-without-consent", office.token,
                ["personID": projectMember, "occurredOn": today, "account": "探针擅自离岗"])["id"] as? String)
        world.ids["project"] = [keyProject]
        world.ids["trackingFile"] = [trackingFile]
        // A cooperation contract of 技术部 (T23): its page and API are crawled with a real id.
        let contract = try #require(
            try await post(
                "cooperation-contracts", office.token,
                [
                    "partnerName": "探针合作单位", "subject": "探针合作", "level": "secret", "startsOn": today,
                    "endsOn": SecrecyPeriod.day(today, plus: 365), "departmentID": tech, "coverage": "clause",
                    "clauseReference": "第十二条",
                ])["id"] as? String)
        world.ids["cooperationContract"] = [contract]
        _ = try await post("findings/check", office.token, [:])

        // Every copy, request and task there is now.
        for carrier in world.carriers {
            let detail = try await client.send(.GET, "/api/v1/carriers/\(carrier.id)", token: office.token).json()
            let copies = ((detail["copies"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
            world.ids["copy", default: []] += copies
            world.ids["carrier", default: []].append(carrier.id)
        }
        for viewer in world.viewers where viewer.personID != nil {
            for task in try await client.send(.GET, "/api/v1/tasks", token: viewer.token).jsonArray() {
                if let id = task["id"] as? String { world.ids["task", default: []].append(id) }
            }
        }
        return world
    }

    /// The carriers the one access decision refuses this viewer to read (A2, A3): what no surface may name to them.
    func forbidden(for viewer: ProbeViewer) async throws -> [ProbeCarrier] {
        let services = test.app.baomi
        let levels = try await services.settings.levelCatalogue(on: test.db)
        let postClasses = try await services.settings.postClasses(on: test.db)
        let subject = try await services.clearances.subject(
            personID: viewer.personID, roles: viewer.roles, levels: levels, postClasses: postClasses, on: test.db)
        var refused: [ProbeCarrier] = []
        for carrier in carriers + drafts {
            let model = try #require(try await CarrierModel.find(UUID(uuidString: carrier.id), on: test.db))
            let object = try await services.clearances.object(model, levels: levels, on: test.db)
            let verdict = AccessDecision.decide(subject, .read, object, postClasses: postClasses, levels: levels)
            if !verdict.isAllowed { refused.append(carrier) }
        }
        return refused
    }
}

/// The crawls run on SQLite only: they look at what pages and operations render from `CarrierSights`, the same code on
/// both databases, whose SQL the persistence and ledger-visibility suites run on PostgreSQL too. Twice over they would
/// take most of CI's time.
@Suite(
    "No side channels: a carrier's text reaches only those the access decision allows (A2, A3, S1)", .serialized,
    .enabled(if: testsRunOnSQLite))
struct SideChannelTests {
    /// Every GET route with its parameters filled from the world, by the kind of thing each path names.
    static func addresses(_ app: Application, world: LeakWorld) -> [String] {
        func values(for segment: String, parameter: String) -> [String] {
            switch parameter {
            case "register": return Register.allCases.map(\.rawValue)
            case "report", "name": return Report.allCases.map(\.rawValue) + ["self-inspection"]
            case "code": return ["zh", "en"]
            default: break
            }
            let kind: String? =
                switch segment {
                case "carriers": "carrier"
                case "copies": "copy"
                case "requests", "departures": "request"
                case "attachments": "attachment"
                case "tasks": "task"
                case "inventories": "inventory"
                case "places", "storage-places": "place"
                case "people", "working-group": "person"
                case "units", "org-units": "unit"
                case "accounts": "account"
                case "projects": "project"
                case "tracking-files": "trackingFile"
                case "cooperation", "cooperation-contracts": "cooperationContract"
                default: nil
                }
            // A segment naming something the world keeps no list of is asked with one id of every kind: each is
            // refused or found the same way whichever one of its kind is asked, and every one of them multiplied by
            // the next parameter's would crawl tens of thousands of addresses per viewer.
            return kind.map { world.ids[$0] ?? [] } ?? world.ids.keys.sorted().compactMap { world.ids[$0]?.first }
        }
        var addresses: Set<String> = []
        for route in app.routes.all where route.method == .GET {
            var paths = [""]
            var previous = ""
            for component in route.path {
                switch component {
                case .constant(let text):
                    paths = paths.map { $0 + "/" + text }
                    previous = text
                case .parameter(let name):
                    let choices = values(for: previous, parameter: name)
                    paths = paths.flatMap { path in choices.map { path + "/" + $0 } }
                case .anything, .catchall:
                    paths = []
                }
            }
            let listsSomething = !route.path.contains { if case .parameter = $0 { true } else { false } }
            for path in paths.map({ $0.isEmpty ? "/" : $0 }) {
                addresses.insert(path)
                // Lists show more with a search, every state, and the longest page (A2: search too).
                if listsSomething {
                    for query in ["?q=探针", "?state=all", "?limit=500"] { addresses.insert(path + query) }
                }
            }
        }
        return addresses.sorted()
    }

    /// The verify page and operation asked about each request's printed-form leaf (S2): the record behind it is
    /// shown only as the audit pages would show it.
    static func leafAddresses(_ test: TestApp, world: LeakWorld) async throws -> [String] {
        var addresses: [String] = []
        for id in (world.ids["request"] ?? []).compactMap(UUID.init(uuidString:)) {
            guard
                let record = try await test.app.baomi.store.audit.latestRecord(
                    objectType: "request", objectID: id, on: test.db)
            else { continue }
            let text = AuditLeafReference(index: record.leafIndex, hash: record.leafHash).text
            addresses += ["/verify?q=\(text)", "/api/v1/audit/leaf-proof?q=\(text)"]
        }
        #expect(addresses.count >= 8)
        return addresses
    }

    @Test(
        "A2 A3 principle 11: every page and GET operation, for every role and post class, names no carrier the access decision refuses; no 500"
    )
    func noSurfaceNamesARefusedCarrier() async throws {
        try await withTestApp { test in
            let world = try await LeakWorld.make(test)
            let addresses = Self.addresses(test.app, world: world) + (try await Self.leafAddresses(test, world: world))
            #expect(addresses.count > 200)
            // Where each leak was seen, by the address with its identifiers left out, and by whom.
            var leaks: [String: Set<String>] = [:]
            var failures: [String] = []
            for viewer in world.viewers {
                let forbidden = try await world.forbidden(for: viewer)
                if viewer.roles.isDisjoint(with: Role.administrators) && viewer.username.hasSuffix("c")
                    && viewer.username != "vstc"
                {
                    // A core-post viewer in the department is refused only what lies outside its scope.
                    #expect(forbidden.count <= 1, "\(viewer.label) is refused \(forbidden.map(\.key))")
                }
                var answered = 0
                defer {
                    // The crawl looks at real pages: every viewer gets dozens of them, not a wall of refusals.
                    #expect(answered > 30, "\(viewer.label) was answered only \(answered) times")
                }
                for address in addresses {
                    let reply = try await world.client.send(.GET, address, token: viewer.token)
                    if reply.status == .ok { answered += 1 }
                    if reply.status.code >= 500 { failures.append("\(viewer.label) GET \(address) → \(reply.status)") }
                    for carrier in forbidden where !carrier.leaks(in: reply.body).isEmpty {
                        let pattern = address.split(separator: "/").map {
                            UUID(uuidString: String($0)) == nil ? $0 : "{id}"
                        }
                        .joined(separator: "/")
                        leaks["GET /\(pattern) shows \(carrier.key)", default: []].insert(viewer.label)
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
            let report = leaks.sorted { $0.key < $1.key }.map {
                "\($0.key) to \($0.value.sorted().joined(separator: " "))"
            }
            #expect(leaks.isEmpty, "\(leaks.count) leaks:\n\(report.joined(separator: "\n"))")
        }
    }

    @Test("A2 principle 11: each e-mail digest names only carriers its recipient may read")
    func digestsNameNoRefusedCarrier() async throws {
        try await withTestApp { test in
            let world = try await LeakWorld.make(test)
            let services = test.app.baomi
            let recipients = try await DigestRecipients.load(
                clearances: services.clearances, levels: try await services.settings.levelCatalogue(on: test.db),
                postClasses: try await services.settings.postClasses(on: test.db), on: test.db)
            #expect(!recipients.isEmpty)
            for recipient in recipients {
                guard let viewer = world.viewers.first(where: { $0.username == recipient.username }) else { continue }
                let body = Digest.body(for: recipient, today: "2026-11-18", baseURL: nil)
                for carrier in try await world.forbidden(for: viewer) {
                    #expect(carrier.leaks(in: body).isEmpty, "\(viewer.label)'s digest names \(carrier.key)")
                }
            }
        }
    }

    @Test(
        "C9 A2 a level change tells only those who knew the carrier, by reference where it went beyond them; S1 the audit pages name carriers by reference and codes as words"
    )
    func noticesAndAuditInWords() async throws {
        try await withTestApp { test in
            let world = try await LeakWorld.make(test)
            let client = world.client
            let raised = try #require(world.carrier("raised"))
            // The 一般 staff member read the carrier and holds a copy: a re-marking task, by reference.
            let tasks = try await client.send(.GET, "/api/v1/tasks", token: world.token("vstg")).jsonArray()
            #expect(tasks.compactMap { $0["kind"] as? String } == ["remark"])
            for task in tasks {
                let text = try #require(task["text"] as? String)
                #expect(text.contains("载体〔\(raised.id.prefix(8).uppercased())〕"), "\(text)")
                #expect(raised.leaks(in: text).isEmpty)
            }
            let workbench = try await client.send(.GET, "/", token: world.token("vstg"))
            #expect(workbench.body.contains("请即交回保密办"))
            // Those in the department who never could read it are not told of it (C9: who knew it).
            for username in ["vstn", "vldn", "vdpn"] {
                #expect(try await client.send(.GET, "/api/v1/tasks", token: world.token(username)).jsonArray().isEmpty)
            }
            // A core viewer who may read it sees the notice in full.
            let core = try await client.send(.GET, "/api/v1/tasks", token: world.token("vofc")).jsonArray()
            #expect(core.contains { ($0["text"] as? String)?.contains(raised.title) == true })

            // The security administrator follows the users' actions: carriers as references, codes as words.
            let page = try await client.send(.GET, "/system/audit?limit=500", token: world.token("secadmin"))
            #expect(page.status == .ok)
            #expect(page.body.contains("载体〔"))
            #expect(page.body.contains("载体内容已隐去 (A2)"))
            #expect(page.body.contains("最高密级：绝密"))
            #expect(!page.body.contains("topSecret"))
            #expect(!page.body.contains("：onLoan"))
            let api = try await client.send(.GET, "/api/v1/audit/records?limit=500", token: world.token("secadmin"))
            let records = try api.jsonArray()
            let registrations = records.filter { $0["action"] as? String == "carrier.register" }
            #expect(registrations.count == world.carriers.count)
            #expect(registrations.allSatisfy { ($0["objectLabel"] as? String)?.hasPrefix("载体〔") == true })
            #expect(registrations.allSatisfy { ($0["details"] as? [String: String])?["level"] == nil })
        }
    }
}
