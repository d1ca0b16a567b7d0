/// Schemas of the reports (报表, LEDGERS.md, I2).
extension OpenAPIDocument {
    static var reportSchemas: JSONValue {
        let levelCount = object([("level", string), ("count", integer)], required: ["level", "count"])
        let classCount = object([("postClass", string), ("count", integer)], required: ["postClass", "count"])
        let ruleCount = object(
            [("check", string), ("rule", string), ("count", integer), ("overdue", integer)],
            required: ["check", "rule", "count", "overdue"])
        let figures = object(
            [
                ("year", integer), ("levels", strings), ("carriersByLevel", ["type": "array", "items": levelCount]),
                ("copiesMade", integer), ("copiesReceived", integer), ("copiesSent", integer),
                ("copiesDestroyed", integer), ("borrowings", integer), ("borrowingsOverdue", integer),
                ("overdueNow", integer), ("inventoriesClosed", integer), ("inventoryExpected", integer),
                ("inventoryFound", integer), ("liveCopies", integer), ("liveCopiesInventoried", integer),
                ("peopleByClass", ["type": "array", "items": classCount]), ("inSeparationPeriod", integer),
                ("postsEnded", integer), ("leavers", integer), ("findingsOpened", integer),
                ("findingsClosed", integer), ("openFindingsByRule", ["type": "array", "items": ruleCount]),
            ],
            required: ["year", "carriersByLevel", "peopleByClass", "openFindingsByRule"])
        return [
            "ReportInfo": object(
                [
                    ("name", string), ("title", string), ("zh", string), ("en", string), ("rules", string),
                    ("filters", strings), ("printPath", string), ("csvPath", optionalString),
                    ("xlsxPath", optionalString),
                ],
                required: ["name", "title", "filters", "printPath"]),
            "Report": object(
                [
                    ("report", string), ("title", string), ("marking", string), ("headers", strings),
                    ("rows", ["type": "array", "items": strings]), ("truncated", boolean), ("limit", integer),
                ],
                required: ["report", "headers", "rows", "truncated"]),
            "SelfInspection": object(
                [
                    ("year", integer), ("marking", string), ("figures", figures),
                    (
                        "openFindingsByRule",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("rule", string), ("check", string), ("title", string), ("count", integer),
                                    ("overdue", integer),
                                ], required: ["rule", "check", "count"]),
                        ]
                    ),
                ],
                required: ["year", "figures", "openFindingsByRule"]),
        ]
    }
}
