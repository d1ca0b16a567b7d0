import BaomiDomain

/// Schemas of the carrier operations (A1, T5.1, C0–C10).
extension OpenAPIDocument {
    /// The level codes of the national catalogue (A1).
    static let levelNames: [JSONValue] = LevelCatalogue.nationalDefault.levels.map { .string($0.id.rawValue) }

    static var carrierSchemas: JSONValue {
        let level: JSONValue = ["type": "string", "enum": .array(levelNames)]
        let uuids: JSONValue = ["type": "array", "items": uuid]
        let levelDefinition = object(
            [
                ("id", level), ("regime", ["type": "string", "enum": ["state", "commercial", "work"]]),
                ("rank", integer),
                ("name", object([("zh", string), ("en", string)], required: ["zh", "en"])),
                ("maximumYears", ["type": ["integer", "null"], "minimum": 1, "maximum": 50, "x-rule": "C9"]),
                ("serialNumbersRequired", boolean), ("channels", strings), ("twoPersonTransmission", boolean),
                ("copyNeedsOriginatorApproval", boolean), ("minimumStorage", string),
                ("destructionSupervisors", ["type": "integer", "minimum": 2, "x-rule": "C8"]),
            ],
            required: [
                "id", "regime", "rank", "name", "serialNumbersRequired", "channels", "twoPersonTransmission",
                "copyNeedsOriginatorApproval", "minimumStorage", "destructionSupervisors",
            ])
        let copySummary = object(
            [
                ("id", uuid), ("serial", integer), ("state", string), ("holderID", optionalUUID),
                ("placeID", optionalUUID), ("counterpart", string),
                ("lastChangedAt", ["type": "string", "format": "date-time"]),
            ],
            required: ["id", "serial", "state"])
        let storagePlaceInput = object(
            [
                ("code", text(max: 32)), ("name", text(max: 100)),
                (
                    "kind",
                    [
                        "type": "string",
                        "enum": ["office", "readingRoom", "personalCabinet", "fileCabinet", "safe", "vault"],
                    ]
                ),
                ("maxLevel", level), ("departmentID", uuid), ("custodianID", optionalUUID),
                ("location", ["type": "string", "maxLength": 200, "default": ""]),
            ],
            required: ["code", "name", "kind", "maxLevel", "departmentID"])
        // The limits `CarrierDraft.parse` keeps (C1.1).
        let carrierInput = object(
            [
                ("title", text(max: 200)), ("documentNumber", text(max: 64)),
                (
                    "category",
                    [
                        "type": "string",
                        "enum": [
                            "drawing", "testRecord", "process", "formula", "sample", "data", "method",
                            "technicalSolution", "program", "other",
                        ],
                    ]
                ),
                (
                    "form",
                    [
                        "type": "string",
                        "enum": [
                            "paper", "opticalDisc", "usbDrive", "hardDisk", "device", "sample", "audioVideo", "other",
                        ],
                    ]
                ),
                ("source", ["type": "string", "enum": ["made", "received"], "default": "made"]), ("level", level),
                (
                    "period",
                    [
                        "type": ["string", "null"],
                        "description":
                            "years (20), a date (2030-12-31), longTerm, untilPublished, or a condition; null or unmarked: only for a received carrier whose originator marked none (C1.1)",
                    ]
                ),
                ("copyCount", integer(1...CarrierDraft.maximumCopies, rule: "C1.1")),
                ("declaredCount", ["type": ["integer", "null"], "minimum": 0, "maximum": 1_000_000]),
                ("copyingAllowed", ["type": "boolean", "default": false]), ("departmentID", uuid),
                ("projectID", optionalUUID),
                ("scopePeople", uuids), ("scopeDepartments", uuids), ("scopeProjects", uuids),
                ("classifierID", optionalUUID),
                ("classificationBasis", ["type": ["string", "null"], "maxLength": 500]),
                ("classifiedOn", ["type": ["string", "null"], "format": "date", "pattern": datePattern]),
                ("originatingAuthority", ["type": ["string", "null"], "maxLength": 200]),
                ("isProductionWaste", ["type": "boolean", "default": false]),
                ("notes", ["type": ["string", "null"], "maxLength": 1000]),
                (
                    "duplicateDocumentNumberReason",
                    [
                        "type": ["string", "null"], "maxLength": 500,
                        "description":
                            "registers a carrier under a documentNumber already registered, for this reason (kept in the audit trail); without it a repeated documentNumber is refused (C2)",
                    ]
                ),
            ],
            required: ["title", "category", "form", "level", "copyCount", "departmentID"])
        return [
            "LevelDefinition": levelDefinition,
            // A PUT states every rule of the level; `maximumYears: null` means no longest period (work levels).
            "LevelDefinitionInput": replacement(of: levelDefinition),
            "LevelCatalogue": object(
                [("levels", ["type": "array", "items": ["$ref": "#/components/schemas/LevelDefinition"]])],
                required: ["levels"]),
            // null withdraws the authorisation; it is never withdrawn by leaving the field out (#12).
            "ClassifierInput": object(
                [("classifierMaxLevel", ["type": ["string", "null"], "enum": .array(levelNames + [nil])])],
                required: ["classifierMaxLevel"]),
            "StoragePlace": object(
                [
                    ("id", uuid), ("code", string), ("name", string), ("kind", string), ("maxLevel", level),
                    ("departmentID", uuid), ("custodianID", optionalUUID), ("location", string),
                ],
                required: ["id", "code", "name", "kind", "maxLevel", "departmentID"]),
            "StoragePlaceInput": storagePlaceInput,
            "StoragePlaceUpdate": replacement(of: storagePlaceInput),
            "Project": object(
                [
                    ("id", uuid), ("code", string), ("name", string), ("level", level), ("isKeyProject", boolean),
                    ("endsOn", optionalString),
                ],
                required: ["id", "code", "name", "level"]),
            "ProjectInput": object(
                [
                    ("code", text(max: 32)), ("name", text(max: 200)), ("level", level),
                    ("isKeyProject", ["type": "boolean", "default": false]),
                ],
                required: ["code", "name", "level"]),
            "CarrierInput": carrierInput,
            "Carrier": object(
                [
                    ("id", uuid), ("number", string), ("title", string), ("documentNumber", string),
                    ("category", string), ("form", string),
                    ("source", string), ("regime", string), ("level", level), ("marking", string), ("period", string),
                    ("copyCount", integer),
                    ("copyingAllowed", boolean), ("departmentID", uuid), ("projectID", optionalUUID),
                    ("classifierID", optionalUUID),
                    ("classificationBasis", string), ("classifiedOn", optionalString), ("originatingAuthority", string),
                    ("isProductionWaste", boolean), ("notes", string),
                    (
                        "scope",
                        [
                            "type": "array",
                            "items": object([("kind", string), ("id", uuid)], required: ["kind", "id"]),
                        ]
                    ),
                    ("copies", ["type": "array", "items": copySummary]),
                    (
                        "markingHistory",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("at", ["type": "string", "format": "date-time"]),
                                    (
                                        "change",
                                        [
                                            "type": "string",
                                            "enum": ["registered", "declassify", "changeLevel", "extend"],
                                        ]
                                    ),
                                    ("from", optionalString), ("to", string), ("request", optionalString),
                                    ("approvedBy", optionalString),
                                ], required: ["at", "change", "to"]),
                        ]
                    ),
                ],
                required: ["id", "number", "title", "level", "marking", "copies", "markingHistory"]),
            "CarrierLedgerPage": object(
                [
                    ("total", integer), ("page", integer), ("pageSize", integer),
                    (
                        "rows",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("id", uuid), ("number", string), ("title", string), ("documentNumber", string),
                                    ("form", string), ("category", string),
                                    ("level", level), ("period", string), ("copyCount", integer),
                                    ("liveCopies", integer), ("source", string), ("department", string),
                                    ("createdAt", ["type": ["string", "null"], "format": "date-time"]),
                                ],
                                required: ["id", "number", "title", "level"]),
                        ]
                    ),
                ],
                required: ["total", "page", "pageSize", "rows"]),
            "CopyLedgerPage": object(
                [
                    ("total", integer), ("page", integer), ("pageSize", integer),
                    (
                        "rows",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("id", uuid), ("carrierID", uuid), ("number", string), ("title", string),
                                    ("serial", integer), ("copyCount", integer),
                                    ("level", level), ("state", string), ("holder", optionalString),
                                    ("place", optionalString), ("counterpart", string),
                                    ("lastChangedAt", ["type": "string", "format": "date-time"]),
                                ],
                                required: ["id", "carrierID", "number", "serial", "state"]),
                        ]
                    ),
                ],
                required: ["total", "page", "pageSize", "rows"]),
            "CopyDetail": object(
                [
                    ("copy", copySummary), ("carrierID", uuid), ("carrierNumber", string),
                    (
                        "history",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("at", ["type": "string", "format": "date-time"]), ("actor", string),
                                    ("action", string), ("fromState", optionalString),
                                    ("toState", string), ("placeID", optionalUUID), ("personID", optionalUUID),
                                    ("counterpart", string),
                                    ("details", ["type": "object", "additionalProperties": ["type": "string"]]),
                                    ("level", string), ("marking", string), ("holder", string), ("place", string),
                                ],
                                required: ["at", "actor", "action", "toState", "level", "marking"]),
                        ]
                    ),
                ],
                required: ["copy", "carrierID", "history"]),
            "ReadingInput": closedObject([("personID", uuid), ("placeID", uuid)], required: ["personID", "placeID"]),
            "CopyStepInput": closedObject(
                [
                    (
                        "action",
                        [
                            "type": "string",
                            "enum": [
                                "place", "move", "send", "confirmReceiptInternal", "confirmReceiptExternal",
                                "sendToRepair", "returnFromRepair", "reportLost",
                            ],
                        ]
                    ),
                    ("placeID", optionalUUID), ("personID", optionalUUID), ("departmentID", optionalUUID),
                    ("counterpart", ["type": ["string", "null"], "maxLength": 200]),
                    (
                        "channel",
                        [
                            "type": "string",
                            "enum": [
                                "confidentialCourier", "confidentialPost", "designatedPerson", "internalHandOver",
                                "ordinaryPost", "express",
                            ],
                        ]
                    ),
                    (
                        "escortIDs",
                        [
                            "type": ["array", "null"], "items": uuid, "maxItems": 10,
                            "description": "people from the register who carry it, cleared for the level (C3)",
                        ]
                    ),
                    ("sealed", ["type": ["boolean", "null"]]),
                    (
                        "receiverQualification",
                        [
                            "type": ["string", "null"],
                            "enum": .array(ReceiverQualification.allCases.map { .string($0.rawValue) } + [nil]),
                            "description": "an outside receiver's secrecy qualification (C3)",
                        ]
                    ),
                    ("receiverCertificate", ["type": ["string", "null"], "maxLength": 100]),
                    ("onSite", ["type": ["boolean", "null"]]),
                    ("storageRemoved", ["type": ["boolean", "null"]]),
                    ("supervisor", ["type": ["string", "null"], "maxLength": 100]),
                    ("note", ["type": ["string", "null"], "maxLength": 500]),
                ],
                required: ["action"]),
        ]
    }
}
