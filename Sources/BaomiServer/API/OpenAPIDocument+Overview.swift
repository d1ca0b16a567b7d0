/// Schema of the overview's figures (issue #5).
extension OpenAPIDocument {
    static var overviewSchemas: JSONValue {
        let month: JSONValue = ["type": "string", "description": "YYYY-MM, Asia/Shanghai"]
        func counts(_ fields: [(String, JSONValue)]) -> JSONValue {
            ["type": "array", "items": object(fields + [("count", integer)], required: fields.map(\.0) + ["count"])]
        }
        return [
            "Overview": object(
                [
                    ("today", ["type": "string", "description": "YYYY-MM-DD, the day the figures were taken"]),
                    ("levels", ["type": "array", "items": string, "description": "The levels counted (A2)"]),
                    (
                        "totals",
                        object(
                            [
                                ("carriers", integer), ("copies", integer), ("liveCopies", integer),
                                ("loansOut", integer), ("loansOverdue", integer), ("openFindings", integer),
                            ],
                            required: ["carriers", "copies", "liveCopies", "loansOut", "loansOverdue", "openFindings"])
                    ),
                    ("carriersByLevel", counts([("level", string)])),
                    ("copiesByLevelAndState", counts([("level", string), ("state", string)])),
                    ("openFindingsByCheck", counts([("check", string), ("rule", string)])),
                    (
                        "openFindingsByDepartment",
                        [
                            "type": "array",
                            "items": object(
                                [("departmentID", uuid), ("name", string), ("count", integer)],
                                required: ["name", "count"]),
                        ]
                    ),
                    (
                        "inventoryCoverage",
                        object(
                            [
                                ("departments", integer), ("departmentsCovered", integer), ("places", integer),
                                ("placesCovered", integer), ("percent", integer),
                            ],
                            required: ["departments", "departmentsCovered", "places", "placesCovered", "percent"])
                    ),
                    (
                        "months",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("month", month), ("carriersRegistered", integer), ("copiesDestroyed", integer),
                                    ("borrowingsIssued", integer), ("findingsOpened", integer),
                                ],
                                required: [
                                    "month", "carriersRegistered", "copiesDestroyed", "borrowingsIssued",
                                    "findingsOpened",
                                ]),
                        ]
                    ),
                ],
                required: [
                    "today", "levels", "totals", "carriersByLevel", "copiesByLevelAndState", "openFindingsByCheck",
                    "openFindingsByDepartment", "inventoryCoverage", "months",
                ])
        ]
    }
}
