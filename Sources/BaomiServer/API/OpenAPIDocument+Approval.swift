import BaomiDomain

/// Schemas of the inbox, stand-ins, chains and resubmission (issue #14).
extension OpenAPIDocument {
    static var approvalSchemas: JSONValue {
        let date: JSONValue = ["type": "string", "pattern": datePattern, "description": "YYYY-MM-DD"]
        let dateTime: JSONValue = ["type": "string", "format": "date-time"]
        let approver: JSONValue = [
            "type": "string", "maxLength": 80,
            "description": .string(
                "role:securityOffice|secrecyOfficer|leader, relation:departmentHead|departmentOfficer|"
                    + "leaderInCharge, person:<person id>, or recorded"),
        ]
        let step = closedObject(
            [
                ("title", text(max: 100)),
                ("approvers", ["type": "array", "items": approver, "minItems": 1, "maxItems": 5]),
                ("mode", ["type": ["string", "null"], "enum": ["any", "all", nil]]),
                ("escalation", ["type": ["string", "null"], "maxLength": 80]),
            ], required: ["title", "approvers"])
        return [
            "WaitingDays": closedObject([("days", integer(1...90, rule: "A6"))], required: ["days"]),
            "DepartmentLeadersInput": closedObject(
                [("headID", optionalUUID), ("leaderInChargeID", optionalUUID)], required: []),
            "ResubmitInput": closedObject(
                [("reason", text(max: 1000)), ("payload", ["$ref": "#/components/schemas/RequestPayload"])],
                required: ["reason"]),
            "InboxItem": object(
                [
                    ("requestID", uuid), ("number", string), ("kind", string), ("state", string), ("requester", string),
                    ("carrier", optionalString), ("createdAt", dateTime), ("waitingSince", dateTime),
                ], required: ["requestID", "number", "kind", "state", "requester", "createdAt", "waitingSince"]),
            "DelegationInput": closedObject(
                [("standIn", text(max: 64)), ("startsOn", date), ("endsOn", date)],
                required: ["standIn", "startsOn", "endsOn"]),
            "Delegation": object(
                [
                    ("id", uuid), ("delegator", string), ("standIn", string), ("startsOn", string), ("endsOn", string),
                    ("revoked", boolean), ("mine", boolean),
                ], required: ["id", "delegator", "standIn", "startsOn", "endsOn", "revoked", "mine"]),
            "ChainStep": step,
            "ChainInput": closedObject(
                [
                    ("kind", ["type": "string", "enum": .array(RequestKind.allCases.map { .string($0.rawValue) })]),
                    ("level", ["type": ["string", "null"], "maxLength": 64]),
                    ("steps", ["type": "array", "items": ["$ref": "#/components/schemas/ChainStep"], "maxItems": 10]),
                    ("note", text(max: 500)),
                ], required: ["kind", "steps", "note"]),
            "ChainVersion": object(
                [
                    ("kind", string), ("level", optionalString), ("number", integer), ("label", string),
                    ("steps", ["type": "array", "items": ["$ref": "#/components/schemas/ChainStep"]]), ("note", string),
                    ("createdBy", string), ("createdAt", ["type": ["string", "null"], "format": "date-time"]),
                ], required: ["kind", "number", "label", "steps", "note", "createdBy"]),
        ]
    }
}
