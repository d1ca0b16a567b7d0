import Foundation

/// A plain-text e-mail (RFC 5322, MIME RFC 2045): UTF-8 subject as RFC 2047 encoded-words, UTF-8 body in base64,
/// so any Chinese text passes any relay unchanged.
public struct MailMessage: Sendable, Hashable {
    public var fromName: String
    public var from: String
    public var to: [String]
    public var subject: String
    public var body: String
    public var date: Date
    public var messageID: String

    public init(
        fromName: String, from: String, to: [String], subject: String, body: String, date: Date,
        messageID: String = UUID().uuidString.lowercased()
    ) {
        self.fromName = fromName
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.messageID = messageID
    }

    /// The message as it goes after DATA, lines ending in CRLF.
    public var rendered: String {
        let domain = from.split(separator: "@").last.map(String.init) ?? "baomi"
        let headers = [
            "Date: \(Self.rfc5322Date(date))",
            "From: \(Self.encodedWords(fromName)) <\(from)>",
            "To: " + to.map { "<\($0)>" }.joined(separator: ", "),
            "Subject: \(Self.encodedWords(subject))",
            "Message-ID: <\(messageID)@\(domain)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            // RFC 3834: a machine wrote it; auto-responders stay quiet.
            "Auto-Submitted: auto-generated",
        ]
        let text = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + Self.base64Lines(Data(text.utf8)) + "\r\n"
    }

    /// RFC 2047 `B` encoded-words of at most 75 characters, never splitting a character, folded with CRLF SP.
    /// Plain ASCII without specials stays as it is.
    static func encodedWords(_ text: String) -> String {
        if text.allSatisfy({ $0.isASCII && !$0.isNewline && $0 != "=" && $0 != "?" && $0 != "\"" }) { return text }
        // A line holding encoded-words stays within 76 characters, `Subject: ` included: 36 bytes make 48 characters
        // of base64, 60 with `=?UTF-8?B?` and `?=`.
        let limit = 36
        var words: [[UInt8]] = []
        var chunk: [UInt8] = []
        for character in text where !character.isNewline {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > limit, !chunk.isEmpty {
                words.append(chunk)
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    static func base64Lines(_ data: Data) -> String {
        data.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
    }

    /// `Sun, 29 Nov 2026 20:44:33 +0800` in the organisation's time zone.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}

/// Sends e-mail: the live one speaks SMTP, tests may count instead.
public protocol Mailer: Sendable {
    func send(_ message: MailMessage) async throws
}

/// The live mailer: the configured relay over SMTP.
public struct SMTPMailer: Mailer {
    public let client: SMTPClient

    public init(client: SMTPClient) {
        self.client = client
    }

    public func send(_ message: MailMessage) async throws {
        try await client.send(from: message.from, to: message.to, data: message.rendered)
    }
}
