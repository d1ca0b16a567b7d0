import BaomiDomain

/// Schemas of the approval engine's operations.
extension OpenAPIDocument {
    static var requestSchemas: JSONValue {
        let payload = closedObject(
            [
                ("count", integer), ("method", ["type": "string", "enum": ["facility", "inHouse"]]),
                ("destructionPlace", string),
                ("transportPeople", strings), ("vehicle", string), ("equipment", string),
                ("change", ["type": "string", "enum": ["declassify", "changeLevel", "extend"]]), ("newLevel", string),
                ("newPeriod", string),
                ("retainerID", uuid), ("placeID", uuid), ("until", string), ("outsideApproval", string),
                ("returnDate", ["type": "string", "description": "YYYY-MM-DD, borrowing and carrying out"]),
                ("purposeKind", ["type": "string", "enum": ["work", "socialEvent", "hospitalDelivery"]]),
                (
                    "destinationCountry",
                    [
                        "type": "string", "enum": .array(Geography.countries.map { .string($0.code) }),
                        "description": "ISO 3166-1 alpha-2; CN is the mainland, any other is abroad (L1.7)",
                    ]
                ),
                (
                    "destinationProvince",
                    [
                        "type": ["string", "null"],
                        "enum": .array(Geography.provinces.map { .string($0.code) } + [nil]),
                        "description": "GB/T 2260 code of the mainland province",
                    ]
                ),
                ("destination", ["type": "string", "maxLength": 200, "description": "the unit or place"]),
                (
                    "escortIDs",
                    [
                        "type": "array", "items": uuid, "maxItems": 10,
                        "description": "people from the register who carry it, cleared for the level (C4)",
                    ]
                ),
                ("courierID", optionalUUID),
                ("personID", uuid),
                (
                    "departureKind",
                    [
                        "type": "string", "enum": .array(Departure.Way.allCases.map { .string($0.rawValue) }),
                        "description": "departure (离岗离职, T22): how the person leaves",
                    ]
                ),
                ("lastWorkingDay", ["type": "string", "description": "YYYY-MM-DD, departure"]),
                (
                    "newEmployer",
                    ["type": ["string", "null"], "maxLength": 200, "description": "departure: for the notice (T12)"]
                ),
                ("personName", optionalString), ("employeeNumber", optionalString), ("departmentName", optionalString),
                ("postClass", optionalString),
                // 重点项目人员调离 (T10), and a departure's key projects (written by the server).
                ("projectID", uuid), ("projectCode", optionalString), ("projectName", optionalString),
                ("projectEndsOn", optionalString), ("keyProjects", ["type": ["array", "null"], "items": string]),
                (
                    "draft",
                    [
                        "$ref": "#/components/schemas/CarrierInput",
                        "description": "classify (定密审批, T5.1): the draft carrier, as a registration takes it",
                    ]
                ),
            ] + travelPayloadFields + postPayloadFields,
            required: [])
        return [
            "Register": object(
                [
                    ("register", string), ("title", string), ("headers", strings),
                    ("rows", ["type": "array", "items": strings]),
                ], required: ["register", "headers", "rows"]),
            "InventoryInput": object(
                [("name", text(max: 200)), ("departmentID", optionalUUID), ("placeID", optionalUUID)],
                required: ["name"]),
            "InventoryFoundInput": object(
                [
                    (
                        "codes",
                        [
                            "type": "array", "items": text(max: 64), "maxItems": 2000,
                            "description": "Copy numbers carrierNumber/serial",
                        ]
                    )
                ], required: ["codes"]),
            "Inventory": object(
                [
                    ("id", uuid), ("name", string), ("departmentID", optionalUUID), ("placeID", optionalUUID),
                    ("createdAt", ["type": "string", "format": "date-time"]),
                    ("closedAt", ["type": ["string", "null"], "format": "date-time"]), ("expected", integer),
                    ("missing", strings), ("unexpected", strings),
                    (
                        "items",
                        [
                            "type": "array",
                            "items": object(
                                [("copyID", uuid), ("code", string), ("found", boolean), ("foundBy", string)],
                                required: ["copyID", "code", "found"]),
                        ]
                    ),
                ],
                required: ["id", "name", "expected", "missing", "unexpected"]),
            "RequestPayload": payload,
            "RequestInput": object(
                [
                    (
                        "kind",
                        [
                            "type": "string",
                            "enum": .array(RequestKind.allCases.map { .string($0.rawValue) }),
                        ]
                    ),
                    ("carrierID", optionalUUID),
                    ("copyIDs", ["type": "array", "items": uuid]), ("reason", string),
                    ("payload", ["$ref": "#/components/schemas/RequestPayload"]),
                ],
                required: ["kind", "copyIDs", "reason"]),
            "ReturnInput": object([("force", boolean)], required: []),
            "CheckInInput": closedObject([("placeID", optionalUUID)], required: []),
            "Loan": object(
                [
                    ("requestID", uuid), ("kind", ["type": "string", "enum": ["borrow", "carryOut"]]), ("copyID", uuid),
                    ("carrierNumber", string), ("serial", integer), ("borrower", string),
                    ("borrowerPersonID", optionalUUID), ("placeOfUse", optionalString), ("destination", string),
                    ("returnDate", string),
                    ("issuedAt", ["type": ["string", "null"], "format": "date-time"]),
                    ("returnedAt", ["type": ["string", "null"], "format": "date-time"]),
                    ("checkedInAt", ["type": ["string", "null"], "format": "date-time"]),
                    ("parentRequestID", optionalUUID), ("forced", boolean),
                    ("overdue", boolean),
                ],
                required: ["requestID", "kind", "copyID", "borrower", "returnDate", "forced", "overdue"]),
            "DecisionInput": object(
                [
                    ("verdict", ["type": "string", "enum": ["approve", "refuse", "return"]]),
                    ("comment", ["type": ["string", "null"], "maxLength": 500]),
                    ("conditions", ["type": ["string", "null"], "maxLength": 500]),
                    ("step", ["type": "integer", "minimum": 0, "maximum": 100]),
                ],
                required: ["verdict"]),
            "Request": object(
                [
                    ("id", uuid), ("number", string), ("kind", string), ("state", string), ("requester", string),
                    ("carrierID", optionalUUID),
                    ("copyIDs", ["type": "array", "items": uuid]), ("reason", string),
                    ("payload", ["$ref": "#/components/schemas/RequestPayload"]),
                    ("createdAt", ["type": "string", "format": "date-time"]),
                    ("closedAt", ["type": ["string", "null"], "format": "date-time"]),
                    (
                        "steps",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("position", integer), ("title", string), ("decision", optionalString),
                                    ("decidedBy", optionalString), ("decidedByRole", optionalString),
                                    ("decidedByPost", optionalString), ("comment", string),
                                    ("decidedAt", ["type": ["string", "null"], "format": "date-time"]),
                                    ("round", integer), ("conditions", string), ("onBehalfOf", optionalString),
                                ], required: ["position", "title", "round"]),
                        ]
                    ),
                    ("waitingForMe", boolean), ("confirmations", strings), ("round", integer),
                    ("chainVersion", optionalString),
                    (
                        "revisions",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("round", integer), ("reason", string),
                                    ("payload", ["$ref": "#/components/schemas/RequestPayload"]),
                                    ("submittedBy", string),
                                    ("submittedAt", ["type": "string", "format": "date-time"]),
                                ], required: ["round", "reason", "submittedBy", "submittedAt"]),
                        ]
                    ),
                ],
                required: ["id", "number", "kind", "state", "steps"]),
            "Task": object(
                [
                    ("id", uuid), ("kind", ["type": "string", "enum": ["remark", "notice"]]), ("carrierID", uuid),
                    ("copyID", optionalUUID), ("text", string),
                    ("createdAt", ["type": "string", "format": "date-time"]),
                ],
                required: ["id", "kind", "carrierID", "text"]),
        ]
    }
}
