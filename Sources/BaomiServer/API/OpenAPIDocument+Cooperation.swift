import BaomiDomain

/// Schemas of the cooperation contracts' operations (T23).
extension OpenAPIDocument {
    static var cooperationSchemas: JSONValue {
        let coverage: JSONValue = [
            "type": "string", "enum": .array(SecrecyCoverage.allCases.map { .string($0.rawValue) }),
        ]
        let date: JSONValue = ["type": "string", "format": "date", "pattern": datePattern, "description": "YYYY-MM-DD"]
        let optionalDate: JSONValue = ["type": ["string", "null"], "description": "YYYY-MM-DD"]
        let nullableText: (Int) -> JSONValue = { ["type": ["string", "null"], "maxLength": .int($0)] }
        return [
            "CooperationContractInput": closedObject(
                [
                    ("partnerName", text(max: 200)), ("partnerCreditCode", nullableText(18)),
                    ("subject", text(max: 500)),
                    (
                        "level",
                        [
                            "type": ["string", "null"],
                            "description": "LevelID from the level catalogue; null: no secrets involved",
                        ]
                    ),
                    ("startsOn", date), ("endsOn", date), ("departmentID", uuid), ("coverage", coverage),
                    ("agreementSignedOn", optionalDate), ("clauseReference", nullableText(200)),
                ],
                required: ["partnerName", "subject", "startsOn", "endsOn", "departmentID", "coverage"]),
            "CooperationContract": object(
                [
                    ("id", uuid), ("partnerName", string), ("partnerCreditCode", optionalString), ("subject", string),
                    ("level", optionalString), ("startsOn", string), ("endsOn", string), ("departmentID", uuid),
                    ("department", string), ("coverage", coverage), ("agreementSignedOn", optionalDate),
                    ("clauseReference", optionalString), ("uncovered", ["type": "boolean"]), ("recordedBy", string),
                    ("updatedAt", ["type": "string", "format": "date-time"]),
                ],
                required: [
                    "id", "partnerName", "subject", "startsOn", "endsOn", "departmentID", "department", "coverage",
                    "uncovered", "recordedBy", "updatedAt",
                ]),
        ]
    }
}
