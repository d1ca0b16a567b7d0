import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing
import Vapor

@testable import BaomiServer

@Suite("Daily compliance digest by e-mail (REMIND, A2, A5, S3)", .serialized)
struct DigestTests {
    @Test(
        "L1.9 C9 T4 the digest goes to exactly those who see open findings: the office all, an officer the department's, staff their own"
    )
    func recipients() async throws {
        try await withTestApp { test in
            // setup
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let other = try #require(
                try await client.send(
                    .POST, "/api/v1/org-units", token: world.sysadmin,
                    json: ["name": "情报部", "code": "D-INTEL", "kind": "department", "parentID": try await rootID(world)]
                ).json()["id"] as? String)
            let officer = try await world.clearedAccount("officer", roles: ["secrecyOfficer"])
            let staff = try await world.clearedAccount("staff", roles: ["staff"])
            let quiet = try await world.clearedAccount("quiet", roles: ["staff"])
            let silent = try await world.clearedAccount("silent", roles: ["staff"])
            let outsider = try await world.clearedAccount("outsider", roles: ["staff"], department: other)
            let refused = try await world.clearedAccount("refused", roles: ["staff"])
            // Departments without a secrecy officer: T4 findings for the security office (no department named).
            try await test.app.baomi.compliance.evaluate(levels: .nationalDefault, on: test.db)
            let carrier = try await client.send(
                .POST, "/api/v1/carriers", token: world.office,
                json: world.carrierBody(copies: 4, title: "绝密试验数据汇编"))
            #expect(carrier.status == .created)
            let carrierText = try #require(try carrier.json()["id"] as? String)
            let carrierID = try #require(UUID(uuidString: carrierText))
            let carrierNumber = try #require(try carrier.json()["number"] as? String)
            let department = try #require(UUID(uuidString: world.department))
            let staffPerson = try await personID(staff, client)
            // Findings about real copies, so that each recipient's sight of the carrier is decided (principle 11).
            let copies = ((try carrier.json()["copies"] as? [[String: Any]]) ?? []).compactMap {
                ($0["id"] as? String).flatMap(UUID.init(uuidString:))
            }
            try #require(copies.count == 4)
            try await addFinding(
                .loanDue, .overdue, type: "copy", id: copies[0], label: "2026-017/1", person: staffPerson,
                department: department,
                due: "2026-11-01", zh: "借阅逾期", en: "Borrowing overdue", on: test.db)
            try await addFinding(
                .periodEnding, .warning, type: "carrier", id: carrierID, label: "\(carrierNumber) 绝密试验数据汇编",
                department: department, due: "2027-01-15", zh: "保密期限将届满", en: "Period ends soon", on: test.db)
            try await addFinding(
                .loanDue, .warning, type: "copy", id: copies[1], label: "2026-018/2",
                person: try await personID(silent, client),
                department: department, due: "2026-12-01", zh: "即将到期", en: "Due soon", on: test.db)
            try await addFinding(
                .loanDue, .warning, type: "copy", id: copies[2], label: "2026-019/1",
                person: try await personID(outsider, client),
                department: UUID(uuidString: other), due: "2026-12-02", zh: "即将到期", en: "Due soon", on: test.db)
            try await addFinding(
                .loanDue, .warning, type: "copy", id: copies[3], label: "2026-020/1",
                person: try await personID(refused, client),
                department: department, due: "2026-12-03", zh: "即将到期", en: "Due soon", on: test.db)
            for (token, address) in [
                (world.office, "office@example.cn"), (officer, "officer@example.cn"), (staff, "staff@example.cn"),
                (quiet, "quiet@example.cn"), (outsider, "outsider@example.cn"), (refused, "reject@example.cn"),
            ] {
                let set = try await client.send(.PUT, "/api/v1/me/email", token: token, json: ["email": address])
                #expect(set.status == .ok)
                #expect(try set.json()["email"] as? String == address)
            }
            let server = try await FakeSMTPServer.start()
            let mail = MailConfiguration(
                smtp: SMTPConfiguration(host: "127.0.0.1", port: server.port, from: "baomi@example.cn"),
                baseURL: "https://baomi.example.cn")

            // act
            let report = try await Digest.send(
                test.app, mail: mail, mailer: SMTPMailer(client: SMTPClient(configuration: mail.smtp)), trigger: "test")

            // check
            let allOpen = try await FindingQuery().run(on: test.db).total
            #expect(report.sent.map(\.username) == ["bmb", "officer", "outsider", "staff"])
            #expect(report.sent.map(\.findings) == [allOpen, 4, 1, 1])
            #expect(report.failures.map(\.username) == ["refused"])
            let sessions = await server.sessions(count: 5)
            // One connection each: four accepted, the fifth refused by the relay at RCPT; none for quiet (no
            // findings) or silent (no address).
            #expect(sessions.count == 5)
            #expect(
                Set(sessions.flatMap(\.recipients))
                    == Set(["office@example.cn", "officer@example.cn", "staff@example.cn", "outsider@example.cn"]))
            #expect(sessions.flatMap(\.commands).contains("RCPT TO:<reject@example.cn>"))
            #expect(!sessions.flatMap(\.commands).contains { $0.contains("quiet@") })
            let staffMail = try #require(sessions.first { $0.recipients == ["staff@example.cn"] }?.message)
            #expect(staffMail.subject == "保密管理系统：您有 1 条合规提醒")
            #expect(staffMail.body.contains("[L1.9] 2026-017/1"))
            #expect(staffMail.body.contains("借阅逾期\r\n   Borrowing overdue"))
            #expect(!staffMail.body.contains("2026-018/2"))
            #expect(staffMail.body.contains("https://baomi.example.cn/compliance"))
            let officerMail = try #require(sessions.first { $0.recipients == ["officer@example.cn"] }?.message)
            #expect(officerMail.subject == "保密管理系统：您有 4 条合规提醒")
            for label in ["2026-017/1", "2026-018/2", "2026-020/1", "[C9] \(carrierNumber)"] {
                #expect(officerMail.body.contains(label))
            }
            #expect(!officerMail.body.contains("2026-019/1"))
            #expect(!officerMail.body.contains("[T4]"))
            let officeMail = try #require(sessions.first { $0.recipients == ["office@example.cn"] }?.message)
            #expect(officeMail.body.contains("[T4]"))
            #expect(officeMail.body.contains("「情报部」未指定兼职保密员"))
            // A2: no carrier title in any e-mail, whatever the recipient's clearance; the outsider, who may not
            // read the carrier, is told of it by its reference (principle 11).
            #expect(!sessions.contains { $0.message?.body.contains("绝密试验数据汇编") == true })
            let outsiderMail = try #require(sessions.first { $0.recipients == ["outsider@example.cn"] }?.message)
            #expect(!outsiderMail.body.contains("2026-019/1"))
            #expect(outsiderMail.body.contains("载体〔\(carrierText.prefix(8).uppercased())〕"))
            // 逾期 before 预警: grouped by severity, most urgent first.
            let overdue = try #require(officerMail.body.range(of: "【逾期 Overdue】"))
            let warning = try #require(officerMail.body.range(of: "【预警 Warning】"))
            #expect(overdue.lowerBound < warning.lowerBound)
        }
    }

    @Test("A5 each e-mail sent or refused is an audit record: whom, how many findings, and the error")
    func auditRecords() async throws {
        try await withTestApp { test in
            // setup
            let world = try await CarrierWorld.make(test)
            try await test.app.baomi.compliance.evaluate(levels: .nationalDefault, on: test.db)
            let refused = try await world.clearedAccount("refused", roles: ["securityOffice"])
            _ = try await world.client.send(
                .PUT, "/api/v1/me/email", token: world.office, json: ["email": "bmb@example.cn"])
            _ = try await world.client.send(
                .PUT, "/api/v1/me/email", token: refused, json: ["email": "reject@example.cn"])
            let server = try await FakeSMTPServer.start()
            let mail = MailConfiguration(
                smtp: SMTPConfiguration(host: "127.0.0.1", port: server.port, from: "baomi@example.cn"))

            // act
            let report = try await Digest.send(
                test.app, mail: mail, mailer: SMTPMailer(client: SMTPClient(configuration: mail.smtp)), trigger: "test")

            // check
            let open = try await FindingQuery().run(on: test.db).total
            #expect(open > 0)
            let records = try await AuditQuery(
                actorKinds: Set(AuditActorKind.allCases), action: AuditAction.digestSend.rawValue
            ).run(on: test.db)
            #expect(records.count == 2)
            let sent = try #require(records.first { $0.outcome == AuditOutcome.success.rawValue })
            #expect(sent.objectLabel == "bmb")
            #expect(sent.decodedDetails["findings"] == String(open))
            #expect(sent.decodedDetails["to"] == "bmb@example.cn")
            let failed = try #require(records.first { $0.outcome == AuditOutcome.failure.rawValue })
            #expect(failed.objectLabel == "refused")
            #expect(failed.decodedDetails["error"]?.contains("550") == true)
            #expect(report.failures.first?.error?.contains("RCPT") == true)
        }
    }

    @Test("REMIND nothing is sent and nobody is looked up when SMTP is not configured")
    func notConfigured() async throws {
        try await withTestApp { test in
            // setup
            let world = try await CarrierWorld.make(test)
            try await test.app.baomi.compliance.evaluate(levels: .nationalDefault, on: test.db)
            _ = try await world.client.send(
                .PUT, "/api/v1/me/email", token: world.office, json: ["email": "bmb@example.cn"])

            // act
            let outcome = try await Digest.send(test.app, trigger: "test")

            // check
            #expect(outcome == .notConfigured)
            #expect(try MailConfiguration.fromEnvironment([:]) == nil)
            #expect(
                try MailConfiguration.fromEnvironment(["BAOMI_SMTP_HOST": " ", "BAOMI_SMTP_FROM": "a@b.cn"]) == nil)
            let records = try await AuditQuery(
                actorKinds: Set(AuditActorKind.allCases), action: AuditAction.digestSend.rawValue
            ).run(on: test.db)
            #expect(records.isEmpty)
        }
    }

    @Test("S3 credentials are refused without TLS: at start-up, and by the client before it sends anything")
    func credentialsNeedTLS() async throws {
        // setup
        let base = ["BAOMI_SMTP_HOST": "relay.example.cn", "BAOMI_SMTP_FROM": "baomi@example.cn"]
        let withCredentials = base.merging(["BAOMI_SMTP_USERNAME": "baomi", "BAOMI_SMTP_PASSWORD": "s3cret"]) { $1 }

        // act, check: configuration
        #expect(throws: MailConfigurationError.credentialsInClear) {
            try MailConfiguration.fromEnvironment(withCredentials.merging(["BAOMI_SMTP_TLS": "none"]) { $1 })
        }
        #expect(MailConfigurationError.credentialsInClear.description.contains("S3"))
        #expect(try MailConfiguration.fromEnvironment(withCredentials)?.smtp.security == .starttls)
        #expect(try MailConfiguration.fromEnvironment(base)?.smtp.security == SMTPConfiguration.Security.none)
        #expect(try MailConfiguration.fromEnvironment(base)?.smtp.port == 25)
        #expect(try MailConfiguration.fromEnvironment(base)?.digestHour == 8)
        #expect(throws: MailConfigurationError.missing("BAOMI_SMTP_FROM")) {
            try MailConfiguration.fromEnvironment(["BAOMI_SMTP_HOST": "relay.example.cn"])
        }
        #expect(throws: MailConfigurationError.invalid("BAOMI_DIGEST_HOUR", "24")) {
            try MailConfiguration.fromEnvironment(base.merging(["BAOMI_DIGEST_HOUR": "24"]) { $1 })
        }

        // act, check: a relay that does not offer STARTTLS never sees the credentials
        let server = try await FakeSMTPServer.start()
        let credentials = SMTPConfiguration.Credentials(username: "baomi", password: "s3cret")
        let starttls = SMTPClient(
            configuration: SMTPConfiguration(
                host: "127.0.0.1", port: server.port, from: "baomi@example.cn", security: .starttls,
                credentials: credentials))
        await #expect(throws: SMTPError.startTLSNotOffered) {
            try await starttls.send(from: "baomi@example.cn", to: ["a@example.cn"], data: "Subject: x\r\n\r\nx\r\n")
        }
        let plain = SMTPClient(
            configuration: SMTPConfiguration(
                host: "127.0.0.1", port: server.port, from: "baomi@example.cn", security: .none,
                credentials: credentials))
        await #expect(throws: SMTPError.credentialsInClear) {
            try await plain.send(from: "baomi@example.cn", to: ["a@example.cn"], data: "Subject: x\r\n\r\nx\r\n")
        }
        let sessions = await server.sessions(count: 1)
        #expect(sessions.count == 1)
        #expect(!sessions.flatMap(\.commands).contains { $0.uppercased().hasPrefix("AUTH") })
        #expect(!sessions.flatMap(\.commands).contains { $0.contains("s3cret") || $0.contains("czNjcmV0") })
    }

    @Test("REMIND the SMTP dialogue: EHLO, MAIL, RCPT, DATA with dot-stuffing, QUIT; a UTF-8 subject as encoded-words")
    func dialogue() async throws {
        // setup
        let server = try await FakeSMTPServer.start()
        let client = SMTPClient(
            configuration: SMTPConfiguration(host: "127.0.0.1", port: server.port, from: "baomi@example.cn"))
        let subject = "保密管理系统：您有 12 条合规提醒——请于本周内处理逾期借阅与到期载体"
        let message = MailMessage(
            fromName: "保密管理系统", from: "baomi@example.cn", to: ["zhang@example.cn"], subject: subject,
            body: "第一行\n.以句点开头\n..两个句点\n.", date: Date(timeIntervalSince1970: 1_795_000_000))

        // act
        try await client.send(from: message.from, to: message.to, data: ".leading\r\n" + message.rendered)

        // check
        let session = try #require(await server.sessions(count: 1).first)
        #expect(session.commands.map { String($0.prefix(4)) } == ["EHLO", "MAIL", "RCPT", "DATA", "QUIT"])
        #expect(session.commands[1] == "MAIL FROM:<baomi@example.cn>")
        #expect(session.commands[2] == "RCPT TO:<zhang@example.cn>")
        #expect(session.rawData.first == "..leading")
        #expect(session.data.hasPrefix(".leading\r\n"))
        let header = try #require(session.rawData.first { $0.hasPrefix("Subject: ") })
        #expect(header.hasPrefix("Subject: =?UTF-8?B?"))
        let folded = session.headerLines(named: "Subject")
        #expect(folded.count > 1)
        #expect(folded.allSatisfy { $0.trimmingCharacters(in: .whitespaces).count <= 76 })
        let parsed = try #require(session.message)
        #expect(parsed.subject == subject)
        #expect(parsed.body == "第一行\r\n.以句点开头\r\n..两个句点\r\n.")
        #expect(session.data.contains("Content-Type: text/plain; charset=UTF-8"))
        #expect(session.data.contains("Date: Wed, 18 Nov 2026"))

        // A body line that is just "." would end DATA early without stuffing.
        let bare = try await FakeSMTPServer.start()
        try await SMTPClient(
            configuration: SMTPConfiguration(host: "127.0.0.1", port: bare.port, from: "baomi@example.cn")
        ).send(from: "baomi@example.cn", to: ["a@example.cn"], data: "Subject: s\r\n\r\nbefore\r\n.\r\nafter")
        let stuffed = try #require(await bare.sessions(count: 1).first)
        #expect(stuffed.rawData == ["Subject: s", "", "before", "..", "after"])
        #expect(stuffed.data == "Subject: s\r\n\r\nbefore\r\n.\r\nafter\r\n")
    }

    @Test("REMIND the e-mail address: a bad one is a 422 field error on the profile and in the API, nothing written")
    func addressValidation() async throws {
        try await withTestApp { test in
            // setup
            let world = try await CarrierWorld.make(test)
            let client = world.client
            let cookies = ["baomi_session": world.office]
            let profile = try await client.send(.GET, "/profile", cookies: cookies)
            #expect(profile.status == .ok)
            let csrf = try #require(csrfToken(in: profile.body))
            let changesBefore = try await AuditQuery(
                actorKinds: Set(AuditActorKind.allCases), action: AuditAction.accountEmailChange.rawValue
            ).run(on: test.db).count

            // act
            let bad = try await client.send(
                .POST, "/profile/email", form: [("csrf", csrf), ("email", "zhang san@例子.cn")], cookies: cookies)
            let injected = try await client.send(
                .PUT, "/api/v1/me/email", token: world.office,
                json: ["email": "a@example.cn>\r\nRCPT TO:<b@example.cn"])
            let good = try await client.send(
                .POST, "/profile/email", form: [("csrf", csrf), ("email", " zhang.san@example.cn ")], cookies: cookies)

            // check
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("电子邮箱地址无效"))
            #expect(bad.body.contains("value=\"zhang san@例子.cn\""))
            #expect(injected.status == .unprocessableEntity)
            #expect(injected.isProblem)
            let fields = try (injected.json()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(fields == ["email"])
            #expect(good.status == .seeOther)
            let me = try await client.send(.GET, "/api/v1/me", token: world.office).json()
            #expect(me["email"] as? String == "zhang.san@example.cn")
            let changes = try await AuditQuery(
                actorKinds: Set(AuditActorKind.allCases), action: AuditAction.accountEmailChange.rawValue
            )
            .run(on: test.db)
            #expect(changes.count == changesBefore + 1)
            #expect(changes.first?.decodedDetails["email"] == "zhang.san@example.cn")

            // The system administrator sets another account's address on the account page.
            let accountID = try #require(me["id"] as? String)
            let admin = ["baomi_session": world.sysadmin]
            let page = try await client.send(.GET, "/system/accounts/\(accountID)", cookies: admin)
            #expect(page.body.contains("value=\"zhang.san@example.cn\""))
            let adminCSRF = try #require(csrfToken(in: page.body))
            let refusedByAdmin = try await client.send(
                .POST, "/system/accounts/\(accountID)/email", form: [("csrf", adminCSRF), ("email", "no-at-sign")],
                cookies: admin)
            #expect(refusedByAdmin.status == .unprocessableEntity)
            #expect(
                refusedByAdmin.body.contains("Not a valid e-mail address") || refusedByAdmin.body.contains("电子邮箱地址无效"))
            // The office's account reads carriers: another address for it waits for the security administrator (S1).
            let cleared = try await client.send(
                .PUT, "/api/v1/accounts/\(accountID)/email", token: world.sysadmin, json: ["email": NSNull()])
            #expect(cleared.status == .ok)
            #expect(try cleared.json()["email"] as? String == "zhang.san@example.cn")
            #expect(try cleared.json()["pendingChanges"] as? [String] == ["emailChange"])
            let staffCannot = try await client.send(
                .PUT, "/api/v1/accounts/\(accountID)/email", token: world.office, json: ["email": "x@example.cn"])
            #expect(staffCannot.status == .forbidden)
            let spec = try await client.send(.GET, "/openapi.json")
            #expect(spec.body.contains("\"EmailInput\""))
            #expect(spec.body.contains("/api/v1/accounts/{id}/email"))
        }
    }

    @Test("REMIND addresses: dot-atom local part, letter-digit-hyphen domain, nothing that could break a header")
    func addressRules() {
        for valid in ["zhang@example.cn", "zhang.san+baomi@mail.example.cn", "bmb@intranet", "a_b-c@x-y.example"] {
            #expect(EmailAddress.isValid(valid), "\(valid)")
        }
        for invalid in [
            "", "zhang", "@example.cn", "zhang@", "zhang@@example.cn", "zhang san@example.cn", "张三@example.cn",
            "zhang@例子.cn", ".zhang@example.cn", "zhang..san@example.cn", "zhang@-example.cn", "zhang@example..cn",
            "a@b.cn\r\nBcc: c@d.cn", "a@b.cn>", String(repeating: "a", count: 65) + "@example.cn",
        ] {
            #expect(!EmailAddress.isValid(invalid), "\(invalid)")
        }
    }

    @Test("REMIND the digest runs at the configured hour in Asia/Shanghai, once a day")
    func schedule() throws {
        // 2026-11-29 07:30 in Shanghai is 23:30 UTC the day before.
        let before = try #require(ISO8601DateFormatter().date(from: "2026-11-28T23:30:00Z"))
        #expect(
            DigestSchedule.nextRun(after: before, hour: 8) == ISO8601DateFormatter().date(from: "2026-11-29T00:00:00Z"))
        let after = try #require(ISO8601DateFormatter().date(from: "2026-11-29T00:00:00Z"))
        #expect(
            DigestSchedule.nextRun(after: after, hour: 8) == ISO8601DateFormatter().date(from: "2026-11-30T00:00:00Z"))
    }
}

