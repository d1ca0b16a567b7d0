/// Schemas of the compliance engine's operations (REMIND).
extension OpenAPIDocument {
    static var complianceSchemas: JSONValue {
        let severity: JSONValue = ["type": "string", "enum": ["notice", "warning", "overdue"]]
        return [
            "Finding": object(
                [
                    ("id", uuid), ("check", string), ("rule", string), ("severity", severity), ("open", boolean),
                    ("subjectType", string), ("subjectID", uuid), ("subject", string),
                    ("personID", optionalUUID), ("departmentID", optionalUUID), ("due", optionalString),
                    ("zh", string), ("en", string), ("openedAt", ["type": "string", "format": "date-time"]),
                    ("closedAt", ["type": ["string", "null"], "format": "date-time"]),
                ], required: ["id", "check", "rule", "severity", "open", "subject", "zh", "en", "openedAt"]),
            "FindingPage": object(
                [("total", integer), ("rows", ["type": "array", "items": ["$ref": "#/components/schemas/Finding"]])],
                required: ["total", "rows"]),
            "ComplianceCheck": object(
                [("check", string), ("rule", string), ("zh", string), ("en", string)],
                required: ["check", "rule", "zh", "en"]),
            "ComplianceSummary": object(
                [
                    ("opened", integer), ("updated", integer), ("closed", integer), ("open", integer),
                    ("seconds", ["type": "number"]),
                ], required: ["opened", "updated", "closed", "open"]),
        ]
    }
}
