import BaomiDomain

/// Schemas of the departure operations (T22, T12, T11, A7).
extension OpenAPIDocument {
    static var departureSchemas: JSONValue {
        func choices<Value: RawRepresentable & CaseIterable>(_ type: Value.Type) -> JSONValue
        where Value.RawValue == String {
            ["type": "string", "enum": .array(Value.allCases.map { .string($0.rawValue) })]
        }
        let date: JSONValue = ["type": "string", "format": "date", "pattern": datePattern, "description": "YYYY-MM-DD"]
        return [
            "Departure": object(
                [
                    ("requestID", uuid), ("state", string), ("personID", optionalUUID),
                    (
                        "holdings",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("kind", ["type": "string", "enum": ["copy", "borrow", "carryOut"]]),
                                    ("label", string), ("link", optionalString),
                                ], required: ["kind", "label"]),
                        ]
                    ),
                    ("unnamedHoldings", integer),
                    (
                        "items",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("id", uuid), ("position", integer), ("category", string), ("description", string),
                                    ("signedBy", optionalString),
                                    ("signedAt", ["type": ["string", "null"], "format": "date-time"]),
                                ], required: ["id", "position", "category", "description"]),
                        ]
                    ),
                    (
                        "letters",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("letter", choices(DepartureLetter.self)), ("deliveredOn", optionalString),
                                    ("method", optionalString), ("deliveredBy", optionalString),
                                ], required: ["letter"]),
                        ]
                    ),
                ], required: ["requestID", "state", "holdings", "unnamedHoldings", "items", "letters"]),
            "DepartureItemInput": closedObject(
                [("category", choices(DepartureItemCategory.self)), ("description", text(max: 200))],
                required: ["category", "description"]),
            "DepartureLetterInput": closedObject(
                [
                    ("letter", choices(DepartureLetter.self)), ("deliveredOn", date),
                    ("method", choices(LetterDelivery.self)), ("deliveredBy", text(max: 50)),
                ], required: ["letter", "deliveredOn", "method", "deliveredBy"]),
            "DeparturePolicy": closedObject(
                [
                    ("coreYears", integer(3...5, rule: "A7")), ("importantYears", integer(2...3, rule: "A7")),
                    ("generalYears", integer(1...2, rule: "A7")), ("nonCompeteYears", integer(1...3, rule: "T11")),
                ], required: ["coreYears", "importantYears", "generalYears", "nonCompeteYears"]),
            "BoundPerson": object(
                [
                    ("personID", uuid), ("name", string), ("employeeNumber", string), ("department", string),
                    ("departedOn", optionalString), ("until", string),
                ], required: ["personID", "name", "employeeNumber", "department", "until"]),
        ]
    }
}
