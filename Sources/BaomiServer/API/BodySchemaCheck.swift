import BaomiDomain
import Foundation
import Vapor

/// Checks a JSON body against the schema `/openapi.json` publishes for its operation, before the handler decodes
/// it (S4, #12). The published schema is the contract: a missing required field, a `null` where the schema does not
/// allow one, a wrong type, a value outside its enum, a string longer than its `maxLength` or a number outside its
/// range is a 400 naming the field, and nothing runs. So an absent field never means "clear" — clearing takes an
/// explicit `null` where the schema says the field is nullable — and the document cannot promise what the server
/// does not enforce. It understands the part of JSON Schema `OpenAPIDocument` writes: `type`, `enum`, `required`,
/// `properties`, `additionalProperties`, `items`, `$ref`, `minLength`/`maxLength`, `minimum`/`maximum`,
/// `minItems`/`maxItems` and the formats `uuid` and `date`. A limit the domain itself refuses with a rule ID is
/// marked `x-rule` in the schema and left to the domain, so its 422 keeps citing the rule (C1.1, C8, C9, S3).
struct BodySchemaCheck: Sendable {
    let schema: JSONValue

    init(schemaNamed name: String) {
        schema = ["$ref": .string("#/components/schemas/\(name)")]
    }

    /// Every schema by name, built once.
    static let components: [String: JSONValue] = {
        guard case .object(let pairs) = OpenAPIDocument.allSchemas else { return [:] }
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }()

    /// Throws a 400 listing every field that breaks the schema; a body that is absent or not JSON is left to the
    /// handler (which refuses it, or takes no body).
    func check(_ request: Request) throws {
        guard let body = request.body.data, body.readableBytes > 0,
            request.headers.contentType?.subType == "json"
        else { return }
        let value: JSONInput
        do {
            value = try JSONDecoder().decode(JSONInput.self, from: Data(body.readableBytesView))
        } catch {
            throw RequestFailure.malformed(LocalizedText(zh: "JSON 无法解析", en: "The body is not readable JSON"))
        }
        var errors: [FieldError] = []
        Self.check(value, against: schema, at: "", errors: &errors)
        if !errors.isEmpty { throw RequestFailure.invalidFields(errors) }
    }

