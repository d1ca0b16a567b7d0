/// Schemas of the carrier operations (A1, T5.1, C0–C10).
extension OpenAPIDocument {
    static var carrierSchemas: JSONValue {
        let level: JSONValue = [
            "type": "string",
            "enum": ["topSecret", "secret", "confidential", "coreCommercial", "ordinaryCommercial", "internal"],
        ]
        let uuids: JSONValue = ["type": "array", "items": ["type": "string", "format": "uuid"]]
        let levelDefinition = object(
            [
                ("id", level), ("regime", ["type": "string", "enum": ["state", "commercial", "work"]]),
                ("rank", integer),
                ("name", object([("zh", string), ("en", string)], required: ["zh", "en"])),
                ("maximumYears", ["type": ["integer", "null"]]),
                ("serialNumbersRequired", boolean), ("channels", strings), ("twoPersonTransmission", boolean),
                ("copyNeedsOriginatorApproval", boolean), ("minimumStorage", string),
                ("destructionSupervisors", integer),
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
        return [
            "LevelDefinition": levelDefinition,
            "LevelCatalogue": object(
                [("levels", ["type": "array", "items": ["$ref": "#/components/schemas/LevelDefinition"]])],
                required: ["levels"]),
            "ClassifierInput": object([("classifierMaxLevel", ["type": ["string", "null"]])], required: []),
            "StoragePlace": object(
                [
                    ("id", uuid), ("code", string), ("name", string), ("kind", string), ("maxLevel", level),
                    ("departmentID", uuid), ("custodianID", optionalUUID), ("location", string),
                ],
                required: ["id", "code", "name", "kind", "maxLevel", "departmentID"]),
            "StoragePlaceInput": object(
                [
                    ("code", string), ("name", string),
                    (
                        "kind",
                        [
                            "type": "string",
                            "enum": ["office", "readingRoom", "personalCabinet", "fileCabinet", "safe", "vault"],
                        ]
                    ),
                    ("maxLevel", level), ("departmentID", uuid), ("custodianID", optionalUUID), ("location", string),
                ],
                required: ["code", "name", "kind", "maxLevel", "departmentID"]),
            "Project": object(
                [("id", uuid), ("code", string), ("name", string), ("level", level), ("isKeyProject", boolean)],
                required: ["id", "code", "name", "level"]),
            "ProjectInput": object(
                [("code", string), ("name", string), ("level", level), ("isKeyProject", boolean)],
                required: ["code", "name", "level"]),
            "CarrierInput": object(
                [
                    ("title", string), ("documentNumber", string),
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
                                "paper", "opticalDisc", "usbDrive", "hardDisk", "device", "sample", "audioVideo",
                                "other",
                            ],
                        ]
                    ),
                    ("source", ["type": "string", "enum": ["made", "received"]]), ("level", level),
                    (
                        "period",
                        [
                            "type": "string",
                            "description": "years (20), a date (2030-12-31), longTerm, untilPublished, or a condition",
                        ]
                    ),
                    ("copyCount", integer), ("declaredCount", ["type": ["integer", "null"]]),
                    ("copyingAllowed", boolean), ("departmentID", uuid),
                    ("projectID", optionalUUID),
                    ("scopePeople", uuids), ("scopeDepartments", uuids), ("scopeProjects", uuids),
                    ("classifierID", optionalUUID),
                    ("classificationBasis", string), ("classifiedOn", optionalString), ("originatingAuthority", string),
                    ("isProductionWaste", boolean), ("notes", string),
                ],
                required: ["title", "category", "form", "level", "period", "copyCount", "departmentID"]),
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
                ],
                required: ["id", "number", "title", "level", "marking", "copies"]),
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
                                ],
                                required: ["at", "actor", "action", "toState"]),
                        ]
                    ),
                ],
                required: ["copy", "carrierID", "history"]),
            "CopyStepInput": object(
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
                    ("counterpart", string),
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
                    ("escorts", strings), ("sealed", boolean), ("onSite", boolean), ("storageRemoved", boolean),
                    ("supervisor", string), ("note", string),
                ],
                required: ["action"]),
        ]
    }
}
