import NIOCore

/// One SMTP reply (RFC 5321 4.2): a three-digit code and its text lines; multi-line replies arrive as one.
struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    var code: Int
    var lines: [String]

    var description: String { "\(code) \(lines.joined(separator: " / "))" }

    /// 2xx: done; 3xx: go on (334 for AUTH, 354 for DATA).
    var isPositive: Bool { (200..<400).contains(code) }
}

/// Splits the byte stream into replies: `250-first`, `250-second`, `250 last` make one reply of three lines.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    /// A server sending a longer line than this is not speaking SMTP (RFC 5321 4.5.3.1.5 allows 512 octets).
    static let maximumLineLength = 4096

    private var pending: [String] = []
    private var pendingCode: Int?

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineLength { throw SMTPError.malformedReply("line too long") }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex + 1
        guard var bytes = buffer.readBytes(length: length) else { return .needMoreData }
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { bytes.removeLast() }
        let line = String(decoding: bytes, as: UTF8.self)
        guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)) else {
            throw SMTPError.malformedReply(line)
        }
        if let pendingCode, pendingCode != code { throw SMTPError.malformedReply(line) }
        let separator = bytes.count > 3 ? bytes[3] : UInt8(ascii: " ")
        pending.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        if separator == UInt8(ascii: "-") {
            pendingCode = code
            return .continue
        }
        let reply = SMTPReply(code: code, lines: pending)
        pending = []
        pendingCode = nil
        context.fireChannelRead(wrapInboundOut(reply))
        return .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue, buffer.readableBytes > 0 {}
        return .needMoreData
    }
}

/// Turns a read timeout into an error, so a silent server ends the dialogue instead of hanging it.
final class SMTPReadTimeoutHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = SMTPReply
    typealias InboundOut = SMTPReply

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            context.fireErrorCaught(SMTPError.timeout)
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
