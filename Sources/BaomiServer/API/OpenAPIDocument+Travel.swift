import BaomiDomain

/// Schemas of travel abroad and the passport register (A7, L1.7).
extension OpenAPIDocument {
    static var travelSchemas: JSONValue {
        let date: JSONValue = ["type": "string", "format": "date", "pattern": datePattern, "description": "YYYY-MM-DD"]
        let optionalDate: JSONValue = ["type": ["string", "null"], "description": "YYYY-MM-DD"]
        let report = object(
            [("heldOn", string), ("heldBy", string), ("notes", string), ("recordedBy", string)],
            required: ["heldOn", "heldBy", "notes", "recordedBy"])
        let optionalReport: JSONValue = ["oneOf": [report, ["type": "null"]]]
        return [
            "TripReportInput": closedObject(
                [
                    ("kind", ["type": "string", "enum": .array(TripReportKind.allCases.map { .string($0.rawValue) })]),
                    ("heldOn", date), ("heldBy", text(max: 100)),
                    ("notes", ["type": ["string", "null"], "maxLength": 2000]),
                ], required: ["kind", "heldOn", "heldBy"]),
            "Trip": object(
                [
                    ("id", uuid), ("number", string), ("state", string), ("travellerID", optionalUUID),
                    ("traveller", string), ("destinations", strings), ("departureDate", string),
                    ("returnDate", string), ("nature", optionalString), ("purpose", string),
                    ("briefing", optionalReport), ("debriefing", optionalReport), ("debriefingDue", string),
                ],
                required: [
                    "id", "number", "state", "traveller", "destinations", "departureDate", "returnDate", "purpose",
                    "debriefingDue",
                ]),
            "TravelDocumentInput": closedObject(
                [
                    ("personID", uuid),
                    (
                        "kind",
                        ["type": "string", "enum": .array(TravelDocumentKind.allCases.map { .string($0.rawValue) })]
                    ),
                    ("number", text(max: 40)), ("expiresOn", optionalDate),
                    ("heldByUnit", ["type": ["boolean", "null"], "description": "kept by the unit (default true)"]),
                ], required: ["personID", "kind", "number"]),
            // The approved travel request; by default the holder's current one.
            "TravelDocumentOutInput": closedObject([("tripID", optionalUUID)], required: []),
            "TravelDocument": object(
                [
                    ("id", uuid), ("personID", uuid), ("holder", string), ("kind", string), ("number", string),
                    ("expiresOn", optionalString), ("heldByUnit", boolean), ("out", boolean), ("tripID", optionalUUID),
                    ("dueBack", optionalString),
                ], required: ["id", "personID", "holder", "kind", "number", "heldByUnit", "out"]),
            "TravelPolicy": closedObject(
                [("debriefingDays", integer(TravelRules.debriefingDaysRange, rule: "A7"))],
                required: ["debriefingDays"]),
        ]
    }
}

extension OpenAPIDocument {
    /// The payload fields of `travelAbroad` (A7, L1.7) and `formerStaffUse` (T14) in `RequestPayload`.
    static var travelPayloadFields: [(String, JSONValue)] {
        let abroad = Geography.countries.filter { $0.code != Destination.home }.map { JSONValue.string($0.code) }
        let optionalText: (Int) -> JSONValue = { ["type": ["string", "null"], "maxLength": .int($0)] }
        return [
            (
                "travellerID",
                [
                    "type": "string", "format": "uuid", "pattern": uuidPattern,
                    "description": "travelAbroad: who travels",
                ]
            ),
            (
                "destinations",
                [
                    "type": "array", "items": ["type": "string", "enum": .array(abroad)], "minItems": 1, "maxItems": 10,
                    "description": "travelAbroad: ISO 3166-1 alpha-2 codes outside the mainland (HK, MO, TW included)",
                ]
            ),
            ("places", optionalText(200)),
            ("departureDate", ["type": "string", "description": "travelAbroad: YYYY-MM-DD"]),
            ("purpose", ["type": "string", "maxLength": 500]),
            ("contactsAbroad", optionalText(1000)),
            ("nature", ["type": "string", "enum": .array(TravelNature.allCases.map { .string($0.rawValue) })]),
            ("travellerName", ["type": ["string", "null"], "description": "written by the server from the register"]),
            (
                "personID",
                [
                    "type": "string", "format": "uuid", "pattern": uuidPattern,
                    "description": "formerStaffUse: the former member of staff",
                ]
            ),
            ("newWork", ["type": "string", "maxLength": 1000]),
            ("secretsConcerned", ["type": "string", "maxLength": 1000]),
            ("consent", ["type": "boolean", "description": "formerStaffUse: whether the unit consents (T14)"]),
            ("fee", optionalText(200)),
            ("personName", ["type": ["string", "null"], "description": "written by the server from the register"]),
        ]
    }
}
