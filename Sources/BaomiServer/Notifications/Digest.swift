import BaomiDomain
import BaomiPersistence
import Fluent
import FluentKit
import Foundation
import Vapor

/// The daily compliance digest (REMIND): every account with an address and open findings gets one e-mail listing
/// them by severity, with the link to the findings page. Carriers are named by number only (A2).
public enum Digest {
    /// `保密管理系统：您有 N 条合规提醒`, N being every open finding the recipient sees.
    public static func subject(count: Int) -> String { "保密管理系统：您有 \(count) 条合规提醒" }

    /// The plain-text body: findings grouped 逾期, 预警, 提示, each with its rule, subject, due date and the
    /// explanation in Chinese with the English under it.
    public static func body(for recipient: DigestRecipient, today: String, baseURL: String?) -> String {
        let total = recipient.total
        var lines = [
            "\(recipient.displayName)，您好：",
            "",
            "截至 \(today)，您有 \(total) 条合规提醒待处理。",
            "As of \(today) you have \(total) open compliance finding\(total == 1 ? "" : "s").",
        ]
        if recipient.findings.count < total {
            lines.append(
                "以下列出前 \(recipient.findings.count) 条 / The first \(recipient.findings.count) are listed below.")
        }
        var number = 0
        for severity in FindingSeverity.allCases.sorted(by: >) {
            let group = recipient.findings.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            lines += ["", "【\(severity.title.zh) \(severity.title.en)】（\(group.count)）"]
            for finding in group {
                number += 1
                lines.append("\(number). [\(finding.rule)] \(finding.subject)　期限 Due: \(finding.due ?? "—")")
                lines.append("   \(finding.explanation.zh)")
                lines.append("   \(finding.explanation.en)")
            }
        }
        lines.append("")
        if let baseURL {
            lines.append("查看与处理 / View and act: \(baseURL)\(SiteRoute.findings.path)")
        } else {
            lines.append("请登录保密管理系统「合规提醒」页处理 / Sign in to Baomi and open Compliance (\(SiteRoute.findings.path)).")
        }
        lines += [
            "",
            "本邮件由保密管理系统自动发送，请勿回复；邮件只列您有权查看的载体编号，不含标题。",
            "Sent automatically by Baomi; do not reply. Carriers are named by number only, and only those you may read.",
        ]
        return lines.joined(separator: "\n")
    }

    /// What one sending run did.
    public struct Report: Sendable, Hashable {
        public struct Delivery: Sendable, Hashable {
            public var username: String
            /// Findings the e-mail counted, or the error when it was not accepted.
            public var findings: Int
            public var error: String?
        }

        public var deliveries: [Delivery] = []

        public var sent: [Delivery] { deliveries.filter { $0.error == nil } }
        public var failures: [Delivery] { deliveries.filter { $0.error != nil } }
    }

    /// Whether e-mail is off (no `BAOMI_SMTP_HOST`): then nothing is looked up and nothing is sent.
    public enum Outcome: Sendable, Hashable {
        case notConfigured
        case ran(Report)
    }

    /// Sends the digest with the application's mail settings; `.notConfigured` when there are none.
    public static func send(
        _ app: Application, to username: String? = nil, trigger: String
    ) async throws -> Outcome {
        guard let mail = app.baomi.configuration.mail else { return .notConfigured }
        let report = try await send(
            app, mail: mail, mailer: SMTPMailer(client: SMTPClient(configuration: mail.smtp)), to: username,
            trigger: trigger)
        return .ran(report)
    }

    /// Sends the digest through `mailer`, one e-mail per recipient. Each attempt is audited (A5): whom it went to
    /// and how many findings it counted, or the error when the relay refused it; one failure does not stop the rest.
    public static func send(
        _ app: Application, mail: MailConfiguration, mailer: any Mailer, to username: String? = nil, trigger: String
    ) async throws -> Report {
        let services = app.baomi
        let database = app.db
        let recipients = try await DigestRecipients.load(
            username: username, clearances: services.clearances,
            levels: try await services.settings.levelCatalogue(on: database),
            postClasses: try await services.settings.postClasses(on: database), on: database)
        let now = services.clock()
        let today = ClearanceRepository.today(now)
        var report = Report()
        for recipient in recipients {
            let total = recipient.total
            let message = MailMessage(
                fromName: "保密管理系统", from: mail.smtp.from, to: [recipient.email],
                subject: subject(count: total),
                body: body(for: recipient, today: today, baseURL: mail.baseURL), date: now)
            let subject = AuditSubject(type: "account", id: recipient.accountID.uuidString, label: recipient.username)
            var details = ["to": recipient.email, "findings": String(total), "trigger": trigger]
            do {
                try await mailer.send(message)
                report.deliveries.append(.init(username: recipient.username, findings: total))
                try await services.store.record(
                    [AuditEvent(action: .digestSend, subject: subject, outcome: .success, details: details)],
                    by: .system, on: database)
            } catch {
                let reason = String(describing: error)
                details["error"] = reason
                report.deliveries.append(.init(username: recipient.username, findings: total, error: reason))
                try await services.store.record(
                    [AuditEvent(action: .digestSend, subject: subject, outcome: .failure, details: details)],
                    by: .system, on: database)
                app.logger.warning("digest to \(recipient.username) failed: \(reason)")
            }
        }
        return report
    }
}
