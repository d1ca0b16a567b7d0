import BaomiDomain

/// The question bank, exams and attempts (E6.2).
extension OpenAPIDocument {
    static var examSchemas: JSONValue {
        let dateTime: JSONValue = ["type": "string", "format": "date-time"]
        let optionalDateTime: JSONValue = ["type": ["string", "null"], "format": "date-time"]
        let optionalInteger: JSONValue = ["type": ["integer", "null"]]
        let optionalBoolean: JSONValue = ["type": ["boolean", "null"]]
        func words(_ values: [String]) -> JSONValue {
            ["type": "string", "enum": .array(values.map(JSONValue.string))]
        }
        let types = words(QuestionType.allCases.map(\.rawValue))
        let areas = words(ContentArea.allCases.map(\.rawValue))
        let difficulties = words(Difficulty.allCases.map(\.rawValue))
        let optionIndices: JSONValue = [
            "type": "array", "maxItems": .int(Question.maxOptions),
            "items": ["type": "integer", "minimum": 0, "maximum": .int(Question.maxOptions - 1)],
        ]
        let uuids: JSONValue = ["type": "array", "maxItems": 500, "items": uuid]
        let answer = object([("selected", optionIndices), ("text", string)], required: ["selected", "text"])
        let drawRule = closedObject(
            [("area", areas), ("difficulty", difficulties), ("count", integer(1...500, rule: "E6.2"))],
            required: ["area", "difficulty", "count"])
        return [
            "Question": object(
                [
                    ("id", uuid), ("type", types), ("stem", string), ("options", strings), ("correct", optionIndices),
                    ("accepted", strings), ("areas", ["type": "array", "items": areas]), ("difficulty", difficulties),
                    ("explanation", string),
                ],
                required: [
                    "id", "type", "stem", "options", "correct", "accepted", "areas", "difficulty", "explanation",
                ]),
            "QuestionInput": closedObject(
                [
                    ("type", types), ("stem", text(max: 2000)),
                    ("options", ["type": "array", "maxItems": .int(Question.maxOptions), "items": text(max: 500)]),
                    ("correct", optionIndices),
                    ("accepted", ["type": "array", "maxItems": 20, "items": text(max: 200)]),
                    ("areas", ["type": "array", "minItems": 1, "maxItems": 10, "items": areas]),
                    ("difficulty", difficulties), ("explanation", text(max: 2000)),
                ], required: ["type", "stem", "areas", "difficulty"]),
            "QuestionImportInput": closedObject(
                [
                    ("fileName", text(max: 200)),
                    ("content", ["type": "string", "description": "The CSV or xlsx file's bytes in base64"]),
                ], required: ["fileName", "content"]),
            "QuestionImport": object([("imported", integer)], required: ["imported"]),
            "ExamInput": closedObject(
                [
                    ("title", text(max: 200)), ("purpose", words(TrainingPurpose.allCases.map(\.rawValue))),
                    ("questionIDs", uuids), ("draws", ["type": "array", "maxItems": 60, "items": drawRule]),
                    ("pointsPerQuestion", integer(1...100, rule: "E6.2")),
                    ("timeLimitMinutes", integer(1...600, rule: "E6.2")),
                    ("passMark", integer(0...50_000, rule: "E6.2")),
                    ("attemptsAllowed", integer(1...20, rule: "E6.2")),
                    ("opensAt", ["type": "string", "format": "date-time"]),
                    ("closesAt", ["type": "string", "format": "date-time"]),
                    ("audience", ["type": "array", "maxItems": 1000, "items": uuid]), ("contest", boolean),
                ],
                required: [
                    "title", "purpose", "timeLimitMinutes", "passMark", "attemptsAllowed", "opensAt", "closesAt",
                ]),
            "Exam": object(
                [
                    ("id", uuid), ("title", string), ("purpose", string), ("questionIDs", uuids),
                    ("draws", ["type": "array", "items": drawRule]), ("questionCount", integer),
                    ("pointsPerQuestion", integer), ("maxScore", integer), ("timeLimitMinutes", integer),
                    ("passMark", integer), ("attemptsAllowed", integer), ("opensAt", dateTime), ("closesAt", dateTime),
                    ("audience", uuids), ("contest", boolean), ("createdBy", string),
                ],
                required: [
                    "id", "title", "purpose", "questionIDs", "draws", "questionCount", "pointsPerQuestion", "maxScore",
                    "timeLimitMinutes", "passMark", "attemptsAllowed", "opensAt", "closesAt", "audience", "contest",
                    "createdBy",
                ]),
            "ExamResult": object(
                [
                    ("attemptID", uuid), ("personID", uuid), ("personName", string), ("departmentName", string),
                    ("number", integer), ("startedAt", dateTime), ("submittedAt", optionalDateTime),
                    ("secondsTaken", optionalInteger), ("score", optionalInteger), ("maxScore", integer),
                    ("passed", optionalBoolean),
                ],
                required: ["attemptID", "personID", "personName", "departmentName", "number", "startedAt", "maxScore"]),
            "ExamRank": object(
                [
                    ("rank", integer), ("personID", uuid), ("personName", string), ("departmentName", string),
                    ("score", integer), ("secondsTaken", integer), ("attemptID", uuid),
                ], required: ["rank", "personID", "personName", "departmentName", "score", "secondsTaken", "attemptID"]),
            "MyExam": object(
                [
                    ("id", uuid), ("title", string), ("purpose", string), ("opensAt", dateTime), ("closesAt", dateTime),
                    ("timeLimitMinutes", integer), ("questionCount", integer), ("maxScore", integer),
                    ("passMark", integer), ("attemptsUsed", integer), ("attemptsLeft", integer),
                    ("runningAttemptID", optionalUUID), ("bestScore", optionalInteger), ("passed", boolean),
                    ("mayStart", boolean),
                ],
                required: [
                    "id", "title", "purpose", "opensAt", "closesAt", "timeLimitMinutes", "questionCount", "maxScore",
                    "passMark", "attemptsUsed", "attemptsLeft", "passed", "mayStart",
                ]),
            "AnswerInput": closedObject(
                [("selected", optionIndices), ("text", text(max: 200))], required: []),
            "Attempt": object(
                [
                    ("id", uuid), ("examID", uuid), ("examTitle", string), ("purpose", string), ("number", integer),
                    ("personName", string), ("startedAt", dateTime), ("deadline", dateTime),
                    ("graceSeconds", integer), ("submittedAt", optionalDateTime), ("score", optionalInteger),
                    ("maxScore", integer), ("passMark", integer), ("passed", optionalBoolean),
                    (
                        "items",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("questionID", uuid), ("position", integer), ("type", types), ("typeTitle", string),
                                    ("stem", string),
                                    (
                                        "options",
                                        [
                                            "type": "array",
                                            "items": object(
                                                [("index", integer), ("letter", string), ("text", string)],
                                                required: ["index", "letter", "text"]),
                                        ]
                                    ),
                                    ("saved", answer), ("correct", boolean), ("key", answer), ("explanation", string),
                                ], required: ["questionID", "position", "type", "typeTitle", "stem", "options"]),
                        ]
                    ),
                ],
                required: [
                    "id", "examID", "examTitle", "purpose", "number", "personName", "startedAt", "deadline",
                    "graceSeconds", "maxScore", "passMark", "items",
                ]),
        ]
    }
}
