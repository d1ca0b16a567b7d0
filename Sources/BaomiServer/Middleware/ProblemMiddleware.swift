import BaomiDomain
import BaomiPersistence
import FluentKit
import Foundation
import Vapor

/// Turns every error into the right answer (DESIGN "Errors and bad input"): RFC 9457 problem+json for the API, a
/// page or a redirect for the browser. Nothing a client sends may become a 500; one that still happens is logged
/// and answered without internals. Future-based, so a request that succeeds starts no task here.
struct ProblemMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapError { error in
            request.eventLoop.makeFutureWithTask { try await Self.answer(error, request: request) }
        }
    }

    private static func answer(_ error: any Error, request: Request) async throws -> Response {
        let response = try await answerWithoutHeaders(error, request: request)
        if DatabaseBusy.matching(error) != nil {
            response.headers.replaceOrAdd(name: .retryAfter, value: String(DatabaseBusy.retryAfterSeconds))
        }
        return response
    }

    private static func answerWithoutHeaders(_ error: any Error, request: Request) async throws -> Response {
        let problem = Problem(error, request: request)
        if problem.status == 500 {
            request.logger.error("Unhandled error: \(String(reflecting: error))")
        }
        guard !request.isAPI && !request.url.path.hasPrefix("/openapi") else { return try problem.response() }
        if case RequestFailure.signInRequired = error {
            let next =
                request.url.path == "/"
                ? "" : "?next=\(request.url.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/")"
            return request.redirect(to: "/login\(next)")
        }
        if case RequestFailure.passwordChangeRequired = error {
            return request.redirect(to: SiteRoute.profilePassword.path)
        }
        if case RequestFailure.totpEnrolmentRequired = error {
            return request.redirect(to: SiteRoute.profile.path)
        }
        return try await ErrorPage.response(for: problem, request: request)
    }
}

/// An RFC 9457 problem with Baomi's extensions: the rule that refused, both languages, and per-field errors.
struct Problem: Content {
    struct FieldProblem: Content {
        var field: String
        var rule: String?
        var message: String
        var zh: String
        var en: String
    }