    static func check(_ value: JSONInput, against schema: JSONValue, at path: String, errors: inout [FieldError]) {
        if case .string(let reference)? = schema["$ref"] {
            let name = String(reference.split(separator: "/").last ?? "")
            if let resolved = components[name] { check(value, against: resolved, at: path, errors: &errors) }
            return
        }
        let field = path.isEmpty ? "body" : path
        func fail(_ zh: String, _ en: String) {
            errors.append(
                FieldError(field: field, message: LocalizedText(zh: "字段 \(field)：\(zh)", en: "\(field): \(en)")))
        }
        let types = typeNames(schema["type"])
        if case .array(let allowed)? = schema["enum"], !allowed.contains(where: { value.equals($0) }) {
            let names = allowed.map(\.enumText).joined(separator: ", ")
            fail("取值只能是 \(names)", "must be one of \(names)")
            return
        }
        if !types.isEmpty, !types.contains(where: value.isOfType) {
            if case .null = value {
                fail("不能为 null", "may not be null")
            } else {
                let names = types.joined(separator: " or ")
                fail("类型应为 \(names)", "must be of type \(names)")
            }
            return
        }
        let limitsAreTheDomains = schema["x-rule"] != nil
        switch value {
        case .string(let text):
            checkString(text, schema: schema, limits: !limitsAreTheDomains, fail: fail)
        case .number(let number) where !limitsAreTheDomains:
            if case .int(let minimum)? = schema["minimum"], number < Double(minimum) {
                fail("不能小于 \(minimum)", "must be at least \(minimum)")
            }
            if case .int(let maximum)? = schema["maximum"], number > Double(maximum) {
                fail("不能大于 \(maximum)", "must be at most \(maximum)")
            }
        case .array(let items):
            if case .int(let minimum)? = schema["minItems"], items.count < minimum {
                fail("至少 \(minimum) 项", "needs at least \(minimum) items")
            }
            if case .int(let maximum)? = schema["maxItems"], items.count > maximum {
                fail("至多 \(maximum) 项", "takes at most \(maximum) items")
            }
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() {
                    check(item, against: itemSchema, at: "\(field)[\(index)]", errors: &errors)
                }
            }
        case .object(let members):
            if case .array(let required)? = schema["required"] {
                for case .string(let name) in required where members[name] == nil {
                    let missing = path.isEmpty ? name : "\(path).\(name)"
                    errors.append(
                        FieldError(
                            field: missing,
                            message: LocalizedText(zh: "缺少必填字段 \(missing)", en: "Missing required field \(missing)")))
                }
            }
            let properties = schema["properties"]
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                let memberPath = path.isEmpty ? name : "\(path).\(name)"
                if properties?[name] == nil, schema["additionalProperties"] == .bool(false) {
                    // A closed object names what it accepts: a field it no longer takes is not silently ignored.
                    var accepted: [String] = []
                    if case .object(let pairs)? = properties { accepted = pairs.map(\.0) }
                    let list = accepted.joined(separator: ", ")
                    errors.append(
                        FieldError(
                            field: memberPath,
                            message: LocalizedText(
                                zh: "不接受字段 \(memberPath)，可用字段：\(list)",
                                en: "\(memberPath) is not accepted; the fields are: \(list)")))
                } else if let propertySchema = properties?[name] ?? schema["additionalProperties"] {
                    check(member, against: propertySchema, at: memberPath, errors: &errors)
                }
            }
        case .bool, .null, .number:
            break
        }
    }

    private static func checkString(
        _ text: String, schema: JSONValue, limits: Bool, fail: (String, String) -> Void
    ) {
        let length = text.unicodeScalars.count
        if limits, case .int(let minimum)? = schema["minLength"], length < minimum {
            fail("至少 \(minimum) 个字符", "needs at least \(minimum) characters")
        }
        if limits, case .int(let maximum)? = schema["maxLength"], length > maximum {
            fail("至多 \(maximum) 个字符", "takes at most \(maximum) characters")
        }
        switch schema["format"] {
        case .string("uuid")? where UUID(uuidString: text) == nil:
            fail("须为 UUID", "must be a UUID")
        case .string("date")? where CalendarDay(text) == nil:
            // The one date reader (`CalendarDay`): 2026-02-30 is named as a day that does not exist.
            if CalendarDay.looksLikeDate(text) {
                fail("\(text) 不是存在的日期", "\(text) is not a day of the calendar")
            } else {
                fail("须为 YYYY-MM-DD 格式的日期，而不是「\(text)」", "must be a date YYYY-MM-DD, not \"\(text)\"")
            }
        default:
            break
        }
    }

    private static func typeNames(_ type: JSONValue?) -> [String] {
        switch type {
        case .string(let name)?: [name]
        case .array(let names)?: names.compactMap { if case .string(let name) = $0 { name } else { nil } }
        default: []
        }
    }
}

/// Any JSON value, decoded as it came, for `BodySchemaCheck`.
enum JSONInput: Decodable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONInput])
    case object([String: JSONInput])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONInput].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONInput].self))
        }
    }

    func isOfType(_ name: String) -> Bool {
        switch (self, name) {
        case (.null, "null"), (.bool, "boolean"), (.string, "string"), (.array, "array"), (.object, "object"),
            (.number, "number"):
            true
        case (.number(let value), "integer"): value.rounded() == value && abs(value) <= 9_007_199_254_740_991
        default: false
        }
    }

    func equals(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.null, .null): true
        case (.string(let a), .string(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .int(let b)): a == Double(b)
        default: false
        }
    }
}

extension JSONValue {
    /// How an enum value reads in a message.
    fileprivate var enumText: String {
        switch self {
        case .string(let text): text
        case .int(let number): String(number)
        case .bool(let flag): String(flag)
        case .null: "null"
        case .array, .object: "…"
        }
    }
}
