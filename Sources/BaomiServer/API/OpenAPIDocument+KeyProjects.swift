import BaomiDomain

/// Schemas of key projects and tracking files (T10, #16).
extension OpenAPIDocument {
    static var keyProjectSchemas: JSONValue {
        let date: JSONValue = ["type": "string", "format": "date", "pattern": datePattern, "description": "YYYY-MM-DD"]
        let optionalDate: JSONValue = [
            "type": ["string", "null"], "format": "date", "pattern": datePattern,
            "description": "YYYY-MM-DD, the project's last day; null: not fixed",
        ]
        let dateTime: JSONValue = ["type": "string", "format": "date-time"]
        let optionalDateTime: JSONValue = ["type": ["string", "null"], "format": "date-time"]
        let reason: JSONValue = [
            "type": "string", "enum": .array(TrackingFileReason.allCases.map { .string($0.rawValue) }),
        ]
        return [
            "ProjectKeyFactsInput": closedObject(
                [("isKeyProject", boolean), ("endsOn", optionalDate)], required: ["isKeyProject"]),
            "LeftWithoutConsentInput": closedObject(
                [("personID", uuid), ("occurredOn", date), ("account", text(max: 2000))],
                required: ["personID", "occurredOn", "account"]),
            "TrackingEntryInput": closedObject(
                [("enteredOn", date), ("text", text(max: 2000))], required: ["enteredOn", "text"]),
            "TrackingCloseInput": closedObject([("note", text(max: 2000))], required: ["note"]),
            "KeyProject": object(
                [
                    ("id", uuid), ("code", string), ("name", string), ("level", string), ("isKeyProject", boolean),
                    ("endsOn", optionalString), ("running", boolean),
                    (
                        "members",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("personID", uuid), ("name", string), ("employeeNumber", string),
                                    ("department", string), ("postClass", string), ("status", string),
                                    ("joinedOn", optionalString),
                                ],
                                required: [
                                    "personID", "name", "employeeNumber", "department", "postClass", "status",
                                ]),
                        ]
                    ),
                    ("openTrackingFiles", ["type": "array", "items": uuid]),
                ], required: ["id", "code", "name", "level", "isKeyProject", "running", "members", "openTrackingFiles"]),
            "TrackingFile": object(
                [
                    ("id", uuid), ("personID", uuid), ("personName", string), ("projectID", uuid),
                    ("projectCode", string), ("projectName", string), ("reason", reason), ("requestID", optionalUUID),
                    ("occurredOn", string), ("account", string), ("openedBy", string), ("openedAt", dateTime),
                    ("closedAt", optionalDateTime), ("closedBy", optionalString), ("closeNote", optionalString),
                    (
                        "entries",
                        [
                            "type": ["array", "null"],
                            "items": object(
                                [
                                    ("enteredOn", string), ("text", string), ("recordedBy", string),
                                    ("recordedAt", dateTime),
                                ], required: ["enteredOn", "text", "recordedBy", "recordedAt"]),
                        ]
                    ),
                ],
                required: [
                    "id", "personID", "personName", "projectID", "projectCode", "projectName", "reason", "occurredOn",
                    "account", "openedBy", "openedAt",
                ]),
        ]
    }
}
