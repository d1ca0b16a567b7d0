import BaomiDomain

/// Schemas of the secrecy-education operations (E1–E6.7, A4).
extension OpenAPIDocument {
    static var trainingSchemas: JSONValue {
        func choices<Value: RawRepresentable & CaseIterable>(_ type: Value.Type) -> JSONValue
        where Value.RawValue == String {
            ["type": "string", "enum": .array(Value.allCases.map { .string($0.rawValue) })]
        }
        let date: JSONValue = ["type": "string", "format": "date", "pattern": datePattern, "description": "YYYY-MM-DD"]
        let optionalDate: JSONValue = ["type": ["string", "null"], "description": "YYYY-MM-DD"]
        // More than 0 and at most 200: the domain refuses the rest citing E6.1.
        let hours: JSONValue = ["type": "number", "minimum": 0, "maximum": 200, "x-rule": "E6.1"]
        let areas: JSONValue = ["type": "array", "items": choices(ContentArea.self), "minItems": 1]
        let uuids: JSONValue = ["type": "array", "items": uuid, "maxItems": 5000]
        let dateTime: JSONValue = ["type": "string", "format": "date-time"]
        return [
            "TrainingSessionInput": closedObject(
                [
                    ("title", text(max: 200)), ("form", choices(SessionForm.self)),
                    ("purpose", choices(TrainingPurpose.self)), ("heldOn", date), ("place", text(max: 200)),
                    ("trainer", text(max: 100)), ("areas", areas), ("hours", hours), ("departmentID", optionalUUID),
                    ("plannedSessionID", optionalUUID), ("examNote", ["type": ["string", "null"], "maxLength": 200]),
                    ("calendarEventID", optionalUUID), ("attendees", uuids),
                ],
                required: ["title", "form", "purpose", "heldOn", "place", "trainer", "areas", "hours"]),
            "AttendanceInput": closedObject([("people", uuids)], required: ["people"]),
            "TrainingSession": object(
                [
                    ("id", uuid), ("title", string), ("form", choices(SessionForm.self)),
                    ("purpose", choices(TrainingPurpose.self)), ("heldOn", string), ("place", string),
                    ("trainer", string), ("areas", ["type": "array", "items": choices(ContentArea.self)]),
                    ("hours", ["type": "number"]), ("departmentID", optionalUUID), ("plannedSessionID", optionalUUID),
                    ("calendarEventID", optionalUUID), ("examNote", optionalString), ("attendeeCount", integer),
                    ("materials", ["type": "array", "items": ["$ref": "#/components/schemas/Attachment"]]),
                    (
                        "attendees",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("personID", uuid), ("name", string), ("employeeNumber", string),
                                    ("source", choices(AttendanceSource.self)), ("recordedAt", dateTime),
                                ],
                                required: ["personID", "name", "employeeNumber", "source", "recordedAt"]),
                        ]
                    ),
                ],
                required: [
                    "id", "title", "form", "purpose", "heldOn", "place", "trainer", "areas", "hours", "attendeeCount",
                ]),
            "TrainingOffering": object(
                [
                    ("kind", ["type": "string", "enum": ["session", "exam"]]), ("id", uuid), ("title", string),
                    ("on", string),
                ],
                required: ["kind", "id", "title", "on"]),
            "TrainingRecord": object(
                [
                    ("personID", uuid), ("name", string), ("lastTrained", optionalDate), ("prePostCurrent", boolean),
                    ("refresherCurrent", boolean), ("refresherDue", optionalDate), ("hasInduction", boolean),
                    ("hasOnPost", boolean),
                    (
                        "credits",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("purpose", choices(TrainingPurpose.self)),
                                    ("source", ["type": "string", "enum": ["session", "exam"]]), ("sourceID", uuid),
                                    ("title", string), ("earnedOn", string), ("hours", ["type": "number"]),
                                ],
                                required: ["purpose", "source", "sourceID", "title", "earnedOn", "hours"]),
                        ]
                    ),
                ],
                required: [
                    "personID", "name", "prePostCurrent", "refresherCurrent", "hasInduction", "hasOnPost", "credits",
                ]),
            "TrainingPlanInput": closedObject(
                [("year", integer(2000...9999)), ("departmentID", optionalUUID), ("title", text(max: 200))],
                required: ["year", "title"]),
            "PlannedSessionInput": closedObject(
                [
                    ("month", integer(1...12, rule: "E6.1")), ("title", text(max: 200)),
                    ("purpose", choices(TrainingPurpose.self)), ("audience", text(max: 200)), ("areas", areas),
                ],
                required: ["month", "title", "purpose", "audience", "areas"]),
            "TrainingPlan": object(
                [
                    ("id", uuid), ("year", integer), ("departmentID", optionalUUID), ("title", string),
                    (
                        "sessions",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("id", uuid), ("month", integer), ("title", string), ("purpose", string),
                                    ("audience", string), ("areas", strings),
                                ], required: ["id", "month", "title", "purpose", "audience", "areas"]),
                        ]
                    ),
                ], required: ["id", "year", "title", "sessions"]),
            "TrainingCoverage": object(
                [
                    ("departmentID", optionalUUID), ("sessions", integer), ("attendances", integer),
                    ("covered", strings), ("missing", strings), ("late", strings),
                ], required: ["sessions", "attendances", "covered", "missing", "late"]),
            "CalendarEventInput": closedObject(
                [
                    ("name", text(max: 100)), ("kind", ["type": "string", "enum": ["holiday", "activity"]]),
                    ("startsOn", date), ("responsiblePersonID", optionalUUID),
                ], required: ["name", "kind", "startsOn"]),
            "CalendarEvent": object(
                [
                    ("id", uuid), ("name", string), ("kind", string), ("startsOn", string),
                    ("responsiblePersonID", optionalUUID),
                ], required: ["id", "name", "kind", "startsOn"]),
            "TrainingPolicy": closedObject(
                [
                    ("prePostValidityMonths", integer(1...60, rule: "E6.6(3)")),
                    ("briefingLeadDays", integer(1...60, rule: "E6.5")),
                    (
                        "dutiesSince",
                        [
                            "type": ["string", "null"], "format": "date", "pattern": datePattern,
                            "description":
                                "YYYY-MM-DD: the reminders of people's own training duties run from it; null: off",
                        ]
                    ),
                ],
                required: ["prePostValidityMonths", "briefingLeadDays", "dutiesSince"]),
        ]
    }
}
