import Foundation

/// 涉密岗位任用（上岗/调岗）审批 (A2, A4, T8, T9, E6.6(3), A7): putting a person on a registered secret post, or
/// moving them to another. It is refused on submission and again on the last approval unless the person holds the
/// agreements the post needs, passed the pre-post training and is neither leaving, departed nor in 脱密期; the last
/// approval puts them on the post — their class follows it — and opens a spell in their 岗位履历.
public enum SecretPostAppointment: RequestKindDefinition {
    public struct Payload: Codable, Sendable, Hashable {
        /// The person put on the post.
        public var personID: UUID?
        /// The registered post's code.
        public var postCode: String?
        /// As the register had them at submission, written by the server (principle 12).
        public var personName: String?
        public var postName: String?
        /// `SecretPostClass` raw values: the post's class, and the class the person held before.
        public var postClass: String?
        public var fromClass: String?

        public init(personID: UUID? = nil, postCode: String? = nil) {
            self.personID = personID
            self.postCode = postCode
        }
    }

    public static let kind = RequestKind(code: "secretPost")
    public static let title = LocalizedText(zh: "涉密岗位任用（上岗/调岗）", en: "Secret post appointment")
    public static let numberPrefix = "SG"
    public static let subject = RequestSubject.person

    public static func validate(_ payload: Payload, catalogue: LevelCatalogue) -> [FieldError] {
        let rule = RuleID("A2")
        var validator = FieldValidator()
        if payload.personID == nil {
            validator.add(field: "personID", rule: rule, zh: "请选择上岗人员", en: "Choose the person")
        }
        _ = validator.required(
            payload.postCode, field: "postCode", label: LocalizedText(zh: "岗位代码", en: "Post code"), maxLength: 32)
        return validator.errors.map {
            $0.rule == nil ? FieldError(field: $0.field, rule: rule, message: $0.message) : $0
        }
    }

    /// The head of the person's department proposes, the security office checks and decides (A2, T9).
    public static func defaultChain(level: LevelDefinition) -> [ApprovalStepSpec] {
        [departmentStep, ApprovalChains.securityOffice]
    }

    /// 所在部门审核: the head of the department of the person put on the post.
    public static let departmentStep = ApprovalStepSpec(
        approver: .relation(.departmentHead), title: LocalizedText(zh: "所在部门审核", en: "Department"),
        escalation: .role(.securityOffice))

    /// The person the request concerns: relations resolve to theirs, and they do not decide it (A6).
    public static func concerning(_ payload: Payload) -> UUID? { payload.personID }
}

extension RequestKind {
    /// 涉密岗位任用 (A2, A4, T8, T9).
    public static let secretPost = SecretPostAppointment.kind
}
