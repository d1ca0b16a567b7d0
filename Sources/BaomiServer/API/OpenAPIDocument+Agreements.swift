import BaomiDomain

/// Schemas of the agreements' operations (T8, T9, T15, L1.1).
extension OpenAPIDocument {
    static var agreementSchemas: JSONValue {
        func choices<Value: RawRepresentable & CaseIterable>(_ type: Value.Type) -> JSONValue
        where Value.RawValue == String {
            ["type": "string", "enum": .array(Value.allCases.map { .string($0.rawValue) })]
        }
        let date: JSONValue = ["type": "string", "format": "date", "pattern": datePattern, "description": "YYYY-MM-DD"]
        let optionalDate: JSONValue = ["type": ["string", "null"], "description": "YYYY-MM-DD"]
        let amount: JSONValue = [
            "type": "string", "pattern": "^[0-9]{1,9}(\\.[0-9]{1,2})?$", "description": "Yuan, e.g. 1200.50",
        ]
        let dateTime: JSONValue = ["type": "string", "format": "date-time"]
        let payment = object(
            [
                ("id", uuid), ("kind", choices(AgreementPaymentKind.self)), ("amount", string), ("dueOn", string),
                ("paidOn", optionalDate), ("note", string),
            ],
            required: ["id", "kind", "amount", "dueOn", "note"])
        return [
            "AgreementText": object(
                [
                    ("id", uuid), ("kind", choices(AgreementKind.self)), ("version", integer), ("title", string),
                    ("body", string), ("publishedBy", string), ("publishedAt", dateTime),
                ],
                required: ["id", "kind", "version", "title", "body", "publishedBy", "publishedAt"]),
            "AgreementTextInput": closedObject(
                [("kind", choices(AgreementKind.self)), ("title", text(max: 100)), ("body", text(max: 20000))],
                required: ["kind", "title", "body"]),
            "AgreementDraftInput": closedObject(
                [
                    ("kind", choices(AgreementKind.self)), ("nonCompeteUntil", optionalDate),
                    ("validUntil", optionalDate),
                ],
                required: ["kind"]),
            "AgreementStepInput": closedObject(
                [
                    ("step", choices(AgreementStepInput.Step.self)), ("on", date),
                    ("reason", ["type": ["string", "null"], "maxLength": 500]),
                ],
                required: ["step", "on"]),
            "AgreementPaymentInput": closedObject(
                [
                    ("kind", choices(AgreementPaymentKind.self)), ("amount", amount), ("dueOn", date),
                    ("note", ["type": ["string", "null"], "maxLength": 200]),
                ],
                required: ["kind", "amount", "dueOn"]),
            "AgreementPaidInput": closedObject([("paidOn", date)], required: ["paidOn"]),
            "AgreementPayment": payment,
            "Agreement": object(
                [
                    ("id", uuid), ("personID", uuid), ("kind", choices(AgreementKind.self)), ("textID", uuid),
                    ("version", integer), ("state", choices(AgreementState.self)), ("personSignedOn", optionalDate),
                    ("unitSignedOn", optionalDate), ("inForceFrom", optionalDate), ("endedOn", optionalDate),
                    ("reason", optionalString), ("nonCompeteUntil", optionalDate), ("validUntil", optionalDate),
                    (
                        "scan",
                        object(
                            [("fileName", string), ("type", string), ("size", integer), ("sha256", string)],
                            required: ["fileName", "type", "size", "sha256"])
                    ),
                    ("payments", ["type": "array", "items": payment]),
                ],
                required: ["id", "personID", "kind", "textID", "version", "state", "payments"]),
            "AgreementLedgerRow": object(
                [
                    ("agreementID", uuid), ("personID", uuid), ("name", string), ("department", string),
                    ("kind", choices(AgreementKind.self)), ("version", integer), ("signedOn", optionalDate),
                    ("state", choices(AgreementState.self)), ("nonCompeteUntil", optionalDate), ("allowance", string),
                ],
                required: ["agreementID", "personID", "name", "department", "kind", "version", "state", "allowance"]),
        ]
    }
}