// MARK: - Helpers

private func rootID(_ world: CarrierWorld) async throws -> String {
    let units = try await world.client.send(.GET, "/api/v1/org-units", token: world.sysadmin).jsonArray()
    return try #require(units.first { $0["code"] as? String == "ROOT" }?["id"] as? String)
}

private func personID(_ token: String, _ client: Client) async throws -> UUID {
    let me = try await client.send(.GET, "/api/v1/me", token: token).json()
    let text = try #require(me["personID"] as? String)
    return try #require(UUID(uuidString: text))
}

/// A stored open finding, as the engine would have written it.
private func addFinding(
    _ check: ComplianceCheck, _ severity: FindingSeverity, type: String, id: UUID = UUID(), label: String,
    person: UUID? = nil, department: UUID?, due: String?, zh: String, en: String, on database: any Database
) async throws {
    let model = FindingModel()
    model.key = "\(check.rawValue):\(type):\(id.uuidString.lowercased())"
    model.check = check.rawValue
    model.rule = check.rule.rawValue
    model.severity = severity.rawValue
    model.subjectType = type
    model.subjectID = id
    model.subjectLabel = label
    model.personID = person
    model.departmentID = department
    model.due = due
    model.explanationZh = zh
    model.explanationEn = en
    model.openedAt = Date()
    model.updatedAt = Date()
    model.isOpen = true
    try await model.create(on: database)
}

