import Foundation

/// Why a message was not handed to the SMTP server; each says what happened in both languages.
public enum SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    case connectionFailed(String)
    case timeout
    case malformedReply(String)
    case closedByServer
    /// The server answered a command with an error (4xx temporary, 5xx permanent).
    case rejected(command: String, code: Int, text: String)
    case startTLSNotOffered
    case authenticationNotOffered
    /// Credentials would travel without TLS: refused before anything is sent (S3).
    case credentialsInClear
    case tlsFailed(String)

    public var description: String {
        switch self {
        case .connectionFailed(let reason): "无法连接邮件服务器 / cannot connect to the SMTP server: \(reason)"
        case .timeout: "邮件服务器无响应（超时）/ the SMTP server did not answer in time"
        case .malformedReply(let line): "邮件服务器的回应无法识别 / unreadable SMTP reply: \(line)"
        case .closedByServer: "邮件服务器断开了连接 / the SMTP server closed the connection"
        case .rejected(let command, let code, let text):
            "邮件服务器拒绝了 \(command) / the SMTP server refused \(command): \(code) \(text)"
        case .startTLSNotOffered:
            "邮件服务器不支持 STARTTLS，未发送 / the SMTP server does not offer STARTTLS; nothing was sent"
        case .authenticationNotOffered:
            "邮件服务器不支持 AUTH PLAIN 或 LOGIN / the SMTP server offers neither AUTH PLAIN nor LOGIN"
        case .credentialsInClear:
            "拒绝以明文发送邮件口令，须使用 STARTTLS 或 TLS (S3) / refusing to send SMTP credentials without TLS (S3)"
        case .tlsFailed(let reason): "TLS 连接失败 / TLS failed: \(reason)"
        }
    }
}
