import BaomiDomain
import BaomiPersistence

/// Schemas of the printed approval form and its verification (A6, S2).
extension OpenAPIDocument {
    static var paperSchemas: JSONValue {
        let dateTime: JSONValue = ["type": "string", "format": "date-time"]
        let optionalDateTime: JSONValue = ["type": ["string", "null"], "format": "date-time"]
        return [
            "ApprovalForm": object(
                [
                    ("id", uuid), ("number", string), ("kind", string), ("kindTitle", string), ("state", string),
                    ("stateTitle", string), ("requester", string),
                    (
                        "subject",
                        [
                            "type": "string",
                            "description": "A carrier the caller may not read is named by its reference (principle 11)",
                        ]
                    ),
                    ("reason", string), ("submittedAt", dateTime), ("closedAt", optionalDateTime),
                    ("marking", optionalString),
                    (
                        "rows",
                        [
                            "type": "array", "description": "The request's own fields as label/value pairs",
                            "items": object([("label", string), ("value", string)], required: ["label", "value"]),
                        ]
                    ),
                    (
                        "steps",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    ("position", integer), ("title", string), ("decision", optionalString),
                                    ("decisionTitle", string), ("decidedBy", optionalString),
                                    ("decidedAt", optionalDateTime), ("comment", string),
                                ], required: ["position", "title", "decisionTitle", "comment"]),
                        ]
                    ),
                    (
                        "leaf",
                        [
                            "type": ["object", "null"],
                            "description":
                                "The newest audit record about the request, which the QR code names as text baomi:leaf:<index>:<hash>",
                            "properties": [
                                "index": integer, "hash": string, "text": string, "recordedAt": string,
                                "action": string,
                            ],
                            "required": ["index", "hash", "text", "recordedAt", "action"],
                        ]
                    ),
                ],
                required: ["id", "number", "kind", "state", "requester", "subject", "rows", "steps"]),
            "Attachment": object(
                [
                    ("id", uuid), ("fileName", string),
                    ("type", ["type": "string", "enum": .array(AttachmentType.allCases.map { .string($0.rawValue) })]),
                    ("mediaType", string), ("size", integer),
                    ("sha256", ["type": "string", "pattern": "^[0-9a-f]{64}$"]), ("uploadedBy", string),
                    ("uploadedAt", dateTime),
                ],
                required: ["id", "fileName", "type", "mediaType", "size", "sha256", "uploadedBy", "uploadedAt"]),
            "AttachmentUpload": object(
                [
                    (
                        "file",
                        [
                            "type": "string", "format": "binary",
                            "description":
                                "A PDF, PNG, JPEG or TIFF, judged by its first bytes; at most the configured limit (BAOMI_ATTACHMENT_MAX_MB, 20 MB by default)",
                        ]
                    ),
                    (
                        "nonSecret",
                        [
                            "type": "string", "enum": ["true", "1"],
                            "description": "The uploader declares the file holds nothing classified (非涉密)",
                        ]
                    ),
                ],
                required: ["file", "nonSecret"]),
            "LeafProof": object(
                [
                    ("leafIndex", integer), ("claimedHash", optionalString), ("leafHash", optionalString),
                    ("verified", boolean),
                    (
                        "failures",
                        [
                            "type": "array",
                            "items": object(
                                [
                                    (
                                        "code",
                                        [
                                            "type": "string",
                                            "enum": .array(LeafProof.Failure.allCases.map { .string($0.rawValue) }),
                                        ]
                                    ), ("zh", string), ("en", string),
                                ], required: ["code", "zh", "en"]),
                        ]
                    ),
                    ("treeSize", integer), ("rootHash", string), ("signedAt", string), ("keyID", string),
                    ("signature", string), ("publicKey", string), ("auditPath", strings),
                    (
                        "record",
                        [
                            "oneOf": [["$ref": "#/components/schemas/AuditRecord"], ["type": "null"]],
                            "description": "Only as the audit pages would show it to the caller (S1, principle 11)",
                        ]
                    ),
                ],
                required: ["leafIndex", "verified", "failures", "treeSize", "rootHash", "signature", "auditPath"]),
        ]
    }
}