    var type: String
    var title: String
    var status: Int
    var detail: String
    var rule: String?
    var zh: String
    var en: String
    var errors: [FieldProblem]?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, rule, zh, en, errors
    }

    init(
        status: HTTPResponseStatus, slug: String, text: LocalizedText, rule: RuleID? = nil, errors: [FieldError]? = nil,
        language: Language
    ) {
        self.type = "/problems/\(slug)"
        self.status = Int(status.code)
        self.title = status.reasonPhrase
        let suffix = rule.map { " (\($0))" } ?? ""
        self.zh = text.zh + suffix
        self.en = text.en + suffix
        self.detail = "\(zh) / \(en)"
        self.rule = rule?.rawValue
        self.errors = errors?.map {
            FieldProblem(
                field: $0.field, rule: $0.rule?.rawValue, message: $0.message.text(in: language), zh: $0.message.zh,
                en: $0.message.en)
        }
    }

    init(_ error: any Error, request: Request) {
        let language = request.language
        if DatabaseBusy.matching(error) != nil {
            // Not a rule's refusal and not audited (the write could not take the lock for its record either): the
            // request was never carried out, and S4 says such a request leaves nothing behind.
            self.init(
                status: .serviceUnavailable, slug: "database-busy",
                text: LocalizedText(
                    zh: "数据库正被另一进程占用（如批量导入），本次操作未执行，请稍后重试",
                    en:
                        "The database is held by another process (such as a bulk import); nothing was changed, try again shortly"
                ),
                rule: .s4, language: language)
            return
        }
        switch error {
        case let refusal as Refusal:
            self.init(
                status: .unprocessableEntity, slug: "rule-refused", text: refusal.reason, rule: refusal.rule,
                language: language)
        case let failure as RequestFailure:
            self.init(failure, language: language)
        case let domain as DomainError:
            self.init(domain, language: language)
        case is DecodingError:
            self.init(
                status: .badRequest, slug: "malformed",
                text: LocalizedText(
                    zh: "请求格式错误：\(Self.describe(error))", en: "Malformed request: \(Self.describe(error))"),
                language: language)
        case let abort as any AbortError:
            let status = abort.status
            let text: LocalizedText =
                switch status {
                case .notFound: LocalizedText(zh: "页面或对象不存在", en: "Not found")
                case .payloadTooLarge: LocalizedText(zh: "请求内容过大", en: "The request is too large")
                case .unsupportedMediaType: LocalizedText(zh: "不支持的内容类型", en: "Unsupported content type")
                case .methodNotAllowed: LocalizedText(zh: "不支持该请求方法", en: "Method not allowed")
                default:
                    LocalizedText(zh: "请求无法处理：\(abort.reason)", en: "The request cannot be handled: \(abort.reason)")
                }
            self.init(
                status: status.code >= 500 ? .badRequest : status, slug: "http-\(status.code)", text: text,
                language: language)
            if status.code >= 500 {
                self.status = 500
            }
        default:
            self.init(
                status: .internalServerError, slug: "internal",
                text: LocalizedText(zh: "服务器内部错误，已记录", en: "Internal error; it has been logged"), language: language)
        }
    }

    private init(_ failure: RequestFailure, language: Language) {
        switch failure {
        case .signInRequired:
            self.init(
                status: .unauthorized, slug: "sign-in-required",
                text: LocalizedText(zh: "请先登录", en: "Please sign in"), rule: .s3, language: language)
        case .passwordChangeRequired:
            self.init(
                status: .forbidden, slug: "password-change-required",
                text: LocalizedText(zh: "请先修改初始密码", en: "Change your password first"), rule: .s3, language: language)
        case .totpEnrolmentRequired:
            self.init(
                status: .forbidden, slug: "totp-required",
                text: LocalizedText(zh: "三员账号须先启用动态口令", en: "Administrator accounts must enrol a second factor first"),
                rule: .s3, language: language)
        case .accessDenied(let refusal):
            self.init(
                status: .forbidden, slug: "access-denied", text: refusal.reason, rule: refusal.rule, language: language)
        case .malformed(let text):
            self.init(status: .badRequest, slug: "malformed", text: text, language: language)
        case .invalidFields(let errors, let unknownReference):
            self.init(
                status: .badRequest, slug: unknownReference ? "unknown-reference" : "invalid-parameter",
                text: errors.first?.message ?? LocalizedText(zh: "请求参数有误", en: "Invalid parameters"), errors: errors,
                language: language)
        case .csrfMismatch:
            self.init(
                status: .forbidden, slug: "csrf",
                text: LocalizedText(zh: "表单已过期，请刷新页面后重试", en: "The form has expired; reload the page and try again"),
                language: language)
        case .tooLarge(let refusal):
            self.init(
                status: .payloadTooLarge, slug: "too-large", text: refusal.reason, rule: refusal.rule,
                language: language)
        }
    }

    private init(_ error: DomainError, language: Language) {
        switch error {
        case .invalid(let errors):
            let first = errors.first
            self.init(
                status: .unprocessableEntity, slug: "invalid",
                text: first?.message ?? LocalizedText(zh: "输入有误", en: "Invalid input"), rule: first?.rule,
                errors: errors, language: language)
        case .notFound(let text):
            self.init(status: .notFound, slug: "not-found", text: text, language: language)
        case .conflict(let text, let rule):
            self.init(status: .conflict, slug: "conflict", text: text, rule: rule, language: language)
        }
    }

    private static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        switch decoding {
        case .keyNotFound(let key, _): return "缺少字段 missing field `\(key.stringValue)`"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "字段类型错误 wrong type at `\(context.codingPath.map(\.stringValue).joined(separator: "."))`"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "JSON 无法解析 unreadable JSON"
                : "字段值无效 bad value at `\(context.codingPath.map(\.stringValue).joined(separator: "."))`"
        @unknown default: return "\(error)"
        }
    }

    func response() throws -> Response {
        let response = Response(status: HTTPResponseStatus(statusCode: status))
        try response.content.encode(self, as: .json)
        response.headers.contentType = HTTPMediaType(
            type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
        return response
    }
}