/// What the fake server saw on one connection.
struct FakeSMTPSession: Sendable {
    var commands: [String] = []
    var recipients: [String] = []
    /// The DATA lines as they came over the wire, dot-stuffed.
    var rawData: [String] = []
    /// The message after removing the stuffing, CRLF line ends.
    var data = ""

    func headerLines(named name: String) -> [String] {
        guard let start = rawData.firstIndex(where: { $0.hasPrefix("\(name): ") }) else { return [] }
        var lines = [rawData[start]]
        for line in rawData[(start + 1)...] {
            guard line.hasPrefix(" ") || line.hasPrefix("\t") else { break }
            lines.append(line)
        }
        return lines
    }

    /// The decoded subject and base64 body of a message Baomi rendered.
    var message: (subject: String, body: String)? {
        guard let split = data.range(of: "\r\n\r\n") else { return nil }
        let subject = headerLines(named: "Subject").map { line in
            line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "Subject: ", with: "")
        }
        .map(Self.decodeWord).joined()
        let base64 = data[split.upperBound...].replacingOccurrences(of: "\r\n", with: "")
        guard let bytes = Data(base64Encoded: base64) else { return nil }
        return (subject, String(decoding: bytes, as: UTF8.self))
    }

    static func decodeWord(_ word: String) -> String {
        guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="),
            let bytes = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))
        else { return word }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// An SMTP server on 127.0.0.1 that accepts everything except recipients starting with `reject`, offers no
