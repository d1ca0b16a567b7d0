import BaomiDomain
import NIOHTTP1

/// The OpenAPI 3.1 document at `/openapi.json`, built from the registered operations plus the schemas below.
enum OpenAPIDocument {
    static func build(_ operations: [APIOperation]) -> JSONValue {
        var paths: [(String, JSONValue)] = []
        for operation in operations {
            let path = "/api/v1/" + operation.path
            let entry = (operation.method.rawValue.lowercased(), describe(operation))
            if let index = paths.firstIndex(where: { $0.0 == path }), case .object(var methods) = paths[index].1 {
                methods.append(entry)
                paths[index].1 = .object(methods)
            } else {
                paths.append((path, .object([entry])))
            }
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Baomi 保密管理系统 API",
                "version": "1.0.0",
                "description":
                    "Errors are RFC 9457 problem+json with `rule` (the requirement ID that refused), `zh` and `en`.",
            ],
            "servers": [["url": "/"]],
            "paths": .object(paths),
            "components": [
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "description": "Token from POST /api/v1/auth/login"]
                ],
                "schemas": allSchemas,
            ],
        ]
    }

    /// A query parameter's schema: its type and every limit the server holds it to.
    private static func querySchema(
        type: String, values: [String]?, range: ClosedRange<Int>?, maxLength: Int?, format: String?
    ) -> JSONValue {
        var schema: [(String, JSONValue)] = [("type", .string(type))]
        if let values { schema.append(("enum", .array(values.map(JSONValue.string)))) }
        if let range { schema += [("minimum", .int(range.lowerBound)), ("maximum", .int(range.upperBound))] }
        if let maxLength { schema.append(("maxLength", .int(maxLength))) }
        if let format { schema.append(("format", .string(format))) }
        return .object(schema)
    }

    private static func reference(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    private static func describe(_ operation: APIOperation) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("operationId", .string(operation.operationID)), ("summary", .string(operation.summary)),
            ("tags", [.string(operation.tag)]),
        ]
        if !operation.parameters.isEmpty {
            fields.append(
                (
                    "parameters",
                    .array(
                        operation.parameters.map { parameter in
                            switch parameter {
                            case .path(let name, let description):
                                [
                                    "name": .string(name), "in": "path", "required": true,
                                    "description": .string(description),
                                    "schema": ["type": "string", "format": "uuid"],
                                ]
                            case .pathText(let name, let description, let values):
                                [
                                    "name": .string(name), "in": "path", "required": true,
                                    "description": .string(description),
                                    "schema": querySchema(
                                        type: "string", values: values, range: nil, maxLength: nil, format: nil),
                                ]
                            case .query(
                                let name, let type, let description, let required, let values, let range,
                                let maxLength, let format):
                                [
                                    "name": .string(name), "in": "query", "required": .bool(required),
                                    "description": .string(description),
                                    "schema": querySchema(
                                        type: type, values: values, range: range, maxLength: maxLength, format: format),
                                ]
                            }
                        })
                ))
        }
        if let request = operation.requestSchema {
            fields.append(
                ("requestBody", ["required": true, "content": ["application/json": ["schema": reference(request)]]]))
        }
        if let upload = operation.multipartSchema {
            fields.append(
                ("requestBody", ["required": true, "content": ["multipart/form-data": ["schema": reference(upload)]]]))
        }
        var success: [(String, JSONValue)] = [("description", "OK")]
        if let response = operation.responseSchema {
            let schema =
                operation.responseIsArray ? ["type": "array", "items": reference(response)] : reference(response)
            success.append(("content", ["application/json": ["schema": schema]]))
        }
        let problem: JSONValue = ["content": ["application/problem+json": ["schema": reference("Problem")]]]
        func problemResponse(_ description: String, headers: JSONValue? = nil) -> JSONValue {
            guard case .object(var pairs) = problem else { return problem }
            pairs.insert(("description", .string(description)), at: 0)
            if let headers { pairs.append(("headers", headers)) }
            return .object(pairs)
        }
        var responses: [(String, JSONValue)] = [
            (String(operation.successStatus), .object(success)),
            ("400", problemResponse("Malformed request")),
            ("422", problemResponse("A rule refused, or a field is invalid")),
        ]
        if operation.multipartSchema != nil {
            responses.append(("413", problemResponse("The upload exceeds the configured limit")))
            responses.append(("415", problemResponse("The body is not multipart/form-data")))
        }
        if operation.needsSignIn {
            responses += [
                ("401", problemResponse("Not signed in")),
                ("403", problemResponse("The account's roles do not allow this (S1)")),
                ("404", problemResponse("Not found")),
                ("409", problemResponse("State conflict")),
            ]
            fields.append(("security", [["bearer": []]]))
        } else {
            responses.append(("401", problemResponse("Sign-in refused (S3)")))
        }
        // Any operation may write (were it only an audit record) while another process holds the SQLite file (#12).
        responses.append(
            (
                "503",
                problemResponse(
                    "The database is held by another process; nothing was changed (S4)",
                    headers: ["Retry-After": ["description": "Seconds to wait before trying again", "schema": integer]])
            ))
        fields.append(("responses", .object(responses)))
        return .object(fields)
    }

    static func object(_ properties: [(String, JSONValue)], required: [String]) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.map(JSONValue.string))]
    }

    /// An object that accepts only its own fields: a body naming another is a 400 listing the ones it takes (e.g.
    /// escorts typed as names where the register's ids are wanted, C3).
    static func closedObject(_ properties: [(String, JSONValue)], required: [String]) -> JSONValue {
        [
            "type": "object", "properties": .object(properties), "required": .array(required.map(JSONValue.string)),
            "additionalProperties": false,
        ]
    }

    static let string: JSONValue = ["type": "string"]
    /// UUIDs carry their pattern too: generators and validators honour a pattern where they skip a format.
    static let uuidPattern: JSONValue = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
    static let uuid: JSONValue = ["type": "string", "format": "uuid", "pattern": uuidPattern]
    static let optionalUUID: JSONValue = ["type": ["string", "null"], "format": "uuid", "pattern": uuidPattern]
    static let datePattern: JSONValue = "^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
    static let optionalString: JSONValue = ["type": ["string", "null"]]
    static let boolean: JSONValue = ["type": "boolean"]
    /// Integers are JSON's safe ones (±2^53 − 1): what every client can hold and the server can store.
    static let integer: JSONValue = [
        "type": "integer", "minimum": -9_007_199_254_740_991, "maximum": 9_007_199_254_740_991,
    ]
    static let strings: JSONValue = ["type": "array", "items": ["type": "string"]]

    /// A string of at most `max` characters (as the domain's `FieldValidator` counts them, or as the server keeps).
    static func text(max: Int) -> JSONValue { ["type": "string", "maxLength": .int(max)] }
    /// A whole number within the range the server accepts; with `rule`, the domain refuses the rest citing it.
    static func integer(_ range: ClosedRange<Int>, rule: String? = nil) -> JSONValue {
        var schema: JSONValue = [
            "type": "integer", "minimum": .int(range.lowerBound), "maximum": .int(range.upperBound),
        ]
        if let rule, case .object(var pairs) = schema {
            pairs.append(("x-rule", .string(rule)))
            schema = .object(pairs)
        }
        return schema
    }

    /// The body of a `PUT` that replaces a resource: every field of the create schema is required, so a field
    /// left out is a 400, never a silent reset; the nullable ones are cleared by an explicit `null` (#12).
    static func replacement(of schema: JSONValue) -> JSONValue {
        guard case .object(var pairs) = schema, case .object(let properties)? = schema["properties"],
            let index = pairs.firstIndex(where: { $0.0 == "required" })
        else { return schema }
        pairs[index].1 = .array(properties.map { .string($0.0) })
        return .object(pairs)
    }
    private static let roles: JSONValue = [
        "type": "array",
        "items": [
            "type": "string",
            "enum": .array(Role.allCases.map { .string($0.rawValue) }),
        ],
    ]

    private static let orgUnitInput = object(
        [
            ("name", text(max: 100)), ("code", text(max: 32)),
            ("kind", ["type": "string", "enum": ["unit", "department"], "default": "department"]),
            ("parentID", optionalUUID), ("isKeyDepartment", ["type": "boolean", "default": false]),
            ("sortOrder", ["type": "integer", "minimum": -1_000_000, "maximum": 1_000_000, "default": 0]),
        ],
        required: ["name", "code"])

    private static let personInput = object(
        [
            ("name", text(max: 50)), ("employeeNumber", text(max: 32)), ("departmentID", uuid),
            ("post", ["type": "string", "maxLength": 100, "default": ""]),
            ("isLeader", ["type": "boolean", "default": false]),
            ("status", ["type": "string", "enum": ["active", "leaving", "departed"], "default": "active"]),
        ],
        required: ["name", "employeeNumber", "departmentID"])

    /// Every area's schemas; an area adds its `…Schemas` to this list.
    static var schemaGroups: [JSONValue] {
        [
            schemas, carrierSchemas, requestSchemas, accessSchemas, complianceSchemas, overviewSchemas, reportSchemas,
            accountChangeSchemas, approvalSchemas, paperSchemas, examSchemas, trainingSchemas, peopleSchemas,
            departureSchemas, agreementSchemas, travelSchemas, postSchemas, keyProjectSchemas, cooperationSchemas,
        ]
    }

    static var allSchemas: JSONValue {
        .object(
            schemaGroups.flatMap { group -> [(String, JSONValue)] in
                guard case .object(let entries) = group else { return [] }
                return entries
            })
    }

    static var schemas: JSONValue {
        [
            "Problem": object(
                [
                    ("type", string), ("title", string), ("status", integer), ("detail", string),
                    ("rule", optionalString), ("zh", string), ("en", string), ("requestID", string),
                    (
                        "errors",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("field", string), ("rule", optionalString), ("message", string), ("zh", string),
                                    ("en", string),
                                ], required: ["field", "message"]),
                        ]
                    ),
                ],
                required: ["type", "title", "status", "detail"]),
            "LoginRequest": object(
                [("username", string), ("password", string), ("totp", optionalString)],
                required: ["username", "password"]),
            "LoginResponse": object(
                [
                    ("token", string), ("mustChangePassword", boolean), ("totpEnrolmentRequired", boolean),
                    ("idleTimeoutMinutes", integer),
                    ("notices", ["type": "array", "items": ["$ref": "#/components/schemas/AccountNotice"]]),
                ],
                required: ["token", "mustChangePassword", "totpEnrolmentRequired"]),
            "TOTPEnrolment": object([("secret", string), ("uri", string)], required: ["secret", "uri"]),
            "TOTPConfirmation": object(
                [("code", ["type": "string", "pattern": "^[0-9]{6}$"])], required: ["code"]),
            "PasswordChangeRequest": object(
                [("currentPassword", string), ("newPassword", string)], required: ["currentPassword", "newPassword"]),
            "Me": object(
                [
                    ("id", uuid), ("username", string), ("displayName", string), ("personID", optionalUUID),
                    ("roles", roles), ("language", ["type": "string", "enum": ["zh", "en"]]),
                    ("totpEnabled", boolean), ("mustChangePassword", boolean), ("email", optionalEmail),
                ],
                required: ["id", "username", "roles"]),
            "OrgUnit": object(
                [
                    ("id", uuid), ("name", string), ("code", string),
                    ("kind", ["type": "string", "enum": ["unit", "department"]]), ("parentID", optionalUUID),
                    ("isKeyDepartment", boolean), ("isManagingDepartment", boolean), ("sortOrder", integer),
                    ("secrecyOfficerID", optionalUUID), ("headID", optionalUUID), ("leaderInChargeID", optionalUUID),
                ],
                required: ["id", "name", "code", "kind"]),
            "OrgUnitInput": orgUnitInput,
            "OrgUnitUpdate": replacement(of: orgUnitInput),
            "Person": object(
                [
                    ("id", uuid), ("name", string), ("employeeNumber", string), ("departmentID", uuid),
                    ("departmentName", optionalString), ("post", string),
                    ("isLeader", boolean), ("status", ["type": "string", "enum": ["active", "leaving", "departed"]]),
                ],
                required: ["id", "name", "employeeNumber", "departmentID"]),
            "PersonInput": personInput,
            "PersonUpdate": replacement(of: personInput),
            "WorkingGroupMember": object(
                [
                    ("personID", uuid), ("name", string),
                    ("role", ["type": "string", "enum": ["head", "deputy", "member"]]),
                ], required: ["personID", "role"]),
            "WorkingGroupInput": object(
                [("role", ["type": ["string", "null"], "enum": ["head", "deputy", "member", nil]])], required: ["role"]),
            "SecrecyOfficerInput": object([("personID", optionalUUID)], required: ["personID"]),
            "Account": object(
                [
                    ("id", uuid), ("username", string), ("displayName", string), ("personID", optionalUUID),
                    ("roles", roles), ("isDisabled", boolean),
                    ("isLocked", boolean), ("failedSignIns", integer), ("mustChangePassword", boolean),
                    ("totpEnabled", boolean), ("isBuiltIn", boolean),
                    ("lastSignInAt", ["type": ["string", "null"], "format": "date-time"]),
                    ("email", optionalEmail),
                    (
                        "pendingChanges",
                        [
                            "type": "array",
                            "items": ["type": "string", "enum": ["passwordReset", "personChange", "emailChange"]],
                        ]
                    ),
                ],
                required: ["id", "username", "roles"]),
            "AccountInput": object(
                [
                    ("username", text(max: 32)), ("displayName", text(max: 50)), ("personID", optionalUUID),
                    ("password", string),
                ],
                required: ["username", "password"]),
            "AccountUpdateInput": object(
                [("displayName", text(max: 50)), ("personID", optionalUUID), ("isDisabled", boolean)],
                required: ["displayName", "personID", "isDisabled"]),
            "RolesInput": object([("roles", roles)], required: ["roles"]),
            "PasswordResetInput": object([("password", string)], required: ["password"]),
            "EmailInput": object([("email", optionalEmail)], required: ["email"]),
            // The ranges `SecurityPolicy.validate` keeps (S3).
            "SecurityPolicy": object(
                [
                    ("passwordMinLength", integer(8...128, rule: "S3")),
                    ("passwordMinClasses", integer(1...4, rule: "S3")),
                    ("lockoutThreshold", integer(3...10, rule: "S3")),
                    ("lockoutMinutes", integer(0...1440, rule: "S3")),
                    ("idleTimeoutMinutes", integer(1...60, rule: "S3")), ("totpRequiredForAdministrators", boolean),
                ],
                required: [
                    "passwordMinLength", "passwordMinClasses", "lockoutThreshold", "lockoutMinutes",
                    "idleTimeoutMinutes", "totpRequiredForAdministrators",
                ]),
            "AuditRecord": object(
                [
                    ("leafIndex", integer), ("recordedAt", string), ("actorID", optionalString), ("actorName", string),
                    ("actorKind", string), ("ip", optionalString),
                    ("action", string), ("objectType", optionalString), ("objectID", optionalString),
                    ("objectLabel", optionalString), ("outcome", string),
                    ("rule", optionalString),
                    ("details", ["type": "object", "additionalProperties": ["type": "string"]]), ("leafHash", string),
                ],
                required: ["leafIndex", "recordedAt", "actorName", "action", "outcome", "leafHash"]),
            "Checkpoint": object(
                [
                    ("treeSize", integer), ("rootHash", string), ("signedAt", string), ("keyID", string),
                    ("signature", string), ("publicKey", string), ("signedMessage", string),
                ],
                required: ["treeSize", "rootHash", "signature", "publicKey"]),
            "InclusionProof": object(
                [
                    ("leafIndex", integer), ("treeSize", integer), ("leafHash", string), ("rootHash", string),
                    ("auditPath", strings),
                ],
                required: ["leafIndex", "treeSize", "leafHash", "rootHash", "auditPath"]),
            "ConsistencyProof": object(
                [
                    ("firstSize", integer), ("secondSize", integer), ("firstRootHash", string),
                    ("secondRootHash", string), ("proof", strings),
                ],
                required: ["firstSize", "secondSize", "firstRootHash", "secondRootHash", "proof"]),
            "VerificationReport": object(
                [
                    ("recordsChecked", integer), ("checkpointsChecked", integer), ("journalEntriesChecked", integer),
                    ("seconds", ["type": "number"]),
                    (
                        "problem",
                        [
                            "type": ["object", "null"],
                            "properties": ["leafIndex": ["type": ["integer", "null"]], "message": string],
                        ]
                    ),
                    (
                        "problems",
                        [
                            "type": "array",
                            "items": [
                                "type": "object",
                                "properties": ["leafIndex": ["type": ["integer", "null"]], "message": string],
                            ],
                        ]
                    ),
                    ("warnings", strings),
                ],
                required: ["recordsChecked", "checkpointsChecked", "problems", "warnings"]),
        ]
    }
}
