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
                            case .pathText(let name, let description):
                                [
                                    "name": .string(name), "in": "path", "required": true,
                                    "description": .string(description),
                                    "schema": ["type": "string"],
                                ]
                            case .query(let name, let type, let description, let required):
                                [
                                    "name": .string(name), "in": "query", "required": .bool(required),
                                    "description": .string(description), "schema": ["type": .string(type)],
                                ]
                            }
                        })
                ))
        }
        if let request = operation.requestSchema {
            fields.append(
                ("requestBody", ["required": true, "content": ["application/json": ["schema": reference(request)]]]))
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

    static let string: JSONValue = ["type": "string"]
    static let uuid: JSONValue = ["type": "string", "format": "uuid"]
    static let optionalUUID: JSONValue = ["type": ["string", "null"], "format": "uuid"]
    static let optionalString: JSONValue = ["type": ["string", "null"]]
    static let boolean: JSONValue = ["type": "boolean"]
    static let integer: JSONValue = ["type": "integer"]
    static let strings: JSONValue = ["type": "array", "items": ["type": "string"]]
    private static let roles: JSONValue = [
        "type": "array",
        "items": [
            "type": "string",
            "enum": ["sysadmin", "secadmin", "auditor", "securityOffice", "secrecyOfficer", "leader", "staff"],
        ],
    ]

    /// Every area's schemas; an area adds its `…Schemas` to this list.
    static var schemaGroups: [JSONValue] {
        [schemas, carrierSchemas, requestSchemas, accessSchemas, complianceSchemas, overviewSchemas, reportSchemas]
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
                    ("rule", optionalString), ("zh", string), ("en", string),
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
                [("token", string), ("mustChangePassword", boolean), ("idleTimeoutMinutes", integer)],
                required: ["token", "mustChangePassword"]),
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
                    ("secrecyOfficerID", optionalUUID),
                ],
                required: ["id", "name", "code", "kind"]),
            "OrgUnitInput": object(
                [
                    ("name", string), ("code", string), ("kind", ["type": "string", "enum": ["unit", "department"]]),
                    ("parentID", optionalUUID),
                    ("isKeyDepartment", boolean), ("sortOrder", integer),
                ],
                required: ["name", "code"]),
            "Person": object(
                [
                    ("id", uuid), ("name", string), ("employeeNumber", string), ("departmentID", uuid),
                    ("departmentName", optionalString), ("post", string),
                    ("isLeader", boolean), ("status", ["type": "string", "enum": ["active", "leaving", "departed"]]),
                ],
                required: ["id", "name", "employeeNumber", "departmentID"]),
            "PersonInput": object(
                [
                    ("name", string), ("employeeNumber", string), ("departmentID", uuid), ("post", string),
                    ("isLeader", boolean),
                    ("status", ["type": "string", "enum": ["active", "leaving", "departed"]]),
                ],
                required: ["name", "employeeNumber", "departmentID"]),
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
                ],
                required: ["id", "username", "roles"]),
            "AccountInput": object(
                [("username", string), ("displayName", string), ("personID", optionalUUID), ("password", string)],
                required: ["username", "password"]),
            "AccountUpdateInput": object(
                [("displayName", string), ("personID", optionalUUID), ("isDisabled", boolean)],
                required: ["displayName", "isDisabled"]),
            "RolesInput": object([("roles", roles)], required: ["roles"]),
            "PasswordResetInput": object([("password", string)], required: ["password"]),
            "EmailInput": object([("email", optionalEmail)], required: ["email"]),
            "SecurityPolicy": object(
                [
                    ("passwordMinLength", integer), ("passwordMinClasses", integer), ("lockoutThreshold", integer),
                    ("lockoutMinutes", integer),
                    ("idleTimeoutMinutes", integer), ("totpRequiredForAdministrators", boolean),
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
                    ("recordsChecked", integer), ("checkpointsChecked", integer), ("seconds", ["type": "number"]),
                    (
                        "problem",
                        [
                            "type": ["object", "null"],
                            "properties": ["leafIndex": ["type": ["integer", "null"]], "message": string],
                        ]
                    ),
                ],
                required: ["recordsChecked", "checkpointsChecked"]),
        ]
    }
}