/// STARTTLS, and records each dialogue.
final class FakeSMTPServer: Sendable {
    let port: Int
    private let channel: any Channel
    private let recorder: Recorder

    final class Recorder: Sendable {
        private let sessions = Mutex<[FakeSMTPSession]>([])
        func add(_ session: FakeSMTPSession) { sessions.withLock { $0.append(session) } }
        var all: [FakeSMTPSession] { sessions.withLock { $0 } }
    }

    private init(port: Int, channel: any Channel, recorder: Recorder) {
        self.port = port
        self.channel = channel
        self.recorder = recorder
    }

    static func start() async throws -> FakeSMTPServer {
        let recorder = Recorder()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FakeSMTPHandler(recorder: recorder))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return FakeSMTPServer(port: channel.localAddress?.port ?? 0, channel: channel, recorder: recorder)
    }

    /// The finished sessions, waiting up to two seconds for `count` of them.
    func sessions(count: Int) async -> [FakeSMTPSession] {
        for _ in 0..<200 where recorder.all.count < count {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return recorder.all
    }

    deinit {
        channel.close(promise: nil)
    }
}

private final class FakeSMTPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let recorder: FakeSMTPServer.Recorder
    private var pending: [UInt8] = []
    private var inData = false
    private var session = FakeSMTPSession()
    private var recorded = false

    init(recorder: FakeSMTPServer.Recorder) {
        self.recorder = recorder
    }

    func channelActive(context: ChannelHandlerContext) {
        reply("220 fake.example.cn ESMTP", context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending += buffer.readBytes(length: buffer.readableBytes) ?? []
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            var line = String(decoding: pending[..<newline], as: UTF8.self)
            pending.removeSubrange(...newline)
            if line.hasSuffix("\r") { line.removeLast() }
            handle(line, context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        record()
        context.fireChannelInactive()
    }

    private func record() {
        guard !recorded else { return }
        recorded = true
        recorder.add(session)
    }

    private func handle(_ line: String, _ context: ChannelHandlerContext) {
        if inData {
            if line == "." {
                inData = false
                session.data =
                    session.rawData.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 }
                    .joined(separator: "\r\n") + "\r\n"
                reply("250 queued", context)
            } else {
                session.rawData.append(line)
            }
            return
        }
        session.commands.append(line)
        switch line.prefix(4).uppercased() {
        case "EHLO": reply("250-fake.example.cn\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME", context)
        case "MAIL": reply("250 ok", context)
        case "RCPT":
            let address = line.drop { $0 != "<" }.dropFirst().prefix { $0 != ">" }
            if address.hasPrefix("reject") {
                reply("550 5.1.1 no such mailbox", context)
            } else {
                session.recipients.append(String(address))
                reply("250 ok", context)
            }
        case "DATA":
            inData = true
            reply("354 go ahead", context)
        case "QUIT":
            record()
            reply("221 bye", context)
            context.close(promise: nil)
        default: reply("502 not implemented", context)
        }
    }

    private func reply(_ text: String, _ context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
    }
}
