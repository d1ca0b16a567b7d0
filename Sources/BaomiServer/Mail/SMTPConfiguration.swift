import BaomiDomain
import Foundation

/// How to reach the organisation's mail relay. Nothing leaves the machine unless `BAOMI_SMTP_HOST` is set.
public struct SMTPConfiguration: Sendable, Hashable {
    /// How the connection is protected.
    public enum Security: String, Sendable, Hashable, CaseIterable {
        /// Plain connection upgraded with STARTTLS (RFC 3207) before anything else is said.
        case starttls
        /// TLS from the first byte (implicit TLS, usually port 465, RFC 8314).
        case tls
        /// No TLS: only for a relay inside the organisation, and never with credentials (S3).
        case none
    }

    public struct Credentials: Sendable, Hashable {
        public var username: String
        public var password: String

        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    public var host: String
    public var port: Int
    /// The envelope and header sender, e.g. `baomi@example.cn`.
    public var from: String
    public var security: Security
    public var credentials: Credentials?
    /// A PEM file of the CA that signed the relay's certificate, for an internal CA; else the system's roots.
    public var certificateAuthorityFile: String?
    /// For connecting and for each reply.
    public var timeout: Duration
    /// The name this side gives in EHLO.
    public var clientName: String

    public init(
        host: String, port: Int = 25, from: String, security: Security = .none, credentials: Credentials? = nil,
        certificateAuthorityFile: String? = nil, timeout: Duration = .seconds(30), clientName: String = "baomi"
    ) {
        self.host = host
        self.port = port
        self.from = from
        self.security = security
        self.credentials = credentials
        self.certificateAuthorityFile = certificateAuthorityFile
        self.timeout = timeout
        self.clientName = clientName
    }
}

/// E-mail settings from the environment: the relay, the hour of the daily digest, the link it carries.
public struct MailConfiguration: Sendable, Hashable {
    public var smtp: SMTPConfiguration
    /// 0–23 in the organisation's time zone (Asia/Shanghai).
    public var digestHour: Int
    /// The address people open Baomi at, e.g. `https://baomi.example.cn`; the digest links to its findings page.
    public var baseURL: String?

    public init(smtp: SMTPConfiguration, digestHour: Int = 8, baseURL: String? = nil) {
        self.smtp = smtp
        self.digestHour = digestHour
        self.baseURL = baseURL
    }

    /// nil when `BAOMI_SMTP_HOST` is unset or empty (e-mail is off); an error naming the variable for any setting
    /// that cannot work, so `baomi serve` stops at start rather than failing every morning.
    public static func fromEnvironment(
        _ environment: [String: String]
    ) throws(MailConfigurationError)
        -> MailConfiguration?
    {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        guard let host = value("BAOMI_SMTP_HOST") else { return nil }
        guard let from = value("BAOMI_SMTP_FROM") else { throw .missing("BAOMI_SMTP_FROM") }
        guard EmailAddress.isValid(from) else { throw .invalid("BAOMI_SMTP_FROM", from) }
        var port = 25
        if let text = value("BAOMI_SMTP_PORT") {
            guard let number = Int(text), (1...65535).contains(number) else { throw .invalid("BAOMI_SMTP_PORT", text) }
            port = number
        }
        var credentials: SMTPConfiguration.Credentials?
        switch (value("BAOMI_SMTP_USERNAME"), environment["BAOMI_SMTP_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }) {
        case (let username?, let password?): credentials = .init(username: username, password: password)
        case (nil, nil): credentials = nil
        case (nil, _?): throw .missing("BAOMI_SMTP_USERNAME")
        case (_?, nil): throw .missing("BAOMI_SMTP_PASSWORD")
        }
        var security: SMTPConfiguration.Security = credentials == nil ? .none : .starttls
        if let text = value("BAOMI_SMTP_TLS") {
            guard let chosen = SMTPConfiguration.Security(rawValue: text.lowercased()) else {
                throw .invalid("BAOMI_SMTP_TLS", text)
            }
            security = chosen
        }
        if credentials != nil && security == .none { throw .credentialsInClear }
        var hour = 8
        if let text = value("BAOMI_DIGEST_HOUR") {
            guard let number = Int(text), (0...23).contains(number) else { throw .invalid("BAOMI_DIGEST_HOUR", text) }
            hour = number
        }
        var baseURL: String?
        if let text = value("BAOMI_BASE_URL") {
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
                ["http", "https"].contains(scheme),
                url.host != nil
            else { throw .invalid("BAOMI_BASE_URL", text) }
            baseURL = text.hasSuffix("/") ? String(text.dropLast()) : text
        }
        return MailConfiguration(
            smtp: SMTPConfiguration(
                host: host, port: port, from: from, security: security, credentials: credentials,
                certificateAuthorityFile: value("BAOMI_SMTP_CA_FILE")),
            digestHour: hour, baseURL: baseURL)
    }
}

/// A mail setting that cannot work, named by its environment variable.
public enum MailConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    case missing(String)
    case invalid(String, String)
    /// `BAOMI_SMTP_USERNAME` with `BAOMI_SMTP_TLS=none` (S3).
    case credentialsInClear

    public var description: String {
        switch self {
        case .missing(let name):
            "设置了 BAOMI_SMTP_HOST 时须同时设置 \(name) / \(name) is required when BAOMI_SMTP_HOST is set"
        case .invalid(let name, let value):
            "\(name) 的值无效 / \(name) is not valid: \(value)"
        case .credentialsInClear:
            "拒绝以明文发送邮件口令：设置了 BAOMI_SMTP_USERNAME 时 BAOMI_SMTP_TLS 须为 starttls 或 tls (S3) / "
                + "Refusing to send SMTP credentials in clear: with BAOMI_SMTP_USERNAME set, BAOMI_SMTP_TLS must be "
                + "starttls or tls (S3)"
        }
    }
}
