import BaomiDomain

/// Schemas of the access operations (A2, A4, A7).
extension OpenAPIDocument {
    static var accessSchemas: JSONValue {
        let postClass: JSONValue = ["type": "string", "enum": ["core", "important", "general", "nonSecret"]]
        let uuids: JSONValue = ["type": "array", "items": uuid]
        let date: JSONValue = ["type": ["string", "null"], "description": "YYYY-MM-DD"]
        return [
            "Reading": object(
                [
                    ("personID", optionalUUID), ("copyID", optionalUUID), ("reader", string),
                    ("kind", ["type": "string", "enum": .array(ReadingKind.allCases.map { .string($0.rawValue) })]),
                    ("at", ["type": "string", "format": "date-time"]), ("placeID", optionalUUID),
                ],
                required: ["reader", "kind", "at"]),
            "ClearanceInput": object(
                [
                    ("postClass", postClass), ("compartments", uuids), ("groups", uuids),
                    (
                        "separationUntil",
                        [
                            "type": ["string", "null"], "format": "date", "pattern": datePattern,
                            "description": "YYYY-MM-DD",
                        ]
                    ),
                    ("reason", text(max: 500)),
                ],
                // A PUT replaces the whole post: lists and date are stated, emptied with [] and null (#12).
                required: ["postClass", "compartments", "groups", "separationUntil", "reason"]),
            "Clearance": object(
                [
                    ("personID", uuid), ("postClass", postClass), ("compartments", uuids), ("groups", uuids),
                    ("separationUntil", date),
                    (
                        "history",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("postClass", postClass), ("compartments", uuids), ("groups", uuids),
                                    ("separationUntil", date), ("reason", string), ("changedBy", string),
                                    ("changedAt", ["type": "string", "format": "date-time"]),
                                ],
                                required: ["postClass", "reason", "changedBy", "changedAt"]),
                        ]
                    ),
                ],
                required: ["personID", "postClass", "compartments", "groups", "history"]),
            "PostClassCatalogue": object(
                [
                    (
                        "entries",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("postClass", postClass),
                                    ("maxima", ["type": "object", "additionalProperties": ["type": "string"]]),
                                ],
                                required: ["postClass", "maxima"]),
                        ]
                    )
                ],
                required: ["entries"]),
        ]
    }
}
