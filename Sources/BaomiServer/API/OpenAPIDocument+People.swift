import BaomiDomain

/// Schemas of the people side's operations (#16): 涉密人员复审 (A2) and prior duties (T13).
extension OpenAPIDocument {
    static var peopleSchemas: JSONValue {
        func choices<Value: RawRepresentable & CaseIterable>(_ type: Value.Type) -> JSONValue
        where Value.RawValue == String {
            ["type": "string", "enum": .array(Value.allCases.map { .string($0.rawValue) })]
        }
        let date: JSONValue = ["type": "string", "format": "date", "pattern": datePattern, "description": "YYYY-MM-DD"]
        let optionalDate: JSONValue = [
            "type": ["string", "null"], "format": "date", "pattern": datePattern,
            "description": "YYYY-MM-DD; null: without end",
        ]
        return [
            "ClearanceReviewInput": closedObject(
                [
                    ("reviewedOn", date), ("outcome", choices(ReviewOutcome.self)),
                    ("note", ["type": ["string", "null"], "maxLength": 500]),
                ], required: ["reviewedOn", "outcome"]),
            "ClearanceReview": object(
                [
                    ("id", uuid), ("reviewedOn", string), ("outcome", choices(ReviewOutcome.self)),
                    ("postClass", string), ("note", optionalString), ("reviewedBy", string),
                ], required: ["id", "reviewedOn", "outcome", "postClass", "reviewedBy"]),
            "ClearanceReviews": object(
                [
                    ("cycleMonths", integer), ("nextDue", optionalString),
                    ("reviews", ["type": "array", "items": ["$ref": "#/components/schemas/ClearanceReview"]]),
                ], required: ["cycleMonths", "reviews"]),
            "PriorObligationInput": closedObject(
                [
                    ("employer", text(max: 200)), ("kind", choices(PriorObligationKind.self)),
                    ("field", text(max: 200)),
                    ("endsOn", optionalDate),
                ], required: ["employer", "kind", "field"]),
            "PriorObligation": object(
                [
                    ("id", uuid), ("employer", string), ("kind", choices(PriorObligationKind.self)), ("field", string),
                    ("endsOn", optionalString), ("touchesPost", ["type": "boolean"]),
                    (
                        "warning",
                        ["type": ["object", "null"], "description": "T13: zh and en, when it touches the post"]
                    ),
                ], required: ["id", "employer", "kind", "field", "touchesPost"]),
            "ReviewPolicy": closedObject([("cycleMonths", integer(1...60, rule: "A2"))], required: ["cycleMonths"]),
        ]
    }
}
