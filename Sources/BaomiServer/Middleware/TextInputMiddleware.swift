import BaomiDomain
import Foundation
import NIOCore
import Vapor

/// Refuses, before any handler runs, a request whose path, query or body holds a NUL character or bytes that are
/// not UTF-8 — raw, percent-encoded (`%00`, `%FF`) or as a JSON escape (`\u0000`) — with 400: problem+json for the
/// API, the error page for the pages (S4, #12). No text Baomi keeps may contain either, PostgreSQL refuses NUL in
/// text outright (a 500 before this check), and one check here spares every handler and query from meeting them.
/// Future-based: a request without a body costs two byte scans and no task.
struct TextInputMiddleware: Middleware {
    /// The body size the routes collect (`app.routes.defaultMaxBodySize`); a larger body is a 413, as it was.
    let maxBodySize: Int
    /// The body size an upload to a request's attachments, a training session's materials (E6.1) or of a question
    /// file to the bank (E6.2) may have: the attachment limit and room for the form's other parts (#14). Such a body
    /// holds a file's bytes, not text: its parts are checked by the handler.
    var uploadBodySize = 0

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        if let place = TextInput.problem(path: request.url.path, query: request.url.query) {
            return request.eventLoop.makeFailedFuture(TextInput.refusal(place))
        }
        // Whatever the method: only the POST reads such a body, and any other method is answered by the router
        // (405 for one the path does not take), not refused here for the file's bytes.
        if uploadBodySize > 0, request.headers.contentType?.subType == "form-data",
            request.url.path.hasSuffix("/attachments") || request.url.path.hasSuffix("/materials")
                || request.url.path == SiteRoute.questionsImport.path
        {
            return request.body.collect(max: uploadBodySize).flatMap { _ in next.respond(to: request) }
        }
        return request.body.collect(max: maxBodySize).flatMapThrowing { body in
            if let body, let place = TextInput.problem(body: body, contentType: request.headers.contentType) {
                throw TextInput.refusal(place)
            }
        }.flatMap { next.respond(to: request) }
    }
}

/// The byte checks behind `TextInputMiddleware`, kept apart so they can be tested without a server.
enum TextInput {
    /// Where the bad text was, for the message.
    enum Place: String {
        case path, query, body
    }

    static func refusal(_ place: Place) -> RequestFailure {
        let zh: String
        let en: String
        switch place {
        case .path: (zh, en) = ("地址", "address")
        case .query: (zh, en) = ("查询参数", "query parameters")
        case .body: (zh, en) = ("请求内容", "body")
        }
        return .malformed(
            LocalizedText(
                zh: "请求的\(zh)含有空字符（NUL）或无效的 UTF-8 编码",
                en: "There is a NUL character or invalid UTF-8 in the request's \(en)"))
    }

    static func problem(path: String, query: String?) -> Place? {
        if !isCleanText(percentDecoded(Array(path.utf8), plusIsSpace: false)) { return .path }
        if let query, !isCleanText(percentDecoded(Array(query.utf8), plusIsSpace: true)) { return .query }
        return nil
    }

    static func problem(body: ByteBuffer, contentType: HTTPMediaType?) -> Place? {
        let bytes = body.readableBytesView
        guard isCleanText(bytes) else { return .body }
        if contentType == .urlEncodedForm, !isCleanText(percentDecoded(Array(bytes), plusIsSpace: true)) {
            return .body
        }
        if contentType?.subType == "json" || contentType?.subType.hasSuffix("+json") == true,
            containsEscapedNUL(bytes)
        {
            return .body
        }
        return nil
    }

    /// True when the bytes are UTF-8 and hold no NUL.
    static func isCleanText<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        !bytes.contains(0) && String(validating: bytes, as: UTF8.self) != nil
    }

    /// `%XX` decoded to the byte it names (and `+` to a space in a query or form); anything else as it is.
    static func percentDecoded(_ bytes: [UInt8], plusIsSpace: Bool) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "%")) || (plusIsSpace && bytes.contains(UInt8(ascii: "+"))) else {
            return bytes
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count, let high = bytes[index + 1].hexDigitValue,
                let low = bytes[index + 2].hexDigitValue
            {
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return decoded
    }

    /// A `\u0000` escape in JSON text. Backslashes occur only inside strings, and `\\` is skipped whole, so the
    /// escape is found however it is surrounded.
    static func containsEscapedNUL<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool where Bytes.Index == Int {
        let zero = UInt8(ascii: "0")
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard bytes[index] == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            let escaped = index + 1
            if escaped < bytes.endIndex, bytes[escaped] == UInt8(ascii: "u"), escaped + 4 < bytes.endIndex,
                bytes[(escaped + 1)...(escaped + 4)].allSatisfy({ $0 == zero })
            {
                return true
            }
            index += 2
        }
        return false
    }
}
