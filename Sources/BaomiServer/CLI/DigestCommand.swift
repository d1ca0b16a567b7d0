import BaomiDomain
import BaomiPersistence
import Foundation
import Vapor

/// `baomi digest`: who would get the daily digest, or (`--send-now`) send it at once, for operators and tests.
public enum DigestCommand {
    public struct Line: Sendable, Hashable {
        public var username: String
        public var email: String
        public var findings: Int
        /// Set after a send that the relay did not accept.
        public var error: String?
    }

    /// The recipients and their counts; sends only when `send` is true (and then needs mail configured).
    public static func run(
        configuration: BaomiConfiguration, username: String?, send: Bool
    ) async throws -> [Line] {
        if send && configuration.mail == nil {
            throw CommandLineFailure(
                zh: "未配置邮件服务器（BAOMI_SMTP_HOST），未发送任何邮件",
                en: "No SMTP relay is configured (BAOMI_SMTP_HOST): nothing was sent")
        }
        return try await CommandLineSession.run(configuration) { session in
            if let username, try await session.services.accounts.find(username: username, on: session.database) == nil {
                throw CommandLineFailure(zh: "没有用户名为「\(username)」的账号", en: "No account is called \"\(username)\"")
            }
            let services = session.services
            let recipients = try await DigestRecipients.load(
                username: username, clearances: services.clearances,
                levels: try await services.settings.levelCatalogue(on: session.database),
                postClasses: try await services.settings.postClasses(on: session.database), on: session.database)
            var lines = recipients.map { Line(username: $0.username, email: $0.email, findings: $0.total) }
            guard send else { return lines }
            guard case .ran(let report) = try await Digest.send(session.app, to: username, trigger: "command") else {
                return []
            }
            let errors = Dictionary(
                report.failures.map { ($0.username, $0.error ?? "") }, uniquingKeysWith: { first, _ in first })
            for index in lines.indices { lines[index].error = errors[lines[index].username] }
            return lines
        }
    }
}
