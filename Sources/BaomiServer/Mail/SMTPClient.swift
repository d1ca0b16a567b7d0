import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A small SMTP client (RFC 5321) on SwiftNIO: one connection per message — EHLO, STARTTLS and EHLO again when
/// configured, AUTH PLAIN or LOGIN only once the connection is encrypted (S3), MAIL FROM, RCPT TO, DATA with
/// dot-stuffing, QUIT. Every reply is awaited with the configured timeout.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    let group: any EventLoopGroup

    public init(configuration: SMTPConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.group = group
    }

    /// Hands one message (RFC 5322 text with CRLF line ends) to the server for `recipients`.
    public func send(from sender: String, to recipients: [String], data: String) async throws {
        if configuration.credentials != nil && configuration.security == .none { throw SMTPError.credentialsInClear }
        let tls = try configuration.security == .none ? nil : makeTLSContext()
        let channel = try await connect(implicitTLS: configuration.security == .tls ? tls : nil)
        try await channel.executeThenClose { inbound, outbound in
            var session = Session(
                replies: inbound.makeAsyncIterator(), outbound: outbound, channel: channel.channel,
                secured: configuration.security == .tls)
            try await session.expect(220, after: "greeting")
            var extensions = try await session.ehlo(configuration.clientName)
            if configuration.security == .starttls {
                guard extensions.contains("STARTTLS") else { throw SMTPError.startTLSNotOffered }
                try await session.command("STARTTLS", expect: 220)
                guard let tls else { throw SMTPError.startTLSNotOffered }
                try await session.startTLS(tls, serverHostname: configuration.host)
                extensions = try await session.ehlo(configuration.clientName)
            }
            if let credentials = configuration.credentials {
                try await session.authenticate(credentials, extensions: extensions)
            }
            try await session.command("MAIL FROM:<\(sender)>", expect: 250)
            for recipient in recipients {
                try await session.command("RCPT TO:<\(recipient)>", expect: 250, 251)
            }
            try await session.command("DATA", expect: 354)
            try await session.write(Self.dotStuffed(data) + ".\r\n")
            try await session.expect(250, after: "DATA")
            // The message is accepted; a server that drops the line on QUIT changes nothing.
            _ = try? await session.command("QUIT", expect: 221)
        }
    }

    /// RFC 5321 4.5.2: every line that starts with a period gets one more; the text ends with CRLF.
    static func dotStuffed(_ data: String) -> String {
        var text = data.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if text.hasSuffix("\n") { text.removeLast() }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
            .joined(separator: "\r\n") + "\r\n"
    }

    private func makeTLSContext() throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let file = configuration.certificateAuthorityFile {
            tls.trustRoots = .file(file)
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw SMTPError.tlsFailed(String(describing: error))
        }
    }

    private func connect(implicitTLS: NIOSSLContext?) async throws -> NIOAsyncChannel<SMTPReply, ByteBuffer> {
        let host = configuration.host
        let timeout = TimeAmount.nanoseconds(Int64(configuration.timeout.components.seconds) * 1_000_000_000)
        do {
            return try await ClientBootstrap(group: group)
                .connectTimeout(timeout)
                .connect(host: host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if let implicitTLS {
                            try pipeline.addHandler(NIOSSLClientHandler(context: implicitTLS, serverHostname: host))
                        }
                        try pipeline.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                        try pipeline.addHandler(IdleStateHandler(readTimeout: timeout))
                        try pipeline.addHandler(SMTPReadTimeoutHandler())
                        return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPError.connectionFailed("\(host):\(configuration.port): \(error)")
        }
    }
}

/// The dialogue on one connection.
private struct Session {
    var replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let channel: any Channel
    var secured: Bool

    mutating func next() async throws -> SMTPReply {
        do {
            guard let reply = try await replies.next() else { throw SMTPError.closedByServer }
            return reply
        } catch let error as SMTPError {
            throw error
        } catch let error as NIOSSLError {
            throw SMTPError.tlsFailed(String(describing: error))
        } catch {
            throw SMTPError.connectionFailed(String(describing: error))
        }
    }

    @discardableResult
    mutating func expect(_ codes: Int..., after command: String) async throws -> SMTPReply {
        let reply = try await next()
        guard codes.contains(reply.code) else {
            throw SMTPError.rejected(command: command, code: reply.code, text: reply.lines.joined(separator: " "))
        }
        return reply
    }

    func write(_ text: String) async throws {
        do {
            try await outbound.write(ByteBuffer(string: text))
        } catch {
            throw SMTPError.connectionFailed(String(describing: error))
        }
    }

    /// Sends one command line; `shown` replaces it in errors when it carries a secret.
    @discardableResult
    mutating func command(_ line: String, shown: String? = nil, expect codes: Int...) async throws -> SMTPReply {
        try await write(line + "\r\n")
        let reply = try await next()
        let name = shown ?? String(line.prefix { $0 != ":" && $0 != " " })
        guard codes.contains(reply.code) else {
            throw SMTPError.rejected(command: name, code: reply.code, text: reply.lines.joined(separator: " "))
        }
        return reply
    }

    /// EHLO, and the extension keywords the server lists (upper-cased, e.g. `STARTTLS`, `AUTH PLAIN LOGIN`).
    mutating func ehlo(_ name: String) async throws -> Set<String> {
        let reply = try await command("EHLO \(name)", expect: 250)
        return Set(reply.lines.dropFirst().map { $0.uppercased() })
    }

    mutating func startTLS(_ context: NIOSSLContext, serverHostname: String) async throws {
        let channel = self.channel
        do {
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(
                    NIOSSLClientHandler(context: context, serverHostname: serverHostname), position: .first)
            }.get()
        } catch {
            throw SMTPError.tlsFailed(String(describing: error))
        }
        secured = true
    }

    /// AUTH PLAIN (RFC 4616) when offered, else AUTH LOGIN; never on a connection without TLS (S3).
    mutating func authenticate(_ credentials: SMTPConfiguration.Credentials, extensions: Set<String>) async throws {
        guard secured else { throw SMTPError.credentialsInClear }
        let mechanisms = Set(
            extensions.filter { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }
                .flatMap { $0.dropFirst(5).split(separator: " ").map(String.init) })
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        if mechanisms.contains("PLAIN") {
            let token = base64("\0\(credentials.username)\0\(credentials.password)")
            try await command("AUTH PLAIN \(token)", shown: "AUTH PLAIN", expect: 235)
        } else if mechanisms.contains("LOGIN") {
            try await command("AUTH LOGIN", expect: 334)
            try await command(base64(credentials.username), shown: "AUTH LOGIN", expect: 334)
            try await command(base64(credentials.password), shown: "AUTH LOGIN", expect: 235)
        } else {
            throw SMTPError.authenticationNotOffered
        }
    }
}
