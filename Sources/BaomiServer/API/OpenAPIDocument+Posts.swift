import BaomiDomain

/// Schemas of the register of secret posts and the 岗位履历 (A2, T9).
extension OpenAPIDocument {
    /// The payload fields of `secretPost` (涉密岗位任用, A2, A4, T8, T9) in `RequestPayload`; `personID`,
    /// `personName` and `postClass` are shared with the departure's.
    static var postPayloadFields: [(String, JSONValue)] {
        [
            ("postCode", ["type": "string", "maxLength": 32, "description": "secretPost: the registered post's code"]),
            ("postName", ["type": ["string", "null"], "description": "written by the server from the register"]),
            (
                "fromClass",
                ["type": ["string", "null"], "description": "written by the server: the class held before"]
            ),
        ]
    }

    static var postSchemas: JSONValue {
        let classes: JSONValue = ["type": "string", "enum": .array(PostDraft.classes.map { .string($0.rawValue) })]
        let kinds: JSONValue = [
            "type": "array", "maxItems": 4,
            "items": ["type": "string", "enum": .array(PostDraft.requestable.map { .string($0.rawValue) })],
            "description": "Agreements the post needs beyond its class's own (A4, T8)",
        ]
        return [
            "PostInput": closedObject(
                [
                    ("code", text(max: 32)), ("name", text(max: 100)), ("departmentID", uuid), ("postClass", classes),
                    ("extraAgreements", kinds),
                    ("field", ["type": ["string", "null"], "maxLength": 100, "description": "涉及领域 (T13)"]),
                ], required: ["code", "name", "departmentID", "postClass"]),
            "Post": object(
                [
                    ("id", uuid), ("code", string), ("name", string), ("departmentID", uuid), ("department", string),
                    ("postClass", string), ("extraAgreements", strings), ("agreementsNeeded", strings),
                    ("field", string), ("active", boolean), ("holders", ["type": "integer"]),
                ],
                required: [
                    "id", "code", "name", "departmentID", "department", "postClass", "extraAgreements",
                    "agreementsNeeded", "field", "active", "holders",
                ]),
            "PostHistoryEntry": object(
                [
                    ("from", string), ("until", optionalString), ("postCode", optionalString),
                    ("postName", optionalString), ("department", optionalString), ("postClass", string),
                    ("requestNumber", optionalString), ("reason", string), ("recordedBy", string),
                ], required: ["from", "postClass", "reason", "recordedBy"]),
        ]
    }
}
